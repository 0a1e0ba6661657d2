import { createMemoryStore } from '../state/memory-store.ts';
import type { SharedStore } from '../state/store.ts';

/**
 * Each rate window is counted in this many slots. A call is granted only while the current slot and the
 * `SLOTS_PER_WINDOW` slots before it hold fewer than the limit, so no interval one window long (wherever Zoom's own
 * window starts) ever holds more than the limit; the price is 1/(SLOTS_PER_WINDOW + 1) of the rate (about 5%).
 */
export const SLOTS_PER_WINDOW = 20;

/** How long counting stays in the process after the shared store failed, before trying the store again. */
const STORE_RETRY_MS = 5_000;

/** The answer of {@link WindowCounter.take}. */
export type WindowTake =
  | { ok: true; remaining: number }
  /** `used`: calls counted in the window when refused; `retryAtMs`: when enough old slots will have left it. */
  | { ok: false; used: number; retryAtMs: number };

/** A sliding window per rate-limit category, counted in a {@link SharedStore} so every instance shares it. */
export interface WindowCounter {
  /** Counts one call in `name`'s window unless that would make it hold more than `limit` calls. */
  take(name: string, limit: number, windowMs: number): Promise<WindowTake>;
  /** Gives back a call taken but not sent. */
  release(name: string, windowMs: number): Promise<void>;
  /**
   * Moves a call counted when it was granted (`grantedAt`) to now, when its answer came: Zoom counted it on arrival,
   * somewhere in between, so until the answer a call counts where it was granted and afterwards where it was
   * answered. A burst whose sending was delayed (fresh connections, a busy event loop) then cannot land in Zoom's
   * next window on top of that window's own calls.
   */
  settle(name: string, windowMs: number, grantedAt: number): Promise<void>;
  /** Marks the current slot full (a 429 says Zoom counted more calls than we did: other apps share the account). */
  fill(name: string, limit: number, windowMs: number): Promise<void>;
}

export interface WindowCounterOptions {
  store: SharedStore;
  /** Prefix of every key, e.g. `shaper:`. */
  keyPrefix: string;
  now: () => number;
  /** Called once each time the store starts failing; counting then goes on in this process alone. */
  onStoreError?: (error: unknown) => void;
}

/**
 * One read of the window's slots (`getMany`, one round trip) and one atomic `increment` of the current slot per
 * granted call: two instances racing for the last call both increment, and the one whose increment went over the
 * limit gives it back. When the shared store fails, the process counts alone in memory (its own calls only) rather
 * than stopping every call, and tries the store again after a few seconds.
 */
export function createWindowCounter(options: WindowCounterOptions): WindowCounter {
  const { now, keyPrefix } = options;
  const local = createMemoryStore({ now });
  /** When the store last failed; counting stays local for {@link STORE_RETRY_MS} after, then tries it again. */
  let failedAt: number | undefined;

  async function withStore<T>(run: (store: SharedStore) => Promise<T>): Promise<T> {
    if (failedAt !== undefined && now() - failedAt < STORE_RETRY_MS) return run(local);
    try {
      const result = await run(options.store);
      failedAt = undefined;
      return result;
    } catch (error) {
      if (failedAt === undefined) options.onStoreError?.(error);
      failedAt = now();
      return run(local);
    }
  }

  const slotKeys = (name: string, windowMs: number, at: number): { keys: string[]; slot: number; slotMs: number } => {
    const slotMs = windowMs / SLOTS_PER_WINDOW;
    const slot = Math.floor(at / slotMs);
    const keys: string[] = [];
    for (let i = 0; i <= SLOTS_PER_WINDOW; i++) keys.push(`${keyPrefix}w:${name}:${slot - i}`);
    return { keys, slot, slotMs };
  };
  const ttlOf = (windowMs: number): number => Math.ceil(windowMs + (2 * windowMs) / SLOTS_PER_WINDOW);

  return {
    take(name, limit, windowMs) {
      return withStore(async (store) => {
        const { keys, slot, slotMs } = slotKeys(name, windowMs, now());
        const counts = (await store.getMany(keys)).map(toCount);
        const used = counts.reduce((sum, count) => sum + count, 0);
        if (used >= limit) return { ok: false, used, retryAtMs: whenBelow(counts, used, limit, slot, slotMs) };
        const current = await store.increment(keys[0]!, { ttlMs: ttlOf(windowMs) });
        const after = used - counts[0]! + current;
        if (after > limit) {
          await store.increment(keys[0]!, { by: -1, ttlMs: ttlOf(windowMs) });
          return { ok: false, used: after - 1, retryAtMs: (slot + 1) * slotMs };
        }
        return { ok: true, remaining: limit - after };
      });
    },
    release(name, windowMs) {
      return withStore(async (store) => {
        await store.increment(slotKeys(name, windowMs, now()).keys[0]!, { by: -1, ttlMs: ttlOf(windowMs) });
      });
    },
    settle(name, windowMs, grantedAt) {
      return withStore(async (store) => {
        const at = now();
        const slotMs = windowMs / SLOTS_PER_WINDOW;
        const from = Math.floor(grantedAt / slotMs);
        const to = Math.floor(at / slotMs);
        if (to <= from) return;
        // Counted at the answer first, then taken from the grant: never counted less than once meanwhile.
        await store.increment(`${keyPrefix}w:${name}:${to}`, { ttlMs: ttlOf(windowMs) });
        if (to - from <= SLOTS_PER_WINDOW) await store.increment(`${keyPrefix}w:${name}:${from}`, { by: -1, ttlMs: ttlOf(windowMs) });
      });
    },
    fill(name, limit, windowMs) {
      return withStore(async (store) => {
        await store.increment(slotKeys(name, windowMs, now()).keys[0]!, { by: limit, ttlMs: ttlOf(windowMs) });
      });
    },
  };
}

function toCount(value: string | undefined): number {
  const count = value === undefined ? 0 : Number(value);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

/** The first slot boundary after which the slots that have left the window bring it below `limit`. */
function whenBelow(counts: number[], used: number, limit: number, slot: number, slotMs: number): number {
  let left = used;
  for (let k = 1; k <= counts.length; k++) {
    left -= counts[counts.length - k]!;
    if (left < limit) return (slot + k) * slotMs;
  }
  return (slot + 1) * slotMs;
}
