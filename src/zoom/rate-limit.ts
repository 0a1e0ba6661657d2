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
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms` milliseconds or rejects when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A hold can be extended by a 429 that arrives while callers wait; they re-check at most this many times. */
const MAX_REWAITS = 8;

/**
 * After a QPS 429 with `Retry-After` in a category, holds every further call of that category until then instead
 * of sending calls Zoom will refuse (each refused call still counts against the account's quota).
 */
export function createHoldRateLimiter(options: HoldRateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const heldUntil = new Map<RateLimitCategory, number>();

  return {
    async acquire(category, { deadline, signal }) {
      for (let i = 0; i < MAX_REWAITS; i++) {
        const until = heldUntil.get(category);
        const current = now();
        if (until === undefined || until <= current) return { ok: true };
        if (until > deadline) return { ok: false, retryAt: new Date(until) };
        await sleep(until - current, signal);
      }
      return { ok: true };
    },
    observe(category, observation) {
      if (observation.status !== 429 || observation.isDailyLimit || observation.retryAt === undefined) return;
      const until = observation.retryAt.getTime();
      if (until > (heldUntil.get(category) ?? 0)) heldUntil.set(category, until);
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
