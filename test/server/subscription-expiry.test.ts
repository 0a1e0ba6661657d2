import { createClient, type Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { TEST_KEYS } from '../security/secured-gateway.ts';
import { collect, waitUntil } from '../e2e/helpers.ts';
import { deletedMeetingEvent, useWsGateway } from './ws-gateway.ts';

// No clock tolerance: the token stops authenticating exactly at its `exp`, so a 2 s token ends within the test.
const ws = useWsGateway({ env: { CALLER_JWT_CLOCK_TOLERANCE_SECONDS: '0' } });
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
});

function connect(connectionParams: Record<string, unknown>) {
  const closes: Array<{ code: number; reason: string }> = [];
  const client = createClient({
    url: `${ws.gw.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => void closes.push(event as { code: number; reason: string }) },
  });
  clients.push(client);
  return { client, closes };
}

const event = deletedMeetingEvent;

const subscription = 'subscription { meetingEvents { type meetingId } }';

describe('a graphql-ws connection opened with a JWT', () => {
  it('is closed 4401 CREDENTIAL_EXPIRED when the JWT expires, while an API-key connection keeps delivering', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await ws.gw.jwt({ sub: 'ops', role: 'admin' }, { expiresIn: exp });
    const jwtConnection = connect({ authorization: `Bearer ${token}` });
    const keyConnection = connect({ apiKey: TEST_KEYS.admin });
    const viaJwt = collect(jwtConnection.client, subscription);
    const viaKey = collect(keyConnection.client, subscription);
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 2, 'both subscriptions are live');

    // Live before the expiry: the JWT's subscription delivers.
    await ws.pubsub.publish(MEETING_EVENTS_TOPIC, event('101'));
    await waitUntil(() => viaJwt.received.length === 1 && viaKey.received.length === 1, 'both receive the first event');
    expect(viaJwt.received[0]).toEqual({ data: { meetingEvents: { type: 'DELETED', meetingId: '101' } } });
    expect(jwtConnection.closes).toEqual([]);

    // Bounded: 600 checks of 10 ms at least, for a token that expires within 2 s.
    await waitUntil(() => jwtConnection.closes.length > 0, 'the JWT connection is closed at the expiry', 600);
    expect(jwtConnection.closes).toEqual([expect.objectContaining({ code: 4401, reason: 'CREDENTIAL_EXPIRED' })]);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    await viaJwt.done;
    await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the expired subscription is released');

    await ws.pubsub.publish(MEETING_EVENTS_TOPIC, event('102'));
    await waitUntil(() => viaKey.received.length === 2, 'the API-key subscription receives the next event');
    expect(viaJwt.received.filter((result) => result.data !== undefined)).toHaveLength(1);
    expect(keyConnection.closes).toEqual([]);

    // The same token cannot reopen it: refused at connection_init (graphql-ws 4403).
    const again = connect({ authorization: `Bearer ${token}` });
    await waitUntil(() => again.closes.length > 0, 'the expired token is refused');
    expect(again.closes[0]?.code).toBe(4403);
    viaKey.stop();
  });
});
