export { createHardening } from './create-hardening.ts';
export type { Hardening, HardeningApolloOptions, HardeningOptions } from './create-hardening.ts';
export { DEFAULT_QUERY_LIMITS, resolveQueryLimits } from './limits.ts';
export type { QueryLimits } from './limits.ts';
export { GENERIC_LIMIT_MESSAGE, QueryLimitError } from './query-limit-error.ts';
export type { QueryLimitCode } from './query-limit-error.ts';
export { useErrorHygiene } from './use-error-hygiene.ts';
export type { ErrorHygieneOptions } from './use-error-hygiene.ts';
