import type { RateLimitCategory } from '../zoom/operations.ts';
import { dailyPoolOf, ZOOM_PLAN_LIMITS, type PlanLimits } from '../zoom/plan-limits.ts';
import { formatZoomTime } from './time.ts';
import type { Clock } from './types.ts';

/**
 * Zoom's per-account rate limits, shared by every app on the account: per-second windows per category, daily caps
 * on the Free plan, a per-minute window for Resource-intensive calls, and a daily pool that Heavy and
 * Resource-intensive share on paid plans.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export type RateLimitPreset = 'free' | 'pro' | 'business' | 'unlimited';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** The plan presets: Zoom's rate-limit table, shared with the gateway's rate shaper (src/zoom/plan-limits.ts). */
export const RATE_LIMIT_PRESETS: Readonly<Record<Exclude<RateLimitPreset, 'unlimited'>, PlanLimits>> = ZOOM_PLAN_LIMITS;

/** Default per-host limit of meeting creates/updates per UTC day. */
export const MEETING_WRITES_PER_HOST_PER_DAY_DEFAULT = 100;

/** A refused request: the 429 status, Zoom's body and headers. */
export interface RateLimitRejection {
  readonly status: 429;
  readonly body: { code: 429; message: string };
  readonly headers: Readonly<Record<string, string>>;
  readonly type: 'QPS' | 'Daily-limit';
}

export type RateLimitDecision =
  | { allowed: true; headers: Readonly<Record<string, string>> }
  | ({ allowed: false } & RateLimitRejection);

const QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';
const PER_MINUTE_MESSAGE = 'You have reached the maximum per-minute rate limit for this API. Try again later.';
const DAILY_MESSAGE = 'You have reached the maximum daily rate limit for this API. Try again later.';

/**
 * Per-account buckets per category with fixed windows aligned to the clock (so a test that sends N+1 requests at
 * one instant sees exactly one 429), plus Zoom's per-host daily meeting create/update limit (reset 00:00 UTC).
 * Everything reads the injected clock.
 */
export class SandboxRateLimiter {
  readonly #clock: Clock;
  readonly #limits: PlanLimits | undefined;
  readonly #meetingWritesPerHostPerDay: number;
  readonly #windows = new Map<string, { start: number; used: number }>();
  readonly #daily = new Map<string, { day: number; used: number }>();
  readonly #hostWrites = new Map<string, { day: number; used: number }>();

  /**
   * @param preset plan preset (default `pro`, as a paying customer's account would be); `unlimited` never refuses
   *   the account buckets (the per-host meeting write limit still applies)
   * @param meetingWritesPerHostPerDay meeting creates/updates per host user per UTC day (default 100)
   */
  constructor(clock: Clock, preset: RateLimitPreset = 'pro', meetingWritesPerHostPerDay = MEETING_WRITES_PER_HOST_PER_DAY_DEFAULT) {
    if (preset !== 'unlimited' && !(preset in RATE_LIMIT_PRESETS)) {
      throw new TypeError(`rateLimits must be one of free, pro, business, unlimited; got ${JSON.stringify(preset)}`);
    }
    if (!Number.isInteger(meetingWritesPerHostPerDay) || meetingWritesPerHostPerDay < 1) {
      throw new TypeError(
        `meetingWritesPerHostPerDay must be a positive integer, got ${String(meetingWritesPerHostPerDay)}`,
      );
    }
    this.#clock = clock;
    this.#limits = preset === 'unlimited' ? undefined : RATE_LIMIT_PRESETS[preset];
    this.#meetingWritesPerHostPerDay = meetingWritesPerHostPerDay;
  }

  /** Takes one request from the account's bucket for `category`. */
  take(category: RateLimitCategory): RateLimitDecision {
    const baseHeaders = { 'X-RateLimit-Category': category };
    if (this.#limits === undefined) return { allowed: true, headers: baseHeaders };
    const now = this.#clock();
    const limit = this.#limits.categories[category];

    const windowStart = now - (now % limit.windowMs);
    let window = this.#windows.get(category);
    if (window === undefined || window.start !== windowStart) {
      window = { start: windowStart, used: 0 };
      this.#windows.set(category, window);
    }
    if (window.used >= limit.limit) {
      return reject(
        category,
        'QPS',
        limit.windowMs === MINUTE ? PER_MINUTE_MESSAGE : QPS_MESSAGE,
        limit.limit,
        windowStart + limit.windowMs,
      );
    }

    const pool = dailyPoolOf(this.#limits, category);
    const dailyKey = pool?.pool ?? category;
    const dailyLimit = pool?.cap;
    const day = Math.floor(now / DAY);
    let daily: { day: number; used: number } | undefined;
    if (dailyLimit !== undefined) {
      daily = this.#daily.get(dailyKey);
      if (daily === undefined || daily.day !== day) {
        daily = { day, used: 0 };
        this.#daily.set(dailyKey, daily);
      }
      if (daily.used >= dailyLimit) {
        return reject(category, 'Daily-limit', DAILY_MESSAGE, dailyLimit, (day + 1) * DAY);
      }
      daily.used++;
    }
    window.used++;
    if (daily !== undefined && dailyLimit !== undefined) {
      return {
        allowed: true,
        headers: {
          ...baseHeaders,
          'X-RateLimit-Type': 'Daily-limit',
          'X-RateLimit-Limit': String(dailyLimit),
          'X-RateLimit-Remaining': String(dailyLimit - daily.used),
        },
      };
    }
    return { allowed: true, headers: baseHeaders };
  }

  /**
   * Counts one meeting create/update against `hostId`'s daily limit. Zoom: "100 Meeting Create/Update API requests
   * per day per user", reset at 00:00 UTC, with its own 429 message.
   * @see https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
   */
  takeMeetingWrite(hostId: string, category: RateLimitCategory): RateLimitDecision {
    const now = this.#clock();
    const day = Math.floor(now / DAY);
    let used = this.#hostWrites.get(hostId);
    if (used === undefined || used.day !== day) {
      used = { day, used: 0 };
      this.#hostWrites.set(hostId, used);
    }
    const limit = this.#meetingWritesPerHostPerDay;
    if (used.used >= limit) {
      return reject(
        category,
        'Daily-limit',
        `You have exceeded the daily rate limit (${limit}) of Meeting Create/Update API requests permitted for this ` +
          'particular user. You may resume these requests at GMT 00:00:00.',
        limit,
        (day + 1) * DAY,
      );
    }
    used.used++;
    return { allowed: true, headers: { 'X-RateLimit-Category': category } };
  }

  /**
   * The per-window limit of `category` under this preset, for `X-RateLimit-Limit`; the Pro figure under
   * `unlimited` (used by the 429-storm fault, which throttles whatever the preset).
   */
  qpsLimit(category: RateLimitCategory): number {
    return (this.#limits ?? RATE_LIMIT_PRESETS.pro).categories[category].limit;
  }

  /** Forgets every bucket. */
  reset(): void {
    this.#windows.clear();
    this.#daily.clear();
    this.#hostWrites.clear();
  }
}

/**
 * A 429 with Zoom's body and headers. `Retry-After` is an ISO date-time as Zoom documents it
 * (e.g. `2020-05-31T00:00:00Z`), for QPS the start of the next window.
 */
export function rateLimitRejection(
  category: RateLimitCategory,
  type: 'QPS' | 'Daily-limit',
  message: string,
  limit: number,
  retryAtMs: number,
): RateLimitRejection {
  return {
    status: 429,
    type,
    body: { code: 429, message },
    headers: {
      'X-RateLimit-Category': category,
      'X-RateLimit-Type': type,
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'Retry-After': formatZoomTime(Math.ceil(retryAtMs / 1000) * 1000),
    },
  };
}

/** Zoom's per-second 429 message, also used by the 429-storm fault. */
export const ZOOM_QPS_MESSAGE = QPS_MESSAGE;

function reject(
  category: RateLimitCategory,
  type: 'QPS' | 'Daily-limit',
  message: string,
  limit: number,
  retryAtMs: number,
): RateLimitDecision {
  return { allowed: false, ...rateLimitRejection(category, type, message, limit, retryAtMs) };
}
