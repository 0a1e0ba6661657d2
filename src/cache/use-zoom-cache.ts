import type { CostTracker } from '../cost/cost-tracker.ts';
import type { SharedStore } from '../state/store.ts';
import type { ZoomClient } from '../zoom/client-types.ts';
import { createZoomCache, type ZoomCache } from './create-zoom-cache.ts';
import type { CacheEvent, InvalidationCause } from './events.ts';
import type { CacheConfig } from './settings.ts';

/** What `useZoomCache` needs from the gateway. */
export interface UseZoomCacheDeps {
  /** The gateway's one Zoom client. */
  zoom: ZoomClient;
  /** The shared store (memory, or Redis): versions of invalidation names, and answers when `isShared`. */
  store: SharedStore;
  /** The store is shared by several instances (Redis): keep the answers there too, so they share one cache. */
  isShared: boolean;
  /** Reads answered by the cache are counted in the current request's tally (`extensions.cost.cached`). */
  costTracker?: CostTracker;
  /** Telemetry's view of the cache (hits, misses, joins, invalidations by cause). */
  onCacheEvent?: (event: CacheEvent) => void;
  now?: () => number;
}

/** The cache as the composition root uses it; with `CACHE_ENABLED=false`, the plain client and no invalidation. */
export interface ZoomCacheWiring {
  /** The cache itself, when enabled. */
  readonly cache: ZoomCache | undefined;
  /** The client for one operation: `isFresh` (the request said `Cache-Control: no-cache`) skips cached answers. */
  clientFor(isFresh: boolean): ZoomClient;
  /** The `CacheInvalidator` for writes (`write`) or webhook events (`webhook`), so telemetry can tell them apart. */
  invalidator(cause: InvalidationCause): (names: string[]) => Promise<void>;
}

/** Wires the shared cache of Zoom's answers (src/cache) into a gateway from its configuration. */
export function useZoomCache(config: CacheConfig, deps: UseZoomCacheDeps): ZoomCacheWiring {
  if (!config.isEnabled) {
    return { cache: undefined, clientFor: () => deps.zoom, invalidator: () => async () => undefined };
  }
  const { costTracker, onCacheEvent } = deps;
  const cache = createZoomCache({
    zoom: deps.zoom,
    store: deps.store,
    entries: deps.isShared ? 'store' : 'process',
    ttlSeconds: config.ttlSeconds,
    staleSeconds: config.staleSeconds,
    maxBytes: config.maxBytes,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    onCacheEvent(event) {
      // Runs in the reading request's async context, so its tally is the current one.
      if (event.kind === 'hit' || event.kind === 'join') costTracker?.current()?.recordCached(event);
      onCacheEvent?.(event);
    },
  });
  return {
    cache,
    clientFor: (isFresh) => (isFresh ? cache.fresh : cache.client),
    invalidator: (cause) => (names) => cache.invalidate(names, cause),
  };
}

/**
 * Whether a request asks for answers fresh from Zoom: `Cache-Control: no-cache` (or `no-store`, `max-age=0`), or
 * the older `Pragma: no-cache`. Its reads still refresh the cache; they are charged to the caller like any call.
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.1
 */
export function wantsFreshRead(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const directives = [headers['cache-control'], headers.pragma].flat().filter((value): value is string => typeof value === 'string');
  return directives.some((value) => /(?:^|,)\s*(?:no-cache|no-store|max-age\s*=\s*0)\s*(?:,|$)/i.test(value));
}
