import type { RateLimitCategory } from '../zoom/operations.ts';
import type { CacheableOperationId } from './policy.ts';

/** Why cached answers were dropped: a write through this gateway, a Zoom webhook event, or someone calling `invalidate`. */
export type InvalidationCause = 'write' | 'webhook' | 'manual';

/** Why a read went to Zoom. `bypass`: the caller asked for a fresh read (`Cache-Control: no-cache`). */
export type CacheMissReason = 'absent' | 'expired' | 'invalidated' | 'bypass' | 'store-error';

/**
 * What the cache reports to telemetry through `onCacheEvent` (a plain callback: count them, never block in it).
 * `hit` and `join` are reads answered without a Zoom call of their own; `miss` is a read that made one.
 */
export type CacheEvent =
  | { kind: 'hit'; operation: CacheableOperationId; category: RateLimitCategory; /** Served past its TTL while a refresh runs. */ isStale: boolean }
  | { kind: 'miss'; operation: CacheableOperationId; category: RateLimitCategory; reason: CacheMissReason }
  /** A read that waited for an identical read already in flight (single flight) instead of making its own. */
  | { kind: 'join'; operation: CacheableOperationId; category: RateLimitCategory }
  /** `names`: how many invalidation names (`cacheKeys`) were dropped at once. */
  | { kind: 'invalidate'; cause: InvalidationCause; names: number }
  /** A stale answer's background refresh finished. */
  | { kind: 'refresh'; operation: CacheableOperationId; category: RateLimitCategory; outcome: 'ok' | 'failed' }
  /** The shared store failed; the read went to Zoom, the write was not cached, or an invalidation was lost. */
  | { kind: 'store-error'; stage: 'read' | 'write' | 'invalidate' };

/** A cache event as metrics count it: a kind, the resource (the operation) and, for misses and invalidations, why. */
export interface CacheMetric {
  kind: 'hit' | 'miss' | 'invalidation' | 'join';
  resource?: string;
  cause?: string;
}

/**
 * The metric of an event (telemetry's `onCacheEvent`); `undefined` for refreshes and store errors, which it does not
 * count. Every label comes from a small fixed set: operation ids, miss reasons, invalidation causes.
 */
export function cacheMetricOf(event: CacheEvent): CacheMetric | undefined {
  switch (event.kind) {
    case 'hit':
      return { kind: 'hit', resource: event.operation, ...(event.isStale ? { cause: 'stale' } : {}) };
    case 'join':
      return { kind: 'join', resource: event.operation };
    case 'miss':
      return { kind: 'miss', resource: event.operation, cause: event.reason };
    case 'invalidate':
      return { kind: 'invalidation', cause: event.cause };
    default:
      return undefined;
  }
}
