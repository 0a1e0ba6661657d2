import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MEETING_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../../src/sandbox/index.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { collect, waitUntil } from '../e2e/helpers.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from './secured-gateway.ts';

/**
 * Subscriptions over graphql-ws with real credentials, end to end: the sandbox signs its webhooks to the gateway,
 * and each subscriber only hears what its caller may see.
 */
const EVENTS = 'subscription { meetingEvents { __typename meetingId hostId } }';

let gw: SecuredGateway;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startSecuredGateway({ env: { ZOOM_WEBHOOK_SECRET_TOKENS: SANDBOX_DEFAULT_CREDENTIALS.webhookSecretToken } });
  gw.sandbox.webhooks.configure({ url: `${gw.url}/webhooks/zoom`, secretToken: SANDBOX_DEFAULT_CREDENTIALS.webhookSecretToken });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await gw?.close();
});

function client(connectionParams: Record<string, unknown>, onClosed?: (code: number) => void): Client {
  const created = createClient({
    url: gw.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // The refusal is asserted through `closed`; graphql-ws would also print it.
    onNonLazyError: () => undefined,
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });
  clients.push(created);
  return created;
}

describe('graphql-ws callers', () => {
  it.each([
    ['no credential', {}],
    ['an unknown API key', { apiKey: 'not-a-key-of-this-gateway' }],
    ['a bearer token that is no caller JWT', { authorization: 'Bearer not.a.jwt' }],
  ])('refuses a connection with %s (4403), before any Zoom call', async (_title, params) => {
    gw.sandbox.stats.reset();
    let closedWith: number | undefined;
    client(params, (code) => {
      closedWith = code;
    });
    await waitUntil(() => closedWith !== undefined, 'the connection is closed');
    expect(closedWith).toBe(4403);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
  });

  it("delivers to a member only the events of meetings they host; an admin hears all", async () => {
    const admin = collect(client({ apiKey: TEST_KEYS.admin }), EVENTS);
    const member = collect(client({ 'x-api-key': TEST_KEYS.member }), EVENTS);
    // createGateway's default pub/sub is the in-memory one.
    const pubsub = gw.gateway.pubsub as MemoryPubSub<GatewayEvent>;
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'both subscriptions are live');

    // The other user's meeting starts first: if the member's stream were unfiltered, it would arrive there first.
    gw.sandbox.model.startMeeting(gw.people.other.meetingId);
    gw.sandbox.model.startMeeting(gw.people.owner.meetingId);
    await waitUntil(() => admin.received.length === 2 && member.received.length >= 1, 'the started events arrive');

    const ids = (collector: typeof admin) => collector.received.map((result) => result.data?.meetingEvents?.meetingId);
    expect(ids(admin)).toEqual([gw.people.other.meetingId, gw.people.owner.meetingId]);
    expect(ids(member)).toEqual([gw.people.owner.meetingId]);
    expect(member.received[0]?.data?.meetingEvents).toMatchObject({ __typename: 'MeetingStartedEvent', hostId: gw.people.owner.id });
    admin.stop();
    member.stop();
  });
});
