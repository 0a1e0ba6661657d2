import { createClient, type Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { SSE_PATH } from '../../src/sse/create-sse-handler.ts';
import { collect as collectWs, waitUntil, E2E_API_KEY, postGraphql, startE2EGateway, type E2EGateway } from '../e2e/helpers.ts';
import { TEST_KEYS } from '../security/secured-gateway.ts';
import { deletedMeetingEvent, useWsGateway } from '../server/ws-gateway.ts';

interface Stream {
  received: Array<{ data?: any; errors?: any }>;
  failure?: unknown;
  completed: boolean;
  stop(): void;
}

const clients: Client[] = [];

/** Subscribes over SSE with graphql-sse's own client (distinct connections mode). */
function stream(url: string, headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Stream {
  const client = createClient({ url: `${url}${SSE_PATH}`, headers, retryAttempts: 0 });
  clients.push(client);
  const result: Stream = { received: [], completed: false, stop: () => undefined };
  result.stop = client.subscribe(
    { query, ...(variables === undefined ? {} : { variables }) },
    {
      next: (value) => void result.received.push(value as never),
      error: (error) => {
        result.failure = error;
      },
      complete: () => {
        result.completed = true;
      },
    },
  );
  return result;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

/** A raw SSE request: the status and JSON body of a refusal. */
async function open(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${SSE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), requestId: response.headers.get('x-request-id'), body: JSON.parse(text) as any };
}

const subscription = 'subscription { meetingEvents { type meetingId } }';

describe('subscriptions over Server-Sent Events, end to end', () => {
  let e2e: E2EGateway;
  beforeAll(async () => {
    e2e = await startE2EGateway();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('delivers the CREATED event the sandbox webhook sends for a meeting created through the gateway', async () => {
    const baseUrl = e2e.started.gateway.url;
    const events = stream(baseUrl, { 'x-api-key': E2E_API_KEY }, 'subscription { meetingEvents(filter: { types: [CREATED] }) { __typename type meetingId meeting { topic } } }');
    await waitUntil(() => e2e.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the SSE subscription is live');
    const created = await postGraphql(e2e.graphqlUrl, 'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }', {
      input: { topic: 'Streamed over SSE', startTime: '2030-02-04T15:00:00Z', duration: 30 },
    });
    expect(created.body.errors).toBeUndefined();
    const meetingId = created.body.data.createMeeting.id as string;
    await waitUntil(() => events.received.length === 1, 'the created event arrives over SSE');
    expect(events.received[0]).toEqual({
      data: { meetingEvents: { __typename: 'MeetingCreatedEvent', type: 'CREATED', meetingId, meeting: { topic: 'Streamed over SSE' } } },
    });
    expect(events.failure).toBeUndefined();
    events.stop();
    await waitUntil(() => e2e.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the stream\'s subscription is released when the client leaves');
  });
});

describe('the SSE transport applies what graphql-ws applies', () => {
  const ws = useWsGateway({
    env: { CALLER_JWT_CLOCK_TOLERANCE_SECONDS: '0', SUBSCRIPTION_MAX_PER_CALLER: '2', CORS_ORIGINS: 'https://app.example.test' },
  });
  const admin = { 'x-api-key': TEST_KEYS.admin };
  const event = deletedMeetingEvent;

  it('refuses a request without a credential with 401 UNAUTHENTICATED, before reading it', async () => {
    const refused = await open(ws.gw.url, { query: subscription });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'missing' });
    expect(ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(0);
  });

  it('refuses queries and mutations (they belong on /graphql), bad documents and costly selections, with the graphql-ws codes', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['a query', { query: '{ me { id } }' }, 'BAD_REQUEST'],
      ['a misspelled field', { query: 'subscription { meetingEvents { meetingIdd } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['a syntax error', { query: 'subscription { meetingEvents { meetingId }' }, 'GRAPHQL_PARSE_FAILED'],
      ['a nested first: 301', { query: 'subscription { meetingEvents { meeting { host { meetings(first: 301) { nodes { id } } } } } }' }, 'BAD_USER_INPUT'],
      ['over the cost budget', { query: `subscription { meetingEvents { meeting { host {
        a: meetings(first: 300) { nodes { settings { hostVideo } } } b: meetings(first: 300) { nodes { settings { hostVideo } } } } } } }` }, 'COST_LIMIT_EXCEEDED'],
    ];
    ws.gw.sandbox.stats.reset();
    for (const [name, body, code] of cases) {
      const refused = await open(ws.gw.url, body, admin);
      expect(refused.status, name).toBe(400);
      expect(refused.type, name).toMatch(/^application\/json/);
      expect(refused.body.errors[0].extensions.code, name).toBe(code);
    }
    expect(ws.gw.sandbox.stats.apiCalls()).toBe(0);
  });

  it('delivers events, and shares the per-caller subscription cap with graphql-ws (429 TOO_MANY_SUBSCRIPTIONS)', async () => {
    // SUBSCRIPTION_MAX_PER_CALLER is 2: one on a graphql-ws connection, one stream, and the third is refused.
    const overWs = collectWs(ws.connect(), subscription);
    const overSse = stream(ws.gw.url, admin, subscription);
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'both subscriptions are live');
    const refused = await open(ws.gw.url, { query: subscription }, admin);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', reason: 'PER_CALLER', requestId: refused.requestId });

    await ws.pubsub.publish(MEETING_EVENTS_TOPIC, event('201'));
    await waitUntil(() => overSse.received.length === 1 && overWs.received.length === 1, 'both receive the event');
    expect(overSse.received[0]).toEqual({ data: { meetingEvents: { type: 'DELETED', meetingId: '201' } } });

    // Leaving gives the place back: a new stream is taken.
    overSse.stop();
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the stream is released');
    const again = stream(ws.gw.url, admin, subscription);
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'a new stream takes the freed place');
    again.stop();
    overWs.stop();
  });

  it('ends a stream opened with a JWT when the JWT expires: a last CREDENTIAL_EXPIRED error, then complete', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await ws.gw.jwt({ sub: 'ops-sse', role: 'admin' }, { expiresIn: exp });
    const events = stream(ws.gw.url, { authorization: `Bearer ${token}`, 'x-request-id': 'sse-expiring-1' }, subscription);
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the stream is live');
    await ws.pubsub.publish(MEETING_EVENTS_TOPIC, event('301'));
    await waitUntil(() => events.received.length === 1, 'the event arrives before the expiry');
    await waitUntil(() => events.completed, 'the stream ends at the expiry', 600);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    expect(events.received, JSON.stringify(events.received)).toHaveLength(2);
    // The error names the request that opened the stream, as every error answer does.
    expect(events.received[1]?.errors?.[0]?.extensions).toEqual({ code: 'CREDENTIAL_EXPIRED', requestId: 'sse-expiring-1' });
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the expired stream is released');
    // The same token cannot open another.
    expect((await open(ws.gw.url, { query: subscription }, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('puts the request id in every error answer: our refusals, graphql-sse\'s own, the 401 and the 406', async () => {
    const ours = await open(ws.gw.url, { query: '{ me { id } }' }, { ...admin, 'x-request-id': 'sse-refused-1' });
    expect(ours.status).toBe(400);
    expect(ours.requestId).toBe('sse-refused-1');
    expect(ours.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: 'sse-refused-1' });
    // graphql-sse refuses a body without a query itself, before our checks run.
    const theirs = await open(ws.gw.url, {}, admin);
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors).toEqual([{ message: 'Missing query', extensions: { requestId: theirs.requestId } }]);
    expect(theirs.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const unauthenticated = await open(ws.gw.url, { query: subscription }, { 'x-request-id': 'sse-anonymous' });
    expect(unauthenticated.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'sse-anonymous' });
    const wrongAccept = await fetch(`${ws.gw.url}${SSE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': 'sse-406', ...admin },
      body: JSON.stringify({ query: subscription }),
    });
    expect(wrongAccept.status).toBe(406);
    expect(((await wrongAccept.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: 'sse-406' });
  });

  it('answers a CORS preflight for an allowed origin, and 406 to a request that does not accept an event stream', async () => {
    const preflight = await fetch(`${ws.gw.url}${SSE_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    const wrongAccept = await fetch(`${ws.gw.url}${SSE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...admin },
      body: JSON.stringify({ query: subscription }),
    });
    expect(wrongAccept.status).toBe(406);
  });
});

