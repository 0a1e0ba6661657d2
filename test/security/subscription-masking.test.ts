import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashApiKey } from '../../src/auth/api-key-matcher.ts';
import { parseConfig } from '../../src/config/index.ts';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { createZoomClientFromConfig, type GatewayZoomClient } from '../../src/server/zoom-client.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';
import { leaksIn, SECRET } from './leak-check.ts';

/*
 * Issue 5, "Error masking", over graphql-ws: errors raised while a subscription delivers an event (a Zoom error whose
 * body echoes the access token and an Authorization header, an unexpected throw quoting them, a Zoom value the schema
 * cannot serialise, and a failure of the event stream itself) reach the subscriber masked, and no WebSocket frame or
 * log line holds a secret. The secrets (leak-check.ts) are those of masking.test.ts (HTTP paths).
 */

/** The member's binding: an email, so its Zoom user id is looked up (and here refused) while its stream filters. */
const MEMBER_EMAIL = 'member@example.com';

/** Everything that leaves the gateway: log lines and every WebSocket frame it sends. */
const outputs: string[] = [];

function scriptUpstream(upstream: ScriptedServer): void {
  upstream.script('POST /oauth/token', () => ({
    json: { access_token: SECRET.accessToken, token_type: 'bearer', expires_in: 3600, scope: 'user:read:admin' },
  }));
  const rawBody = `upstream said: Authorization: Bearer ${SECRET.accessToken} ${SECRET.upstreamBody}`;
  upstream.script('GET /v2/meetings/111', () => ({ status: 401, json: { code: 124, message: rawBody } }));
  upstream.script('GET /v2/meetings/222', () => ({ status: 503, body: `<html>${rawBody}</html>`, headers: { 'content-type': 'text/html' } }));
  upstream.script('GET /v2/meetings/333', () => ({ status: 200, body: `not json ${rawBody}`, headers: { 'content-type': 'text/plain' } }));
  upstream.script('GET /v2/meetings/555', () => ({
    json: { id: 555, uuid: 'u', host_id: 'h', topic: 't', type: `unknown-type ${SECRET.accessToken}`, join_url: 'https://zoom.us/j/1' },
  }));
  upstream.script('GET /v2/users/me', () => ({ status: 500, json: { code: 500, message: rawBody } }));
  upstream.script(`GET /v2/users/${encodeURIComponent(MEMBER_EMAIL)}`, () => ({ status: 500, json: { code: 500, message: rawBody } }));
}

async function startGatewayOver(upstream: ScriptedServer): Promise<Gateway> {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      outputs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination: stream });
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'debug',
    PORT: '0',
    ZOOM_ACCOUNT_ID: 'acct',
    ZOOM_CLIENT_ID: 'client',
    ZOOM_CLIENT_SECRET: SECRET.clientSecret,
    ZOOM_API_URL: `${upstream.url}/v2`,
    ZOOM_OAUTH_URL: `${upstream.url}/oauth/token`,
    ZOOM_RETRY_MAX_ATTEMPTS: '1',
    CALLER_API_KEYS: `ops:admin:${hashApiKey(SECRET.callerKey)},member:member:${hashApiKey(SECRET.memberKey)}:${MEMBER_EMAIL}`,
  });
  const client = createZoomClientFromConfig(config.zoom, { logger });
  const zoom: GatewayZoomClient = {
    ...client,
    call: ((operation, call) => {
      const meetingId = (call as { path?: { meetingId?: string } } | undefined)?.path?.meetingId;
      if (operation === 'meeting' && meetingId === '444') {
        // A programming error whose message happens to hold the token and a header: masked for the subscriber,
        // scrubbed in the log.
        return Promise.reject(new Error(`unexpected: Authorization: Bearer ${SECRET.accessToken} and ${SECRET.accessToken}`));
      }
      return client.call(operation, call);
    }) as GatewayZoomClient['call'],
  };
  return createGateway(config, { zoom, logger });
}

/** A `ws` WebSocket that keeps every frame the gateway sends in `outputs`. */
class RecordingWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.on('message', (data: Buffer) => outputs.push(data.toString('utf8')));
  }
}

let upstream: ScriptedServer;
let gateway: Gateway;
const clients: Client[] = [];

beforeAll(async () => {
  upstream = await startScriptedServer();
  scriptUpstream(upstream);
  gateway = await startGatewayOver(upstream);
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
  await waitUntil(() => subscriberCount(MEETING_EVENTS_TOPIC) + subscriberCount(USER_EVENTS_TOPIC) === 0, 'every subscription is released');
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

function connect(apiKey: string): Client {
  const client = createClient({
    url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: RecordingWebSocket,
    connectionParams: { apiKey },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  clients.push(client);
  return client;
}

interface Answer {
  /** `next`: the event's result; `error`: the graphql-ws Error message that ended the subscription. */
  kind: 'next' | 'error';
  errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

/** Subscribes, publishes `event` once the subscription is live, and resolves with the first answer. */
async function deliver(apiKey: string, query: string, topic: string, event: GatewayEvent): Promise<Answer> {
  let answer: Answer | undefined;
  connect(apiKey).subscribe(
    { query },
    {
      next: (result) => {
        answer ??= { kind: 'next', errors: (result.errors ?? []) as Answer['errors'] };
      },
      error: (errors) => {
        answer ??= { kind: 'error', errors: errors as Answer['errors'] };
      },
      complete: () => undefined,
    },
  );
  await waitUntil(() => subscriberCount(topic) === 1, 'the subscription is live');
  await gateway.pubsub.publish(topic, event);
  await waitUntil(() => answer !== undefined, 'the subscriber gets an answer');
  return answer!;
}

function subscriberCount(topic: string): number {
  // createGateway's default pub/sub is the in-memory one.
  return (gateway.pubsub as MemoryPubSub<GatewayEvent>).subscriberCount(topic);
}

function meetingStarted(meetingId: string): GatewayEvent {
  return {
    kind: 'meeting',
    type: 'STARTED',
    zoomEvent: 'meeting.started',
    occurredAt: '2026-01-15T09:00:00.000Z',
    meetingId,
    hostId: 'host-1',
    meeting: {},
  };
}

const MEETING_QUERY = (meetingId: string) =>
  `subscription { meetingEvents(filter: { meetingId: "${meetingId}" }) { meetingId meeting { id type } } }`;

describe('no secret, header or raw upstream body in any graphql-ws frame or log line', () => {
  it.each([
    ['a Zoom 401 whose body holds the token', '111', 'UPSTREAM_UNAVAILABLE'],
    ['a Zoom 503 HTML page', '222', 'UPSTREAM_UNAVAILABLE'],
    ['a Zoom answer that is not JSON', '333', 'UPSTREAM_UNAVAILABLE'],
    ['an unexpected error quoting the token', '444', 'INTERNAL_SERVER_ERROR'],
    ['a Zoom success whose values break the schema', '555', 'INTERNAL_SERVER_ERROR'],
  ])("an event's meeting read fails: %s", async (_title, meetingId, code) => {
    const answer = await deliver(SECRET.callerKey, MEETING_QUERY(meetingId), MEETING_EVENTS_TOPIC, meetingStarted(meetingId));
    expect(answer.kind).toBe('next');
    expect(answer.errors[0]?.extensions?.['code'], JSON.stringify(answer)).toBe(code);
    expect(answer.errors[0]?.path?.[0]).toBe('meetingEvents');
    const text = JSON.stringify(answer);
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toMatch(/stacktrace|\n\s+at /);
  });

  it("an event's user read fails: a Zoom 500 whose body holds the token", async () => {
    const answer = await deliver(
      SECRET.callerKey,
      'subscription { userEvents(filter: { userId: "me" }) { userId user { email } } }',
      USER_EVENTS_TOPIC,
      { kind: 'user', type: 'ACTIVATED', zoomEvent: 'user.activated', occurredAt: '2026-01-15T09:00:00.000Z', userId: 'me', user: {} },
    );
    expect(answer.errors[0]?.extensions?.['code'], JSON.stringify(answer)).toBe('UPSTREAM_UNAVAILABLE');
    expect(leaksIn(JSON.stringify(answer))).toEqual([]);
  });

  it("the event stream itself fails: an email-bound member's id lookup, refused with the token in Zoom's body", async () => {
    const answer = await deliver(SECRET.memberKey, 'subscription { meetingEvents { meetingId } }', MEETING_EVENTS_TOPIC, meetingStarted('666'));
    // Raised by the stream, not by a field: graphql-ws ends the subscription with an Error message.
    expect(answer.kind).toBe('error');
    expect(answer.errors[0]?.extensions?.['code'], JSON.stringify(answer)).toBe('UPSTREAM_UNAVAILABLE');
    expect(leaksIn(JSON.stringify(answer))).toEqual([]);
    expect(upstream.requestsFor(`GET /v2/users/${encodeURIComponent(MEMBER_EMAIL)}`)).toHaveLength(1);
  });

  it('every frame sent and every log line is clean, and the masked errors were logged', () => {
    const seen = outputs.join('\n');
    expect(seen).toContain('unexpected error in a GraphQL subscription');
    expect(leaksIn(seen)).toEqual([]);
    expect(seen).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
