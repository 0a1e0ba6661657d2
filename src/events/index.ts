export { toGatewayEvent } from './from-zoom-webhook.ts';
export type { EventLogger } from './from-zoom-webhook.ts';
export { matchesMeetingEventFilter, matchesRecordingEventFilter, matchesUserEventFilter } from './filters.ts';
export { invalidationsFor } from './invalidations.ts';
export { createWebhookEventPublisher } from './webhook-event-publisher.ts';
export type { WebhookEventPublisherOptions } from './webhook-event-publisher.ts';
export { cacheKeys } from './cache-keys.ts';
export {
  MEETING_EVENTS_TOPIC,
  USER_EVENTS_TOPIC,
  RECORDING_EVENTS_TOPIC,
  MEETING_EVENT_TYPENAMES,
  USER_EVENT_TYPENAMES,
} from './types.ts';
export type * from './types.ts';
