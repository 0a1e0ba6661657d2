/**
 * A small asynchronous key-value store for process-wide state that several gateway instances may share: the
 * Server-to-Server OAuth token, the shared cache of Zoom answers, rate-limit counters, locks. The in-memory
 * implementation is `createMemoryStore()` (src/state/memory-store.ts); a Redis implementation sits behind the same
 * interface so that every instance configured with the same Redis sees the same state.
 *
 * Values are strings so that every backend stores them the same way; callers serialise (JSON) themselves.
 * Every operation is atomic on its own key(s); none spans a transaction across calls.
 */
export interface SharedStore {
  /** Resolves with the value, or `undefined` when the key is absent or its TTL has passed. */
  get(key: string): Promise<string | undefined>;
  /** The values of `keys` in order, `undefined` for each absent or expired one. One round trip on a remote store. */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /**
   * Stores `value` under `key`, replacing any previous value (and its TTL).
   * @param options.ttlMs time to live in milliseconds (a positive integer); without it the entry never expires.
   */
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /**
   * Stores `value` only when `key` is absent (or expired). Resolves `true` when it stored it, `false` when the key
   * was already there (its value and TTL are left as they were). Two concurrent calls never both resolve `true`:
   * the building block of locks and "first one wins" records (webhook replay fingerprints).
   * @param options.ttlMs time to live in milliseconds (a positive integer), required: nothing set-once lives forever.
   */
  setIfAbsent(key: string, value: string, options: { ttlMs: number }): Promise<boolean>;
  /**
   * Atomically adds `by` (default 1, may be negative) to the integer stored at `key`, treating an absent key as 0,
   * and resolves with the new value. When the call creates the key and `ttlMs` is given, the key expires after it;
   * an existing key keeps its TTL. The building block of counters (daily caps, rate windows).
   * @throws TypeError (rejects) when the stored value is not an integer.
   */
  increment(key: string, options?: { by?: number; ttlMs?: number }): Promise<number>;
  /** Removes the key; resolves whether or not it existed. */
  delete(key: string): Promise<void>;
  /**
   * Removes `key` only while it still holds `value` (compare-and-delete, atomic). Resolves `true` when it removed
   * it. Releases a lock without removing one another holder took after ours expired.
   */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
}

/**
 * Checks a `ttlMs` argument the same way in every implementation, so a caller's mistake fails alike on memory and
 * on Redis. @throws RangeError naming the method when it is not a positive integer (or missing where required).
 */
export function checkTtl(method: string, ttlMs: number | undefined, isRequired = false): void {
  if (ttlMs === undefined && !isRequired) return;
  if (!(Number.isInteger(ttlMs) && (ttlMs as number) > 0)) {
    throw new RangeError(`SharedStore.${method}: ttlMs must be a positive integer (milliseconds), got ${String(ttlMs)}`);
  }
}

/** Checks `increment`'s `by`. @throws TypeError when it is not a safe integer. */
export function checkIncrementBy(by: number): void {
  if (!Number.isSafeInteger(by)) throw new TypeError(`SharedStore.increment: by must be an integer, got ${String(by)}`);
}
