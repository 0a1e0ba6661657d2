export { createRateShaper, RATE_SHAPER_DEFAULTS } from './create-rate-shaper.ts';
export type { BucketFill, CallerWeights, RateShaper, RateShaperOptions, ShaperEvent } from './create-rate-shaper.ts';
export { createCallerScope, SYSTEM_CALLER } from './caller-scope.ts';
export type { CallerScope, ShaperCaller } from './caller-scope.ts';
