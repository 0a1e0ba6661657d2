export type { CostMap, FieldCost } from './cost-map.ts';
export { costBucket, createCostTally, zeroCost } from './cost-tally.ts';
export type { CostCounts, CostEvent, CostTally } from './cost-tally.ts';
export { createCostTracker } from './cost-tracker.ts';
export type { CostTracker } from './cost-tracker.ts';
export {
  createQueryCostEstimator, DEFAULT_FIRST, DEFAULT_LIST_SIZE, QueryCostInputError,
} from './query-cost-estimator.ts';
export type {
  PageSizeArgument, QueryCostAnalysis, QueryCostEstimator, QueryCostEstimatorOptions, QueryCostRequest,
} from './query-cost-estimator.ts';
export { COST_LIMIT_EXCEEDED, createQueryCostCheck, DEFAULT_QUERY_COST_BUDGET } from './query-cost-check.ts';
export type { QueryCostCheck, QueryCostCheckOptions, QueryCostVerdict } from './query-cost-check.ts';
export { useQueryCost } from './use-query-cost.ts';
export type { CostExtension, UseQueryCostOptions } from './use-query-cost.ts';
