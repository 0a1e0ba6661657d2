import { createHash } from 'node:crypto';
import { context, type Context } from '@opentelemetry/api';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZoomWebhookEvent } from '../zoom/wire.ts';
import { webhookErrorBody, WEBHOOK_ERROR_STATUS, type WebhookErrorCode } from './errors.ts';
import { createEventQueue } from './event-queue.ts';
import { createMemoryReplayStore } from './memory-replay-store.ts';
import type { ReplayStore } from './replay-store.ts';
import { encryptPlainToken, matchZoomSignature } from './signature.ts';

/** Route path Zoom posts to, unless `path` says otherwise. */
export const DEFAULT_WEBHOOK_PATH = '/webhooks/zoom';
/** Largest accepted body, in bytes: 256 KiB. Zoom's meeting and user events are a few KiB. */
export const DEFAULT_WEBHOOK_BODY_LIMIT = 256 * 1024;
/** Largest accepted distance between the signed timestamp and now, in seconds (past or future): 5 minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
/**
 * How long an accepted delivery is remembered, in milliseconds: 4 hours. Zoom retries after 5, 20 and 60
 * minutes (85 minutes in all), so 3 hours is the floor; 4 leaves room for Zoom's own queueing delays.
 */
export const DEFAULT_WEBHOOK_REPLAY_TTL_MS = 4 * 60 * 60 * 1000;
/** Most accepted events waiting for `onEvent`; past it deliveries get 503 and Zoom retries them later. */
export const DEFAULT_WEBHOOK_MAX_QUEUED_EVENTS = 1000;
/** How long closing the server waits for queued events to be consumed, in milliseconds: 5 seconds. */
export const DEFAULT_WEBHOOK_DRAIN_TIMEOUT_MS = 5000;

const URL_VALIDATION_EVENT = 'endpoint.url_validation';
/** Zoom's plainToken is ~22 characters; anything much longer is not Zoom. */
const MAX_PLAIN_TOKEN_LENGTH = 512;

export interface ZoomWebhooksOptions {
  /**
   * Webhook secret tokens (the app's "Secret Token" in the Zoom Marketplace). A delivery is accepted when its
   * signature matches any of them, so a new secret can be added before the old one is removed (rotation).
   * At least one, none empty.
   */
  secrets: readonly string[];
  /**
   * Receives every verified event except `endpoint.url_validation`, after the 200 was sent, one at a time in
   * arrival order. A throw or rejection is logged and does not stop later events.
   */
  onEvent: (event: ZoomWebhookEvent) => void | Promise<void>;
  /** Route path. Default `/webhooks/zoom`. */
  path?: string;
  /** Largest accepted body in bytes; larger bodies get 413. Default 262,144 (256 KiB). */
  bodyLimit?: number;
  /** Largest accepted clock difference in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Clock in epoch milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
  /** Where accepted deliveries are remembered. Default: an in-memory LRU (`createMemoryReplayStore`). */
  replayStore?: ReplayStore;
  /** How long a delivery is remembered, in milliseconds; at least 3 hours. Default 4 hours. */
  replayTtlMs?: number;
  /** Most accepted events waiting for `onEvent`. Default 1000. */
  maxQueuedEvents?: number;
  /** How long `app.close()` waits for queued events, in milliseconds. Default 5000. */
  drainTimeoutMs?: number;
  /** Called with how each delivery ended (for metrics). Exceptions it throws are ignored. */
  onDelivery?: (delivery: WebhookDelivery) => void;
}

/** How one delivery ended: accepted, a URL validation answered, or refused with a {@link WebhookErrorCode}. */
export interface WebhookDelivery {
  /** Zoom's event name, once the delivery was verified and parsed. */
  event?: string;
  result: 'ACCEPTED' | 'URL_VALIDATED' | WebhookErrorCode;
}

const MIN_REPLAY_TTL_MS = 3 * 60 * 60 * 1000;

/**
 * Fastify plugin: the Zoom webhook endpoint (`POST /webhooks/zoom` by default).
 *
 * Per request: the raw body is read as bytes (at most `bodyLimit`), the `v0` signature is checked in constant
 * time against every secret, the signed timestamp must be within `toleranceSeconds` of now, and a delivery whose
 * body was already accepted is refused. Refusals are 401 with `{error: {code, message}}` (see `WebhookErrorCode`)
 * and nothing reaches `onEvent`. `endpoint.url_validation` is answered with the token Zoom expects. Any other
 * verified event is answered 200 at once and handed to `onEvent` afterwards, so a slow consumer never makes Zoom
 * wait (Zoom wants an answer within 3 s). Neither the secrets nor the signature are ever logged.
 *
 * Register it without `fastify-plugin` (plain `app.register`): its catch-all raw-body parser and error handler
 * must stay inside this plugin's scope.
 * @see https://developers.zoom.us/docs/api/rest/webhook-reference/
 */
export const zoomWebhooks: FastifyPluginAsync<ZoomWebhooksOptions> = async (app, options) => {
  const settings = resolveOptions(options);
  const { secrets, onEvent, now, replayStore } = settings;
  const report = (delivery: WebhookDelivery): void => {
    try {
      options.onDelivery?.(delivery);
    } catch {
      // An observer must not break a delivery.
    }
  };
  const refused = (request: FastifyRequest, reply: FastifyReply, code: WebhookErrorCode, event?: string): FastifyReply => {
    report({ result: code, ...(event === undefined ? {} : { event }) });
    return refuse(request, reply, code);
  };

  // Each event keeps the trace context of the request that delivered it, so its processing is traced under it.
  const queue = createEventQueue<{ event: ZoomWebhookEvent; context: Context }>({
    maxSize: settings.maxQueuedEvents,
    consume: (item) => context.with(item.context, () => onEvent(item.event)),
    onError: (error, item) => {
      app.log.error({ err: error, event: item.event.event }, 'zoom webhook consumer failed');
    },
  });

  app.addHook('onClose', async () => {
    const drained = await Promise.race([
      queue.onIdle().then(() => true),
      delay(settings.drainTimeoutMs, false, { ref: false }),
    ]);
    if (!drained) {
      app.log.warn({ pending: queue.size }, 'zoom webhook events still pending at shutdown');
    }
  });

  // Only this plugin's routes see the raw bytes: the signature is over the body exactly as sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: settings.bodyLimit }, (_request, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return refused(request, reply, 'PAYLOAD_TOO_LARGE');
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return refused(request, reply, 'BAD_REQUEST');
    }
    request.log.error({ err: error }, 'zoom webhook failed');
    return refused(request, reply, 'INTERNAL');
  });

  app.post(settings.path, { bodyLimit: settings.bodyLimit }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = singleHeader(request, 'x-zm-signature');
    const timestamp = singleHeader(request, 'x-zm-request-timestamp');
    if (signature === undefined || timestamp === undefined) return refused(request, reply, 'SIGNATURE_MISSING');
    if (!/^\d{1,15}$/.test(timestamp)) return refused(request, reply, 'TIMESTAMP_INVALID');

    const secretIndex = matchZoomSignature(secrets, timestamp, rawBody, signature);
    if (secretIndex < 0) return refused(request, reply, 'SIGNATURE_INVALID');
    // Zoom's sample skips this check; without it a captured delivery could be replayed for ever.
    if (Math.abs(now() / 1000 - Number(timestamp)) > settings.toleranceSeconds) {
      return refused(request, reply, 'TIMESTAMP_OUT_OF_RANGE');
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return refused(request, reply, 'INVALID_JSON');
    }
    if (!isWebhookEnvelope(body)) return refused(request, reply, 'INVALID_PAYLOAD');

    const isUrlValidation = body.event === URL_VALIDATION_EVENT;
    const plainToken = isUrlValidation ? body.payload['plainToken'] : undefined;
    if (isUrlValidation && (typeof plainToken !== 'string' || plainToken.length === 0 || plainToken.length > MAX_PLAIN_TOKEN_LENGTH)) {
      return refused(request, reply, 'INVALID_PAYLOAD');
    }
    // Refuse before remembering, so the delivery Zoom retries later is not mistaken for a replay.
    if (!isUrlValidation && queue.isFull) {
      void reply.header('retry-after', '60');
      return refused(request, reply, 'OVERLOADED', body.event);
    }
    const fingerprint = `zoom-webhook:${createHash('sha256').update(rawBody).digest('hex')}`;
    if (!(await replayStore.rememberIfNew(fingerprint, settings.replayTtlMs))) {
      return refused(request, reply, 'REPLAYED', body.event);
    }

    if (isUrlValidation) {
      // Answer with the secret that signed this request: during a rotation Zoom uses the one it has.
      const secret = secrets[secretIndex] as string;
      report({ result: 'URL_VALIDATED', event: body.event });
      return reply.code(200).send({ plainToken, encryptedToken: encryptPlainToken(secret, plainToken as string) });
    }
    queue.push({ event: body, context: context.active() });
    report({ result: 'ACCEPTED', event: body.event });
    request.log.debug({ event: body.event }, 'zoom webhook accepted');
    return reply.code(200).send({ status: 'accepted' });
  });
};

interface ResolvedOptions {
  secrets: readonly string[];
  onEvent: (event: ZoomWebhookEvent) => void | Promise<void>;
  path: string;
  bodyLimit: number;
  toleranceSeconds: number;
  now: () => number;
  replayStore: ReplayStore;
  replayTtlMs: number;
  maxQueuedEvents: number;
  drainTimeoutMs: number;
}

function resolveOptions(options: ZoomWebhooksOptions): ResolvedOptions {
  const { secrets } = options;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TypeError('zoomWebhooks: `secrets` must be a non-empty array of webhook secret tokens');
  }
  secrets.forEach((secret: unknown, index) => {
    // Never echo the value: it is a secret.
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new TypeError(`zoomWebhooks: secrets[${index}] must be a non-empty string`);
    }
  });
  if (typeof options.onEvent !== 'function') {
    throw new TypeError('zoomWebhooks: `onEvent` must be a function that receives each verified event');
  }
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`zoomWebhooks: \`path\` must start with "/", got ${JSON.stringify(path)}`);
  }
  const bodyLimit = positiveInteger('bodyLimit', options.bodyLimit, DEFAULT_WEBHOOK_BODY_LIMIT);
  const toleranceSeconds = positiveInteger('toleranceSeconds', options.toleranceSeconds, DEFAULT_WEBHOOK_TOLERANCE_SECONDS);
  const replayTtlMs = positiveInteger('replayTtlMs', options.replayTtlMs, DEFAULT_WEBHOOK_REPLAY_TTL_MS);
  if (replayTtlMs < MIN_REPLAY_TTL_MS) {
    throw new TypeError(
      `zoomWebhooks: \`replayTtlMs\` must be at least ${MIN_REPLAY_TTL_MS} (3 hours: Zoom retries up to 85 minutes later), got ${replayTtlMs}`,
    );
  }
  const now = options.now ?? Date.now;
  return {
    secrets: Object.freeze([...secrets]),
    onEvent: options.onEvent,
    path,
    bodyLimit,
    toleranceSeconds,
    now,
    replayStore: options.replayStore ?? createMemoryReplayStore({ now }),
    replayTtlMs,
    maxQueuedEvents: positiveInteger('maxQueuedEvents', options.maxQueuedEvents, DEFAULT_WEBHOOK_MAX_QUEUED_EVENTS),
    drainTimeoutMs: positiveInteger('drainTimeoutMs', options.drainTimeoutMs, DEFAULT_WEBHOOK_DRAIN_TIMEOUT_MS),
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`zoomWebhooks: \`${name}\` must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value;
}

function isWebhookEnvelope(value: unknown): value is ZoomWebhookEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const payload = record['payload'];
  return (
    typeof record['event'] === 'string' &&
    record['event'].length > 0 &&
    typeof record['event_ts'] === 'number' &&
    Number.isFinite(record['event_ts']) &&
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload)
  );
}

function refuse(request: FastifyRequest, reply: FastifyReply, code: WebhookErrorCode): FastifyReply {
  // The code only: never the signature, the secret or the body.
  request.log.warn({ code }, 'zoom webhook refused');
  return reply.code(WEBHOOK_ERROR_STATUS[code]).type('application/json').send(webhookErrorBody(code));
}
