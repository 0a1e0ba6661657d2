import type { SharedStore } from '../state/store.ts';
import type { RateLimitCategory } from './operations.ts';

/** The answer of {@link RateLimiter.acquire}. */
export type RateLimitPermit =
  /** `grantedAt`: when the limiter let the call go (epoch ms), to be handed back in {@link RateLimitObservation}. */
  | { ok: true; grantedAt?: number }
  /**
   * The call may not go out: fail now instead of waiting; retry at `retryAt`. `reason`: why, when it is not a
   * per-second hold or wait past the caller's deadline (`QPS`, the default): `DAILY_LIMIT`, a daily cap would be
   * passed; `CALLER_SHARE`, this caller has more calls waiting than its share allows.
   */
  | { ok: false; retryAt: Date; reason?: 'QPS' | 'DAILY_LIMIT' | 'CALLER_SHARE' };

/** What the client tells the limiter after each answer from Zoom. */
export interface RateLimitObservation {
  status: number;
  /** `X-RateLimit-Type` of the answer (`QPS` or `Daily-limit`). */
  rateLimitType?: string;
  isDailyLimit: boolean;
  /** For a 429: when Zoom allows the next call. */
  retryAt?: Date;
  /**
   * A daily-limit 429 that is about one host user (100 meeting creates/updates per day), not the account's pool.
   * @see https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
   */
  isPerUserLimit?: boolean;
  /** The `grantedAt` of the permit this attempt went out on, when the limiter gave one. */
  grantedAt?: number;
}

/**
 * Consulted before every attempt with the operation's rate-limit category (Zoom limits per account and category).
 * The default, {@link createHoldRateLimiter}, only reacts to 429s; proactive shaping and a shared (Redis) limiter
 * can implement the same interface.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export interface RateLimiter {
  /**
   * Resolves when a call of `category` may be sent. Waits at most until `deadline` (epoch ms); if the wait would
   * end later, resolves at once with `ok: false`. Rejects with the signal's reason when `signal` aborts.
   */
  acquire(category: RateLimitCategory, options: { deadline: number; signal?: AbortSignal }): Promise<RateLimitPermit>;
  /** Reports Zoom's answer to a call of `category`. */
  observe(category: RateLimitCategory, observation: RateLimitObservation): void;
}

/** Options of {@link createHoldRateLimiter}. */
export interface HoldRateLimiterOptions {
  /**
   * Where holds are shared: give instances one store (Redis) and a 429 seen by one holds the category on all.
   * Default: none, the holds stay in this process.
   */
  store?: SharedStore;
  /** Prefix of the hold keys in `store` (`<prefix><category>`). Default `hold:`. */
  keyPrefix?: string;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms` milliseconds or rejects when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A hold can be extended by a 429 that arrives while callers wait; they re-check at most this many times. */
const MAX_REWAITS = 8;
/** Rounds of the compare loop that raises a stored hold; each lost round means another writer moved it. */
const MAX_RAISE_ROUNDS = 4;

/**
 * After a QPS 429 with `Retry-After` in a category, holds every further call of that category until then instead
 * of sending calls Zoom will refuse (each refused call still counts against the account's quota).
 *
 * With a `store`, the hold is shared: every instance on it holds the category until the latest `Retry-After` any of
 * them saw, instead of each drawing its own 429s. Each keeps a local copy: while a hold it knows of runs, calls wait
 * without asking the store, and if the store fails the local copy still holds; with no hold known, an acquire costs
 * one store read. Holds are absolute times, so instances need clocks in step (NTP), as Zoom's `Retry-After` date does.
 */
export function createHoldRateLimiter(options: HoldRateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const { store } = options;
  const keyPrefix = options.keyPrefix ?? 'hold:';
  const local = new Map<RateLimitCategory, number>();

  const raiseLocal = (category: RateLimitCategory, until: number): void => {
    if (until > (local.get(category) ?? 0)) local.set(category, until);
  };

  /** The later of the local hold and the stored one; the store is asked only when no local hold is running. */
  async function heldUntil(category: RateLimitCategory): Promise<number> {
    const known = local.get(category) ?? 0;
    if (store === undefined || known > now()) return known;
    const stored = Number(await store.get(`${keyPrefix}${category}`).catch(() => undefined));
    if (Number.isFinite(stored)) raiseLocal(category, stored);
    return local.get(category) ?? 0;
  }

  /**
   * Stores `until` unless a later hold is stored already, with the store's own atomic steps: set if absent, else
   * remove the earlier value by compare-and-delete and try again. Concurrent writers end with the latest time.
   */
  async function raiseStored(shared: SharedStore, category: RateLimitCategory, until: number): Promise<void> {
    const key = `${keyPrefix}${category}`;
    for (let round = 0; round < MAX_RAISE_ROUNDS; round++) {
      const ttlMs = Math.ceil(until - now());
      if (ttlMs <= 0) return;
      if (await shared.setIfAbsent(key, String(until), { ttlMs })) return;
      const current = await shared.get(key);
      if (current !== undefined && Number(current) >= until) return;
      if (current !== undefined) await shared.deleteIfEquals(key, current);
    }
  }

  return {
    async acquire(category, { deadline, signal }) {
      for (let i = 0; i < MAX_REWAITS; i++) {
        const until = await heldUntil(category);
        const current = now();
        if (until <= current) return { ok: true };
        if (until > deadline) return { ok: false, retryAt: new Date(until) };
        await sleep(until - current, signal);
      }
      return { ok: true };
    },
    observe(category, observation) {
      if (observation.status !== 429 || observation.isDailyLimit || observation.retryAt === undefined) return;
      const until = observation.retryAt.getTime();
      raiseLocal(category, until);
      if (store !== undefined) void raiseStored(store, category, until).catch(() => undefined);
    },
  };
}

/** A timer-based sleep that rejects with the signal's reason when aborted. */
export async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return;
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
