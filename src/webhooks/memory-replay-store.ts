import { LRUCache } from 'lru-cache';
import type { ReplayStore } from './replay-store.ts';

/** Default bound on remembered deliveries: at ~200 bytes each, 100,000 entries cost about 20 MB. */
export const DEFAULT_REPLAY_STORE_MAX_ENTRIES = 100_000;

export interface MemoryReplayStoreOptions {
  /** Most fingerprints kept; past it the least recently seen are forgotten first. Default 100,000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * A process-local `ReplayStore` bounded in entries and time: an LRU with a per-entry TTL. When the bound is
 * reached the oldest fingerprints are forgotten before their TTL; size `maxEntries` above the expected
 * deliveries per TTL window (for a 3 h window at 5 events/s, ~54,000).
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? DEFAULT_REPLAY_STORE_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`createMemoryReplayStore: maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  const now = options.now;
  const cache = new LRUCache<string, true>({
    max: maxEntries,
    ttlAutopurge: false,
    // Exact expiry against the injected clock; the default 1 ms resolution caches "now" behind a timer.
    ttlResolution: 0,
    ...(now === undefined ? {} : { perf: { now } }),
  });
  return {
    async rememberIfNew(fingerprint, ttlMs) {
      if (!Number.isInteger(ttlMs) || ttlMs < 1) {
        throw new TypeError(`rememberIfNew: ttlMs must be a positive integer of milliseconds, got ${String(ttlMs)}`);
      }
      // has() + set() run in one synchronous step, so concurrent deliveries cannot both see "new".
      if (cache.has(fingerprint)) return false;
      cache.set(fingerprint, true, { ttl: ttlMs });
      return true;
    },
  };
}
