import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { CostMap } from './cost-map.ts';
import type { CostCounts, CostTally } from './cost-tally.ts';
import { createQueryCostCheck, type QueryCostCheckOptions } from './query-cost-check.ts';

export { COST_LIMIT_EXCEEDED, DEFAULT_QUERY_COST_BUDGET } from './query-cost-check.ts';

export interface UseQueryCostOptions<TContext extends BaseContext> {
  readonly costMap: CostMap;
  /** Most calls one operation may be estimated to make, per category. Missing categories use `DEFAULT_QUERY_COST_BUDGET`. */
  readonly budget?: Partial<CostCounts>;
  /** Finds the request's tally (see `createCostTally`) in the context, to report `actual`. Without it only `estimated` is reported. */
  readonly tally?: (context: TContext) => CostTally | undefined;
  /**
   * Calls the request may make outside any field, added to every estimate: e.g. looking up an email-bound member's
   * Zoom user id for ownership checks. Default none.
   */
  readonly baseline?: (context: TContext) => Partial<CostCounts>;
  /**
   * Checks one page-size argument (`firstArgument`) as execution will pass it, throwing a GraphQLError to refuse it.
   * Every connection of the operation is checked before execution, so an out-of-range `first` on a nested list
   * fails before the lists above it were fetched. Default: the resolvers' own `validateFirst` (1..300).
   */
  readonly validateFirst?: QueryCostCheckOptions['validateFirst'];
  readonly firstArgument?: QueryCostCheckOptions['firstArgument'];
  readonly defaultFirst?: QueryCostCheckOptions['defaultFirst'];
  readonly defaultListSize?: QueryCostCheckOptions['defaultListSize'];
}

/** `extensions.cost` of every response to an operation that was estimated. */
export interface CostExtension {
  estimated: CostCounts;
  /** Zoom calls the operation made. */
  actual?: CostCounts;
  /** Reads the shared cache answered instead (src/cache): each would otherwise have been one more call. */
  cached?: CostCounts;
  budget: CostCounts;
}

/**
 * Apollo Server plugin: estimates each operation's Zoom cost after validation and before execution, refuses
 * it with `COST_LIMIT_EXCEEDED` (HTTP 400, the estimate and budget in `extensions.cost`) when any category is over
 * budget, so no Zoom call is made; otherwise writes `extensions.cost { estimated, actual, budget }` to the response.
 * From the same walk, and before the budget, it checks every connection's `first` (option `validateFirst`) and refuses
 * an operation with a bad one before any Zoom call, with the error the resolver would have thrown.
 *
 * The cost map is checked against the schema when the server starts. A request whose variables do not coerce is
 * not estimated: execution refuses it before any resolver runs.
 */
export function useQueryCost<TContext extends BaseContext>(options: UseQueryCostOptions<TContext>): ApolloServerPlugin<TContext> {
  // The same check the graphql-ws server applies to subscriptions (src/server/subscriptions.ts).
  const costCheck = createQueryCostCheck(options, 'useQueryCost');
  const { budget } = costCheck;

  return {
    async serverWillStart({ schema }) {
      costCheck.prepare(schema);
    },
    async requestDidStart() {
      let estimated: CostCounts | undefined;
      return {
        async didResolveOperation(requestContext) {
          const verdict = costCheck.check(
            requestContext.schema,
            {
              document: requestContext.document,
              operationName: requestContext.request.operationName,
              variables: requestContext.request.variables,
            },
            options.baseline?.(requestContext.contextValue),
          );
          if (verdict.kind === 'unestimated') return;
          estimated = verdict.estimated;
          if (verdict.kind === 'refused') {
            // Apollo answers an error thrown here with HTTP 500 unless told otherwise. The resolver's refusal of the
            // same `first` is an HTTP 200 response, and the client should see one answer wherever the list is; an
            // operation over budget is the client's request error (400).
            throw withHttpStatus(verdict.error, verdict.reason === 'BAD_FIRST' ? 200 : 400);
          }
        },
        async willSendResponse(requestContext) {
          if (estimated === undefined) return;
          const tally = options.tally?.(requestContext.contextValue);
          const cost: CostExtension = {
            estimated,
            ...(tally === undefined ? {} : { actual: tally.snapshot(), cached: tally.cachedSnapshot() }),
            budget: { ...budget },
          };
          const body = requestContext.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

/** `error` with Apollo's `extensions.http` status; formatError shows the wrapped error as it was. */
function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: { ...error.extensions, http: { status } },
  });
}
