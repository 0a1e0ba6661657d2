import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxRateLimiter } from '../../src/sandbox/rate-limit.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, createTestClock, fetchToken } from './fake-model.ts';

describe('account buckets over HTTP (pro preset, the default)', () => {
  const clock = createTestClock(Date.UTC(2026, 5, 15, 12, 0, 0, 250));
  let sandbox: Sandbox;
  let authorization: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ model: createFakeModel(), clock: clock.now });
    authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const get = (path: string) => fetch(`${sandbox.apiUrl}${path}`, { headers: { authorization } });

  it('answers the 31st Light request in one second with 429, Zoom\'s body and every header', async () => {
    for (let i = 0; i < 30; i++) {
      const ok = await get('/users/me');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-category')).toBe('Light');
      await ok.arrayBuffer();
    }
    const refused = await get('/users/me');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    expect(refused.headers.get('x-ratelimit-category')).toBe('Light');
    expect(refused.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('30');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBe('2026-06-15T12:00:01Z');
    expect(sandbox.stats.count('user', 429)).toBe(1);
    expect(sandbox.stats.log().at(-1)?.rateLimitType).toBe('QPS');

    // Medium has its own bucket; the next second refills Light.
    expect((await get('/users')).status).toBe(200);
    clock.advance(1000);
    expect((await get('/users/me')).status).toBe(200);
  });
});

describe('per-host meeting create/update limit over HTTP', () => {
  const clock = createTestClock(Date.UTC(2026, 5, 15, 23, 59, 0));
  let sandbox: Sandbox;
  let authorization: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ model: createFakeModel(), clock: clock.now, meetingWritesPerHostPerDay: 3, tokenTtlSeconds: 86_400 });
    authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
  });
  afterAll(() => sandbox.close());

  const create = (userId: string) =>
    fetch(`${sandbox.apiUrl}/users/${userId}/meetings`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'Standup' }),
    });

  it('refuses the host\'s 4th write of the day with its own body, Daily-limit and Retry-After at 00:00 UTC', async () => {
    const first = await create('me');
    const id = ((await first.json()) as { id: number }).id;
    expect((await create('owner@example.com')).status).toBe(201);
    const update = await fetch(`${sandbox.apiUrl}/meetings/${id}`, {
      method: 'PATCH', headers: { authorization, 'content-type': 'application/json' }, body: '{"topic":"x"}',
    });
    expect(update.status).toBe(204);

    const refused = await create('me');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      code: 429,
      message:
        'You have exceeded the daily rate limit (3) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.',
    });
    expect(refused.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(refused.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBe('2026-06-16T00:00:00Z');

    // Another host is not affected; a new UTC day resets the count.
    expect((await create('member-id')).status).toBe(201);
    clock.set(Date.UTC(2026, 5, 16, 0, 0, 0));
    expect((await create('me')).status).toBe(201);
  });
});

describe('SandboxRateLimiter', () => {
  it('applies the free plan\'s daily cap with Daily-limit headers and resets at 00:00 UTC', () => {
    const clock = createTestClock(Date.UTC(2026, 0, 1, 0, 0, 0));
    const limiter = new SandboxRateLimiter(clock.now, 'free');
    for (let i = 0; i < 2000; i++) {
      const decision = limiter.take('Medium');
      expect(decision.allowed).toBe(true);
      clock.advance(1000);
    }
    const refused = limiter.take('Medium');
    expect(refused).toMatchObject({
      allowed: false,
      status: 429,
      type: 'Daily-limit',
      body: { code: 429, message: 'You have reached the maximum daily rate limit for this API. Try again later.' },
      headers: { 'X-RateLimit-Type': 'Daily-limit', 'X-RateLimit-Limit': '2000', 'Retry-After': '2026-01-02T00:00:00Z' },
    });
    clock.set(Date.UTC(2026, 0, 2, 0, 0, 0));
    expect(limiter.take('Medium').allowed).toBe(true);
  });

  it('enforces the free plan\'s 2/s on Medium and business\'s 80/s on Light', () => {
    const clock = createTestClock();
    const free = new SandboxRateLimiter(clock.now, 'free');
    expect([1, 2, 3].map(() => free.take('Medium').allowed)).toEqual([true, true, false]);
    const business = new SandboxRateLimiter(clock.now, 'business');
    const answers = Array.from({ length: 81 }, () => business.take('Light').allowed);
    expect(answers.filter(Boolean)).toHaveLength(80);
    expect(answers.at(-1)).toBe(false);
  });

  it('never refuses under the unlimited preset', () => {
    const limiter = new SandboxRateLimiter(createTestClock().now, 'unlimited');
    expect(Array.from({ length: 500 }, () => limiter.take('Heavy').allowed).every(Boolean)).toBe(true);
  });

  it('rejects an unknown preset and a bad per-host limit with a clear message', () => {
    expect(() => new SandboxRateLimiter(Date.now, 'gold' as never)).toThrow(/free, pro, business, unlimited/);
    expect(() => new SandboxRateLimiter(Date.now, 'pro', 0)).toThrow(/meetingWritesPerHostPerDay/);
  });
});
