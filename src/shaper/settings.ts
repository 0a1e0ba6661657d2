import { z } from 'zod';
import { commaList, row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';
import type { ZoomPlan } from '../zoom/plan-limits.ts';
import { RATE_SHAPER_DEFAULTS, type CallerWeights } from './create-rate-shaper.ts';

/** The rate shaper's part of the gateway's configuration. */
export interface ShaperConfig {
  /** Whose limits to keep to; `unlimited` shapes nothing (only Zoom's own 429s hold calls). */
  readonly plan: ZoomPlan | 'unlimited';
  /** Fraction (0, 1] of the plan's limits this gateway (all instances together) may spend. */
  readonly share: number;
  readonly weights: CallerWeights;
  /** Most calls of one category one caller may have waiting. */
  readonly maxQueuedPerCaller: number;
}

const WEIGHT_ENTRY = /^(admin|member|system):(\d{1,3}(?:\.\d+)?)$/;

/** `admin:4,member:1`: a weight (0.1 to 100) per role; roles not listed keep their default. */
const weightList = z.string().transform((value, context): Partial<CallerWeights> => {
  const weights: Partial<Record<keyof CallerWeights, number>> = {};
  const items = commaList(value);
  for (const item of items) {
    const match = WEIGHT_ENTRY.exec(item);
    const weight = Number(match?.[2]);
    if (match === null || !(weight >= 0.1 && weight <= 100)) {
      context.addIssue({ code: 'custom', message: 'bad entry' });
      return {};
    }
    weights[match[1] as keyof CallerWeights] = weight;
  }
  if (items.length === 0) context.addIssue({ code: 'custom', message: 'empty' });
  return weights;
});

const fraction = z
  .string()
  .regex(/^(?:0?\.\d+|1(?:\.0*)?|0)$/)
  .transform(Number)
  .pipe(z.number().min(0.05).max(1));

const defaultWeights = Object.entries(RATE_SHAPER_DEFAULTS.weights).map(([role, weight]) => `${role}:${weight}`).join(',');

/** The shaper's configuration variables (collected into the table in src/config/table.ts). */
export const SHAPER_SETTINGS = {
  ZOOM_PLAN: row(z.enum(['free', 'pro', 'business', 'unlimited']), {
    group: 'Zoom: rate shaping',
    description: 'Zoom plan of the account, whose rate limits (per category per second, daily caps) the gateway keeps its calls within; unlimited turns shaping off (only Zoom\'s own 429s then slow calls down).',
    defaultText: 'pro; in sandbox mode the value of SANDBOX_RATE_LIMITS',
    example: 'business',
    expected: 'one of free, pro, business, unlimited',
  }),
  ZOOM_RATE_SHARE: row(fraction, {
    group: 'Zoom: rate shaping',
    description: 'Fraction of the plan\'s limits this gateway (all its instances together) may spend; the rest is left to the other apps on the Zoom account.',
    defaultText: String(RATE_SHAPER_DEFAULTS.share),
    example: '0.5',
    expected: 'a decimal from 0.05 to 1',
  }),
  ZOOM_CALLER_WEIGHTS: row(weightList, {
    group: 'Zoom: rate shaping',
    description: 'Weights of callers\' Zoom calls when they queue for the rate limit, per role (system: calls outside a caller\'s request, such as webhook lookups): while several callers wait, each is served in proportion to its weight.',
    defaultText: defaultWeights,
    example: 'admin:8,member:1',
    expected: 'comma-separated role:weight entries (roles admin, member, system; weights from 0.1 to 100)',
  }),
  ZOOM_CALLER_MAX_QUEUED: row(wholeNumber(1, 100_000), {
    group: 'Zoom: rate shaping',
    description: 'Most Zoom calls of one rate-limit category one caller may have waiting for the rate limit; more are refused at once with RATE_LIMITED (reason CALLER_SHARE).',
    defaultText: String(RATE_SHAPER_DEFAULTS.maxQueuedPerCaller),
    example: '200',
    expected: 'a whole number from 1 to 100000',
  }),
};

/**
 * Builds the shaper's configuration. In sandbox mode the plan follows the sandbox's (`SANDBOX_RATE_LIMITS`) unless
 * `ZOOM_PLAN` says otherwise.
 */
export function resolveShaperConfig(
  values: SettingsValues<typeof SHAPER_SETTINGS>,
  _issues: ConfigIssue[],
  context: { sandboxRateLimits: ZoomPlan | 'unlimited' | null },
): ShaperConfig {
  return {
    plan: values.ZOOM_PLAN ?? context.sandboxRateLimits ?? RATE_SHAPER_DEFAULTS.plan,
    share: values.ZOOM_RATE_SHARE ?? RATE_SHAPER_DEFAULTS.share,
    weights: { ...RATE_SHAPER_DEFAULTS.weights, ...values.ZOOM_CALLER_WEIGHTS },
    maxQueuedPerCaller: values.ZOOM_CALLER_MAX_QUEUED ?? RATE_SHAPER_DEFAULTS.maxQueuedPerCaller,
  };
}
