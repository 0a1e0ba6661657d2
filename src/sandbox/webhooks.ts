import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { ZoomMeeting, ZoomRecordingMeeting, ZoomWebhookEvent } from '../zoom/wire.ts';
import { SANDBOX_WEB_HOST } from './data.ts';
import { formatZoomTime } from './time.ts';
import type { Clock, SandboxChange } from './types.ts';

/**
 * Zoom's webhook signature: `v0=` + hex HMAC-SHA256 keyed with the app's secret token over
 * `v0:{x-zm-request-timestamp}:{raw body}`. Sign (and verify) the raw bytes, never re-serialised JSON.
 * @param timestamp epoch seconds, exactly as sent in `x-zm-request-timestamp`
 * @see https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events
 */
export function signZoomWebhook(secretToken: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * The answer Zoom expects to an `endpoint.url_validation` challenge: the plain token and
 * hex HMAC-SHA256(secret token, plain token).
 * @see https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint
 */
export function zoomUrlValidationAnswer(secretToken: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secretToken).update(plainToken).digest('hex') };
}

/** Where events go. */
export interface SandboxWebhookConfig {
  url: string;
  secretToken: string;
}

/** One delivery attempt. */
export interface WebhookDelivery {
  /** Stable across retries of the same event (also sent as `x-zm-trackingid`), so receivers can dedupe. */
  readonly eventId: string;
  readonly event: string;
  /** 1 for the first attempt, 2.. for retries. */
  readonly attempt: number;
  /** HTTP status the receiver answered; `null` when it did not answer (refused, reset, timed out). */
  readonly status: number | null;
  /** Whether Zoom would count it delivered (a 2xx answer in time). */
  readonly ok: boolean;
  readonly error?: string;
  /** Sandbox clock (epoch ms) when the attempt was made. */
  readonly timestamp: number;
  readonly body: string;
}

/** The outcome of `validate()`. */
export interface WebhookValidationResult {
  /** True when the endpoint answered 200 with the right `plainToken` and `encryptedToken`. */
  ok: boolean;
  url: string;
  status: number | null;
  plainToken: string;
  expectedEncryptedToken: string;
  /** What the endpoint answered (parsed JSON, or the raw text when it was not JSON). */
  received?: unknown;
  error?: string;
}

export interface SandboxWebhooksOptions {
  clock: Clock;
  accountId: string;
  /** Delays before retries 1, 2, 3 in ms of the sandbox clock (default Zoom's: 5, 20 and 60 minutes). */
  retryDelaysMs?: readonly number[];
  /** How long a receiver may take, in ms (default 3000: Zoom wants an answer within 3 seconds). */
  timeoutMs?: number;
  /** The operator's email for `payload.operator`; omitted when unknown. */
  emailOf?: (userId: string) => string | undefined;
  /** Deliveries kept for inspection (default 1000, oldest dropped first). */
  historyLimit?: number;
}

/** Zoom's retry schedule for failed deliveries. @see https://developers.zoom.us/docs/api/webhooks/#webhook-retries */
export const ZOOM_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = Object.freeze([5 * 60_000, 20 * 60_000, 60 * 60_000]);

interface PendingRetry {
  eventId: string;
  event: string;
  body: string;
  attempt: number;
  dueAt: number;
}

/**
 * Delivers events the way Zoom does: JSON POST with `x-zm-request-timestamp` and `x-zm-signature`, retried on
 * failure on Zoom's schedule. Retries fire on real timers at their due time, and `runDueRetries()` runs the ones
 * due by the (possibly injected) clock, which is how tests drive them.
 */
export class SandboxWebhooks {
  readonly #clock: Clock;
  readonly #accountId: string;
  readonly #retryDelaysMs: readonly number[];
  readonly #timeoutMs: number;
  readonly #emailOf: (userId: string) => string | undefined;
  readonly #historyLimit: number;
  #config: SandboxWebhookConfig | undefined;
  #deliveries: WebhookDelivery[] = [];
  #pending: PendingRetry[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: SandboxWebhooksOptions) {
    this.#clock = options.clock;
    this.#accountId = options.accountId;
    this.#retryDelaysMs = options.retryDelaysMs ?? ZOOM_WEBHOOK_RETRY_DELAYS_MS;
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#emailOf = options.emailOf ?? (() => undefined);
    this.#historyLimit = options.historyLimit ?? 1000;
    if (this.#retryDelaysMs.some((d) => !Number.isFinite(d) || d < 0)) {
      throw new TypeError(`retryDelaysMs must be non-negative numbers of milliseconds, got ${JSON.stringify(this.#retryDelaysMs)}`);
    }
  }

  /** Sets (or with `undefined`, removes) the receiving endpoint. Throws on a URL that is not http(s). */
  configure(config: SandboxWebhookConfig | undefined): void {
    if (config !== undefined) {
      let url: URL;
      try {
        url = new URL(config.url);
      } catch {
        throw new TypeError(`webhook url must be an absolute http(s) URL, got ${JSON.stringify(config.url)}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TypeError(`webhook url must use http or https, got ${JSON.stringify(config.url)}`);
      }
      if (config.secretToken === '') throw new TypeError('webhook secretToken must not be empty');
    }
    this.#config = config === undefined ? undefined : { ...config };
  }

  /** The configured endpoint, if any (the secret token is included: this is the sandbox's own state). */
  config(): SandboxWebhookConfig | undefined {
    return this.#config === undefined ? undefined : { ...this.#config };
  }

  /**
   * Builds the Zoom event for a model change (`previous` is the meeting before an update, for `old_object`) and
   * delivers it. Resolves with the first attempt, or `undefined` when no endpoint is configured.
   */
  emitChange(change: SandboxChange, previous?: ZoomMeeting): Promise<WebhookDelivery | undefined> {
    if (this.#config === undefined) return Promise.resolve(undefined);
    return this.send(this.eventFor(change, previous));
  }

  /** Zoom's event for a model change. */
  eventFor(change: SandboxChange, previous?: ZoomMeeting): ZoomWebhookEvent {
    const now = this.#clock();
    const operator = this.#emailOf(change.operatorId);
    const actor = { ...(operator === undefined ? {} : { operator }), operator_id: change.operatorId };
    const account_id = this.#accountId;
    switch (change.type) {
      case 'meeting.created':
        return event(change.type, now, { account_id, ...actor, operation: 'single', object: createdObject(change.meeting) });
      case 'meeting.updated': {
        const keys = Object.keys(change.changed);
        const before = (previous ?? {}) as Record<string, unknown>;
        return event(change.type, now, {
          account_id,
          ...actor,
          operation: 'single',
          time_stamp: now,
          object: { id: change.meeting.id, uuid: change.meeting.uuid, ...change.changed },
          old_object: {
            id: change.meeting.id,
            uuid: change.meeting.uuid,
            ...Object.fromEntries(keys.filter((k) => k in before).map((k) => [k, before[k]])),
          },
        });
      }
      case 'meeting.deleted':
        return event(change.type, now, {
          account_id,
          ...actor,
          operation: change.occurrenceId === undefined ? 'all' : 'single',
          object: {
            ...baseObject(change.meeting),
            ...(change.occurrenceId === undefined
              ? {}
              : {
                  occurrences: (change.meeting.occurrences ?? [])
                    .filter((o) => o.occurrence_id === change.occurrenceId)
                    .map((o) => ({ occurrence_id: o.occurrence_id, start_time: o.start_time })),
                }),
          },
        });
      // Live-activity events carry the meeting id as a string, unlike created/updated/deleted.
      // https://developers.zoom.us/docs/api/meetings/events/#tag/meeting/POSTmeeting.started
      case 'meeting.started':
        return event(change.type, now, { account_id, object: liveObject(change.meeting) });
      case 'meeting.ended':
        return event(change.type, now, {
          account_id,
          object: { ...liveObject(change.meeting), end_time: formatZoomTime(now) },
        });
      case 'meeting.participant_joined':
      case 'meeting.participant_left': {
        const p = change.participant;
        const joined = change.type === 'meeting.participant_joined';
        return event(change.type, now, {
          account_id,
          object: {
            ...liveObject(change.meeting),
            participant: {
              user_id: p.user_id,
              user_name: p.user_name,
              participant_uuid: p.participant_uuid,
              ...(p.email === undefined ? {} : { email: p.email }),
              ...(joined ? { join_time: p.at } : { leave_time: p.at, leave_reason: 'left the meeting' }),
            },
          },
        });
      }
      // Zoom's recording events carry the recording and the files concerned; trashed, deleted and recovered name the
      // operator, completed (sent once the cloud has processed the files) does not.
      // https://developers.zoom.us/docs/api/meetings/events/#tag/recording
      case 'recording.completed':
        return event(change.type, now, { account_id, object: recordingObject(change.recording) });
      case 'recording.trashed':
      case 'recording.deleted':
      case 'recording.recovered':
        return event(change.type, now, { account_id, ...actor, object: recordingObject(change.recording) });
      case 'user.updated':
        return event(change.type, now, {
          account_id,
          ...actor,
          time_stamp: now,
          object: { id: change.user.id, ...change.changed },
          old_object: { id: change.user.id },
        });
    }
  }

  /** Delivers one event now; a failure schedules Zoom's retries. Resolves with the first attempt. */
  send(zoomEvent: ZoomWebhookEvent): Promise<WebhookDelivery | undefined> {
    if (this.#config === undefined) return Promise.resolve(undefined);
    return this.#track(this.#attempt({ eventId: randomUUID(), event: zoomEvent.event, body: JSON.stringify(zoomEvent), attempt: 1, dueAt: 0 }));
  }

  /**
   * Runs the `endpoint.url_validation` handshake against the configured URL and reports whether its answer is the
   * one Zoom requires.
   */
  async validate(): Promise<WebhookValidationResult> {
    const config = this.#config;
    if (config === undefined) throw new TypeError('no webhook endpoint is configured');
    const plainToken = randomBytes(16).toString('base64url');
    const expected = zoomUrlValidationAnswer(config.secretToken, plainToken).encryptedToken;
    const body = JSON.stringify(event('endpoint.url_validation', this.#clock(), { plainToken }));
    const base = { url: config.url, plainToken, expectedEncryptedToken: expected };
    try {
      const response = await this.#post(config, randomUUID(), body);
      const text = await response.text();
      let received: unknown = text;
      try {
        received = JSON.parse(text);
      } catch {
        // Not JSON: report the text as received; the check below fails.
      }
      const answer = received as { plainToken?: unknown; encryptedToken?: unknown } | null;
      const ok =
        response.status === 200 &&
        typeof answer === 'object' &&
        answer !== null &&
        answer.plainToken === plainToken &&
        answer.encryptedToken === expected;
      return { ...base, ok, status: response.status, received };
    } catch (error) {
      return { ...base, ok: false, status: null, error: describe(error) };
    }
  }

  /** Attempts so far, oldest first. */
  deliveries(): WebhookDelivery[] {
    return [...this.#deliveries];
  }

  /** Retries waiting for their due time. */
  pendingRetries(): number {
    return this.#pending.length;
  }

  /** Runs every retry due by the sandbox clock; resolves with how many ran. */
  async runDueRetries(): Promise<number> {
    const now = this.#clock();
    const due = this.#pending.filter((r) => r.dueAt <= now);
    this.#pending = this.#pending.filter((r) => r.dueAt > now);
    await Promise.all(due.map((r) => this.#track(this.#attempt(r))));
    return due.length;
  }

  /** Resolves when every delivery in flight has finished (tests await this before reading `deliveries()`). */
  async settled(): Promise<void> {
    for (let round = 0; round < 100 && this.#inFlight.size > 0; round++) {
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Forgets deliveries and pending retries (the configuration stays). */
  clear(): void {
    this.#deliveries = [];
    this.#pending = [];
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Stops retry timers and waits for deliveries in flight. */
  async close(): Promise<void> {
    this.clear();
    await this.settled();
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  async #attempt(retry: PendingRetry): Promise<WebhookDelivery | undefined> {
    const config = this.#config;
    if (config === undefined) return undefined;
    const timestamp = this.#clock();
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await this.#post(config, retry.eventId, retry.body);
      status = response.status;
      await response.arrayBuffer();
    } catch (e) {
      error = describe(e);
    }
    const ok = status !== null && status >= 200 && status < 300;
    const delivery: WebhookDelivery = {
      eventId: retry.eventId,
      event: retry.event,
      attempt: retry.attempt,
      status,
      ok,
      ...(error === undefined ? {} : { error }),
      timestamp,
      body: retry.body,
    };
    this.#deliveries.push(delivery);
    if (this.#deliveries.length > this.#historyLimit) this.#deliveries.shift();
    const delay = this.#retryDelaysMs[retry.attempt - 1];
    if (!ok && delay !== undefined) this.#schedule({ ...retry, attempt: retry.attempt + 1, dueAt: this.#clock() + delay });
    return delivery;
  }

  #schedule(retry: PendingRetry): void {
    this.#pending.push(retry);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.runDueRetries();
    }, Math.max(0, retry.dueAt - this.#clock()));
    timer.unref();
    this.#timers.add(timer);
  }

  #post(config: SandboxWebhookConfig, eventId: string, body: string): Promise<Response> {
    const timestamp = Math.floor(this.#clock() / 1000);
    return fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': String(timestamp),
        'x-zm-signature': signZoomWebhook(config.secretToken, timestamp, body),
        'x-zm-trackingid': eventId,
      },
      body,
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
  }
}

function event(name: string, ts: number, payload: Record<string, unknown>): ZoomWebhookEvent {
  return { event: name, event_ts: ts, payload: payload as ZoomWebhookEvent['payload'] };
}

function baseObject(meeting: ZoomMeeting): Record<string, unknown> {
  return pick(meeting, ['uuid', 'id', 'host_id', 'topic', 'type', 'start_time', 'duration', 'timezone']);
}

/** `meeting.created` object: the meeting as created, minus host-only secrets such as `start_url`. */
function createdObject(meeting: ZoomMeeting): Record<string, unknown> {
  return pick(meeting, [
    'uuid', 'id', 'host_id', 'topic', 'type', 'start_time', 'duration', 'timezone', 'join_url', 'password', 'pmi',
    'agenda', 'settings', 'recurrence', 'occurrences',
  ]);
}

function liveObject(meeting: ZoomMeeting): Record<string, unknown> {
  return { ...baseObject(meeting), id: String(meeting.id) };
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/** A recording event's `object`: the recorded instance and its files, with Zoom's `share_url`. */
function recordingObject(recording: ZoomRecordingMeeting): Record<string, unknown> {
  const { recording_play_passcode: _passcode, ...object } = recording;
  return { ...object, share_url: `${SANDBOX_WEB_HOST}/rec/share/${encodeURIComponent(recording.uuid)}` };
}
