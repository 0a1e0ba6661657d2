/**
 * A small asynchronous key-value store for process-wide state that several gateway instances may share: the
 * Server-to-Server OAuth token today, rate-limit state later. The in-memory implementation is
 * `createMemoryStore()` (src/state/memory-store.ts); a Redis implementation can sit behind the same interface.
 *
 * Values are strings so that every backend stores them the same way; callers serialise (JSON) themselves.
 */
export interface SharedStore {
  /** Resolves with the value, or `undefined` when the key is absent or its TTL has passed. */
  get(key: string): Promise<string | undefined>;
  /**
   * Stores `value` under `key`, replacing any previous value.
   * @param options.ttlMs time to live in milliseconds (a positive integer); without it the entry never expires.
   */
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Removes the key; resolves whether or not it existed. */
  delete(key: string): Promise<void>;
}
