import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC } from '../../src/events/types.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { collect, postGraphql, startE2EGateway, waitUntil, wsClient, type Collector, type E2EGateway } from './helpers.ts';

/**
 * The whole loop, as `npm start` runs it in sandbox mode: a mutation through the gateway changes the sandbox, the
 * sandbox sends Zoom's signed webhook to the gateway's /webhooks/zoom, and a graphql-ws subscriber of the gateway
 * receives the typed event with its meeting resolved through the normal graph.
 */
const MEETING_EVENTS = `subscription Events($filter: MeetingEventFilter) {
  meetingEvents(filter: $filter) {
    __typename type meetingId hostId operatorId
    meeting { id topic host { email } }
    ... on MeetingUpdatedEvent { changedFields }
    ... on MeetingDeletedEvent { topic occurrenceIds }
    ... on MeetingStartedEvent { startedAt }
    ... on MeetingEndedEvent { endedAt }
    ... on ParticipantJoinedEvent { participant { id zoomUserId name email at participantUuid } }
    ... on ParticipantLeftEvent { participant { id zoomUserId name at leaveReason } }
  }
}`;

let e2e: E2EGateway;
let sandbox: Sandbox;
let client: Client;
let host: { id: string; email: string };

beforeAll(async () => {
  e2e = await startE2EGateway();
  sandbox = e2e.started.sandbox!;
  client = wsClient(e2e.graphqlUrl);
  const me = await postGraphql<{ me: { id: string; email: string } }>(e2e.graphqlUrl, '{ me { id email } }');
  host = me.body.data!.me;
});

afterAll(async () => {
  await client.dispose();
  await e2e.close();
});

/** Subscribes and waits until the gateway holds `live` meeting subscriptions (this one included). */
async function subscribe(filter: Record<string, unknown>, live = 1): Promise<Collector<any>> {
  const collector = collect(client, MEETING_EVENTS, { filter });
  await waitUntil(() => e2e.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === live, 'the subscription is live');
  return collector;
}

/** Stops subscriptions and waits until the gateway released them. */
async function stopAll(...collectors: Array<Collector<unknown>>): Promise<void> {
  for (const collector of collectors) collector.stop();
  await waitUntil(() => e2e.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the subscriptions are released');
}

describe('mutations through the gateway reach subscribers as typed events', () => {
  it('create, update and delete, filtered by host, each with the meeting as Zoom has it at that moment', async () => {
    const events = await subscribe({ hostId: host.id });
    const created = await postGraphql(
      e2e.graphqlUrl,
      'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id topic host { email } } }',
      { input: { topic: 'Quarterly planning', startTime: '2030-02-04T15:00:00Z', duration: 45 } },
    );
    expect(created.body.errors).toBeUndefined();
    const meetingId = created.body.data.createMeeting.id as string;

    await waitUntil(() => events.received.length === 1, 'the created event arrives');
    expect(events.received[0]).toEqual({
      data: {
        meetingEvents: {
          __typename: 'MeetingCreatedEvent',
          type: 'CREATED',
          meetingId,
          hostId: host.id,
          operatorId: host.id,
          meeting: { id: meetingId, topic: 'Quarterly planning', host: { email: host.email } },
        },
      },
    });

    const updated = await postGraphql(
      e2e.graphqlUrl,
      'mutation ($id: ID!) { updateMeeting(id: $id, input: { topic: "Quarterly planning (moved)" }) { id topic } }',
      { id: meetingId },
    );
    expect(updated.body.data).toEqual({ updateMeeting: { id: meetingId, topic: 'Quarterly planning (moved)' } });
    // Zoom's meeting.updated names no host: the gateway fills it, so the hostId filter still matches.
    await waitUntil(() => events.received.length === 2, 'the updated event arrives');
    expect(events.received[1]!.data.meetingEvents).toMatchObject({
      __typename: 'MeetingUpdatedEvent',
      type: 'UPDATED',
      hostId: host.id,
      changedFields: ['topic'],
      meeting: { topic: 'Quarterly planning (moved)', host: { email: host.email } },
    });

    const deleted = await postGraphql(e2e.graphqlUrl, 'mutation ($id: ID!) { deleteMeeting(id: $id) }', { id: meetingId });
    expect(deleted.body).toMatchObject({ data: { deleteMeeting: meetingId } });
    await waitUntil(() => events.received.length === 3, 'the deleted event arrives');
    expect(events.received[2]!.data.meetingEvents).toMatchObject({
      __typename: 'MeetingDeletedEvent',
      type: 'DELETED',
      meetingId,
      topic: 'Quarterly planning (moved)',
      occurrenceIds: [],
      meeting: null,
    });

    await sandbox.webhooks.settled();
    const deliveries = sandbox.webhooks.deliveries().filter((delivery) => delivery.body.includes(meetingId));
    expect(deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
      ['meeting.created', 200],
      ['meeting.updated', 200],
      ['meeting.deleted', 200],
    ]);
    await stopAll(events);
  });

  it('live activity driven through the sandbox admin: started, participant joined and left, ended', async () => {
    const created = await postGraphql(e2e.graphqlUrl, 'mutation { createMeeting(input: { topic: "Stand-up" }) { id } }');
    const meetingId = created.body.data.createMeeting.id as string;
    const events = await subscribe({ meetingId, types: ['STARTED', 'PARTICIPANT_JOINED', 'PARTICIPANT_LEFT', 'ENDED'] });

    const admin = async (method: 'POST' | 'DELETE', path: string, body: unknown = {}) => {
      const response = await fetch(`${sandbox.adminUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify(body) : undefined,
      });
      expect(response.status, path).toBeLessThan(300);
      await response.arrayBuffer();
    };
    await admin('POST', `/meetings/${meetingId}/start`);
    await waitUntil(() => events.received.length === 1, 'the started event arrives');
    await admin('POST', `/meetings/${meetingId}/participants`, { name: 'Ada Guest', email: 'ada@guest.example' });
    await waitUntil(() => events.received.length === 2, 'the joined event arrives');
    const uuid = events.received[1]!.data.meetingEvents.participant.participantUuid as string;
    await admin('DELETE', `/meetings/${meetingId}/participants/${encodeURIComponent(uuid)}`);
    await waitUntil(() => events.received.length === 3, 'the left event arrives');
    await admin('POST', `/meetings/${meetingId}/end`);
    await waitUntil(() => events.received.length === 4, 'the ended event arrives');

    const received = events.received.map((result) => result.data.meetingEvents);
    expect(received.map((event) => event.__typename)).toEqual([
      'MeetingStartedEvent',
      'ParticipantJoinedEvent',
      'ParticipantLeftEvent',
      'MeetingEndedEvent',
    ]);
    for (const event of received) {
      expect(event).toMatchObject({ meetingId, hostId: host.id, meeting: { topic: 'Stand-up', host: { email: host.email } } });
    }
    expect(received[0].startedAt).toEqual(expect.any(String));
    expect(received[1].participant).toMatchObject({ name: 'Ada Guest', email: 'ada@guest.example' });
    expect(received[2].participant).toMatchObject({ name: 'Ada Guest', leaveReason: expect.any(String) });
    // A guest: no Zoom user id. The join and the leave are two entries for a normalized cache, not one.
    expect([received[1].participant.zoomUserId, received[2].participant.zoomUserId]).toEqual([null, null]);
    expect(received[1].participant.id).toEqual(expect.any(String));
    expect(received[2].participant.id).not.toBe(received[1].participant.id);
    expect(received[3].endedAt).toEqual(expect.any(String));
    await stopAll(events);
  });

  it('a subscriber whose filter does not match receives nothing, and a stopped one is released', async () => {
    const other = await subscribe({ hostId: 'someone-else' });
    const all = await subscribe({}, 2);
    await postGraphql(e2e.graphqlUrl, 'mutation { createMeeting(input: { topic: "Not yours" }) { id } }');
    await waitUntil(() => all.received.length === 1, 'the unfiltered subscriber gets the event');
    expect(other.received).toEqual([]);
    await stopAll(other, all);
  });

  it('userEvents: a user webhook from Zoom reaches a user subscriber with the user resolved', async () => {
    const users = collect(client, 'subscription { userEvents { __typename type userId ... on UserUpdatedEvent { changedFields } user { email } } }');
    await waitUntil(() => e2e.pubsub.subscriberCount(USER_EVENTS_TOPIC) === 1, 'the user subscription is live');
    await sandbox.webhooks.send({
      event: 'user.updated',
      event_ts: Date.now(),
      payload: { account_id: sandbox.credentials.accountId, operator_id: host.id, object: { id: host.id, dept: 'Research' }, old_object: { id: host.id } },
    });
    await waitUntil(() => users.received.length === 1, 'the user event arrives');
    expect(users.received[0]).toEqual({
      data: { userEvents: { __typename: 'UserUpdatedEvent', type: 'UPDATED', userId: host.id, changedFields: ['department'], user: { email: host.email } } },
    });
    users.stop();
    await waitUntil(() => e2e.pubsub.subscriberCount(USER_EVENTS_TOPIC) === 0, 'the user subscription is released');
  });
});
