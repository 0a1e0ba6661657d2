import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/readiness/breaker.ts';
import { zoomOutcomeOf } from '../../src/readiness/zoom-checks.ts';

describe('createCircuitBreaker', () => {
  const clock = { now: 0 };
  const make = () => createCircuitBreaker({ window: 4, minCalls: 3, failureRatio: 0.5, openMs: 1_000, now: () => clock.now });

  it('opens at the failure ratio over the last calls once minCalls are counted, and not before', () => {
    const breaker = make();
    breaker.record('failure');
    breaker.record('failure');
    expect(breaker.state).toBe('closed');
    breaker.record('success');
    expect(breaker.snapshot()).toMatchObject({ state: 'open', calls: 3, failures: 2 });
  });

  it('forgets outcomes older than the window', () => {
    const breaker = make();
    for (const outcome of ['failure', 'success', 'success', 'success', 'success'] as const) breaker.record(outcome);
    expect(breaker.snapshot()).toEqual({ state: 'closed', calls: 4, failures: 0 });
    breaker.record('failure');
    expect(breaker.state).toBe('closed');
    breaker.record('failure');
    expect(breaker.state).toBe('open');
  });

  it('half-opens after openMs: a success closes it with a clean window, a failure opens it again', () => {
    clock.now = 0;
    const breaker = make();
    for (let i = 0; i < 3; i++) breaker.record('failure');
    clock.now = 999;
    expect(breaker.state).toBe('open');
    clock.now = 1_000;
    expect(breaker.state).toBe('half-open');
    breaker.record('failure');
    expect(breaker.state).toBe('open');
    clock.now = 2_000;
    breaker.record('success');
    expect(breaker.snapshot()).toEqual({ state: 'closed', calls: 0, failures: 0 });
  });

  it('refuses settings under which it could never open', () => {
    expect(() => createCircuitBreaker({ window: 2, minCalls: 3, failureRatio: 0.5, openMs: 0 })).toThrow(/minCalls/);
    expect(() => createCircuitBreaker({ window: 2, minCalls: 1, failureRatio: 0, openMs: 0 })).toThrow(/failureRatio/);
  });
});

describe('zoomOutcomeOf', () => {
  it('counts 5xx and transport failures as failures, other answers as successes, and neither 429 nor aborts', () => {
    expect([503, 500, 404, 200, 401, 429].map((status) => zoomOutcomeOf({ status }))).toEqual(['failure', 'failure', 'success', 'success', 'success', undefined]);
    expect(['not-sent', 'network', 'timeout', 'aborted'].map((failure) => zoomOutcomeOf({ failure }))).toEqual(['failure', 'failure', 'failure', undefined]);
  });
});
