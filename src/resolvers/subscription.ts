import type { SubscriptionResolvers } from '../__generated__/resolvers-types.ts';
import { matchesMeetingEventFilter, matchesRecordingEventFilter, matchesUserEventFilter } from '../events/filters.ts';
import {
  MEETING_EVENTS_TOPIC,
  RECORDING_EVENTS_TOPIC,
  USER_EVENTS_TOPIC,
  type GatewayEvent,
  type MeetingEvent,
  type MeetingEventFilter,
  type RecordingEvent,
  type RecordingEventFilter,
  type UserEvent,
  type UserEventFilter,
} from '../events/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { GatewayError } from '../graphql/errors.ts';
import { createLoaders } from '../loaders/index.ts';

/**
 * Live events from Zoom's webhooks, read from the process-wide pub/sub (`context.pubsub`). The subscription is
 * taken when the operation starts, so nothing published after that is missed. Each event is resolved with fresh
 * loaders, so `event { meeting { ... } }` reads the meeting as Zoom has it now, not as it was at an earlier event.
 * A subscriber that stops reading is dropped by the pub/sub's bounded queue (`SUBSCRIBER_OVERFLOW`), which the
 * graphql-ws server answers by closing the connection.
 */
export const Subscription: SubscriptionResolvers = {
  meetingEvents: {
    subscribe: (_root, { filter }, context) =>
      eventsOf<MeetingEvent>(context, MEETING_EVENTS_TOPIC, (event) =>
        event.kind === 'meeting' && matchesMeetingEventFilter(event, filter as MeetingEventFilter | null | undefined),
      ),
    resolve: (event: MeetingEvent) => event,
  },
  userEvents: {
    subscribe: (_root, { filter }, context) =>
      eventsOf<UserEvent>(context, USER_EVENTS_TOPIC, (event) =>
        event.kind === 'user' && matchesUserEventFilter(event, filter as UserEventFilter | null | undefined),
      ),
    resolve: (event: UserEvent) => event,
  },
  recordingEvents: {
    subscribe: (_root, { filter }, context) =>
      eventsOf<RecordingEvent>(context, RECORDING_EVENTS_TOPIC, (event) =>
        event.kind === 'recording' && matchesRecordingEventFilter(event, filter as RecordingEventFilter | null | undefined),
      ),
    resolve: (event: RecordingEvent) => event,
  },
};

/**
 * The events of `topic` that pass `accepts`, as an async iterator that releases the pub/sub subscription on
 * `return()` even before its first `next()` (an async generator would not: its `finally` never runs then).
 */
function eventsOf<T extends GatewayEvent>(
  context: GatewayContext,
  topic: string,
  accepts: (event: GatewayEvent) => boolean,
): AsyncIterableIterator<T> {
  if (context.pubsub === undefined) {
    throw new GatewayError('BAD_USER_INPUT', 'Subscriptions are served over graphql-ws (WebSocket) on /graphql, not over HTTP.', {
      reason: 'SUBSCRIPTIONS_NEED_WEBSOCKET',
    });
  }
  const source = context.pubsub.subscribe(topic, context.signal === undefined ? {} : { signal: context.signal });
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      // Each turn awaits one published event; the source ends on return(), on abort and on close, and throws
      // SUBSCRIBER_OVERFLOW when this reader fell behind, so the loop cannot outlive the subscription.
      for (;;) {
        const result = await source.next();
        if (result.done === true) return { done: true, value: undefined };
        if (!accepts(result.value)) continue;
        context.loaders = createLoaders(context.zoom, context.signal);
        return { done: false, value: result.value as T };
      }
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
