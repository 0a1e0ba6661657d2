import type { HttpMethod } from './operations.ts';
import type { TransportFailureKind } from './transport.ts';

/**
 * How the client retries a failed Zoom call. Delays are full-jitter exponential backoff: before retry `n`
 * (1-based) it sleeps `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`, unless Zoom's `Retry-After` names a time.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export interface RetryPolicy {
  /** Attempts per call including the first one (a 401 token refresh is extra and not counted here). */
  maxAttempts: number;
  /** Backoff base in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay in milliseconds. */
  maxDelayMs: number;
  /**
   * Total time a call may spend, retries and waits included, in milliseconds from its start. A retry whose wait
   * would end past the budget is not made; a 429 whose `Retry-After` lies past it fails at once as `RATE_LIMITED`.
   */
  budgetMs: number;
}

/** The defaults of {@link RetryPolicy}: 4 attempts, 250 ms base, 4 s cap, 15 s budget. */
export const RETRY_DEFAULTS: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  budgetMs: 15_000,
});

/** Merges `overrides` onto {@link RETRY_DEFAULTS}, rejecting values that are not what each field expects. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): Readonly<RetryPolicy> {
  const policy = { ...RETRY_DEFAULTS, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1 || policy.maxAttempts > 20) {
    throw new TypeError(`retry.maxAttempts must be an integer from 1 to 20, got ${String(policy.maxAttempts)}`);
  }
  for (const field of ['baseDelayMs', 'maxDelayMs', 'budgetMs'] as const) {
    const value = policy[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`retry.${field} must be a finite number of milliseconds >= 0, got ${String(value)}`);
    }
  }
  return Object.freeze(policy);
}

/** Full-jitter delay before retry number `retry` (1 for the first retry), in milliseconds. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(random() * ceiling);
}

/**
 * GET, PATCH and DELETE are retried after 5xx gateway errors, resets and timeouts: Zoom applies a repeated PATCH or
 * DELETE with the same result. POST (a create) and PUT (meeting status actions) are not: a second one could act twice.
 *
 * A repeated PATCH /meetings/{id} is harmless to the meeting but not free: Zoom counts meeting create/update
 * *requests* against the host's 100 per day, so each retry of an update uses one more of them, whether or not the
 * lost attempt had been applied. Retries stay (issue 3 asks for them, and they are bounded by `maxAttempts`); a
 * host near its limit may see `DAILY_LIMIT` one retry sooner.
 * DELETE's one non-idempotent answer, a 404 once the lost attempt has deleted the meeting, is handled by
 * {@link isRepeatedDeleteDone}.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
 */
export function isRetrySafe(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PATCH' || method === 'DELETE';
}

/**
 * Whether an attempt that ended this way may have been applied by Zoom although its answer was lost: the
 * connection failed after the request was sent (`network`), the attempt timed out, or a gateway in front of Zoom
 * answered 502/503/504 (the request may have reached Zoom behind it). A 429, a 401 or a connection refused before
 * sending (`not-sent`) were certainly not applied; any other answer is Zoom's own, and final.
 */
export function mayHaveBeenApplied(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'transport') return outcome.failure === 'network' || outcome.failure === 'timeout';
  return outcome.status === 502 || outcome.status === 503 || outcome.status === 504;
}

/**
 * A DELETE repeated after an attempt that {@link mayHaveBeenApplied} and answered 404 (Zoom 3001, "Meeting does not
 * exist") has succeeded: the lost attempt deleted the resource, and the caller must hear what a 204 tells it, not
 * NOT_FOUND for its own delete. A 404 to a DELETE whose earlier attempts were certainly not applied (or to the first
 * attempt) stays an error: the resource was not there to begin with.
 * @param mayEarlierHaveApplied some earlier attempt of this call {@link mayHaveBeenApplied}.
 */
export function isRepeatedDeleteDone(method: HttpMethod, status: number, mayEarlierHaveApplied: boolean): boolean {
  return method === 'DELETE' && status === 404 && mayEarlierHaveApplied;
}

const SECONDS = /^\d+$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const ISO_HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
// RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Parses `Retry-After` into the moment a retry is allowed. Zoom documents an ISO date-time
 * (`2020-05-31T00:00:00Z`); delay-seconds and HTTP-dates are seen as well, so all three are accepted. A zone-less
 * ISO value is read as UTC (Zoom's limits reset on UTC boundaries). Returns `undefined` when absent or unparseable.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 * @param nowMs the current time in epoch milliseconds, the base of the delay-seconds form.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): Date | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (SECONDS.test(text)) ms = nowMs + Number(text) * 1000;
  else if (ISO_DATE_TIME.test(text)) ms = Date.parse(ISO_HAS_ZONE.test(text) ? text : `${text}Z`);
  else if (IMF_FIXDATE.test(text) || RFC_850.test(text)) ms = Date.parse(text);
  else if (ASCTIME.test(text)) ms = Date.parse(`${text} GMT`);
  else return undefined;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The next 00:00:00 UTC after `nowMs`: when Zoom's daily limits reset. */
export function nextUtcMidnight(nowMs: number): Date {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; isDailyLimit?: boolean; retryAt?: Date }
  | { kind: 'transport'; failure: Exclude<TransportFailureKind, 'aborted'> };

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'fail'; reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exhausted' };

export interface RetryState {
  method: HttpMethod;
  /** Attempts made so far under the policy (1 after the first). */
  attempt: number;
  /** When the call started, epoch ms. */
  startedAt: number;
  now: number;
  policy: RetryPolicy;
  random: () => number;
}

/**
 * The retry rules in one place:
 * - 429 QPS (or without a type): retried for every method, Zoom did not process it; waits until `Retry-After`
 *   when given, else backs off. A daily-limit 429 is never retried: it lasts until midnight UTC.
 * - 502/503/504, connection reset and timeout: retried only when {@link isRetrySafe}.
 * - Connection refused / DNS failure (`not-sent`): retried for every method; nothing reached Zoom.
 * - 500 is not retried: Zoom's 500s are mostly deterministic for a given request, so a retry only costs quota.
 * - Everything else (4xx) is final.
 */
export function decideRetry(outcome: AttemptOutcome, state: RetryState): RetryDecision {
  let delayMs: number;
  if (outcome.kind === 'status') {
    const { status } = outcome;
    if (status === 429 && !outcome.isDailyLimit) {
      delayMs = outcome.retryAt === undefined
        ? backoffDelayMs(state.attempt, state.policy, state.random)
        : Math.max(0, outcome.retryAt.getTime() - state.now);
    } else if ((status === 502 || status === 503 || status === 504) && isRetrySafe(state.method)) {
      delayMs = backoffDelayMs(state.attempt, state.policy, state.random);
    } else {
      return { action: 'fail', reason: 'not-retryable' };
    }
  } else if (outcome.failure === 'not-sent' || isRetrySafe(state.method)) {
    delayMs = backoffDelayMs(state.attempt, state.policy, state.random);
  } else {
    return { action: 'fail', reason: 'not-retryable' };
  }
  if (state.now + delayMs > state.startedAt + state.policy.budgetMs) return { action: 'fail', reason: 'budget-exhausted' };
  if (state.attempt >= state.policy.maxAttempts) return { action: 'fail', reason: 'attempts-exhausted' };
  return { action: 'retry', delayMs };
}
