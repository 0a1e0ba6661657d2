import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { createWebhookEventPublisher } from '../events/webhook-event-publisher.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { CacheInvalidator } from '../graphql/context.ts';
import type { PubSub } from '../state/pubsub.ts';
import { traceWebhookProcessing } from '../telemetry/event-spans.ts';
import { DEFAULT_WEBHOOK_PATH, zoomWebhooks, type ZoomWebhooksOptions } from '../webhooks/zoom-webhooks.ts';
import type { ZoomClient } from '../zoom/client-types.ts';
import { ZoomError } from '../zoom/errors.ts';
import type { ZoomWebhookEvent } from '../zoom/wire.ts';

/** The webhook endpoint's path: where to point the Zoom app's Event Subscription. */
export const WEBHOOK_PATH = DEFAULT_WEBHOOK_PATH;

/** Meetings whose host the receiver remembers (from events that name it), so most updates cost no lookup. */
export const DEFAULT_MEETING_HOSTS_REMEMBERED = 10_000;

export interface GatewayWebhooksOptions {
  /** Webhook secret tokens (at least one); any of them may sign a delivery. */
  secrets: readonly string[];
  /** Where verified events are published. */
  pubsub: PubSub<GatewayEvent>;
  /** Drops the shared-cache entries an event makes stale; the same function the write path calls. */
  invalidate: CacheInvalidator;
  /** Looks up the host of a `meeting.updated` event, which Zoom sends without one. */
  zoom: ZoomClient;
  logger: Logger;
  /** Most meeting-to-host pairs remembered. Default 10,000. */
  meetingHostsRemembered?: number;
  /** Receiver tuning (clock, replay store, body limit, ...), for tests and a shared replay store. */
  receiver?: Partial<Omit<ZoomWebhooksOptions, 'secrets' | 'onEvent'>>;
}

/**
 * Registers Zoom's webhook endpoint (`POST /webhooks/zoom`) on the gateway: verified deliveries are mapped to
 * gateway events, the shared-cache entries they make stale are invalidated, and they are published to the
 * subscriptions' pub/sub.
 *
 * Zoom's `meeting.updated` names the meeting but not its host
 * (https://developers.zoom.us/docs/api/meetings/events/#tag/meeting/POSTmeeting.updated), yet subscribers filter
 * by `hostId` and the host's meeting list must be invalidated. The host is taken from a bounded memory of
 * meeting-to-host pairs learnt from earlier events (created, deleted, started, ...); only a meeting not seen
 * before costs one `GET /meetings/{meetingId}` (Light). If that fails the event is still published, without a
 * host: a `hostId` filter then does not match it (never a leak to another host's subscriber).
 */
export async function registerGatewayWebhooks(app: FastifyInstance, options: GatewayWebhooksOptions): Promise<void> {
  const { zoom, logger } = options;
  const hosts = new LRUCache<string, string>({ max: options.meetingHostsRemembered ?? DEFAULT_MEETING_HOSTS_REMEMBERED });
  const publish = createWebhookEventPublisher({
    pubsub: options.pubsub,
    invalidate: options.invalidate,
    logger: logger.child({ component: 'webhook-events' }),
  });

  const onEvent = (body: ZoomWebhookEvent): Promise<void> =>
    traceWebhookProcessing(body.event, async () => publish(await withMeetingHost(body, hosts, zoom, logger)));
  await app.register(zoomWebhooks, { ...options.receiver, secrets: options.secrets, onEvent, path: WEBHOOK_PATH });
}

/**
 * The body with `payload.object.host_id` filled in for a meeting event that lacks it, when it can be learnt;
 * remembers the host of every meeting event that carries one.
 */
async function withMeetingHost(
  body: ZoomWebhookEvent,
  hosts: LRUCache<string, string>,
  zoom: ZoomClient,
  logger: Logger,
): Promise<ZoomWebhookEvent> {
  if (!body.event.startsWith('meeting.')) return body;
  const object = body.payload.object as Record<string, unknown> | undefined;
  const meetingId = idOf(object?.['id']);
  if (object === undefined || meetingId === undefined) return body;
  const hostId = object['host_id'];
  if (typeof hostId === 'string' && hostId !== '') {
    if (body.event === 'meeting.deleted') hosts.delete(meetingId);
    else hosts.set(meetingId, hostId);
    return body;
  }
  if (body.event !== 'meeting.updated') return body;
  let known = hosts.get(meetingId);
  if (known === undefined) {
    try {
      known = (await zoom.call('meeting', { path: { meetingId } })).host_id;
      if (typeof known === 'string' && known !== '') hosts.set(meetingId, known);
    } catch (error) {
      // The error's classification only: its message quotes Zoom's answer text, which is not ours to log.
      const reason =
        error instanceof ZoomError
          ? { code: error.code, status: error.status, zoomCode: error.zoomCode, method: error.method, path: error.path }
          : { name: error instanceof Error ? error.name : typeof error };
      logger.warn({ reason, event: body.event }, 'meeting.updated published without host: the meeting could not be read');
      return body;
    }
  }
  return { ...body, payload: { ...body.payload, object: { ...object, host_id: known } } };
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
