import type { SharedStore } from '../state/store.ts';
import { nextUtcMidnight as nextMidnight } from '../zoom/retry.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The answer of {@link DailyCounter.reserve}. */
export type DailyReservation = { ok: true } | { ok: false; retryAtMs: number };

/**
 * Counts calls per daily pool and UTC day in a {@link SharedStore} (Zoom resets daily limits at 00:00 UTC).
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export interface DailyCounter {
  /** Counts one call of `pool` unless that would pass `cap`; refused calls are not counted. */
  reserve(pool: string, cap: number): Promise<DailyReservation>;
  /** Gives back a reserved call that was never sent. */
  refund(pool: string): Promise<void>;
  /** Marks `pool` used up for today (Zoom answered a daily-limit 429 before our count got there). */
  exhaust(pool: string, cap: number): Promise<void>;
}

export function createDailyCounter(options: { store: SharedStore; keyPrefix: string; now: () => number }): DailyCounter {
  const { store, keyPrefix, now } = options;
  const keyOf = (pool: string, at: number): string => `${keyPrefix}d:${pool}:${Math.floor(at / DAY_MS)}`;
  // Kept an hour past midnight so an instance whose clock is a little behind still finds the day's count.
  const ttlAt = (at: number): number => nextUtcMidnight(at) - at + 60 * 60 * 1000;

  return {
    async reserve(pool, cap) {
      const at = now();
      const key = keyOf(pool, at);
      const count = await store.increment(key, { ttlMs: ttlAt(at) });
      if (count <= cap) return { ok: true };
      await store.increment(key, { by: -1 });
      return { ok: false, retryAtMs: nextUtcMidnight(at) };
    },
    async refund(pool) {
      const at = now();
      await store.increment(keyOf(pool, at), { by: -1, ttlMs: ttlAt(at) });
    },
    async exhaust(pool, cap) {
      const at = now();
      await store.set(keyOf(pool, at), String(cap), { ttlMs: ttlAt(at) });
    },
  };
}

function nextUtcMidnight(at: number): number {
  return nextMidnight(at).getTime();
}
