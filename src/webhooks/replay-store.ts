/**
 * Remembers which webhook deliveries were already accepted, so a replayed or retried delivery is refused.
 *
 * Zoom retries a delivery it got no 2xx for after 5, 20 and 60 minutes, so an entry must live at least 3 hours
 * (https://developers.zoom.us/docs/api/rest/webhook-reference/#notification-delivery).
 * The in-memory implementation is `createMemoryReplayStore()` (src/webhooks/memory-replay-store.ts); a shared one
 * (Redis `SET key 1 NX PX ttl`) fits the same interface so that every gateway instance sees every delivery.
 */
export interface ReplayStore {
  /**
   * Atomically records `fingerprint` for `ttlMs` milliseconds and resolves `true` when it was not present,
   * `false` when it was already recorded and has not expired (a replay). Two concurrent calls with the same
   * fingerprint never both resolve `true`.
   */
  rememberIfNew(fingerprint: string, ttlMs: number): Promise<boolean>;
}
