import type { RateLimitCategory } from './operations.ts';

/**
 * Zoom's per-account rate limits by plan, shared by every app on the account: a per-second window per category
 * (per minute for Resource-intensive), daily caps per category on the Free plan, and a daily pool that Heavy and
 * Resource-intensive calls share on paid plans. Daily counts reset at 00:00 UTC.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export type ZoomPlan = 'free' | 'pro' | 'business';

export interface CategoryLimit {
  /** Requests per window. */
  readonly limit: number;
  /** Window length in milliseconds (1 s, or 60 s for Resource-intensive). */
  readonly windowMs: number;
  /** Requests per UTC day, when the plan caps the category on its own. */
  readonly daily?: number;
}

export interface PlanLimits {
  readonly categories: Readonly<Record<RateLimitCategory, CategoryLimit>>;
  /** Daily pool shared by Heavy and Resource-intensive (paid plans). */
  readonly heavyDailyPool?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The plans' limits, from Zoom's rate-limit table (see `zoom-facts.md`). */
export const ZOOM_PLAN_LIMITS: Readonly<Record<ZoomPlan, PlanLimits>> = Object.freeze({
  free: {
    categories: {
      Light: { limit: 4, windowMs: SECOND, daily: 6000 },
      Medium: { limit: 2, windowMs: SECOND, daily: 2000 },
      Heavy: { limit: 1, windowMs: SECOND, daily: 1000 },
      'Resource-intensive': { limit: 10, windowMs: MINUTE },
    },
  },
  pro: {
    categories: {
      Light: { limit: 30, windowMs: SECOND },
      Medium: { limit: 20, windowMs: SECOND },
      Heavy: { limit: 10, windowMs: SECOND },
      'Resource-intensive': { limit: 10, windowMs: MINUTE },
    },
    heavyDailyPool: 30_000,
  },
  business: {
    categories: {
      Light: { limit: 80, windowMs: SECOND },
      Medium: { limit: 60, windowMs: SECOND },
      Heavy: { limit: 40, windowMs: SECOND },
      'Resource-intensive': { limit: 20, windowMs: MINUTE },
    },
    heavyDailyPool: 60_000,
  },
});

/**
 * The daily count a call of `category` draws from under `plan`: the category's own cap (Free), the Heavy and
 * Resource-intensive pool (paid plans), or none.
 */
export function dailyPoolOf(plan: PlanLimits, category: RateLimitCategory): { pool: string; cap: number } | undefined {
  const own = plan.categories[category].daily;
  if (own !== undefined) return { pool: category, cap: own };
  if ((category === 'Heavy' || category === 'Resource-intensive') && plan.heavyDailyPool !== undefined) {
    return { pool: 'heavy-pool', cap: plan.heavyDailyPool };
  }
  return undefined;
}
