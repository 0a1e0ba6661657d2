import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent, type MeetingEvent } from '../../src/events/types.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from '../security/secured-gateway.ts';

export interface WsGateway {
  /** The secured gateway over its sandbox (set in beforeAll). */
  readonly gw: SecuredGateway;
  /** The gateway's own in-memory pub/sub, to publish events and count subscribers. */
  readonly pubsub: MemoryPubSub<GatewayEvent>;
  /** A graphql-ws client authenticated as the admin, disposed after the test. */
  connect(): Client;
}

/**
 * A secured gateway for graphql-ws tests in this file: started once, each test's clients disposed after it, and
 * every subscription checked released (so a test that leaks one fails the next, not silently).
 */
export function useWsGateway(options: Parameters<typeof startSecuredGateway>[0] = {}): WsGateway {
  const clients: Client[] = [];
  let gw: SecuredGateway | undefined;
  const started = (): SecuredGateway => {
    if (gw === undefined) throw new Error('useWsGateway: the gateway starts in beforeAll');
    return gw;
  };
  // createGateway's default pub/sub is the in-memory one.
  const pubsubOf = () => started().gateway.pubsub as MemoryPubSub<GatewayEvent>;

  beforeAll(async () => {
    gw = await startSecuredGateway(options);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
    const pubsub = pubsubOf();
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) + pubsub.subscriberCount(USER_EVENTS_TOPIC) === 0, 'every subscription is released');
  });
  afterAll(async () => {
    await gw?.close();
  });

  return {
    get gw() {
      return started();
    },
    get pubsub() {
      return pubsubOf();
    },
    connect() {
      const client = createClient({
        url: `${started().url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { apiKey: TEST_KEYS.admin },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
      });
      clients.push(client);
      return client;
    },
  };
}

/** A `meeting.deleted` event for `meetingId`, as the webhook receiver publishes it: what subscription tests send. */
export function deletedMeetingEvent(meetingId: string): MeetingEvent {
  return {
    kind: 'meeting',
    type: 'DELETED',
    zoomEvent: 'meeting.deleted',
    occurredAt: '2026-01-15T09:00:00.000Z',
    meetingId,
    hostId: 'host-1',
    meeting: { topic: `Topic ${meetingId}` },
    occurrenceIds: [],
  };
}
