import { setMaxListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createRateShaper, type RateShaper, type RateShaperOptions, type ShaperEvent } from '../../src/shaper/index.ts';
import { createDailyCounter } from '../../src/shaper/daily-counter.ts';
import { Redis } from 'ioredis';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import type { SharedStore } from '../../src/state/store.ts';
import { createZoomClient, isZoomError, type ZoomRestClient } from '../../src/zoom/index.ts';
import { createTestRedisStore, SHARED_REDIS_URL } from '../helpers/redis.ts';

const ADMIN: Caller = { kind: 'api-key', role: 'admin', subject: 'ops' };
const MEMBER: Caller = { kind: 'api-key', role: 'member', subject: 'flooder', zoomUserId: 'u1' };

let sandbox: Sandbox;
let clients: ZoomRestClient[] = [];
let shapers: RateShaper[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: 'pro' });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  for (const shaper of shapers) shaper.close();
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  shapers = [];
  sandbox.reset();
});

/** A Zoom client against the sandbox whose calls go through a new shaper. */
function shapedClient(options: RateShaperOptions): { zoom: ZoomRestClient; shaper: RateShaper } {
  const shaper = createRateShaper(options);
  const zoom = createZoomClient({
    apiUrl: sandbox.apiUrl,
    auth: {
      type: 's2s',
      accountId: sandbox.credentials.accountId,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      oauthUrl: sandbox.oauthUrl,
    },
    rateLimiter: shaper,
    // A 429 that got through would be retried and hidden: fail on it instead, so the counts below see it.
    retry: { maxAttempts: 1 },
  });
  clients.push(zoom);
  shapers.push(shaper);
  return { zoom, shaper };
}

describe('outbound shaping against the sandbox on the Pro plan', () => {
  it('sends demand above the plan without a single 429: calls wait for their slot instead', async () => {
    const { zoom } = shapedClient({ plan: 'pro' });
    // 40 Light calls at once: Pro allows 30 a second, the gateway's default share 24.
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => zoom.call('user', { path: { userId: 'me' } })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sandbox.stats.snapshot().byStatus).toEqual({ 200: 40 });
  });

  it('shares one budget between instances that share a store', async () => {
    const store = createMemoryStore();
    const a = shapedClient({ plan: 'pro', store });
    const b = shapedClient({ plan: 'pro', store });
    // Each instance alone would send its 20 calls in the first second; together Pro (30 a second) would refuse some.
    const calls = [a, b].flatMap(({ zoom }) => Array.from({ length: 20 }, () => zoom.call('user', { path: { userId: 'me' } })));
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sandbox.stats.snapshot().byStatus).toEqual({ 200: 40 });
  });

  it('shares one budget between instances on one Redis', async () => {
    const first = createTestRedisStore();
    const second = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const a = shapedClient({ plan: 'pro', store: first.store });
      const b = shapedClient({ plan: 'pro', store: createRedisStore(second, { keyPrefix: first.keyPrefix }) });
      const calls = [a, b].flatMap(({ zoom }) => Array.from({ length: 20 }, () => zoom.call('user', { path: { userId: 'me' } })));
      const results = await Promise.allSettled(calls);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(sandbox.stats.snapshot().byStatus).toEqual({ 200: 40 });
    } finally {
      second.disconnect();
      await first.cleanup();
    }
  });

  it('keeps counting in the process when the shared store fails, and still sends no call into a 429', async () => {
    const down = async (): Promise<never> => Promise.reject(new Error('store down'));
    const failing: SharedStore = {
      get: down, getMany: down, set: down, setIfAbsent: down, increment: down, delete: down, deleteIfEquals: down,
    };
    const warnings: string[] = [];
    const { zoom } = shapedClient({ plan: 'pro', store: failing, logger: { warn: (_obj, msg) => warnings.push(msg) } });
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => zoom.call('user', { path: { userId: 'me' } })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sandbox.stats.snapshot().byStatus).toEqual({ 200: 30 });
    expect(warnings).toHaveLength(1);
  });
});

describe('daily caps', () => {
  it('refuses a call that would pass the day\'s cap at once with DAILY_LIMIT and the next midnight, sending nothing', async () => {
    const store = createMemoryStore();
    const events: ShaperEvent[] = [];
    const { zoom } = shapedClient({ plan: 'free', store, onShaperEvent: (e) => events.push(e) });
    // Another instance has spent all but one of today's Light budget (Free: 6,000 a day, times the 0.8 share).
    await createDailyCounter({ store, keyPrefix: 'shaper:', now: Date.now }).exhaust('Light', 4_799);
    await zoom.call('user', { path: { userId: 'me' } });
    const error = await zoom.call('user', { path: { userId: 'me' } }).catch((e: unknown) => e);
    expect(isZoomError(error) && error.code).toBe('DAILY_LIMIT');
    const midnight = new Date(Date.now() + 86_400_000);
    midnight.setUTCHours(0, 0, 0, 0);
    expect(isZoomError(error) && error.retryAt?.toISOString()).toBe(midnight.toISOString());
    expect(sandbox.stats.snapshot().apiCalls).toBe(1);
    expect(events.filter((e) => e.kind === 'acquire').map((e) => e.kind === 'acquire' && e.outcome)).toEqual(['granted', 'refused-daily']);
  });

  it('a daily-limit 429 from Zoom refuses the category\'s next calls locally until its Retry-After', async () => {
    const { zoom, shaper } = shapedClient({ plan: 'pro' });
    const retryAt = new Date(Date.now() + 3_600_000);
    shaper.observe('Heavy', { status: 429, rateLimitType: 'Daily-limit', isDailyLimit: true, retryAt });
    const permit = await shaper.acquire('Heavy', { deadline: Date.now() + 1_000 });
    expect(permit).toEqual({ ok: false, retryAt, reason: 'DAILY_LIMIT' });
    // The per-host meeting write limit is one user's, not the account's: Light calls still go.
    shaper.observe('Light', { status: 429, rateLimitType: 'Daily-limit', isDailyLimit: true, retryAt, isPerUserLimit: true });
    await zoom.call('user', { path: { userId: 'me' } });
    expect(sandbox.stats.snapshot().apiCalls).toBe(1);
  });
});

describe('429 feedback', () => {
  it('a QPS 429 fills the category\'s window and is reported', async () => {
    const events: ShaperEvent[] = [];
    const { shaper } = shapedClient({ plan: 'pro', onShaperEvent: (e) => events.push(e) });
    await shaper.acquire('Medium', { deadline: Date.now() + 5_000 });
    expect(shaper.snapshot().find((b) => b.category === 'Medium')).toEqual({ category: 'Medium', tokens: 15, capacity: 16 });
    shaper.observe('Medium', { status: 429, rateLimitType: 'QPS', isDailyLimit: false });
    expect(events.at(-1)).toEqual({ kind: 'feedback', category: 'Medium', type: 'QPS' });
    // The window is full now: a call with a deadline before the window moves is refused, not sent.
    const permit = await shaper.acquire('Medium', { deadline: Date.now() + 20 });
    expect(permit.ok).toBe(false);
    expect(shaper.snapshot().find((b) => b.category === 'Medium')?.tokens).toBe(0);
  });
});

describe('a fair share per caller', () => {
  it('an admin\'s calls overtake a member\'s flood on the Free plan', async () => {
    const { zoom, shaper } = shapedClient({ plan: 'free' });
    await zoom.checkToken();
    const member = shaper.callers.bind(zoom, MEMBER);
    const admin = shaper.callers.bind(zoom, ADMIN);
    const order: string[] = [];
    const abort = new AbortController();
    setMaxListeners(0, abort.signal);
    // Free: 4 Light calls a second, 3 for the gateway. The member queues 12 before the admin asks for 2.
    const flood = Array.from({ length: 12 }, () =>
      member.call('user', { path: { userId: 'me' }, signal: abort.signal }).then(() => order.push('member'), () => undefined),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const admins = Array.from({ length: 2 }, () => admin.call('user', { path: { userId: 'me' } }).then(() => order.push('admin')));
    await Promise.all(admins);
    abort.abort(new Error('test done'));
    await Promise.all(flood);
    // The first window went to the member before the admin asked; the admin's two come next, before any more of the member's.
    expect(order.slice(0, 5)).toEqual(['member', 'member', 'member', 'admin', 'admin']);
  });

  it('refuses a caller\'s calls beyond its queue allowance with CALLER_SHARE, and only that caller\'s', async () => {
    const { zoom, shaper } = shapedClient({ plan: 'free', maxQueuedPerCaller: 4 });
    await zoom.checkToken();
    // A 429 from another app fills the window, so every call below has to queue.
    shaper.observe('Light', { status: 429, rateLimitType: 'QPS', isDailyLimit: false });
    const member = shaper.callers.bind(zoom, MEMBER);
    const abort = new AbortController();
    setMaxListeners(0, abort.signal);
    const flood = Array.from({ length: 9 }, () =>
      member.call('user', { path: { userId: 'me' }, signal: abort.signal }).then(
        () => 'sent',
        (error: unknown) => (isZoomError(error) ? (error.rateLimitType === 'CALLER_SHARE' ? 'CALLER_SHARE' : error.code) : 'other'),
      ),
    );
    await shaper.callers.bind(zoom, ADMIN).call('user', { path: { userId: 'me' } });
    abort.abort(new Error('test done'));
    const outcomes = await Promise.all(flood);
    // Four queued (sent once the window moved, or cancelled), five refused at once; the admin was never refused.
    expect(outcomes.filter((o) => o === 'CALLER_SHARE')).toHaveLength(5);
    const sent = outcomes.filter((o) => o === 'sent').length;
    expect(sent + outcomes.filter((o) => o === 'ABORTED').length).toBe(4);
    // A call cancelled after it went out still reached Zoom.
    expect(sandbox.stats.snapshot().apiCalls).toBeGreaterThanOrEqual(1 + sent);
    expect(sandbox.stats.snapshot().apiCalls).toBeLessThanOrEqual(5);
  });

  it('keeps the admins\' reserve across instances: a member\'s flood on one leaves room for an admin on the other', async () => {
    // No Zoom here: two shapers on one store, as two instances on one Redis, with the clock standing still, so the
    // window never moves and what each grants is exactly what the window and the reserve allow.
    const store = createMemoryStore();
    const now = () => 1_800_000_000_000;
    const [a, b] = [createRateShaper({ plan: 'pro', store, now }), createRateShaper({ plan: 'pro', store, now })];
    shapers.push(a, b);
    const deadline = now() + 60_000;
    const take = (shaper: RateShaper, caller: Caller, abort: AbortSignal) =>
      shaper.callers.run(caller, () => shaper.acquire('Light', { deadline, signal: abort })).then((permit) => permit.ok, () => false);
    const abort = new AbortController();
    setMaxListeners(0, abort.signal);
    // Pro: 30 Light calls a second, 24 for the gateway at the 0.8 share, the last 3 kept for admins while one is about.
    expect(await take(b, ADMIN, abort.signal)).toBe(true);
    const flood = Array.from({ length: 40 }, () => take(a, MEMBER, abort.signal));
    const settled = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    let memberGranted = 0;
    for (const call of flood) void call.then((ok) => (memberGranted += ok ? 1 : 0));
    await settled();
    // Instance A heard of B's admin through the store: it stopped at 21 of 24 (one was the admin's).
    expect(memberGranted).toBe(20);
    const admins = await Promise.all(Array.from({ length: 3 }, () => take(b, ADMIN, abort.signal)));
    expect(admins).toEqual([true, true, true]);
    abort.abort(new Error('test done'));
    await Promise.all(flood);
    expect(memberGranted).toBe(20);
  });
});
