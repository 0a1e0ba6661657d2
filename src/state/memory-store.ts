import type { SharedStore } from './store.ts';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in epoch milliseconds, used for TTLs. Default `Date.now`; tests inject one to expire entries. */
  now?: () => number;
}

/** Above this many entries, a `set` first drops expired ones, so keys written once and never read cannot pile up. */
const SWEEP_THRESHOLD = 1024;

/**
 * An in-process {@link SharedStore}: state is shared by everything in this process, not between instances.
 * Expired entries are dropped lazily (on read, and in a sweep once the map grows), so it holds no timers.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SharedStore {
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw new TypeError(`createMemoryStore: options.now must be a function returning epoch ms, got ${typeof now}`);
  }
  const entries = new Map<string, { value: string; expiresAt: number }>();

  return {
    async get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, setOptions = {}) {
      const { ttlMs } = setOptions;
      if (ttlMs !== undefined && !(Number.isInteger(ttlMs) && ttlMs > 0)) {
        throw new RangeError(`SharedStore.set: ttlMs must be a positive integer (milliseconds), got ${String(ttlMs)}`);
      }
      if (entries.size >= SWEEP_THRESHOLD) {
        const at = now();
        for (const [k, entry] of entries) if (entry.expiresAt <= at) entries.delete(k);
      }
      entries.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
