import { describe, expect, it } from 'vitest';
import { createHoldRateLimiter } from '../../src/zoom/rate-limit.ts';

function fakeTime(start: number) {
  let t = start;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => { sleeps.push(ms); t += ms; }, sleeps };
}

describe('createHoldRateLimiter', () => {
  it('lets calls through until a QPS 429 names a Retry-After, then holds that category only', async () => {
    const time = fakeTime(1_000_000);
    const limiter = createHoldRateLimiter(time);
    expect(await limiter.acquire('Light', { deadline: 2_000_000 })).toEqual({ ok: true });
    limiter.observe('Light', { status: 429, rateLimitType: 'QPS', isDailyLimit: false, retryAt: new Date(1_001_500) });
    expect(await limiter.acquire('Medium', { deadline: 2_000_000 })).toEqual({ ok: true });
    expect(time.sleeps).toEqual([]);
    expect(await limiter.acquire('Light', { deadline: 2_000_000 })).toEqual({ ok: true });
    expect(time.sleeps).toEqual([1500]);
    expect(await limiter.acquire('Light', { deadline: 2_000_000 })).toEqual({ ok: true });
    expect(time.sleeps).toEqual([1500]);
  });
  it('answers ok:false with retryAt instead of waiting past the deadline', async () => {
    const time = fakeTime(0);
    const limiter = createHoldRateLimiter(time);
    limiter.observe('Heavy', { status: 429, isDailyLimit: false, retryAt: new Date(5000) });
    expect(await limiter.acquire('Heavy', { deadline: 4999 })).toEqual({ ok: false, retryAt: new Date(5000) });
    expect(time.sleeps).toEqual([]);
  });
  it('ignores daily limits, other statuses and 429s without Retry-After', async () => {
    const time = fakeTime(0);
    const limiter = createHoldRateLimiter(time);
    limiter.observe('Light', { status: 429, isDailyLimit: true, retryAt: new Date(99_000) });
    limiter.observe('Light', { status: 503, isDailyLimit: false, retryAt: new Date(99_000) });
    limiter.observe('Light', { status: 429, isDailyLimit: false });
    expect(await limiter.acquire('Light', { deadline: 1 })).toEqual({ ok: true });
  });
  it('rejects with the abort reason while holding', async () => {
    const limiter = createHoldRateLimiter({ now: () => 0 });
    limiter.observe('Light', { status: 429, isDailyLimit: false, retryAt: new Date(60_000) });
    const controller = new AbortController();
    const pending = limiter.acquire('Light', { deadline: 120_000, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
