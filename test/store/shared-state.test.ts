import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/events/types.ts';
import { createSharedState, type SharedState } from '../../src/store/index.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { createCapturingLogger } from '../helpers/log-capture.ts';
import { randomKeyPrefix, SHARED_REDIS_URL, startOwnRedisServer, type OwnRedisServer } from '../helpers/redis.ts';

const event = (n: number) => ({ n }) as unknown as GatewayEvent;
const silent = createCapturingLogger('silent').logger;

let opened: SharedState[] = [];
let servers: OwnRedisServer[] = [];
afterEach(async () => {
  await Promise.all(opened.map((state) => state.close()));
  await Promise.all(servers.map((server) => server.stop()));
  opened = [];
  servers = [];
});

async function open(url: string, keyPrefix: string, options: { logger?: ReturnType<typeof createCapturingLogger>['logger']; maxQueued?: number; connectWaitMs?: number; commandTimeoutMs?: number } = {}): Promise<SharedState> {
  const state = await createSharedState(
    { redis: { url, keyPrefix, commandTimeoutMs: options.commandTimeoutMs ?? 1_000 } },
    { logger: options.logger ?? silent, ...(options.maxQueued === undefined ? {} : { maxQueuedPerSubscriber: options.maxQueued }), ...(options.connectWaitMs === undefined ? {} : { connectWaitMs: options.connectWaitMs }) },
  );
  opened.push(state);
  return state;
}

/** Collects what a subscription yields, in the background. */
function collect(state: SharedState, topic: string): { items: unknown[]; error?: unknown } {
  const sink: { items: unknown[]; error?: unknown } = { items: [] };
  const iterator = state.pubsub.subscribe(topic);
  void (async () => {
    try {
      for await (const item of iterator) sink.items.push(item);
    } catch (error) {
      sink.error = error;
    }
  })();
  return sink;
}

describe('createSharedState with REDIS_URL: several instances, one Redis', () => {
  it('an event published on one instance reaches the matching subscribers of every instance once each', async () => {
    const prefix = randomKeyPrefix();
    const [a, b, c] = await Promise.all([open(SHARED_REDIS_URL, prefix), open(SHARED_REDIS_URL, prefix), open(SHARED_REDIS_URL, prefix)]);
    const other = await open(SHARED_REDIS_URL, randomKeyPrefix());
    const sinks = [collect(a!, 'meetings'), collect(b!, 'meetings'), collect(b!, 'meetings'), collect(c!, 'meetings')];
    const users = collect(c!, 'users');
    const elsewhere = collect(other, 'meetings');
    // Subscriptions are local; the instance's one pattern subscription is already in place once connected.
    await a!.pubsub.publish('meetings', event(1));
    await a!.pubsub.publish('meetings', event(2));
    // A last event from another publisher: once every subscriber has it, nothing earlier can still be on its way twice.
    await b!.pubsub.publish('users', event(99));
    await waitUntil(() => sinks.every((sink) => sink.items.length >= 2) && users.items.length === 1, 'every subscriber has both events');
    for (const sink of sinks) expect(sink.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(users.items).toEqual([{ n: 99 }]);
    expect(elsewhere.items).toEqual([]);
  });

  it('keeps the bounded queue per subscriber: a subscriber that stops reading on another instance is dropped alone', async () => {
    const prefix = randomKeyPrefix();
    const a = await open(SHARED_REDIS_URL, prefix);
    const b = await open(SHARED_REDIS_URL, prefix, { maxQueued: 2 });
    const stalled = b.pubsub.subscribe('t');
    const reading = collect(b, 't');
    for (const n of [1, 2, 3, 4]) {
      await a.pubsub.publish('t', event(n));
      await waitUntil(() => reading.items.length === n, `the reading subscriber has event ${n}`);
    }
    await expect(stalled.next()).rejects.toMatchObject({ code: 'SUBSCRIBER_OVERFLOW' });
    expect(reading.error).toBeUndefined();
  });

  it('a webhook delivery remembered by one instance is a replay for every other', async () => {
    const prefix = randomKeyPrefix();
    const states = await Promise.all([open(SHARED_REDIS_URL, prefix), open(SHARED_REDIS_URL, prefix), open(SHARED_REDIS_URL, prefix)]);
    const results = await Promise.all(states.map((state) => state.replayStore.rememberIfNew('zoom-webhook:abc', 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await states[0]!.replayStore.rememberIfNew('zoom-webhook:abc', 10_000)).toBe(false);
    await states[0]!.store.delete('zoom-webhook:abc');
  });

  it('shares the key-value store between instances under the same prefix only', async () => {
    const prefix = randomKeyPrefix();
    const [a, b] = await Promise.all([open(SHARED_REDIS_URL, prefix), open(SHARED_REDIS_URL, prefix)]);
    const other = await open(SHARED_REDIS_URL, randomKeyPrefix());
    await a!.store.set('k', 'v', { ttlMs: 10_000 });
    expect(await b!.store.get('k')).toBe('v');
    expect(await other.store.get('k')).toBeUndefined();
    expect(a!.health()).toEqual({ status: 'ok' });
    await a!.store.delete('k');
  });
});

describe('createSharedState when Redis fails', () => {
  it('unreachable at start: starts anyway, unavailable until Redis answers, then shares', async () => {
    const server = await startOwnRedisServer();
    servers.push(server);
    await server.stop();
    const { logger, lines } = createCapturingLogger();
    const prefix = randomKeyPrefix();
    const a = await open(server.url, prefix, { logger, connectWaitMs: 50 });
    expect(a.health()).toMatchObject({ status: 'unavailable', reason: 'REDIS_UNAVAILABLE' });
    // Served from the process meanwhile: nothing hangs, nothing is refused.
    expect(await a.replayStore.rememberIfNew('d1', 10_000)).toBe(true);
    expect(await a.replayStore.rememberIfNew('d1', 10_000)).toBe(false);
    expect(await a.store.increment('n')).toBe(1);
    await server.start();
    await waitUntil(() => a.health().status === 'ok', 'the instance connects by itself', 1_000);
    const b = await open(server.url, prefix);
    await a.store.set('shared', 'yes');
    expect(await b.store.get('shared')).toBe('yes');
    expect(lines.filter((line) => /Redis unreachable/.test(line.msg))).toHaveLength(1);
  });

  it('lost while running: falls back to the process, says so once, and resumes sharing when Redis returns', async () => {
    const server = await startOwnRedisServer();
    servers.push(server);
    const { logger, lines } = createCapturingLogger();
    const prefix = randomKeyPrefix();
    const a = await open(server.url, prefix, { logger });
    const b = await open(server.url, prefix);
    const onB = collect(b, 't');
    await a.pubsub.publish('t', event(1));
    await waitUntil(() => onB.items.length === 1, 'b has the first event');

    await server.stop();
    await waitUntil(() => a.health().status !== 'ok' && b.health().status !== 'ok', 'both notice the loss');
    expect(a.health()).toMatchObject({ status: 'degraded', reason: 'REDIS_UNAVAILABLE' });
    const onA = collect(a, 't');
    for (let i = 0; i < 20; i++) {
      expect(await a.store.setIfAbsent(`lock-${i}`, 'x', { ttlMs: 10_000 })).toBe(true);
      await a.pubsub.publish('t', event(100 + i));
    }
    // This instance's own subscribers still get its events.
    expect(onA.items).toHaveLength(20);

    await server.start();
    await waitUntil(() => a.health().status === 'ok' && b.health().status === 'ok', 'both reconnect by themselves', 1_000);
    // The subscriber connection re-subscribes on its own `ready`; wait until an event crosses again.
    let n = 1000;
    await waitUntil(() => {
      void a.pubsub.publish('t', event(n++));
      return onB.items.some((item) => (item as { n: number }).n >= 1000);
    }, 'events reach b again', 1_000);
    await a.store.set('after', 'shared');
    expect(await b.store.get('after')).toBe('shared');
    expect(lines.filter((line) => /Redis connection lost/.test(line.msg))).toHaveLength(1);
    expect(lines.filter((line) => /Redis connection restored/.test(line.msg))).toHaveLength(1);
  });

  it('stalled while connected: one command waits out its timeout, the next ones use the process at once, logged once each way', async () => {
    const server = await startOwnRedisServer();
    servers.push(server);
    const { logger, lines } = createCapturingLogger();
    const prefix = randomKeyPrefix();
    const a = await open(server.url, prefix, { logger, commandTimeoutMs: 200 });
    const b = await open(server.url, prefix);
    await a.store.set('before', 'shared');

    server.freeze();
    // The first command times out and falls back; the rest go to the process without trying Redis.
    expect(await a.store.get('before')).toBeUndefined();
    expect(a.health()).toMatchObject({ status: 'degraded', reason: 'REDIS_UNAVAILABLE' });
    for (let i = 0; i < 20; i++) expect(await a.replayStore.rememberIfNew(`stalled-${i}`, 10_000)).toBe(true);
    expect(await a.replayStore.rememberIfNew('stalled-0', 10_000)).toBe(false);
    expect(lines.filter((line) => /Redis commands are failing/.test(line.msg))).toHaveLength(1);

    server.thaw();
    await waitUntil(() => a.health().status === 'ok', 'the pause after the failure ends', 1_000);
    await a.store.set('after', 'shared');
    expect(await b.store.get('after')).toBe('shared');
    expect(lines.filter((line) => /Redis answers again/.test(line.msg))).toHaveLength(1);
    expect(lines.filter((line) => /Redis connection lost/.test(line.msg))).toHaveLength(0);
  });
});
