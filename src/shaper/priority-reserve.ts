import type { SharedStore } from '../state/store.ts';
import type { RateLimitCategory } from '../zoom/operations.ts';

/** How long after a highest-weight caller's call the reserve is kept, in milliseconds. */
export const PRIORITY_MEMORY_MS = 60_000;
/** Each instance rewrites its "until" in the store at most this often, in milliseconds. */
const PUBLISH_MS = 5_000;
/** A dispatcher reads the other instances' "until" at most this often, in milliseconds. */
const READ_MS = 1_000;

/** Whether the shaper keeps the last slots of a category's window for the highest-weight callers. */
export interface PriorityReserve {
  /** A highest-weight caller is waiting for a `category` slot here. */
  note(category: RateLimitCategory): void;
  /** Whether one was about in the last minute, on this instance or, as of at most a second ago, on any other. */
  isActive(category: RateLimitCategory): Promise<boolean>;
}

/**
 * The reserve follows the highest-weight callers (admins by default) across instances: each instance says in the
 * shared store until when one of them was active, and each dispatcher reads it at most once a second. Without it a
 * member's flood on one instance took the whole shared window while an admin on another waited for the next one. A
 * store that fails leaves each instance with what it saw itself.
 */
export function createPriorityReserve(options: {
  store: SharedStore;
  keyPrefix: string;
  now: () => number;
  onStoreError: (error: unknown) => void;
}): PriorityReserve {
  const { store, keyPrefix, now, onStoreError } = options;
  const states = new Map<RateLimitCategory, { until: number; publishedUntil: number; readAt: number }>();
  const stateOf = (category: RateLimitCategory) => {
    let state = states.get(category);
    if (state === undefined) states.set(category, (state = { until: 0, publishedUntil: 0, readAt: Number.NEGATIVE_INFINITY }));
    return state;
  };
  const keyOf = (category: RateLimitCategory) => `${keyPrefix}priority:${category}`;

  return {
    note(category) {
      const state = stateOf(category);
      const until = now() + PRIORITY_MEMORY_MS;
      state.until = Math.max(state.until, until);
      if (until - state.publishedUntil < PUBLISH_MS) return;
      state.publishedUntil = until;
      void store.set(keyOf(category), String(until), { ttlMs: PRIORITY_MEMORY_MS }).catch(onStoreError);
    },
    async isActive(category) {
      const state = stateOf(category);
      const at = now();
      if (at - state.readAt >= READ_MS) {
        state.readAt = at;
        try {
          const shared = Number(await store.get(keyOf(category)));
          if (Number.isFinite(shared)) state.until = Math.max(state.until, shared);
        } catch (error) {
          onStoreError(error);
        }
      }
      return now() < state.until;
    },
  };
}
