import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { validateFirst } from '../graphql/connection.ts';
import type { CostMap } from './cost-map.ts';
import type { CostCounts, CostTally } from './cost-tally.ts';
import {
  createQueryCostEstimator,
  QueryCostInputError,
  type QueryCostAnalysis,
  type QueryCostEstimator,
  type QueryCostEstimatorOptions,
} from './query-cost-estimator.ts';

/**
 * Default per-query budget, in Zoom calls per category. On a Pro account (30 Light, 20 Medium, 10 Heavy calls per
 * second, shared by every app on the account) this lets one query spend at most ~17 s of the Light budget, 5 s of
 * Medium and 1 s of Heavy; e.g. 100 users with their next 30 meetings' settings (3,000 Light) is refused.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export const DEFAULT_QUERY_COST_BUDGET: Readonly<CostCounts> = Object.freeze({ light: 500, medium: 100, heavy: 10 });

/** Error code of a query refused for its estimated cost. */
export const COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED';

export interface UseQueryCostOptions<TContext extends BaseContext> {
  readonly costMap: CostMap;
  /** Most calls one operation may be estimated to make, per category. Missing categories use {@link DEFAULT_QUERY_COST_BUDGET}. */
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
  readonly validateFirst?: (first: number | null | undefined) => unknown;
  readonly firstArgument?: QueryCostEstimatorOptions['firstArgument'];
  readonly defaultFirst?: QueryCostEstimatorOptions['defaultFirst'];
  readonly defaultListSize?: QueryCostEstimatorOptions['defaultListSize'];
}

/** `extensions.cost` of every response to an operation that was estimated. */
export interface CostExtension {
  estimated: CostCounts;
  actual?: CostCounts;
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
  const budget = resolveBudget(options.budget);
  const checkFirst = options.validateFirst ?? validateFirst;
  const estimators = new WeakMap<GraphQLSchema, QueryCostEstimator>();
  const estimatorFor = (schema: GraphQLSchema): QueryCostEstimator => {
    let estimator = estimators.get(schema);
    if (estimator === undefined) {
      estimator = createQueryCostEstimator({
        schema,
        costMap: options.costMap,
        firstArgument: options.firstArgument,
        defaultFirst: options.defaultFirst,
        defaultListSize: options.defaultListSize,
      });
      estimators.set(schema, estimator);
    }
    return estimator;
  };

  return {
    async serverWillStart({ schema }) {
      estimatorFor(schema);
    },
    async requestDidStart() {
      let estimated: CostCounts | undefined;
      return {
        async didResolveOperation(requestContext) {
          let analysis: QueryCostAnalysis;
          try {
            analysis = estimatorFor(requestContext.schema).analyze({
              document: requestContext.document,
              operationName: requestContext.request.operationName,
              variables: requestContext.request.variables,
            });
          } catch (error) {
            if (error instanceof QueryCostInputError) return;
            throw error;
          }
          estimated = analysis.cost;
          const baseline = options.baseline?.(requestContext.contextValue);
          if (baseline !== undefined) {
            estimated.light += baseline.light ?? 0;
            estimated.medium += baseline.medium ?? 0;
            estimated.heavy += baseline.heavy ?? 0;
          }
          // Before the budget: `first` outside 1..300 is the caller's input error (issue 3), whatever it would cost,
          // so `first: 99999999` gets the same BAD_USER_INPUT as `first: 301`, not a cost refusal.
          for (const { value, node } of analysis.pageSizes) {
            try {
              checkFirst(value);
            } catch (error) {
              if (!(error instanceof GraphQLError)) throw error;
              // Apollo answers an error thrown here with HTTP 500 unless told otherwise; the resolver's refusal of
              // the same `first` is an HTTP 200 response, and the client should see one answer wherever the list is.
              // formatError shows the wrapped error itself (its message, code and `argument`), located at the field.
              throw new GraphQLError(error.message, {
                nodes: node,
                originalError: error,
                extensions: { ...error.extensions, http: { status: 200 } },
              });
            }
          }
          if (estimated.light > budget.light || estimated.medium > budget.medium || estimated.heavy > budget.heavy) {
            throw new GraphQLError('The query could cost more Zoom API calls than this gateway allows for one request. Ask for fewer items (`first`) or fewer nested lists.', {
              extensions: { code: COST_LIMIT_EXCEEDED, cost: { estimated, budget: { ...budget } }, http: { status: 400 } },
            });
          }
        },
        async willSendResponse(requestContext) {
          if (estimated === undefined) return;
          const tally = options.tally?.(requestContext.contextValue);
          const cost: CostExtension = {
            estimated,
            ...(tally === undefined ? {} : { actual: tally.snapshot() }),
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

function resolveBudget(budget: Partial<CostCounts> | undefined): CostCounts {
  const resolved = { ...DEFAULT_QUERY_COST_BUDGET, ...budget };
  for (const [category, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`useQueryCost: budget.${category}: expected a non-negative integer number of calls, got ${String(value)}.`);
    }
  }
  return resolved;
}
