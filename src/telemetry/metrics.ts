import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ShaperEvent, BucketFill } from '../shaper/index.ts';
import type { ZoomCallEvent, ZoomTokenEvent } from '../zoom/client.ts';
import { ZOOM_OPERATIONS } from '../zoom/operations.ts';
import { createNameFolder, type NameFolder } from './bounded-names.ts';
import { createFastCounter, createFastHistogram } from './fast-metrics.ts';

/** Prefix of every metric the gateway defines (the process metrics keep their standard names). */
export const METRIC_PREFIX = 'zoom_gateway_';

/** Most distinct GraphQL operation names reported; later ones are counted as `OTHER_OPERATION`. */
export const DEFAULT_MAX_OPERATION_NAMES = 100;

/** Seconds: a GraphQL operation's duration buckets (10 ms to 30 s: Zoom calls dominate, a retry budget is 15 s). */
const OPERATION_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: one Zoom attempt's duration buckets (the attempt timeout is 10 s by default). */
const ZOOM_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds waited for the rate shaper (a call may wait up to its retry budget, 15 s by default). */
const WAIT_SECONDS = [0, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];
/** Zoom calls one operation makes (the default budget allows 50 of a category). */
const COST_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 300];

/** A GraphQL operation as it finished, for {@link GatewayMetrics.recordOperation}. */
export interface OperationRecord {
  /** The operation's name as the client sent it; `undefined` when anonymous or unknown (a parse error). */
  name: string | undefined;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** `OK`, or the first error's `extensions.code`. */
  outcome: string;
  durationSeconds: number;
  /** Zoom calls the operation was estimated to need at most, and made (sum over categories), when known. */
  estimatedCalls?: number;
  actualCalls?: number;
}

/** What a cache reports (src/cache's `onCacheEvent`). */
export interface CacheEvent {
  kind: 'hit' | 'miss' | 'invalidation' | 'join';
  /** Which cached resource (`user`, `meeting`, ...): a small fixed set. */
  resource?: string;
  /** For invalidations: why (`write`, `webhook`, `ttl`, ...): a small fixed set. */
  cause?: string;
}

/** How a webhook delivery ended, for {@link GatewayMetrics.recordWebhookDelivery}. */
export interface WebhookDeliveryRecord {
  /** Zoom's event name when the delivery was verified and parsed. */
  event?: string;
  outcome: WebhookOutcome;
}

export type WebhookOutcome = 'accepted' | 'url_validation' | 'bad_signature' | 'stale' | 'replay' | 'invalid' | 'overloaded' | 'error';

/** What the subscription server reports, for {@link GatewayMetrics.recordSubscriptionEvent}. */
export type SubscriptionEvent = 'started' | 'completed' | 'delivered' | 'dropped';

/** Where the gauges read their values from when scraped. */
export interface MetricSources {
  /** Open graphql-ws connections. */
  subscriptionConnections?: () => number;
  /** Open HTTP connections of the gateway's server. */
  httpConnections?: () => Promise<number>;
  /** The shaper's buckets. */
  shaperBuckets?: () => BucketFill[];
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Default {@link DEFAULT_MAX_OPERATION_NAMES}. */
  maxOperationNames?: number;
  /** Node's process metrics (heap, RSS, event loop lag, GC). Default true; tests turn them off. */
  processMetrics?: boolean;
}

/**
 * The gateway's Prometheus metrics in a registry of their own. Every label has a small, fixed set of values: Zoom
 * operation ids and categories, status codes, error codes, operation names folded to a bounded set; never a user
 * id, an email, a meeting id or anything a client chooses freely.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  recordOperation(record: OperationRecord): void;
  /** The Zoom client's `onCall`: one event per attempt. */
  recordZoomCall(event: ZoomCallEvent): void;
  /** The Zoom client's `onToken`. */
  recordTokenEvent(event: ZoomTokenEvent): void;
  /** The rate shaper's `onShaperEvent`. */
  recordShaperEvent(event: ShaperEvent): void;
  /** A cache's `onCacheEvent`. */
  recordCacheEvent(event: CacheEvent): void;
  recordWebhookDelivery(record: WebhookDeliveryRecord): void;
  recordSubscriptionEvent(event: SubscriptionEvent): void;
  /** Sets where the gauges read from (called once the server exists). */
  observe(sources: MetricSources): void;
  /** The exposition text of every metric. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const names: NameFolder = createNameFolder(options.maxOperationNames ?? DEFAULT_MAX_OPERATION_NAMES);
  const sources: MetricSources = {};
  const registers = [registry];
  const m = METRIC_PREFIX;

  // The metrics of every request and Zoom call keep their label sets themselves (src/telemetry/fast-metrics.ts).
  const operations = createFastCounter<'operation' | 'type' | 'outcome'>({
    name: `${m}graphql_operations_total`,
    help: 'GraphQL operations answered, by operation name (folded to a bounded set), type and outcome (OK or the first error code). A subscription counts each event it executes.',
    labelNames: ['operation', 'type', 'outcome'],
    registers,
  });
  const operationSeconds = createFastHistogram<'operation' | 'type'>({
    name: `${m}graphql_operation_duration_seconds`,
    help: 'Time from receiving a GraphQL operation to its answer, by operation name and type.',
    buckets: OPERATION_SECONDS,
    labelNames: ['operation', 'type'],
    registers,
  });
  const operationCost = createFastHistogram<'operation' | 'kind'>({
    name: `${m}graphql_operation_zoom_calls`,
    help: 'Zoom calls per GraphQL operation: estimated (the most it may make, before it runs) and actual (made), by operation name.',
    buckets: COST_BUCKETS,
    labelNames: ['operation', 'kind'],
    registers,
  });
  const zoomRequests = createFastCounter<'operation' | 'category' | 'status'>({
    name: `${m}zoom_requests_total`,
    help: 'Requests sent to Zoom (every attempt), by Zoom operation, rate-limit category and HTTP status (or the transport failure).',
    labelNames: ['operation', 'category', 'status'],
    registers,
  });
  const zoomRetries = createFastCounter<'operation' | 'category'>({
    name: `${m}zoom_retries_total`,
    help: 'Zoom attempts after the first of their call (retries and the one repeat after a token refresh), by Zoom operation and category.',
    labelNames: ['operation', 'category'],
    registers,
  });
  const zoomSeconds = createFastHistogram<'operation' | 'category'>({
    name: `${m}zoom_request_duration_seconds`,
    help: 'Duration of one Zoom attempt, by Zoom operation and category.',
    buckets: ZOOM_SECONDS,
    labelNames: ['operation', 'category'],
    registers,
  });
  const zoomRateLimited = new Counter({
    name: `${m}zoom_rate_limited_total`,
    help: "Zoom's 429 answers, by rate-limit category and type (qps: per second; daily: the day's pool).",
    labelNames: ['category', 'type'] as const,
    registers,
  });
  const tokens = new Counter({
    name: `${m}zoom_token_events_total`,
    help: 'Zoom access tokens: obtained (a new token from the token endpoint or the shared store), rejected (Zoom answered 401 to one, which forces a refresh), failed (none could be had).',
    labelNames: ['event'] as const,
    registers,
  });
  const shaperAcquisitions = createFastCounter<'category' | 'outcome'>({
    name: `${m}shaper_acquisitions_total`,
    help: "Zoom calls that asked the rate shaper for a slot, by category and outcome (granted, refused-daily, refused-deadline, refused-share).",
    labelNames: ['category', 'outcome'],
    registers,
  });
  const shaperWait = createFastHistogram<'category'>({
    name: `${m}shaper_wait_seconds`,
    help: "Time a Zoom call waited for the rate shaper's answer, by category.",
    buckets: WAIT_SECONDS,
    labelNames: ['category'],
    registers,
  });
  new Gauge({
    name: `${m}shaper_bucket_available`,
    help: "Calls the rate shaper's window for a category could still take when last looked at.",
    labelNames: ['category'] as const,
    registers,
    collect() {
      this.reset();
      for (const bucket of sources.shaperBuckets?.() ?? []) this.set({ category: bucket.category }, bucket.tokens);
    },
  });
  new Gauge({
    name: `${m}shaper_bucket_capacity`,
    help: "Calls the rate shaper's window allows per category: the plan's limit times ZOOM_RATE_SHARE.",
    labelNames: ['category'] as const,
    registers,
    collect() {
      this.reset();
      for (const bucket of sources.shaperBuckets?.() ?? []) this.set({ category: bucket.category }, bucket.capacity);
    },
  });
  const cache = createFastCounter<'kind' | 'resource' | 'cause'>({
    name: `${m}cache_events_total`,
    help: 'Shared cache lookups and upkeep: hit, miss, join (a lookup that joined one already in flight), invalidation, by resource and cause.',
    labelNames: ['kind', 'resource', 'cause'],
    registers,
  });
  const webhooks = new Counter({
    name: `${m}webhook_deliveries_total`,
    help: 'Zoom webhook deliveries, by event type (events the gateway does not publish are "other", unverified ones "unknown") and outcome.',
    labelNames: ['event', 'outcome'] as const,
    registers,
  });
  const subscriptionEvents = new Counter({
    name: `${m}subscription_events_total`,
    help: 'Subscriptions: started, completed, and events delivered to subscribers or dropped (a subscriber too slow to keep up).',
    labelNames: ['event'] as const,
    registers,
  });
  // Started minus completed, kept as they happen: the subscriptions live now, over graphql-ws and SSE.
  const subscriptionsOpen = new Gauge({
    name: `${m}subscriptions_open`,
    help: 'Subscriptions live now, over graphql-ws and Server-Sent Events.',
    registers,
  });
  new Gauge({
    name: `${m}subscription_connections`,
    help: 'Open subscription connections: graphql-ws sockets and Server-Sent Events streams.',
    registers,
    collect() {
      this.set(sources.subscriptionConnections?.() ?? 0);
    },
  });
  new Gauge({
    name: `${m}http_connections`,
    help: "Open HTTP connections of the gateway's server.",
    registers,
    async collect() {
      this.set((await sources.httpConnections?.()) ?? 0);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    recordOperation(record) {
      const operation = names.fold(record.name);
      const { type } = record;
      const outcome = boundedCode(record.outcome);
      // Keys join label values with a character no value holds (names, types, codes are GraphQL words).
      const named = `${operation} ${type}`;
      operations.inc(`${named} ${outcome}`, () => ({ operation, type, outcome }));
      operationSeconds.observe(named, () => ({ operation, type }), record.durationSeconds);
      if (record.estimatedCalls !== undefined) operationCost.observe(`${operation} estimated`, () => ({ operation, kind: 'estimated' }), record.estimatedCalls);
      if (record.actualCalls !== undefined) operationCost.observe(`${operation} actual`, () => ({ operation, kind: 'actual' }), record.actualCalls);
    },
    recordZoomCall(event) {
      const operation = Object.hasOwn(ZOOM_OPERATIONS, event.operation) ? event.operation : 'other';
      const { category } = event;
      const status = event.status === undefined ? (event.failure ?? 'unknown') : String(event.status);
      const key = `${operation} ${category}`;
      zoomRequests.inc(`${key} ${status}`, () => ({ operation, category, status }));
      if (event.attempt > 1) zoomRetries.inc(key, () => ({ operation, category }));
      zoomSeconds.observe(key, () => ({ operation, category }), event.durationMs / 1000);
    },
    recordTokenEvent(event) {
      tokens.inc({ event: event.kind });
    },
    recordShaperEvent(event) {
      if (event.kind === 'feedback') {
        zoomRateLimited.inc({ category: event.category, type: event.type === 'Daily-limit' ? 'daily' : 'qps' });
        return;
      }
      const { category, outcome } = event;
      shaperAcquisitions.inc(`${category} ${outcome}`, () => ({ category, outcome }));
      shaperWait.observe(category, () => ({ category }), event.waitedMs / 1000);
    },
    recordCacheEvent(event) {
      const { kind } = event;
      const resource = boundedWord(event.resource);
      const cause = boundedWord(event.cause);
      cache.inc(`${kind} ${resource} ${cause}`, () => ({ kind, resource, cause }));
    },
    recordWebhookDelivery(record) {
      webhooks.inc({ event: webhookEventLabel(record), outcome: record.outcome });
    },
    recordSubscriptionEvent(event) {
      subscriptionEvents.inc({ event });
      if (event === 'started') subscriptionsOpen.inc();
      else if (event === 'completed') subscriptionsOpen.dec();
    },
    observe(next) {
      Object.assign(sources, next);
    },
    scrape: () => registry.metrics(),
  };
}

/**
 * Zoom's events the gateway publishes (src/events) keep their names; any other verified event is `other`, so a
 * new Zoom event type cannot add label values without a code change.
 */
const KNOWN_WEBHOOK_EVENTS = new Set([
  'endpoint.url_validation',
  'meeting.created', 'meeting.updated', 'meeting.deleted', 'meeting.started', 'meeting.ended',
  'meeting.participant_joined', 'meeting.participant_left',
  'user.created', 'user.updated', 'user.deactivated', 'user.activated', 'user.deleted',
]);

function webhookEventLabel(record: WebhookDeliveryRecord): string {
  if (record.event === undefined) return 'unknown';
  return KNOWN_WEBHOOK_EVENTS.has(record.event) ? record.event : 'other';
}

/** Error codes are SCREAMING_SNAKE words from closed sets; anything else (a foreign error's code) is folded. */
function boundedCode(code: string): string {
  return /^[A-Z][A-Z0-9_]{0,39}$/.test(code) ? code : 'OTHER';
}

/** A lower-case word from a closed set (cache resources and causes); anything else is folded. */
function boundedWord(value: string | undefined): string {
  if (value === undefined) return 'none';
  return /^[a-z][a-z0-9_-]{0,31}$/.test(value) ? value : 'other';
}
