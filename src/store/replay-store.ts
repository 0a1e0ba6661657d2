import type { SharedStore } from '../state/store.ts';
import type { ReplayStore } from '../webhooks/replay-store.ts';

/**
 * A webhook {@link ReplayStore} on a {@link SharedStore}: `setIfAbsent` is `SET key 1 NX PX ttl` on Redis, so of
 * all instances exactly one accepts a delivery and the rest answer REPLAYED for as long as the entry lives (the
 * webhook receiver asks for at least 3 hours, Zoom's whole retry schedule).
 */
export function createStoreReplayStore(store: SharedStore): ReplayStore {
  return {
    rememberIfNew(fingerprint, ttlMs) {
      return store.setIfAbsent(fingerprint, '1', { ttlMs });
    },
  };
}
