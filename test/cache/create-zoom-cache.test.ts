import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZoomCache, type CacheEvent, type ZoomCache, type ZoomCacheOptions } from '../../src/cache/index.ts';
import { cacheKeys } from '../../src/events/cache-keys.ts';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import type { SharedStore } from '../../src/state/store.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { createTestRedisStore } from '../helpers/redis.ts';

/** The shared cache over the sandbox: every test counts the Zoom calls the sandbox answered. */

const PAGE = '{ users(first: 5) { nodes { id email meetings(first: 3) { nodes { id topic } } } } }';

let gateway: TestGateway;
let store: SharedStore;
let events: CacheEvent[];

function cacheOver(options: Partial<ZoomCacheOptions> = {}): ZoomCache {
  return createZoomCache({ zoom: gateway.zoom, store, now: gateway.clock.now, onCacheEvent: (event) => void events.push(event), ...options });
}

async function firstMeeting(cache: ZoomCache): Promise<{ id: string; topic: string; hostId: string }> {
  const result = await gateway.execute('{ users(first: 5) { nodes { id meetings(first: 1) { nodes { id topic } } } } }', undefined, { zoom: cache.client });
  const user = result.data!.users.nodes.find((node: any) => node.meetings.nodes.length > 0);
  return { ...user.meetings.nodes[0], hostId: user.id };
}

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.close();
});
beforeEach(() => {
  gateway.reset();
  store = createMemoryStore({ now: gateway.clock.now });
  events = [];
});

describe('createZoomCache', () => {
  it('answers a repeated page from the cache: the second load makes no Zoom call and answers the same', async () => {
    const cache = cacheOver();
    const first = await gateway.execute(PAGE, undefined, { zoom: cache.client });
    expect(first.errors).toBeUndefined();
    const calls = gateway.stats.apiCalls();
    expect(calls).toBe(6);
    const second = await gateway.execute(PAGE, undefined, { zoom: cache.client });
    expect(second).toEqual(first);
    expect(gateway.stats.apiCalls()).toBe(calls);
    expect(events.filter((event) => event.kind === 'hit')).toHaveLength(6);
  });

  it('makes concurrent identical reads from different requests one Zoom call each (single flight)', async () => {
    const cache = cacheOver();
    const results = await Promise.all(Array.from({ length: 10 }, () => gateway.execute(PAGE, undefined, { zoom: cache.client })));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(gateway.stats.apiCalls()).toBe(6);
    expect(events.filter((event) => event.kind === 'join')).toHaveLength(54);
  });

  it('keeps each operation for its TTL, then serves it stale for at most CACHE_STALE_SECONDS while one read refreshes it', async () => {
    const cache = cacheOver({ ttlSeconds: { meeting: 10 }, staleSeconds: 5 });
    const { id } = await firstMeeting(cache);
    const query = `{ meeting(id: "${id}") { topic } }`;
    gateway.stats.reset();
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(gateway.stats.count('meeting')).toBe(1);
    gateway.clock.advance(9_000);
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(gateway.stats.count('meeting')).toBe(1);
    // Past the TTL, within the stale bound: answered at once, one refresh in the background.
    gateway.clock.advance(2_000);
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(events).toContainEqual({ kind: 'hit', operation: 'meeting', category: 'Light', isStale: true });
    await waitUntil(() => events.some((event) => event.kind === 'refresh'), 'the refresh ends');
    expect(gateway.stats.count('meeting')).toBe(2);
    // The refresh stored a fresh answer.
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(gateway.stats.count('meeting')).toBe(2);
    // Past TTL + stale: a miss that waits for Zoom.
    gateway.clock.advance(16_000);
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(gateway.stats.count('meeting')).toBe(3);
    expect(events.filter((event) => event.kind === 'miss').at(-1)).toMatchObject({ reason: 'expired' });
  });

  it('drops what an invalidation names, and nothing else', async () => {
    const cache = cacheOver();
    const meeting = await firstMeeting(cache);
    const query = `{ meeting(id: "${meeting.id}") { topic } users(first: 2) { nodes { id } } }`;
    await gateway.execute(query, undefined, { zoom: cache.client });
    gateway.stats.reset();
    await cache.invalidate([cacheKeys.meeting(meeting.id)], 'webhook');
    await gateway.execute(query, undefined, { zoom: cache.client });
    expect(gateway.stats.count('meeting')).toBe(1);
    expect(gateway.stats.count('users')).toBe(0);
    expect(events).toContainEqual({ kind: 'invalidate', cause: 'webhook', names: 1 });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'miss', operation: 'meeting', reason: 'invalidated' }));
  });

  it('a write through it drops the meeting before answering: the mutation and the next page show the new topic', async () => {
    const cache = cacheOver();
    const meeting = await firstMeeting(cache);
    await gateway.execute(`{ meeting(id: "${meeting.id}") { topic } }`, undefined, { zoom: cache.client });
    const invalidate = (names: string[]) => cache.invalidate(names, 'write');
    const updated = await gateway.execute(
      `mutation { updateMeeting(id: "${meeting.id}", input: { topic: "Renamed through the gateway" }) { topic } }`,
      undefined,
      { zoom: cache.client, invalidate },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateMeeting.topic).toBe('Renamed through the gateway');
    const after = await gateway.execute(`{ meeting(id: "${meeting.id}") { topic } user(id: "${meeting.hostId}") { meetings(first: 300) { nodes { id topic } } } }`, undefined, { zoom: cache.client });
    expect(after.data!.meeting.topic).toBe('Renamed through the gateway');
    expect(after.data!.user.meetings.nodes).toContainEqual({ id: meeting.id, topic: 'Renamed through the gateway' });
  });

  it('keeps Zoom\'s refusal (404) for at most 30 s, answering it as Zoom did; other failures never', async () => {
    const cache = cacheOver({ staleSeconds: 0 });
    const query = '{ meeting(id: "99999999999") { topic } }';
    const first = await gateway.execute(query, undefined, { zoom: cache.client });
    expect(first.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await gateway.execute(query, undefined, { zoom: cache.client })).toEqual(first);
    expect(gateway.stats.count('meeting')).toBe(1);
    gateway.clock.advance(30_000);
    expect(await gateway.execute(query, undefined, { zoom: cache.client })).toEqual(first);
    expect(gateway.stats.count('meeting')).toBe(2);

    gateway.sandbox.faults.addErrors({ status: 500 });
    try {
      for (let i = 0; i < 2; i++) {
        const failed = await gateway.execute('{ users(first: 3) { nodes { id } } }', undefined, { zoom: cache.client });
        expect(failed.errors).toBeDefined();
      }
    } finally {
      gateway.sandbox.faults.clear();
    }
    expect((await gateway.execute('{ users(first: 3) { nodes { id } } }', undefined, { zoom: cache.client })).errors).toBeUndefined();
  });

  it('fresh reads skip the cached answer and store theirs', async () => {
    const cache = cacheOver();
    const { id } = await firstMeeting(cache);
    const query = `{ meeting(id: "${id}") { topic } }`;
    gateway.stats.reset();
    await gateway.execute(query, undefined, { zoom: cache.client });
    await gateway.execute(query, undefined, { zoom: cache.fresh });
    expect(gateway.stats.count('meeting')).toBe(2);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'miss', reason: 'bypass' }));
    gateway.sandbox.model.handle({ operation: 'meetingUpdate', params: { meetingId: id }, query: new URLSearchParams(), body: { topic: 'Changed in Zoom' } });
    expect((await gateway.execute(query, undefined, { zoom: cache.fresh })).data!.meeting.topic).toBe('Changed in Zoom');
    expect((await gateway.execute(query, undefined, { zoom: cache.client })).data!.meeting.topic).toBe('Changed in Zoom');
    expect(gateway.stats.count('meeting')).toBe(3);
  });

  it('keeps the in-process answers within CACHE_MAX_BYTES, dropping the least recently used', async () => {
    const cache = cacheOver({ maxBytes: 4_000 });
    await gateway.execute('{ users(first: 20) { nodes { id meetings(first: 5) { nodes { id } } } } }', undefined, { zoom: cache.client });
    const { bytes, entries } = cache.stats();
    expect(bytes).toBeLessThanOrEqual(4_000);
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(21);
  });

  it('a caller that gives up cancels the shared Zoom call only when every caller waiting on it has', async () => {
    const cache = cacheOver();
    gateway.sandbox.faults.addLatency({ fixedMs: 200 });
    try {
      const alone = new AbortController();
      const lone = cache.client.call('user', { path: { userId: 'someone-else@example.com' }, signal: alone.signal });
      setTimeout(() => alone.abort(new Error('gone')), 20);
      await expect(lone).rejects.toMatchObject({ code: 'ABORTED' });

      const leaving = new AbortController();
      const staying = new AbortController();
      const users = [
        cache.client.call('users', { query: { page_size: 2 }, signal: leaving.signal }),
        cache.client.call('users', { query: { page_size: 2 }, signal: staying.signal }),
      ];
      setTimeout(() => leaving.abort(new Error('gone')), 20);
      const [first, second] = await Promise.all(users);
      expect(second).toEqual(first);
    } finally {
      gateway.sandbox.faults.clear();
    }
  });
});

describe('createZoomCache across instances', () => {
  it('an invalidation on one instance drops the other instance\'s in-process answer (shared versions)', async () => {
    const one = cacheOver();
    const two = cacheOver();
    const { id } = await firstMeeting(one);
    const query = `{ meeting(id: "${id}") { topic } }`;
    await gateway.execute(query, undefined, { zoom: two.client });
    gateway.stats.reset();
    await gateway.execute(query, undefined, { zoom: two.client });
    expect(gateway.stats.count('meeting')).toBe(0);
    await one.invalidate([cacheKeys.meeting(id)], 'write');
    await gateway.execute(query, undefined, { zoom: two.client });
    expect(gateway.stats.count('meeting')).toBe(1);
  });

  it('on Redis, identical reads on three instances at once make one Zoom call (a short lock per read)', async () => {
    const redis = createTestRedisStore();
    gateway.sandbox.faults.addLatency({ fixedMs: 100, operation: 'users' });
    try {
      const instances = [0, 1, 2].map(() => cacheOver({ store: redis.store, entries: 'store', now: Date.now }));
      const pages = await Promise.all(instances.map((cache) => cache.client.call('users', { query: { page_size: 7 } })));
      for (const page of pages) expect(page).toEqual(pages[0]);
      expect(gateway.stats.count('users')).toBe(1);
      expect(events.filter((event) => event.kind === 'join')).toHaveLength(2);
    } finally {
      gateway.sandbox.faults.clear();
      await redis.cleanup();
    }
  });

  it('on Redis, one instance answers from what another stored, and both see an invalidation', async () => {
    const redis = createTestRedisStore();
    try {
      const one = cacheOver({ store: redis.store, entries: 'store', now: Date.now });
      const two = cacheOver({ store: redis.store, entries: 'store', now: Date.now });
      const first = await gateway.execute(PAGE, undefined, { zoom: one.client });
      gateway.stats.reset();
      expect(await gateway.execute(PAGE, undefined, { zoom: two.client })).toEqual(first);
      expect(gateway.stats.apiCalls()).toBe(0);
      const userId = first.data!.users.nodes[0].id as string;
      await two.invalidate([cacheKeys.userMeetings(userId)], 'webhook');
      await gateway.execute(PAGE, undefined, { zoom: one.client });
      expect(gateway.stats.apiCalls()).toBe(1);
      expect(gateway.stats.count('meetings')).toBe(1);
    } finally {
      await redis.cleanup();
    }
  });
});
