import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MEETING_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from './secured-gateway.ts';

/*
 * Issue 12 item 1 (sockets that never authenticate locked every subscriber out) and issue 10 item 4 (caps on
 * subscriptions per connection and per caller), against the real gateway in production mode over the sandbox: each
 * refusal has a stable code, costs no Zoom call, and the next valid connection or subscription is served.
 */

const LIMITS = {
  SUBSCRIPTION_ANONYMOUS_PER_ADDRESS: '4',
  SUBSCRIPTION_ANONYMOUS_MAX: '8',
  SUBSCRIPTION_MAX_CONNECTIONS: '3',
  SUBSCRIPTION_MAX_CONNECTIONS_PER_CALLER: '2',
  SUBSCRIPTION_MAX_PER_CONNECTION: '3',
  SUBSCRIPTION_MAX_PER_CALLER: '4',
};
const EVENTS = 'subscription { meetingEvents { meetingId } }';

let gw: SecuredGateway;
let pubsub: MemoryPubSub<GatewayEvent>;
const sockets: WebSocket[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startSecuredGateway({ production: true, env: LIMITS });
  pubsub = gw.gateway.pubsub as MemoryPubSub<GatewayEvent>;
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
  for (const socket of sockets.splice(0)) socket.terminate();
  await waitUntil(() => gw.gateway.app.websocketServer.clients.size === 0, 'every socket is closed on the server');
  await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'every subscription is released');
});
afterAll(async () => {
  await gw?.close();
});

const wsUrl = () => `${gw.url.replace(/^http/, 'ws')}/graphql`;

/** Every loopback address is this machine's, so one test can play many remote addresses. */
function socketFrom(localAddress: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };
}

/** A socket that upgrades and then never sends connection_init. */
function silentSocket(localAddress: string) {
  const socket = new (socketFrom(localAddress))(wsUrl(), 'graphql-transport-ws');
  sockets.push(socket);
  const opened = new Promise<number>((resolve) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { socket, opened, closed };
}

/** A graphql-ws client of `key`; `acked` resolves true once the server acknowledged it, false when it closed first. */
function caller(key: keyof typeof TEST_KEYS, localAddress = '127.0.0.1') {
  let closedWith: { code: number; reason: string } | undefined;
  let acked: boolean | undefined;
  const client = createClient({
    url: wsUrl(),
    webSocketImpl: socketFrom(localAddress),
    connectionParams: { apiKey: TEST_KEYS[key] },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: {
      connected: () => {
        acked = true;
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith = { code, reason };
        acked ??= false;
      },
    },
  });
  clients.push(client);
  return {
    client,
    async settled() {
      await waitUntil(() => acked !== undefined, 'the connection is acknowledged or closed');
      return { acked: acked!, closedWith };
    },
  };
}

/** Starts one subscription: `errors` when refused, else its stop function once it is live in the pub/sub. */
async function subscribe(client: Client): Promise<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; stop: () => void }> {
  const before = pubsub.subscriberCount(MEETING_EVENTS_TOPIC);
  let errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
  const stop = client.subscribe({ query: EVENTS }, {
    next: () => undefined,
    error: (error) => {
      errors = error as typeof errors;
    },
    complete: () => undefined,
  });
  await waitUntil(() => errors !== undefined || pubsub.subscriberCount(MEETING_EVENTS_TOPIC) > before, 'the subscription is refused or live');
  return { ...(errors === undefined ? {} : { errors }), stop };
}

describe('unauthenticated sockets cannot take callers\' places (issue 12 item 1)', () => {
  it('24 sockets from 4 addresses that never send connection_init: at most 8 stay open, and an admin still connects and subscribes', async () => {
    gw.sandbox.stats.reset();
    const silent = Array.from({ length: 24 }, (_, index) => silentSocket(`127.0.0.${1 + (index % 4)}`));
    expect(await Promise.all(silent.map((socket) => socket.opened))).toEqual(silent.map(() => 101));
    // The newest evicts the oldest, so the allowance stays at its size and the evicted are told to try later.
    await waitUntil(() => silent.filter(({ socket }) => socket.readyState === WebSocket.OPEN).length === 8, 'the allowance holds 8');
    const evicted = await Promise.all(silent.filter(({ socket }) => socket.readyState !== WebSocket.OPEN).map(({ closed }) => closed));
    expect(evicted).toHaveLength(16);
    for (const close of evicted) expect(close).toEqual({ code: 1013, reason: 'Too many unauthenticated connections' });

    // Same address as the silent ones, SUBSCRIPTION_MAX_CONNECTIONS at 3: the admin is neither refused nor counted out.
    const admin = caller('admin', '127.0.0.1');
    expect(await admin.settled()).toMatchObject({ acked: true });
    const subscription = await subscribe(admin.client);
    expect(subscription.errors).toBeUndefined();
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(1);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    expect(gw.sandbox.stats.tokenRequests()).toBe(0);
    subscription.stop();
  });

  it('authenticated connections are capped per caller (1013) and in all (503 at the upgrade); a freed place is taken again', async () => {
    gw.sandbox.stats.reset();
    const admins = [caller('admin'), caller('admin')];
    for (const admin of admins) expect(await admin.settled()).toMatchObject({ acked: true });
    const third = caller('admin');
    expect(await third.settled()).toEqual({ acked: false, closedWith: { code: 1013, reason: 'Too many connections for this caller' } });

    // Another caller still has places: the member fills the total of 3.
    const member = caller('member');
    expect(await member.settled()).toMatchObject({ acked: true });
    const over = silentSocket('127.0.0.1');
    expect(await over.opened).toBe(503);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);

    await admins[0]!.client.dispose();
    await waitUntil(() => gw.gateway.app.websocketServer.clients.size === 2, 'the first admin connection is closed');
    const next = caller('admin');
    expect(await next.settled()).toMatchObject({ acked: true });
    expect(await subscribe(next.client)).not.toHaveProperty('errors');
  });
});

describe('subscriptions are capped per connection and per caller (issue 10 item 4)', () => {
  it('refuses the fourth on one connection and the fifth of one caller with TOO_MANY_SUBSCRIPTIONS, no Zoom call; completing one frees its place', async () => {
    gw.sandbox.stats.reset();
    const first = caller('admin');
    expect(await first.settled()).toMatchObject({ acked: true });
    const live = [await subscribe(first.client), await subscribe(first.client), await subscribe(first.client)];
    for (const subscription of live) expect(subscription.errors).toBeUndefined();

    const refused = await subscribe(first.client);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', reason: 'PER_CONNECTION', requestId: expect.any(String) });
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(3);

    live[0]!.stop();
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'the completed subscription is released');
    live[0] = await subscribe(first.client);
    expect(live[0].errors).toBeUndefined();

    // The same caller on another connection: one more place of its 4, then refused.
    const second = caller('admin');
    expect(await second.settled()).toMatchObject({ acked: true });
    expect((await subscribe(second.client)).errors).toBeUndefined();
    const overCaller = await subscribe(second.client);
    expect(overCaller.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', reason: 'PER_CALLER', requestId: expect.any(String) });

    // Another caller is not held back by the admin's subscriptions.
    const member = caller('member');
    expect(await member.settled()).toMatchObject({ acked: true });
    expect((await subscribe(member.client)).errors).toBeUndefined();

    // Closing a connection gives back its places: the second connection may start two more.
    await first.client.dispose();
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'the first connection\'s subscriptions are released');
    expect((await subscribe(second.client)).errors).toBeUndefined();
    expect((await subscribe(second.client)).errors).toBeUndefined();
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    expect(gw.sandbox.stats.tokenRequests()).toBe(0);
  });
});
