import type { RateLimitCategory } from '../zoom/operations.ts';

/** Zoom calls per rate-limit category. Zoom's `Resource-intensive` calls count as `heavy` (they share its daily pool). */
export interface CostCounts {
  light: number;
  medium: number;
  heavy: number;
}

/** An event as the Zoom client's `onCall` observer reports it (only these fields are read). */
export interface CostEvent {
  readonly category: RateLimitCategory;
  /** 1 for the first attempt of a call; retries (2, 3, ...) are not counted. Absent counts as a first attempt. */
  readonly attempt?: number;
  /** What the attempt came to, for the tracker's other observers (readiness): Zoom's HTTP status, when it answered. */
  readonly status?: number;
  /** Or the transport failure (`not-sent`, `network`, `timeout`, `aborted`) when it did not. */
  readonly failure?: string;
}

/**
 * A per-request counter of the Zoom calls actually made, to report beside the estimate.
 *
 * It counts logical calls (one per operation or page), not retry attempts, because that is what the estimate
 * bounds; retries are the client's business and show in its own metrics.
 */
export interface CostTally {
  /** Counts one call; pass it as (or from) the Zoom client's `onCall`. */
  record(event: CostEvent): void;
  /** A copy of the counts so far. */
  snapshot(): CostCounts;
  /** Counts one read the shared cache answered without a Zoom call of its own (src/cache). */
  recordCached(event: Pick<CostEvent, 'category'>): void;
  /** A copy of the cached reads so far, per category. */
  cachedSnapshot(): CostCounts;
}

export function zeroCost(): CostCounts {
  return { light: 0, medium: 0, heavy: 0 };
}

/** Maps a Zoom rate-limit label to the bucket it is reported in. */
export function costBucket(category: RateLimitCategory): keyof CostCounts {
  switch (category) {
    case 'Light': return 'light';
    case 'Medium': return 'medium';
    case 'Heavy':
    case 'Resource-intensive': return 'heavy';
  }
}

/** Creates an empty tally; make one per GraphQL request (e.g. in the context factory). */
export function createCostTally(): CostTally {
  const counts = zeroCost();
  const cached = zeroCost();
  return {
    record(event) {
      if (event.attempt !== undefined && event.attempt !== 1) return;
      counts[costBucket(event.category)] += 1;
    },
    snapshot: () => ({ ...counts }),
    recordCached(event) {
      cached[costBucket(event.category)] += 1;
    },
    cachedSnapshot: () => ({ ...cached }),
  };
}
