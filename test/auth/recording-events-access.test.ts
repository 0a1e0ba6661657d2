import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RECORDING_EVENTS_TOPIC, type GatewayEvent, type RecordingEvent } from '../../src/events/types.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { collect, waitUntil } from '../e2e/helpers.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from '../security/secured-gateway.ts';

/** A member's `recordingEvents` carry only recordings of meetings it hosts; an admin's carry every one. */
describe('recordingEvents per caller', () => {
  let gw: SecuredGateway;
  const clients: Client[] = [];

  beforeAll(async () => {
    gw = await startSecuredGateway();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await gw?.close();
  });

  function client(apiKey: string): Client {
    const created = createClient({ url: `${gw.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { 'x-api-key': apiKey }, retryAttempts: 0 });
    clients.push(created);
    return created;
  }

  function event(hostId: string, meetingId: string, type: RecordingEvent['type']): RecordingEvent {
    return {
      kind: 'recording', zoomEvent: `recording.${type.toLowerCase()}`, type, occurredAt: '2030-01-01T00:00:00.000Z',
      meetingId, meetingUuid: `uuid-${meetingId}==`, hostId, fileIds: ['f-1'], recording: { id: Number(meetingId) },
    };
  }

  it('the owner hears its own recording events only; the admin hears both; filters apply', async () => {
    const query = 'subscription ($filter: RecordingEventFilter) { recordingEvents(filter: $filter) { type meetingId hostId fileIds } }';
    const admin = collect(client(TEST_KEYS.admin), query);
    const member = collect(client(TEST_KEYS.member), query);
    const completedOnly = collect(client(TEST_KEYS.admin), query, { filter: { types: ['COMPLETED'] } });
    const pubsub = gw.gateway.pubsub as MemoryPubSub<GatewayEvent>;
    await waitUntil(() => pubsub.subscriberCount(RECORDING_EVENTS_TOPIC) === 3, 'the subscriptions are live');
    const { owner, other } = gw.people;
    await pubsub.publish(RECORDING_EVENTS_TOPIC, event(other.id, other.meetingId, 'TRASHED'));
    await pubsub.publish(RECORDING_EVENTS_TOPIC, event(owner.id, owner.meetingId, 'COMPLETED'));
    await waitUntil(() => admin.received.length === 2 && member.received.length === 1 && completedOnly.received.length === 1, 'the events arrive');
    for (const stream of [admin, member, completedOnly]) stream.stop();
    const seen = (stream: typeof admin) => stream.received.map((result) => result.data?.recordingEvents);
    expect(seen(member)).toEqual([{ type: 'COMPLETED', meetingId: owner.meetingId, hostId: owner.id, fileIds: ['f-1'] }]);
    expect(seen(admin).map((e) => e.hostId)).toEqual([other.id, owner.id]);
    expect(seen(completedOnly).map((e) => e.type)).toEqual(['COMPLETED']);
  });
});
