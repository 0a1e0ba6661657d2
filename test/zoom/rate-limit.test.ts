import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import { createHoldRateLimiter } from '../../src/zoom/rate-limit.ts';
import { createTestRedisStore } from '../helpers/redis.ts';

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

describe('createHoldRateLimiter on a shared store (several instances)', () => {
  const qps429 = (retryAt: number) => ({ status: 429, rateLimitType: 'QPS', isDailyLimit: false, retryAt: new Date(retryAt) });

  it('a 429 seen by one instance holds that category on the others, with the same Retry-After', async () => {
    const redis = createTestRedisStore();
    try {
      const start = Date.now();
      const a = createHoldRateLimiter({ store: redis.store, now: () => start });
      const time = fakeTime(start);
      const b = createHoldRateLimiter({ store: redis.store, ...time });
      a.observe('Light', qps429(start + 1_500));
      await waitForStored(redis, 'hold:Light');
      expect(await b.acquire('Medium', { deadline: start + 10_000 })).toEqual({ ok: true });
      expect(await b.acquire('Light', { deadline: start + 1_000 })).toEqual({ ok: false, retryAt: new Date(start + 1_500) });
      expect(await b.acquire('Light', { deadline: start + 10_000 })).toEqual({ ok: true });
      expect(time.sleeps).toEqual([1_500]);
    } finally {
      await redis.cleanup();
    }
  });

  it('keeps the latest hold whatever order instances write in', async () => {
    const redis = createTestRedisStore();
    try {
      const start = Date.now();
      const instances = Array.from({ length: 4 }, () => createHoldRateLimiter({ store: redis.store, now: () => start }));
      instances[0]!.observe('Heavy', qps429(start + 3_000));
      await waitForStored(redis, 'hold:Heavy');
      // Earlier and later holds raced from three instances: the stored one ends up the latest of all.
      instances[1]!.observe('Heavy', qps429(start + 1_000));
      instances[2]!.observe('Heavy', qps429(start + 5_000));
      instances[3]!.observe('Heavy', qps429(start + 2_000));
      await waitForStored(redis, 'hold:Heavy', String(start + 5_000));
      const late = createHoldRateLimiter({ store: redis.store, now: () => start });
      expect(await late.acquire('Heavy', { deadline: start + 4_000 })).toEqual({ ok: false, retryAt: new Date(start + 5_000) });
      // Stored with Redis's own expiry, so it goes by itself.
      expect(await redis.redis.pttl(`${redis.keyPrefix}hold:Heavy`)).toBeGreaterThan(0);
    } finally {
      await redis.cleanup();
    }
  });

  it('still holds from its local copy when the store fails', async () => {
    const failing = { ...createMemoryStore(), get: async () => { throw new Error('store down'); }, setIfAbsent: async () => { throw new Error('store down'); } };
    const limiter = createHoldRateLimiter({ store: failing, now: () => 0 });
    limiter.observe('Light', qps429(5_000));
    expect(await limiter.acquire('Light', { deadline: 1_000 })).toEqual({ ok: false, retryAt: new Date(5_000) });
    expect(await limiter.acquire('Medium', { deadline: 1_000 })).toEqual({ ok: true });
  });
});

async function waitForStored(redis: ReturnType<typeof createTestRedisStore>, key: string, value?: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const stored = await redis.redis.get(`${redis.keyPrefix}${key}`);
    if (stored !== null && (value === undefined || stored === value)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${key} was never stored${value === undefined ? '' : ` as ${value}`}`);
}
