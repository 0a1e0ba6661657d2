import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs, decideRetry, isRepeatedDeleteDone, mayHaveBeenApplied, nextUtcMidnight, parseRetryAfter,
  resolveRetryPolicy, RETRY_DEFAULTS, type AttemptOutcome,
} from '../../src/zoom/retry.ts';
import type { HttpMethod } from '../../src/zoom/operations.ts';

const NOW = Date.UTC(2024, 4, 30, 23, 59, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds relative to now', () => {
    expect(parseRetryAfter('3', NOW)?.getTime()).toBe(NOW + 3000);
    expect(parseRetryAfter(' 0 ', NOW)?.getTime()).toBe(NOW);
  });
  it("reads Zoom's documented ISO date-time", () => {
    expect(parseRetryAfter('2020-05-31T00:00:00Z', NOW)?.toISOString()).toBe('2020-05-31T00:00:00.000Z');
    expect(parseRetryAfter('2020-05-31T02:00:00+02:00', NOW)?.toISOString()).toBe('2020-05-31T00:00:00.000Z');
  });
  it('reads a zone-less ISO date-time as UTC', () => {
    expect(parseRetryAfter('2020-05-31T00:00:00', NOW)?.toISOString()).toBe('2020-05-31T00:00:00.000Z');
  });
  it('reads the three HTTP-date forms', () => {
    const expected = '1994-11-06T08:49:37.000Z';
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)?.toISOString()).toBe(expected);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW)?.toISOString()).toBe(expected);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', NOW)?.toISOString()).toBe(expected);
  });
  it('rejects what is none of them instead of guessing', () => {
    for (const value of [undefined, '', '5.5', '-1', 'soon', '2020-05-31', 'Sun, 06 Nov 1994']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });
});

describe('nextUtcMidnight', () => {
  it('is the next 00:00 UTC, also across a month end', () => {
    expect(nextUtcMidnight(NOW).toISOString()).toBe('2024-05-31T00:00:00.000Z');
    expect(nextUtcMidnight(Date.UTC(2024, 0, 31, 0, 0, 0)).toISOString()).toBe('2024-02-01T00:00:00.000Z');
  });
});

describe('backoffDelayMs', () => {
  const policy = { ...RETRY_DEFAULTS, baseDelayMs: 100, maxDelayMs: 1000 };
  it('is full jitter over an exponential ceiling with a cap', () => {
    expect(backoffDelayMs(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, policy, () => 0.5)).toBe(500);
    expect(backoffDelayMs(100, policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
  });
});

describe('resolveRetryPolicy', () => {
  it('merges onto the defaults and rejects nonsense with the field name', () => {
    expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({ ...RETRY_DEFAULTS, maxAttempts: 2 });
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryPolicy({ budgetMs: -1 })).toThrow(/budgetMs/);
    expect(() => resolveRetryPolicy({ baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
  });
});

describe('decideRetry', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 };
  const decide = (outcome: AttemptOutcome, method: HttpMethod, extra: { attempt?: number; now?: number } = {}) =>
    decideRetry(outcome, { method, attempt: extra.attempt ?? 1, startedAt: NOW, now: extra.now ?? NOW, policy, random: () => 0.5 });
  const status = (s: number, more: Partial<Extract<AttemptOutcome, { kind: 'status' }>> = {}): AttemptOutcome => ({ kind: 'status', status: s, ...more });

  it('retries 502/503/504 for GET, PATCH and DELETE but not POST or PUT', () => {
    for (const s of [502, 503, 504]) {
      for (const m of ['GET', 'PATCH', 'DELETE'] as const) expect(decide(status(s), m)).toEqual({ action: 'retry', delayMs: 50 });
      for (const m of ['POST', 'PUT'] as const) expect(decide(status(s), m)).toEqual({ action: 'fail', reason: 'not-retryable' });
    }
  });
  it('never retries 500 or other 4xx', () => {
    for (const s of [500, 400, 401, 403, 404, 409]) expect(decide(status(s), 'GET').action).toBe('fail');
  });
  it('retries a QPS 429 for every method, waiting until Retry-After', () => {
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(decide(status(429, { retryAt: new Date(NOW + 1500) }), m)).toEqual({ action: 'retry', delayMs: 1500 });
    }
    expect(decide(status(429), 'POST')).toEqual({ action: 'retry', delayMs: 50 });
    expect(decide(status(429, { retryAt: new Date(NOW - 5) }), 'GET')).toEqual({ action: 'retry', delayMs: 0 });
  });
  it('never retries a daily-limit 429', () => {
    expect(decide(status(429, { isDailyLimit: true, retryAt: new Date(NOW + 1000) }), 'GET')).toEqual({ action: 'fail', reason: 'not-retryable' });
  });
  it('fails at once when Retry-After lies past the budget', () => {
    expect(decide(status(429, { retryAt: new Date(NOW + 10_001) }), 'GET')).toEqual({ action: 'fail', reason: 'budget-exhausted' });
    expect(decide(status(503), 'GET', { now: NOW + 9_990 })).toEqual({ action: 'fail', reason: 'budget-exhausted' });
  });
  it('retries a connection that was never made for every method, a reset or timeout only when safe', () => {
    expect(decide({ kind: 'transport', failure: 'not-sent' }, 'POST').action).toBe('retry');
    expect(decide({ kind: 'transport', failure: 'network' }, 'POST').action).toBe('fail');
    expect(decide({ kind: 'transport', failure: 'timeout' }, 'PUT').action).toBe('fail');
    expect(decide({ kind: 'transport', failure: 'network' }, 'DELETE').action).toBe('retry');
    expect(decide({ kind: 'transport', failure: 'timeout' }, 'GET').action).toBe('retry');
  });
  it('stops after maxAttempts', () => {
    expect(decide(status(503), 'GET', { attempt: 2 }).action).toBe('retry');
    expect(decide(status(503), 'GET', { attempt: 3 })).toEqual({ action: 'fail', reason: 'attempts-exhausted' });
  });
});

describe('mayHaveBeenApplied', () => {
  it('is true when the request may have reached Zoom but no answer of its own came back', () => {
    for (const outcome of [
      { kind: 'transport', failure: 'network' },
      { kind: 'transport', failure: 'timeout' },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 504 },
    ] satisfies AttemptOutcome[]) {
      expect(mayHaveBeenApplied(outcome)).toBe(true);
    }
  });
  it('is false when Zoom certainly did not act, or answered for itself', () => {
    for (const outcome of [
      { kind: 'transport', failure: 'not-sent' },
      { kind: 'status', status: 429 },
      { kind: 'status', status: 401 },
      { kind: 'status', status: 404 },
      { kind: 'status', status: 500 },
    ] satisfies AttemptOutcome[]) {
      expect(mayHaveBeenApplied(outcome)).toBe(false);
    }
  });
});

describe('isRepeatedDeleteDone', () => {
  it('is true only for a DELETE answering 404 after an attempt that may have been applied', () => {
    expect(isRepeatedDeleteDone('DELETE', 404, true)).toBe(true);
    expect(isRepeatedDeleteDone('DELETE', 404, false)).toBe(false);
    expect(isRepeatedDeleteDone('DELETE', 400, true)).toBe(false);
    for (const method of ['GET', 'PATCH', 'POST', 'PUT'] as const) expect(isRepeatedDeleteDone(method, 404, true)).toBe(false);
  });
});
