import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.ts';
import { createDailyCounter } from '../../src/shaper/daily-counter.ts';
import { createRateShaper, type RateShaper } from '../../src/shaper/index.ts';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const MEMBER: Caller = { kind: 'api-key', role: 'member', subject: 'flooder', zoomUserId: 'me' };

let gateway: TestGateway;
let shaper: RateShaper;
const store = createMemoryStore();

beforeAll(async () => {
  shaper = createRateShaper({ plan: 'free', store, maxQueuedPerCaller: 1 });
  gateway = await startTestGateway({ sandbox: { rateLimits: 'free', clock: Date.now }, client: { rateLimiter: shaper, now: Date.now } });
});
afterAll(async () => {
  shaper.close();
  await gateway.close();
});

describe('rate-limit refusals as GraphQL errors', () => {
  it('a used-up daily cap answers RATE_LIMITED, reason DAILY_LIMIT, retryAt the next 00:00 UTC, without a Zoom call', async () => {
    // Free: 2,000 Medium calls a day, 1,600 at the 0.8 share, all spent (by this or another instance).
    await createDailyCounter({ store, keyPrefix: 'shaper:', now: Date.now }).exhaust('Medium', 1_600);
    gateway.reset();
    const result = await gateway.execute('{ users(first: 5) { nodes { id } } }', {}, { caller: { kind: 'api-key', role: 'admin', subject: 'ops' } });
    const midnight = new Date(Date.now() + 86_400_000);
    midnight.setUTCHours(0, 0, 0, 0);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'DAILY_LIMIT', retryAt: midnight.toISOString() });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('a caller past its queue allowance answers RATE_LIMITED, reason CALLER_SHARE, with a retryAt', async () => {
    // Another app's 429 filled the Light window: this caller's first call waits, the second is one too many.
    shaper.observe('Light', { status: 429, rateLimitType: 'QPS', isDailyLimit: false });
    gateway.reset();
    const zoom = shaper.callers.bind(gateway.zoom, MEMBER);
    const context = { caller: MEMBER, zoom };
    const [first, second] = await Promise.all([
      gateway.execute('{ me { email } }', {}, context),
      gateway.execute('{ me { email } }', {}, context),
    ]);
    const refused = [first, second].filter((r) => r.errors !== undefined);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'CALLER_SHARE' });
    expect(Date.parse(refused[0]!.errors![0]!.extensions!.retryAt as string)).toBeGreaterThan(Date.now() - 5_000);
    expect(gateway.stats.apiCalls()).toBe(1);
  });
});
