import { describe, expect, it, vi } from 'vitest';
import { createWebhookEventPublisher } from '../../src/events/webhook-event-publisher.ts';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { createMemoryPubSub } from '../../src/state/memory-pubsub.ts';
import type { ZoomWebhookEvent } from '../../src/zoom/wire.ts';

const meetingCreated: ZoomWebhookEvent = {
  event: 'meeting.created',
  event_ts: 1743422400000,
  payload: { account_id: 'acc', operator_id: 'hostA', object: { id: 81234567890, uuid: 'u==', host_id: 'hostA', topic: 'T', type: 2 } },
};

function logger() {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe('createWebhookEventPublisher', () => {
  it('invalidates the stale keys, then publishes the typed event on its topic', async () => {
    const pubsub = createMemoryPubSub<GatewayEvent>();
    const meetings = pubsub.subscribe(MEETING_EVENTS_TOPIC);
    const users = pubsub.subscribe(USER_EVENTS_TOPIC);
    const order: string[] = [];
    const invalidate = vi.fn(async (keys: string[]) => {
      order.push(`invalidate ${keys.join(' ')}`);
    });
    const publish = pubsub.publish.bind(pubsub);
    pubsub.publish = async (topic, payload) => {
      order.push(`publish ${topic}`);
      return publish(topic, payload);
    };
    await createWebhookEventPublisher({ pubsub, invalidate })(meetingCreated);
    expect(order).toEqual(['invalidate meeting:81234567890 user:hostA:meetings', `publish ${MEETING_EVENTS_TOPIC}`]);
    expect((await meetings.next()).value).toMatchObject({ kind: 'meeting', type: 'CREATED', meetingId: '81234567890' });

    await createWebhookEventPublisher({ pubsub })({
      event: 'user.deactivated',
      event_ts: 1743422400000,
      payload: { object: { id: 'userA', email: 'a@example.com' } },
    });
    expect((await users.next()).value).toMatchObject({ kind: 'user', type: 'DEACTIVATED', userId: 'userA' });
  });

  it('publishes nothing for events the gateway does not publish', async () => {
    const pubsub = createMemoryPubSub<GatewayEvent>();
    const spy = vi.spyOn(pubsub, 'publish');
    const invalidate = vi.fn();
    await createWebhookEventPublisher({ pubsub, invalidate, logger: logger() })({ ...meetingCreated, event: 'recording.transcript_completed' });
    expect(spy).not.toHaveBeenCalled();
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('still publishes when invalidation fails, and logs it', async () => {
    const pubsub = createMemoryPubSub<GatewayEvent>();
    const sub = pubsub.subscribe(MEETING_EVENTS_TOPIC);
    const log = logger();
    await createWebhookEventPublisher({
      pubsub,
      logger: log,
      invalidate: async () => {
        throw new Error('cache down');
      },
    })(meetingCreated);
    expect((await sub.next()).value).toMatchObject({ type: 'CREATED' });
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
