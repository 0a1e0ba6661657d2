import { createMemoryStore } from '../state/memory-store.ts';
import type { SharedStore } from '../state/store.ts';
import type { RateLimitCategory } from '../zoom/operations.ts';
import { dailyPoolOf, ZOOM_PLAN_LIMITS, type ZoomPlan } from '../zoom/plan-limits.ts';
import { createHoldRateLimiter, type RateLimiter, type RateLimitPermit } from '../zoom/rate-limit.ts';
import { createCallerScope, type CallerScope, type ShaperCaller } from './caller-scope.ts';
import { createDailyCounter } from './daily-counter.ts';
import { FairQueue } from './fair-queue.ts';
import { createPriorityReserve } from './priority-reserve.ts';
import { createWindowCounter } from './window-counter.ts';

/** What the shaper reports to telemetry (see `recordShaperEvent` in src/telemetry). */
export type ShaperEvent =
  | {
      kind: 'acquire';
      category: RateLimitCategory;
      /** Milliseconds from asking to the answer (a hold, the queue and the window together). */
      waitedMs: number;
      outcome: 'granted' | 'refused-daily' | 'refused-deadline' | 'refused-share';
    }
  | { kind: 'feedback'; category: RateLimitCategory; type: 'QPS' | 'Daily-limit' };

/** One category's bucket as {@link RateShaper.snapshot} reports it. */
export interface BucketFill {
  category: RateLimitCategory;
  /** Calls the shared window could still take when last looked at. */
  tokens: number;
  /** Calls the window allows: the plan's limit times the share. */
  capacity: number;
}

/** Weights of the callers' flows by role: while several callers wait, each is served in proportion to its weight. */
export interface CallerWeights {
  readonly admin: number;
  readonly member: number;
  /** Calls made outside any caller's operation (the webhook receiver's lookups). */
  readonly system: number;
}

/** Options of {@link createRateShaper}. */
export interface RateShaperOptions {
  /** Whose limits to keep to: a Zoom plan, or `unlimited` (no shaping; only the 429 hold). Default `pro`. */
  plan?: ZoomPlan | 'unlimited';
  /**
   * Fraction of the plan's limits (per-second windows and daily caps) this gateway may spend, all its instances
   * together; the rest is left to the account's other apps. In (0, 1]. Default 0.8.
   */
  share?: number;
  /** Default {@link RATE_SHAPER_DEFAULTS.weights}. */
  weights?: Partial<CallerWeights>;
  /** Most calls of one category one caller may have waiting; one more is refused `CALLER_SHARE`. Default 500. */
  maxQueuedPerCaller?: number;
  /** Where windows and daily counts live; share one store (Redis) between instances to share one budget. Default: memory. */
  store?: SharedStore;
  /** Prefix of the shaper's store keys. Default `shaper:`. */
  keyPrefix?: string;
  /** The 429 hold the shaper is composed with. Default {@link createHoldRateLimiter} on `store`. */
  hold?: RateLimiter;
  /** Where the current caller is read from. Default: a new scope (see {@link RateShaper.callers}). */
  callers?: CallerScope;
  /** Called for each acquire and each 429 fed back. Exceptions it throws are ignored. */
  onShaperEvent?: (event: ShaperEvent) => void;
  logger?: { warn(obj: Record<string, unknown>, msg: string): void };
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Defaults of {@link RateShaperOptions}. */
export const RATE_SHAPER_DEFAULTS = Object.freeze({
  plan: 'pro' as const,
  share: 0.8,
  weights: Object.freeze({ admin: 4, member: 1, system: 2 }),
  maxQueuedPerCaller: 500,
  keyPrefix: 'shaper:',
});

/**
 * The last calls of each window that only the highest-weight callers (admins by default) may take, while one of
 * them has used the category within the last minute (on any instance, see priority-reserve.ts): a flood of members' calls then leaves room for an
 * admin's call to go at once instead of waiting for the window to move.
 */
const RESERVE_FRACTION = 0.1;


/** A {@link RateLimiter} that keeps the gateway's Zoom calls within its budget; see {@link createRateShaper}. */
export interface RateShaper extends RateLimiter {
  /** Carries the caller of each Zoom call: bind the Zoom client of each operation's context with it. */
  readonly callers: CallerScope;
  /** The fill of each category's bucket (for a gauge). Empty when the plan is `unlimited`. */
  snapshot(): BucketFill[];
  /** Stops shaping (at shutdown): every waiting call, and every later one, is let go. */
  close(): void;
}

interface CategoryState {
  readonly category: RateLimitCategory;
  readonly limit: number;
  readonly windowMs: number;
  readonly reserve: number;
  readonly queue: FairQueue<Waiter>;
  isDispatching: boolean;
  wake?: () => void;
  remaining: number;
  /** A daily-limit 429 from Zoom for a category the plan has no pool for: refused locally until then. */
  dailyBlockedUntil: number;
}

interface Waiter {
  readonly isPriority: boolean;
  grant(at: number): void;
}

/**
 * Outbound shaping of Zoom calls, as a {@link RateLimiter} the Zoom client consults before each attempt:
 * - per category, a sliding window sized from the plan times the share, counted in the shared store so every
 *   instance draws on one budget; a call waits for its slot (up to its deadline) instead of drawing a 429;
 * - daily caps (the Free plan's per category, the paid plans' Heavy/Resource-intensive pool, 00:00 UTC) counted;
 *   a call that would pass one is refused at once (`DAILY_LIMIT`);
 * - waiting calls queued fairly by caller (weighted fair queuing, admins weighted higher), a caller with too many
 *   waiting refused (`CALLER_SHARE`);
 * - the existing 429 hold first, and 429s that still come (other apps on the account) filling the window.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export function createRateShaper(options: RateShaperOptions = {}): RateShaper {
  const now = options.now ?? Date.now;
  const planName = options.plan ?? RATE_SHAPER_DEFAULTS.plan;
  const share = options.share ?? RATE_SHAPER_DEFAULTS.share;
  if (!(share > 0 && share <= 1)) throw new TypeError(`createRateShaper: share must be in (0, 1], got ${String(share)}`);
  const weights: CallerWeights = { ...RATE_SHAPER_DEFAULTS.weights, ...options.weights };
  for (const [role, weight] of Object.entries(weights)) {
    if (!(Number.isFinite(weight) && weight > 0)) throw new TypeError(`createRateShaper: weights.${role} must be > 0, got ${String(weight)}`);
  }
  const topWeight = Math.max(...Object.values(weights));
  const maxQueued = options.maxQueuedPerCaller ?? RATE_SHAPER_DEFAULTS.maxQueuedPerCaller;
  if (!(Number.isInteger(maxQueued) && maxQueued >= 1)) {
    throw new TypeError(`createRateShaper: maxQueuedPerCaller must be a whole number >= 1, got ${String(maxQueued)}`);
  }
  const store = options.store ?? createMemoryStore({ now });
  const keyPrefix = options.keyPrefix ?? RATE_SHAPER_DEFAULTS.keyPrefix;
  // 429 holds live in the same store as the windows, so a Retry-After seen by one instance holds all of them.
  const hold = options.hold ?? createHoldRateLimiter({ now, store, keyPrefix: `${keyPrefix}hold:` });
  const callers = options.callers ?? createCallerScope();
  const plan = planName === 'unlimited' ? undefined : ZOOM_PLAN_LIMITS[planName];
  if (planName !== 'unlimited' && plan === undefined) {
    throw new TypeError(`createRateShaper: plan must be free, pro, business or unlimited, got ${JSON.stringify(planName)}`);
  }
  const budgetOf = (limit: number): number => Math.max(1, Math.floor(limit * share));

  let storeIsFailing = false;
  const storeFailed = (error: unknown): void => {
    if (storeIsFailing) return;
    storeIsFailing = true;
    options.logger?.warn({ err: error }, 'rate shaper: the shared store failed; counting in this process alone until it answers');
  };
  const windows = createWindowCounter({ store, keyPrefix, now, onStoreError: storeFailed });
  const daily = createDailyCounter({ store, keyPrefix, now });
  // While a highest-weight caller is about, on any instance, the last slots of each window are kept for them.
  const priority = createPriorityReserve({ store, keyPrefix, now, onStoreError: storeFailed });

  const states = new Map<RateLimitCategory, CategoryState>();
  if (plan !== undefined) {
    for (const [category, limits] of Object.entries(plan.categories) as Array<[RateLimitCategory, typeof plan.categories.Light]>) {
      const limit = budgetOf(limits.limit);
      states.set(category, {
        category, limit, windowMs: limits.windowMs,
        reserve: limit > 1 ? Math.max(1, Math.ceil(limit * RESERVE_FRACTION)) : 0,
        queue: new FairQueue<Waiter>(), isDispatching: false, remaining: limit, dailyBlockedUntil: 0,
      });
    }
  }
  let isClosed = false;

  function emit(event: ShaperEvent): void {
    try {
      options.onShaperEvent?.(event);
    } catch {
      // An observer must not break a call.
    }
  }
  const acquired = (category: RateLimitCategory, startedAt: number, outcome: Extract<ShaperEvent, { kind: 'acquire' }>['outcome']): void =>
    emit({ kind: 'acquire', category, waitedMs: Math.max(0, now() - startedAt), outcome });

  async function acquire(category: RateLimitCategory, { deadline, signal }: { deadline: number; signal?: AbortSignal }): Promise<RateLimitPermit> {
    signal?.throwIfAborted();
    const startedAt = now();
    const held = await hold.acquire(category, { deadline, signal });
    if (!held.ok) {
      acquired(category, startedAt, 'refused-deadline');
      return held;
    }
    const state = states.get(category);
    if (state === undefined || plan === undefined || isClosed) {
      acquired(category, startedAt, 'granted');
      return held;
    }
    if (state.dailyBlockedUntil > startedAt) {
      acquired(category, startedAt, 'refused-daily');
      return { ok: false, retryAt: new Date(state.dailyBlockedUntil), reason: 'DAILY_LIMIT' };
    }
    let pool = dailyPoolOf(plan, category)?.pool;
    if (pool !== undefined) {
      try {
        const reservation = await daily.reserve(pool, budgetOf(dailyPoolOf(plan, category)!.cap));
        if (!reservation.ok) {
          acquired(category, startedAt, 'refused-daily');
          return { ok: false, retryAt: new Date(reservation.retryAtMs), reason: 'DAILY_LIMIT' };
        }
      } catch (error) {
        // Without the store the day's count is unknown: let the call go (Zoom's own daily 429 still stops it).
        storeFailed(error);
        pool = undefined;
      }
    }
    // Checked right before queuing, with no await in between, so concurrent calls cannot all pass it.
    const caller = callers.current();
    if (state.queue.queued(caller.key) >= maxQueued) {
      if (pool !== undefined) void daily.refund(pool).catch(storeFailed);
      acquired(category, startedAt, 'refused-share');
      return { ok: false, retryAt: new Date(startedAt + state.windowMs), reason: 'CALLER_SHARE' };
    }
    let permit: RateLimitPermit;
    try {
      permit = await enqueue(state, caller, deadline, signal);
    } catch (error) {
      if (pool !== undefined) void daily.refund(pool).catch(storeFailed);
      throw error;
    }
    if (!permit.ok && pool !== undefined) void daily.refund(pool).catch(storeFailed);
    acquired(category, startedAt, permit.ok ? 'granted' : 'refused-deadline');
    return permit;
  }

  function enqueue(state: CategoryState, caller: ShaperCaller, deadline: number, signal: AbortSignal | undefined): Promise<RateLimitPermit> {
    const weight = weights[caller.role];
    return new Promise<RateLimitPermit>((resolve, reject) => {
      const cleanUp = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        isPriority: weight >= topWeight,
        grant(at) {
          cleanUp();
          resolve({ ok: true, grantedAt: at });
        },
      };
      const onAbort = (): void => {
        if (!state.queue.remove(caller.key, waiter)) return;
        cleanUp();
        reject(signal?.reason);
      };
      // Past its deadline the call fails instead of waiting longer (the client turns this into RATE_LIMITED).
      const timer = setTimeout(() => {
        if (!state.queue.remove(caller.key, waiter)) return;
        cleanUp();
        resolve({ ok: false, retryAt: new Date(now() + state.windowMs) });
      }, Math.max(0, deadline - now()));
      signal?.addEventListener('abort', onAbort, { once: true });
      state.queue.push(caller.key, weight, waiter);
      if (waiter.isPriority) priority.note(state.category);
      if (state.isDispatching) {
        // A sleeping dispatcher only needs waking for a caller the reserve may let through now.
        if (waiter.isPriority) state.wake?.();
      } else {
        void dispatch(state);
      }
    });
  }

  /** Hands out the window's slots to the waiting calls in fair order, one category at a time, until none wait. */
  async function dispatch(state: CategoryState): Promise<void> {
    state.isDispatching = true;
    try {
      while (state.queue.size > 0 && !isClosed) {
        let next = state.queue.peek()!;
        const reserve = (await priority.isActive(state.category)) ? state.reserve : 0;
        let taken = await windows.take(state.category, next.item.isPriority ? state.limit : state.limit - reserve, state.windowMs);
        if (!taken.ok && taken.used < state.limit) {
          // Refused only by the reserve: a high-weight caller further back may have it.
          const priority = state.queue.peek((waiter) => waiter.isPriority);
          if (priority !== undefined) {
            next = priority;
            taken = await windows.take(state.category, state.limit, state.windowMs);
          }
        }
        if (!taken.ok) {
          state.remaining = Math.max(0, state.limit - taken.used);
          await sleepUntil(state, taken.retryAtMs);
          continue;
        }
        state.remaining = taken.remaining;
        // The chosen call may have left (deadline, abort) while its slot was being taken: the next one gets it.
        if (!state.queue.remove(next.flow, next.item, true)) {
          const other = state.queue.peek();
          if (other === undefined) {
            await windows.release(state.category, state.windowMs);
            continue;
          }
          state.queue.remove(other.flow, other.item, true);
          next = other;
        }
        next.item.grant(now());
      }
    } catch (error) {
      // The window counter falls back to memory by itself; anything else is a bug: let the calls go rather than hang.
      options.logger?.warn({ err: error }, 'rate shaper: dispatcher failed; releasing waiting calls');
      for (let head = state.queue.peek(); head !== undefined; head = state.queue.peek()) {
        state.queue.remove(head.flow, head.item, true);
        head.item.grant(now());
      }
    } finally {
      state.isDispatching = false;
    }
  }

  function sleepUntil(state: CategoryState, at: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(1, at - now()));
      function done(): void {
        clearTimeout(timer);
        state.wake = undefined;
        resolve();
      }
      state.wake = done;
    });
  }

  return {
    callers,
    acquire,
    observe(category, observation) {
      hold.observe(category, observation);
      const state = states.get(category);
      if (state !== undefined && observation.grantedAt !== undefined) {
        void windows.settle(state.category, state.windowMs, observation.grantedAt).catch(storeFailed);
      }
      if (observation.status !== 429) return;
      if (observation.isDailyLimit) {
        emit({ kind: 'feedback', category, type: 'Daily-limit' });
        if (observation.isPerUserLimit === true || state === undefined || plan === undefined) return;
        const pool = dailyPoolOf(plan, category);
        if (pool !== undefined) void daily.exhaust(pool.pool, budgetOf(pool.cap)).catch(storeFailed);
        // Zoom counts the day for the whole account: this plan's caps may not be the account's.
        state.dailyBlockedUntil = Math.max(state.dailyBlockedUntil, observation.retryAt?.getTime() ?? 0);
        return;
      }
      emit({ kind: 'feedback', category, type: 'QPS' });
      if (state !== undefined) void windows.fill(state.category, state.limit, state.windowMs).catch(storeFailed);
    },
    snapshot() {
      return [...states.values()].map((state) => ({ category: state.category, tokens: state.remaining, capacity: state.limit }));
    },
    close() {
      isClosed = true;
      for (const state of states.values()) {
        state.wake?.();
        for (let head = state.queue.peek(); head !== undefined; head = state.queue.peek()) {
          state.queue.remove(head.flow, head.item);
          head.item.grant(now());
        }
      }
    },
  };
}
