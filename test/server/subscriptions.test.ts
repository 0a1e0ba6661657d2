import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GatewayEvent } from '../../src/events/types.ts';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/server/app.ts';
import { createMemoryPubSub, type MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { fakeZoom, testConfig } from './helpers.ts';
import { deletedMeetingEvent } from './ws-gateway.ts';

const API_KEY = 'subscriptions-test-admin-key';
const API_KEY_SHA256 = createHash('sha256').update(API_KEY).digest('hex');

let gateway: Gateway | undefined;
let pubsub: MemoryPubSub<GatewayEvent> | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
  await gateway?.close();
  await pubsub?.close();
  gateway = undefined;
});

async function start(env: Record<string, string> = {}, deps: Partial<GatewayDeps> = {}): Promise<{ gateway: Gateway; pubsub: MemoryPubSub<GatewayEvent>; wsUrl: string }> {
  const config = testConfig({ CALLER_API_KEYS: `tests:admin:${API_KEY_SHA256}`, ...env });
  pubsub = createMemoryPubSub<GatewayEvent>({ maxQueuedPerSubscriber: config.subscriptions.maxQueuedEvents });
  gateway = await createGateway(config, { zoom: fakeZoom().client, pubsub, ...deps });
  return { gateway, pubsub, wsUrl: `${gateway.url.replace(/^http/, 'ws')}/graphql` };
}

/** A graphql-ws client; resolves `closed` with the close code when the server closes the connection. */
function connect(wsUrl: string, connectionParams: Record<string, unknown> = { apiKey: API_KEY }) {
  let closed!: (code: number) => void;
  const closedWith = new Promise<number>((resolve) => {
    closed = resolve;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // Closes are what these tests look at; graphql-ws would print them to stderr otherwise.
    onNonLazyError: () => undefined,
    on: { closed: (event) => closed((event as { code: number }).code) },
  });
  clients.push(client);
  return { client, closedWith };
}

const event = deletedMeetingEvent;

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('graphql-ws on /graphql', () => {
  it('delivers published events to a subscriber, typed, and releases the subscription when it completes', async () => {
    const { pubsub, wsUrl } = await start();
    const { client } = connect(wsUrl);
    const received: unknown[] = [];
    const stop = client.subscribe(
      { query: 'subscription { meetingEvents { __typename meetingId ... on MeetingDeletedEvent { topic } } }' },
      { next: (result) => void received.push(result), error: () => undefined, complete: () => undefined },
    );
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'subscribed');
    await pubsub.publish(MEETING_EVENTS_TOPIC, event('111'));
    await waitUntil(() => received.length === 1, 'the event arrives');
    expect(received[0]).toEqual({ data: { meetingEvents: { __typename: 'MeetingDeletedEvent', meetingId: '111', topic: 'Topic 111' } } });
    stop();
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'released');
  });

  it('serves only subscriptions: queries and mutations belong to HTTP, with its limits and plugins', async () => {
    const { wsUrl } = await start();
    const { client } = connect(wsUrl);
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: '{ __typename }' }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
    });
    expect(JSON.stringify(errors)).toContain('Only subscriptions are served over WebSocket');
    expect((errors as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it("refuses an operation name the document does not have with Apollo's OPERATION_RESOLUTION_FAILURE", async () => {
    const { wsUrl } = await start();
    const { client } = connect(wsUrl);
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription A { meetingEvents { meetingId } }', operationName: 'B' },
        { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
      );
    });
    expect((errors as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('answers a subscription sent over HTTP with a clear error instead of hanging', async () => {
    const { gateway } = await start();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: 'subscription { meetingEvents { meetingId } }' }),
    });
    const text = await response.text();
    expect(text).not.toContain('"data":{"meetingEvents"');
    expect(text).toMatch(/errors/);
  });

  it('drops a subscriber that falls behind its bounded queue: the connection is closed, the queue freed', async () => {
    const { pubsub, wsUrl } = await start({ SUBSCRIPTION_MAX_QUEUED_EVENTS: '2' });
    const { client, closedWith } = connect(wsUrl);
    client.subscribe({ query: 'subscription { meetingEvents { meetingId } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'subscribed');
    // Four events in one turn: the first goes to the waiting reader, the next two fill its queue of 2, and the
    // fourth finds it full because the reader could not take anything in between.
    for (const id of ['1', '2', '3', '4']) void pubsub.publish(MEETING_EVENTS_TOPIC, event(id));
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(0);
    // Terminated, not closed politely: 1006 (abnormal closure) as seen by the client.
    expect(await closedWith).toBe(1006);
  });

  it('drops a client that stops reading at all: its unanswered ping ends the connection and frees its subscription', async () => {
    const { gateway, pubsub, wsUrl } = await start({}, { subscriptions: { keepAliveMs: 50 } });
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey: API_KEY } }));
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { meetingEvents { meetingId } }' } }));
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'subscribed');
    // The client process stops reading its socket: no pong will ever come back.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitUntil(() => (gateway.app.websocketServer.clients.size as number) === 0, 'the server dropped the client');
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(0);
    socket.terminate();
  });

  it('closes a connection that sends a message larger than SUBSCRIPTION_MAX_MESSAGE_BYTES (1009)', async () => {
    const { wsUrl } = await start({ SUBSCRIPTION_MAX_MESSAGE_BYTES: '1024' });
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const code = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey: API_KEY, padding: 'x'.repeat(2048) } }));
    expect(await code).toBe(1009);
  });

  it('refuses upgrades past SUBSCRIPTION_MAX_CONNECTIONS authenticated connections with 503', async () => {
    const { gateway, wsUrl } = await start({ SUBSCRIPTION_MAX_CONNECTIONS: '1' });
    const first = new WebSocket(wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => first.once('open', resolve));
    // Only an authenticated connection takes one of SUBSCRIPTION_MAX_CONNECTIONS (issue 12 item 1).
    const acked = new Promise((resolve) => first.once('message', resolve));
    first.send(JSON.stringify({ type: 'connection_init', payload: { apiKey: API_KEY } }));
    expect(JSON.parse(String(await acked))).toEqual({ type: 'connection_ack' });
    const second = new WebSocket(wsUrl, 'graphql-transport-ws');
    const status = await new Promise<number>((resolve) => {
      second.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      second.once('open', () => resolve(101));
    });
    expect(status).toBe(503);
    first.close();
    await waitUntil(() => (gateway.app.websocketServer.clients.size as number) === 0, 'the first connection closed');
  });

  it('closes a socket that does not send connection_init within SUBSCRIPTION_INIT_TIMEOUT_MS (4408); the next connection is served', async () => {
    const { gateway, wsUrl } = await start({ SUBSCRIPTION_INIT_TIMEOUT_MS: '200' });
    const silent = new WebSocket(wsUrl, 'graphql-transport-ws');
    const code = new Promise<number>((resolve) => silent.once('close', resolve));
    expect(await code).toBe(4408);
    await waitUntil(() => (gateway.app.websocketServer.clients.size as number) === 0, 'the silent socket is gone');
    const { client } = connect(wsUrl);
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('closed', () => reject(new Error('closed')));
    });
  });

  it('refuses a connection its authenticateConnection seam refuses (4403), and hands what it returns to the context', async () => {
    const seen: unknown[] = [];
    const { wsUrl } = await start({}, {
      subscriptions: {
        authenticateConnection: ({ connectionParams }) => {
          seen.push(connectionParams);
          if (connectionParams['token'] !== 'let-me-in') throw Object.assign(new Error('no'), { code: 'UNAUTHENTICATED' });
          return {};
        },
      },
    });
    const refused = connect(wsUrl, { token: 'wrong' });
    expect(await refused.closedWith).toBe(4403);
    expect(seen).toEqual([{ token: 'wrong' }]);
  });
});
