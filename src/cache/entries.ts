import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../state/store.ts';

/** One cached Zoom answer: when it was stored, the versions of its invalidation names then, and Zoom's JSON. */
export interface CacheEntry {
  /** Epoch milliseconds. */
  readonly storedAt: number;
  /** How long after `storedAt` it is fresh, in milliseconds (the operation's TTL; shorter for a refusal). */
  readonly freshMs: number;
  /** One per invalidation name, in the order the read names them (`''` for a name never invalidated). */
  readonly versions: readonly string[];
  /** Zoom's answer as JSON, or a refusal (see `encodeRefusal` in create-zoom-cache.ts). */
  readonly json: string;
  /**
   * The answer already parsed and deep-frozen, kept beside `json` in this process only (never written to the shared
   * store): a hit then costs no JSON.parse. Frozen because every request that hits shares it.
   */
  readonly value?: unknown;
}

/** Where answers are kept; the versions of invalidation names always live in the shared store. */
export interface EntryStore {
  /** The entry under `key` (if any) and the current versions of `versionKeys`, in one store round trip. */
  read(key: string, versionKeys: readonly string[]): Promise<{ entry: CacheEntry | undefined; versions: string[] }>;
  write(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /** Approximate bytes and entries held in this process (0 when entries live in the shared store). */
  size(): { entries: number; bytes: number };
}

/** Approximate memory of an entry: its strings (one byte per character for Zoom's mostly ASCII JSON) plus bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 128;

/**
 * Entries in this process, in an LRU bounded by bytes (`CACHE_MAX_BYTES`): the least recently used go first, and an
 * answer larger than the whole bound is not kept. Versions are read from `store`, so an invalidation made by any
 * instance sharing it (Redis) still drops this process's copies.
 */
export function createProcessEntries(store: SharedStore, maxBytes: number): EntryStore {
  const lru = new LRUCache<string, CacheEntry>({
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.json.length + key.length + ENTRY_OVERHEAD_BYTES * (1 + entry.versions.length),
  });
  return {
    async read(key, versionKeys) {
      const entry = lru.get(key);
      const versions = versionKeys.length === 0 ? [] : await store.getMany(versionKeys);
      return { entry, versions: versions.map((version) => version ?? '') };
    },
    async write(key, entry, ttlMs) {
      lru.set(key, entry, { ttl: ttlMs });
    },
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}

/**
 * Entries in the shared store (Redis), so every instance on it answers from one cache. One round trip reads the
 * entry and its versions together. Bounded by the entries' TTLs (and Redis's own `maxmemory`), not by this process.
 */
export function createSharedEntries(store: SharedStore, keyPrefix: string): EntryStore {
  return {
    async read(key, versionKeys) {
      const values = await store.getMany([...versionKeys, `${keyPrefix}${key}`]);
      const raw = values[versionKeys.length];
      return {
        entry: raw === undefined ? undefined : decodeEntry(raw),
        versions: values.slice(0, versionKeys.length).map((version) => version ?? ''),
      };
    },
    async write(key, entry, ttlMs) {
      // `value` stays out: the shared copy is the JSON, parsed by whichever instance reads it.
      await store.set(`${keyPrefix}${key}`, encodeEntry(entry), { ttlMs });
    },
    size: () => ({ entries: 0, bytes: 0 }),
  };
}

/** `storedAt freshMs \n versions (tab-separated) \n json`: JSON.stringify never writes a raw newline, so the split is safe. */
function encodeEntry(entry: CacheEntry): string {
  return `${entry.storedAt} ${entry.freshMs}\n${entry.versions.join('\t')}\n${entry.json}`;
}

/** The entry, or `undefined` for a value this code did not write (a torn or foreign value is a miss, not an error). */
function decodeEntry(raw: string): CacheEntry | undefined {
  const first = raw.indexOf('\n');
  const second = first < 0 ? -1 : raw.indexOf('\n', first + 1);
  if (second < 0) return undefined;
  const [storedAt, freshMs] = raw.slice(0, first).split(' ').map(Number);
  if (!Number.isFinite(storedAt) || !Number.isFinite(freshMs)) return undefined;
  const versions = raw.slice(first + 1, second);
  return { storedAt: storedAt!, freshMs: freshMs!, versions: versions === '' ? [''] : versions.split('\t'), json: raw.slice(second + 1) };
}
