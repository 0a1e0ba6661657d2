import { createScopeKey, runInScope, scopeValue } from '../async-scope/index.ts';
import type { CostEvent, CostTally } from './cost-tally.ts';

/**
 * Attributes the calls of one process-wide Zoom client to the GraphQL request that caused them.
 *
 * Pass `onCall` to `createZoomClient`, and run each request inside `run(tally, handler)`: every Zoom call made
 * while that request is being handled (resolvers, DataLoader batches, which keep the async context) is recorded
 * in its tally. Calls made outside any `run` are not tallied, but reach `observe`'s listeners like every call.
 */
export interface CostTracker {
  /** An `onCall` observer for the Zoom client. */
  readonly onCall: (event: CostEvent) => void;
  /**
   * Adds an observer of every attempt the client reports, inside a request or not (the Zoom breaker behind
   * `/readyz`); returns its removal. An observer that throws is ignored.
   */
  observe(listener: (event: CostEvent) => void): () => void;
  /** Runs `fn` with `tally` as the current request's tally. */
  run<T>(tally: CostTally, fn: () => T): T;
  /** The current request's tally, when inside `run`. */
  current(): CostTally | undefined;
}

export function createCostTracker(): CostTracker {
  const tallyKey = createScopeKey<CostTally>('cost tally');
  const listeners = new Set<(event: CostEvent) => void>();
  return {
    onCall: (event) => {
      scopeValue(tallyKey)?.record(event);
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // An observer's bug must not fail the Zoom call that reported it.
        }
      }
    },
    observe(listener) {
      const added = (event: CostEvent) => listener(event);
      listeners.add(added);
      return () => listeners.delete(added);
    },
    run: (tally, fn) => runInScope(tallyKey, tally, fn),
    current: () => scopeValue(tallyKey),
  };
}

