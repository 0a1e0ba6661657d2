import { AsyncLocalStorage } from 'node:async_hooks';
import type { CostEvent, CostTally } from './cost-tally.ts';

/**
 * Attributes the calls of one process-wide Zoom client to the GraphQL request that caused them.
 *
 * Pass `onCall` to `createZoomClient`, and run each request inside `run(tally, handler)`: every Zoom call made
 * while that request is being handled (resolvers, DataLoader batches, which keep the async context) is recorded
 * in its tally. Calls made outside any `run` are ignored.
 */
export interface CostTracker {
  /** An `onCall` observer for the Zoom client. */
  readonly onCall: (event: CostEvent) => void;
  /** Runs `fn` with `tally` as the current request's tally. */
  run<T>(tally: CostTally, fn: () => T): T;
  /** The current request's tally, when inside `run`. */
  current(): CostTally | undefined;
}

export function createCostTracker(): CostTracker {
  const storage = new AsyncLocalStorage<CostTally>();
  return {
    onCall: (event) => storage.getStore()?.record(event),
    run: (tally, fn) => storage.run(tally, fn),
    current: () => storage.getStore(),
  };
}

