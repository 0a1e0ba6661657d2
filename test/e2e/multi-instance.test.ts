import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { randomKeyPrefix, SHARED_REDIS_URL, startOwnRedisServer } from '../helpers/redis.ts';
import { collect, postGraphql, startE2EInstance, waitUntil, wsClient, type Collector, type E2EInstance } from './helpers.ts';

/**
 * Issue 9: three gateway instances, as a team runs them behind a load balancer, on one Zoom (the sandbox) and one
 * Redis (a key prefix of this test's own). Every assertion counts: events each subscriber received, the sandbox's
 * token requests and 429 answers.
 */
const MEETING_EVENTS = 'subscription { meetingEvents { type meetingId } }';

let sandbox: Sandbox;
let instances: E2EInstance[] = [];
const prefix = randomKeyPrefix();
/** Looks at Redis as the test's own client, never through an instance. */
const probe = new Redis(SHARED_REDIS_URL);
let clients: Client[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited' });
  const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  instances = await Promise.all([1, 2, 3].map(() => startE2EInstance(sandbox, env)));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all(instances.map((instance) => instance.close()));
  await sandbox.close();
  await deleteKeys(prefix);
  probe.disconnect();
});

/** Removes what the instances stored under a prefix of this test's own (never a FLUSH of the shared Redis). */
async function deleteKeys(keyPrefix: string): Promise<void> {
  const keys = await probe.keys(`${keyPrefix}*`);
  if (keys.length > 0) await probe.del(...keys);
}

async function untilStored(key: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await probe.exists(key)) === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${key} never reached Redis`);
}

/** A meeting-events subscriber on `instance`, live once the instance holds it. */
async function subscribeOn(instance: E2EInstance): Promise<Collector<any>> {
  const client = wsClient(instance.graphqlUrl);
  clients.push(client);
  const before = instance.pubsub.subscriberCount(MEETING_EVENTS_TOPIC);
  const collector = collect(client, MEETING_EVENTS);
  await waitUntil(() => instance.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === before + 1, 'the subscription is live');
  return collector;
}

/** POSTs a delivery as Zoom does: these exact bytes, this timestamp, the signature over both. */
async function deliver(url: string, body: string, timestamp: number): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': signZoomWebhook(sandbox.credentials.webhookSecretToken, String(timestamp), Buffer.from(body)),
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

function deletedBody(meetingId: number): string {
  return JSON.stringify({
    event: 'meeting.deleted',
    event_ts: Date.now(),
    payload: { account_id: sandbox.credentials.accountId, operation: 'all', object: { id: meetingId, uuid: `uuid-${meetingId}`, host_id: 'host-1', topic: 'Gone' } },
  });
}

describe('webhooks and subscriptions across instances', () => {
  it('an event Zoom delivers to instance 1 reaches the subscribers of instances 2 and 3 exactly once; the same delivery replayed to 3 publishes nothing', async () => {
    const [one, two, three] = instances as [E2EInstance, E2EInstance, E2EInstance];
    const onTwo = await subscribeOn(two);
    const onThree = await subscribeOn(three);
    const onThreeAgain = await subscribeOn(three);
    const subscribers = [onTwo, onThree, onThreeAgain];

    // Zoom (the sandbox) delivers the change to instance 1 only.
    sandbox.webhooks.configure({ url: one.webhookUrl, secretToken: sandbox.credentials.webhookSecretToken });
    const created = await postGraphql(
      two.graphqlUrl,
      'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }',
      { input: { topic: 'Across instances', startTime: '2030-02-04T15:00:00Z', duration: 30 } },
    );
    expect(created.body.errors).toBeUndefined();
    await sandbox.webhooks.settled();
    const [delivery] = sandbox.webhooks.deliveries();
    expect(delivery).toMatchObject({ event: 'meeting.created', status: 200 });
    sandbox.webhooks.configure(undefined);

    // The same bytes, timestamp and signature, replayed to instance 3: accepted by no instance a second time.
    const replayed = await deliver(three.webhookUrl, delivery!.body, Math.floor(delivery!.timestamp / 1000));
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('REPLAYED');

    // A sentinel after both: once every subscriber has it, nothing sent before it can still arrive.
    const sentinel = await deliver(one.webhookUrl, deletedBody(999_000_001), Math.floor(Date.now() / 1000));
    expect(sentinel.status).toBe(200);
    await waitUntil(() => subscribers.every((s) => s.received.some((r) => r.data?.meetingEvents?.meetingId === '999000001')), 'the sentinel reached every subscriber');

    const meetingId = created.body.data.createMeeting.id as string;
    for (const subscriber of subscribers) {
      expect(subscriber.received.map((r) => r.data?.meetingEvents.type)).toEqual(['CREATED', 'DELETED']);
      expect(subscriber.received[0]!.data.meetingEvents.meetingId).toBe(meetingId);
    }
    for (const subscriber of subscribers) subscriber.stop();
  });
});

describe('the Zoom token', () => {
  it('60 concurrent cold queries spread over three instances cause exactly one token request', async () => {
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: randomKeyPrefix() };
    const cold = await Promise.all([1, 2, 3].map(() => startE2EInstance(sandbox, env, { cold: true })));
    try {
      const before = sandbox.stats.tokenRequests();
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => postGraphql(cold[i % 3]!.graphqlUrl, '{ me { id } }')));
      for (const answer of answers) expect(answer.body.errors).toBeUndefined();
      expect(sandbox.stats.tokenRequests() - before).toBe(1);
    } finally {
      await Promise.all(cold.map((instance) => instance.close()));
      await deleteKeys(env.REDIS_KEY_PREFIX);
    }
  });
});

describe('Zoom back-off', () => {
  it('a 429 with Retry-After seen by one instance makes the others wait instead of drawing their own', async () => {
    const [one, two, three] = instances as [E2EInstance, E2EInstance, E2EInstance];
    // Every instance holds a token already, so each query below is one Light call. The sandbox answers 429 to
    // everything for 900 ms, each with Retry-After at the next whole second; the storm starts (with no await in
    // between) less than 50 ms after a whole second, so it is over when that Retry-After comes.
    await waitUntil(() => Date.now() % 1_000 < 50, 'a whole second has just begun', 200);
    const before = sandbox.stats.countStatus(429);
    sandbox.faults.storm429(0.9);
    const first = postGraphql(one.graphqlUrl, '{ me { id } }');
    await waitUntil(() => sandbox.stats.countStatus(429) > before, 'instance 1 drew a 429');
    // Instances 2 and 3 ask during the storm, once the hold instance 1 learnt is shared.
    await untilStored(`${prefix}shaper:hold:Light`);
    const others = await Promise.all([two, three, two, three].map((instance) => postGraphql(instance.graphqlUrl, '{ me { id } }')));
    for (const answer of [await first, ...others]) expect(answer.body.errors).toBeUndefined();
    expect(sandbox.stats.countStatus(429) - before).toBe(1);
  });
});

/** Two instances of their own on the shared Redis under `keyPrefix`, with `env` on top; everything closed and removed after `run`. */
async function withTwoInstances(keyPrefix: string, env: Record<string, string>, run: (x: E2EInstance, y: E2EInstance) => Promise<void>): Promise<void> {
  const [x, y] = await Promise.all([1, 2].map(() => startE2EInstance(sandbox, { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix, ...env })));
  try {
    await run(x!, y!);
  } finally {
    for (const client of clients.splice(0)) await client.dispose();
    await Promise.all([x!.close(), y!.close()]);
    await deleteKeys(keyPrefix);
  }
}

/** A subscription on `instance` that the instance refuses: what its client was told. */
async function refusedOn(instance: E2EInstance): Promise<unknown> {
  // graphql-ws's eager client also reports a refused connection on console.error: expected here, kept quiet.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const client = wsClient(instance.graphqlUrl);
    clients.push(client);
    const refused = collect(client, MEETING_EVENTS);
    await refused.done;
    expect(refused.received).toHaveLength(1);
    return refused.received[0]!.errors;
  } finally {
    quiet.mockRestore();
  }
}

describe('caps over the cluster', () => {
  it('SUBSCRIPTION_MAX_PER_CALLER holds over every instance: two on one and a third on the other is TOO_MANY_SUBSCRIPTIONS', async () => {
    await withTwoInstances(`${prefix}caps:`, { SUBSCRIPTION_MAX_PER_CALLER: '2' }, async (x, y) => {
      const first = await subscribeOn(x);
      await subscribeOn(x);
      const [error] = (await refusedOn(y)) as Array<{ extensions?: Record<string, unknown> }>;
      expect(error!.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', reason: 'PER_CALLER' });
      // A place given back on x is one y may take.
      first.stop();
      await waitUntil(() => x.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the first subscription ended');
      await subscribeOn(y);
    });
  });

  it('SUBSCRIPTION_MAX_CONNECTIONS_PER_CALLER holds over every instance: a connection on one fills it for the other', async () => {
    await withTwoInstances(`${prefix}conns:`, { SUBSCRIPTION_MAX_CONNECTIONS_PER_CALLER: '1' }, async (x, y) => {
      const first = await subscribeOn(x);
      const closed = (await refusedOn(y)) as { code?: number; reason?: string };
      expect([closed.code, closed.reason]).toEqual([1013, 'Too many connections for this caller']);
      // The first connection closes: its place is free on every instance.
      first.stop();
      for (const client of clients.splice(0)) await client.dispose();
      await waitUntil(() => x.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the first connection ended');
      await subscribeOn(y);
    });
  });
});

describe('readiness', () => {
  it('every instance reports where its shared state lives', async () => {
    const response = await fetch(`${instances[0]!.gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).details.sharedState).toEqual({ kind: 'redis', status: 'ok' });
  });
});

describe('when Redis fails', () => {
  it('unreachable at start: the instance starts, answers queries, /readyz is 503 REDIS_UNAVAILABLE until Redis answers', async () => {
    const redis = await startOwnRedisServer();
    await redis.stop();
    const instance = await startE2EInstance(sandbox, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: randomKeyPrefix() });
    try {
      const unready = await fetch(`${instance.gateway.url}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toMatchObject({ status: 'unavailable', reason: 'REDIS_UNAVAILABLE' });
      const answered = await postGraphql(instance.graphqlUrl, '{ me { id } }');
      expect(answered.body.errors).toBeUndefined();

      await redis.start();
      await waitUntil(() => instance.gateway.sharedState.health().status === 'ok', 'the instance connects by itself', 1_000);
      const ready = await fetch(`${instance.gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as any).details.sharedState).toEqual({ kind: 'redis', status: 'ok' });
    } finally {
      await instance.close();
      await redis.stop();
    }
  });

  it('lost mid-run: queries and webhooks keep being answered, /readyz says degraded; restarted, sharing resumes by itself', async () => {
    const redis = await startOwnRedisServer();
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: randomKeyPrefix() };
    const cluster = await Promise.all([1, 2, 3].map(() => startE2EInstance(sandbox, env)));
    const [one, two, three] = cluster as [E2EInstance, E2EInstance, E2EInstance];
    try {
      const onTwo = await subscribeOn(two);
      const now = () => Math.floor(Date.now() / 1000);

      await redis.stop();
      await waitUntil(() => cluster.every((instance) => instance.gateway.sharedState.health().status === 'degraded'), 'every instance noticed');
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => postGraphql(cluster[i % 3]!.graphqlUrl, '{ me { id } }')));
      for (const answer of answers) expect(answer.body.errors).toBeUndefined();
      const degraded = await fetch(`${one.gateway.url}/readyz`);
      expect(degraded.status).toBe(200);
      expect(((await degraded.json()) as any).details.sharedState).toMatchObject({ kind: 'redis', status: 'degraded', reason: 'REDIS_UNAVAILABLE' });
      const during = deletedBody(999_000_100);
      expect((await deliver(one.webhookUrl, during, now())).status).toBe(200);
      // Deduped by the process meanwhile: the same delivery again to the same instance is a replay.
      expect((await deliver(one.webhookUrl, during, now())).body.error.code).toBe('REPLAYED');

      await redis.start();
      await waitUntil(() => cluster.every((instance) => instance.gateway.sharedState.health().status === 'ok'), 'every instance reconnected by itself', 1_000);
      // The subscriber connection subscribes again on its own; deliveries to instance 1 reach instance 2 again.
      let id = 999_000_200;
      let lastBody = '';
      for (let attempt = 0; attempt < 100 && !onTwo.received.some((r) => Number(r.data?.meetingEvents.meetingId) >= 999_000_200); attempt++) {
        lastBody = deletedBody(id++);
        expect((await deliver(one.webhookUrl, lastBody, now())).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(onTwo.received.some((r) => Number(r.data?.meetingEvents.meetingId) >= 999_000_200)).toBe(true);
      // And a delivery accepted by instance 1 is a replay on instance 3 again.
      expect((await deliver(three.webhookUrl, lastBody, now())).body.error.code).toBe('REPLAYED');
      onTwo.stop();
    } finally {
      // The subscriber's client goes before the instances, so it does not see them close.
      await clients.pop()?.dispose();
      await Promise.all(cluster.map((instance) => instance.close()));
      await redis.stop();
    }
  });
});
