import { GraphQLError, type GraphQLSchema } from 'graphql';
import { validateFirst } from '../graphql/connection.ts';
import type { CostMap } from './cost-map.ts';
import type { CostCounts } from './cost-tally.ts';
import {
  createQueryCostEstimator,
  QueryCostInputError,
  type QueryCostEstimator,
  type QueryCostEstimatorOptions,
  type QueryCostRequest,
} from './query-cost-estimator.ts';

/**
 * Default per-query budget, in Zoom calls per category. On a Pro account (30 Light, 20 Medium, 10 Heavy calls per
 * second, shared by every app on the account) this lets one query spend at most ~17 s of the Light budget, 5 s of
 * Medium and 1 s of Heavy; e.g. 100 users with their next 30 meetings' settings (3,000 Light) is refused.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export const DEFAULT_QUERY_COST_BUDGET: Readonly<CostCounts> = Object.freeze({ light: 500, medium: 100, heavy: 10 });

/** Error code of an operation refused for its estimated cost. */
export const COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED';

export interface QueryCostCheckOptions {
  readonly costMap: CostMap;
  /** Most calls one operation may be estimated to make, per category. Missing categories use {@link DEFAULT_QUERY_COST_BUDGET}. */
  readonly budget?: Partial<CostCounts>;
  /**
   * Checks one page-size argument (`firstArgument`) as execution will pass it, throwing a GraphQLError to refuse it.
   * Default: the resolvers' own `validateFirst` (1..300).
   */
  readonly validateFirst?: (first: number | null | undefined) => unknown;
  readonly firstArgument?: QueryCostEstimatorOptions['firstArgument'];
  readonly defaultFirst?: QueryCostEstimatorOptions['defaultFirst'];
  readonly defaultListSize?: QueryCostEstimatorOptions['defaultListSize'];
}

/** What `QueryCostCheck.check` decides about one operation. */
export type QueryCostVerdict =
  /** The operation is missing or its variables do not coerce: execution refuses it before any resolver runs. */
  | { readonly kind: 'unestimated' }
  | { readonly kind: 'accepted'; readonly estimated: CostCounts }
  /**
   * `BAD_FIRST`: a page-size argument is out of range; `error` is the resolver's own refusal (`BAD_USER_INPUT`,
   * `argument: 'first'`) located at the field. `OVER_BUDGET`: `error` is `COST_LIMIT_EXCEEDED` with
   * `extensions.cost { estimated, budget }`. Neither carries transport details (an HTTP status): add them.
   */
  | { readonly kind: 'refused'; readonly reason: 'BAD_FIRST' | 'OVER_BUDGET'; readonly error: GraphQLError; readonly estimated: CostCounts };

/**
 * The cost policy shared by every way an operation reaches the gateway: `useQueryCost` (HTTP, through Apollo) and
 * the graphql-ws server (subscriptions), so both refuse the same documents with the same errors.
 */
export interface QueryCostCheck {
  /** The budget in force, every category filled in. */
  readonly budget: Readonly<CostCounts>;
  /** Builds the estimator for `schema` now, so a cost map that does not fit the schema fails at start (`TypeError`). */
  prepare(schema: GraphQLSchema): void;
  /**
   * Estimates `request` from one walk of its document, adds `baseline` (calls made outside any field), then
   * checks every page-size argument execution can reach and, after them, the budget: `first` outside 1..300 is the
   * caller's input error whatever it would cost, so `first: 99999999` gets the same `BAD_USER_INPUT` as `first: 301`.
   *
   * A subscription's estimate is what delivering ONE event costs (each event runs the selection once, with fresh
   * loaders); the budget then applies per delivered event, and its refusal says so.
   */
  check(schema: GraphQLSchema, request: QueryCostRequest, baseline?: Partial<CostCounts>): QueryCostVerdict;
}

/**
 * Creates the check. The budget is validated here: a bad category throws a `TypeError` naming it, prefixed with
 * `name` (the public factory the options were given to, e.g. `useQueryCost`).
 */
export function createQueryCostCheck(options: QueryCostCheckOptions, name = 'createQueryCostCheck'): QueryCostCheck {
  const budget = resolveBudget(options.budget, name);
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
    budget,
    prepare: (schema) => void estimatorFor(schema),
    check(schema, request, baseline) {
      let analysis;
      try {
        analysis = estimatorFor(schema).analyze(request);
      } catch (error) {
        if (error instanceof QueryCostInputError) return { kind: 'unestimated' };
        throw error;
      }
      const estimated = { ...analysis.cost };
      estimated.light += baseline?.light ?? 0;
      estimated.medium += baseline?.medium ?? 0;
      estimated.heavy += baseline?.heavy ?? 0;

      for (const { value, node } of analysis.pageSizes) {
        try {
          checkFirst(value);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          // The resolver's own error (message, code, `argument`), located at the field it would have refused.
          const located = new GraphQLError(error.message, { nodes: node, originalError: error, extensions: { ...error.extensions } });
          return { kind: 'refused', reason: 'BAD_FIRST', error: located, estimated };
        }
      }
      if (estimated.light > budget.light || estimated.medium > budget.medium || estimated.heavy > budget.heavy) {
        const message =
          analysis.operationType === 'subscription'
            ? 'Each event of this subscription could cost more Zoom API calls than this gateway allows for one request: every event it delivers runs its selection again. Ask for fewer items (`first`) or fewer nested lists.'
            : 'The query could cost more Zoom API calls than this gateway allows for one request. Ask for fewer items (`first`) or fewer nested lists.';
        const error = new GraphQLError(message, {
          extensions: { code: COST_LIMIT_EXCEEDED, cost: { estimated, budget: { ...budget } } },
        });
        return { kind: 'refused', reason: 'OVER_BUDGET', error, estimated };
      }
      return { kind: 'accepted', estimated };
    },
  };
}

function resolveBudget(budget: Partial<CostCounts> | undefined, name: string): CostCounts {
  const resolved = { ...DEFAULT_QUERY_COST_BUDGET, ...budget };
  for (const [category, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`${name}: budget.${category}: expected a non-negative integer number of calls, got ${String(value)}.`);
    }
  }
  return Object.freeze(resolved);
}
