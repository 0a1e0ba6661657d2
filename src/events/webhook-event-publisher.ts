import type { CacheInvalidator } from '../graphql/context.ts';
import type { PubSub } from '../state/pubsub.ts';
import type { ZoomWebhookEvent } from '../zoom/wire.ts';
import { toGatewayEvent, type EventLogger } from './from-zoom-webhook.ts';
import { withTraceparent } from '../telemetry/event-spans.ts';
import { invalidationsFor } from './invalidations.ts';
import { MEETING_EVENTS_TOPIC, RECORDING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent } from './types.ts';

/** The pub/sub topic of each kind of event. */
const TOPICS: Readonly<Record<GatewayEvent['kind'], string>> = Object.freeze({
  meeting: MEETING_EVENTS_TOPIC,
  user: USER_EVENTS_TOPIC,
  recording: RECORDING_EVENTS_TOPIC,
});

export interface WebhookEventPublisherOptions {
  /** Where events go: meeting events on `MEETING_EVENTS_TOPIC`, user events on `USER_EVENTS_TOPIC`, recording events on `RECORDING_EVENTS_TOPIC`. */
  pubsub: PubSub<GatewayEvent>;
  /**
   * Drops the shared-cache entries an event makes stale (names from `cacheKeys`). Runs before the event is
   * published, so a subscriber that resolves `meeting { ... }` reads what Zoom has now. Optional until the
   * shared cache exists.
   */
  invalidate?: CacheInvalidator;
  logger?: EventLogger & { error(details: object, message: string): void };
}

/**
 * The webhook receiver's consumer (`zoomWebhooks({ onEvent })`): maps a verified Zoom body to a gateway event,
 * invalidates what it makes stale, then publishes it. Events the gateway does not publish are ignored. A failed
 * invalidation is logged and the event still published: a late event is worse than a briefly stale cache entry.
 */
export function createWebhookEventPublisher(options: WebhookEventPublisherOptions): (body: ZoomWebhookEvent) => Promise<void> {
  const { pubsub, invalidate, logger } = options;
  return async (body) => {
    const event = toGatewayEvent(body, logger);
    if (event === undefined) return;
    const keys = invalidationsFor(event);
    if (invalidate !== undefined && keys.length > 0) {
      try {
        await invalidate(keys);
      } catch (error) {
        logger?.error({ err: error, event: body.event, keys }, 'cache invalidation failed for a zoom event');
      }
    }
    await pubsub.publish(TOPICS[event.kind], withTraceparent(event));
  };
}
