import { checkIncrementBy, checkTtl, type SharedStore } from './store.ts';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in epoch milliseconds, used for TTLs. Default `Date.now`; tests inject one to expire entries. */
  now?: () => number;
}

/** Above this many entries, a write first drops expired ones, so keys written once and never read cannot pile up. */
const SWEEP_THRESHOLD = 1024;

/**
 * An in-process {@link SharedStore}: state is shared by everything in this process, not between instances.
 * Every method runs its read-modify-write in one synchronous step, so each is atomic in this process.
 * Expired entries are dropped lazily (on read, and in a sweep once the map grows), so it holds no timers.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SharedStore {
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw new TypeError(`createMemoryStore: options.now must be a function returning epoch ms, got ${typeof now}`);
  }
  const entries = new Map<string, { value: string; expiresAt: number }>();

  function live(key: string): { value: string; expiresAt: number } | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function write(key: string, value: string, ttlMs: number | undefined): void {
    if (entries.size >= SWEEP_THRESHOLD) {
      const at = now();
      for (const [k, entry] of entries) if (entry.expiresAt <= at) entries.delete(k);
    }
    entries.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
  }

  return {
    async get(key) {
      return live(key)?.value;
    },
    async getMany(keys) {
      return keys.map((key) => live(key)?.value);
    },
    async set(key, value, setOptions = {}) {
      const { ttlMs } = setOptions;
      checkTtl('set', ttlMs);
      write(key, value, ttlMs);
    },
    async setIfAbsent(key, value, { ttlMs }) {
      checkTtl('setIfAbsent', ttlMs, true);
      if (live(key) !== undefined) return false;
      write(key, value, ttlMs);
      return true;
    },
    async increment(key, incrementOptions = {}) {
      const { by = 1, ttlMs } = incrementOptions;
      checkIncrementBy(by);
      checkTtl('increment', ttlMs);
      const entry = live(key);
      if (entry === undefined) {
        write(key, String(by), ttlMs);
        return by;
      }
      const current = Number(entry.value);
      if (!Number.isSafeInteger(current)) {
        throw new TypeError(`SharedStore.increment: the value at ${JSON.stringify(key)} is not an integer`);
      }
      entry.value = String(current + by);
      return current + by;
    },
    async delete(key) {
      entries.delete(key);
    },
    async deleteIfEquals(key, value) {
      if (live(key)?.value !== value) return false;
      entries.delete(key);
      return true;
    },
  };
}
