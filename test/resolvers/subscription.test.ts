import { parse, subscribe, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayEvent, MeetingEvent } from '../../src/events/types.ts';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { createGatewayContext } from '../../src/graphql/context.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { createMemoryPubSub, type MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const schema = buildGatewaySchema();
let gateway: TestGateway;
let pubsub: MemoryPubSub<GatewayEvent>;
let meeting: { id: string; topic: string; hostId: string };

beforeAll(async () => {
  gateway = await startTestGateway();
  const created = await gateway.execute<any>('mutation { createMeeting(input: { topic: "Event source", startTime: "2030-06-01T10:00:00Z" }) { id topic host { id } } }');
  meeting = { id: created.data.createMeeting.id, topic: 'Event source', hostId: created.data.createMeeting.host.id };
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  pubsub = createMemoryPubSub<GatewayEvent>();
  gateway.stats.reset();
});

async function start(query: string, variables?: Record<string, unknown>) {
  const result = await subscribe({
    schema,
    document: parse(query),
    variableValues: variables,
    contextValue: createGatewayContext({ zoom: gateway.zoom, pubsub, now: gateway.clock.now }),
  });
  if (!(Symbol.asyncIterator in result)) throw new Error(`not a subscription: ${JSON.stringify(result)}`);
  return result as AsyncGenerator<ExecutionResult>;
}

function updatedEvent(meetingId: string, extra: Partial<MeetingEvent> = {}): MeetingEvent {
  return {
    kind: 'meeting',
    type: 'UPDATED',
    zoomEvent: 'meeting.updated',
    occurredAt: '2026-01-15T09:00:00.000Z',
    meetingId,
    hostId: meeting.hostId,
    meeting: { topic: 'x' },
    changedFields: ['topic'],
    previous: {},
    occurrenceIds: [],
    ...extra,
  } as MeetingEvent;
}

describe('Subscription.meetingEvents', () => {
  it('resolves each event with fresh loaders: the meeting as Zoom has it at that event, not at an earlier one', async () => {
    const events = await start('subscription { meetingEvents { meetingId meeting { topic } } }');
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(1);
    await pubsub.publish(MEETING_EVENTS_TOPIC, updatedEvent(meeting.id));
    expect((await events.next()).value).toEqual({ data: { meetingEvents: { meetingId: meeting.id, meeting: { topic: 'Event source' } } } });

    await gateway.execute('mutation ($id: ID!) { updateMeeting(id: $id, input: { topic: "Renamed" }) { id } }', { id: meeting.id });
    gateway.stats.reset();
    await pubsub.publish(MEETING_EVENTS_TOPIC, updatedEvent(meeting.id));
    expect((await events.next()).value).toEqual({ data: { meetingEvents: { meetingId: meeting.id, meeting: { topic: 'Renamed' } } } });
    expect(gateway.stats.count('meeting')).toBe(1);
    await events.return(undefined);
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(0);
  });

  it('passes only the events its filter matches', async () => {
    const events = await start(
      'subscription ($filter: MeetingEventFilter) { meetingEvents(filter: $filter) { __typename meetingId } }',
      { filter: { meetingId: '42', types: ['DELETED'] } },
    );
    await pubsub.publish(MEETING_EVENTS_TOPIC, updatedEvent('42'));
    await pubsub.publish(MEETING_EVENTS_TOPIC, { ...updatedEvent('43'), type: 'DELETED', occurrenceIds: [] } as MeetingEvent);
    await pubsub.publish(MEETING_EVENTS_TOPIC, { ...updatedEvent('42'), type: 'DELETED', occurrenceIds: [] } as MeetingEvent);
    expect((await events.next()).value).toEqual({ data: { meetingEvents: { __typename: 'MeetingDeletedEvent', meetingId: '42' } } });
    await events.return(undefined);
  });

  it('a meeting deleted as a whole resolves to null without asking Zoom', async () => {
    const events = await start('subscription { meetingEvents { meeting { id } ... on MeetingDeletedEvent { topic } } }');
    await pubsub.publish(MEETING_EVENTS_TOPIC, { ...updatedEvent('77'), type: 'DELETED', occurrenceIds: [], meeting: { topic: 'Gone' } } as MeetingEvent);
    expect((await events.next()).value).toEqual({ data: { meetingEvents: { meeting: null, topic: 'Gone' } } });
    expect(gateway.stats.apiCalls()).toBe(0);
    await events.return(undefined);
  });

  it('releases its pub/sub subscription when ended before the first event', async () => {
    const events = await start('subscription { meetingEvents { meetingId } }');
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(1);
    await events.return(undefined);
    expect(pubsub.subscriberCount(MEETING_EVENTS_TOPIC)).toBe(0);
  });

  it('without a pub/sub (an HTTP request) it refuses with a clear error', async () => {
    const result = await subscribe({
      schema,
      document: parse('subscription { meetingEvents { meetingId } }'),
      contextValue: createGatewayContext({ zoom: gateway.zoom }),
    });
    expect(JSON.stringify(result)).toContain('SUBSCRIPTIONS_NEED_WEBSOCKET');
  });
});
