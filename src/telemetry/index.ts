import type { ApolloServerPlugin } from '@apollo/server';
import { type Attributes, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import type { CostMap } from '../cost/cost-map.ts';
import type { CostTally } from '../cost/cost-tally.ts';
import type { CostTracker } from '../cost/cost-tracker.ts';
import type { ShaperEvent } from '../shaper/index.ts';
import type { WebhookDelivery } from '../webhooks/zoom-webhooks.ts';
import type { ZoomCallEvent, ZoomTokenEvent } from '../zoom/client.ts';
import { createEventSubscribe, type SubscribeFunction } from './event-operations.ts';
import { createGatewayMetrics, type CacheEvent, type GatewayMetrics, type GatewayMetricsOptions, type MetricSources, type SubscriptionEvent, type WebhookOutcome } from './metrics.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';
import { createRequestSpans, type RequestSpans } from './request-spans.ts';
import { readNoteTarget, traceZoomResolvers } from './resolver-spans.ts';
import type { TelemetryConfig } from './settings.ts';
import { startTracing } from './tracing.ts';
import { useOperationSpans } from './use-operation-spans.ts';
import { useOperationTelemetry } from './use-operation-telemetry.ts';

export { createRequestIds, REQUEST_ID_HEADER, withRequestIdInErrors } from './request-ids.ts';
export type { CacheEvent, GatewayMetrics, SubscriptionEvent } from './metrics.ts';
export { METRICS_PATH } from './metrics-server.ts';
export type { SubscribeFunction } from './event-operations.ts';

/** Options of {@link createTelemetry}. */
export interface TelemetryOptions extends GatewayMetricsOptions {
  /**
   * Spans go to this provider instead of one started from `OTEL_*` (tests with an in-memory exporter, an
   * application that set up the SDK itself). Register it globally too: context propagation needs its context manager.
   */
  tracerProvider?: TracerProvider;
  /** Counts each subscription event's Zoom calls (its actual cost), as HTTP operations' are counted. */
  costTracker?: CostTracker;
}

/**
 * The gateway's telemetry in one face: observers for every part that reports (the Zoom client, the shaper, a
 * cache, the webhook receiver, subscriptions), an Apollo plugin for operations, and the `/metrics` listener.
 * With metrics off (`METRICS_PORT` unset) every observer does nothing and no registry exists.
 */
export interface Telemetry {
  /** The metrics, when on. */
  readonly metrics: GatewayMetrics | undefined;
  readonly onZoomCall: (event: ZoomCallEvent) => void;
  readonly onToken: (event: ZoomTokenEvent) => void;
  readonly onShaperEvent: (event: ShaperEvent) => void;
  readonly onCacheEvent: (event: CacheEvent) => void;
  readonly onWebhookDelivery: (delivery: WebhookDelivery) => void;
  readonly onSubscriptionEvent: (event: SubscriptionEvent) => void;
  /** With tracing on: the tracer the Zoom client traces its attempts with. */
  readonly tracer: Tracer | undefined;
  /** With tracing on: each HTTP request's span, for `createRequestIds`. */
  readonly requestSpans: RequestSpans | undefined;
  /** With tracing on, gives each resolver that calls Zoom (per `costMap`) a span; changes `schema` in place. */
  traceResolvers(schema: GraphQLSchema, costMap: CostMap): GraphQLSchema;
  /**
   * How subscriptions are run (graphql-ws and SSE): graphql-js's `subscribe`, each event's execution recorded as an
   * operation (a span linked to its webhook, the operation metrics) when metrics or traces are on.
   */
  readonly subscribe: SubscribeFunction;
  /** Apollo plugins recording each operation (metrics, the operation's span); list them after `useQueryCost`. */
  apolloPlugins<TContext extends { costTally?: CostTally; caller?: { role: string } }>(): Array<ApolloServerPlugin<TContext>>;
  /** Starts the metrics listener (when configured), reading gauges from `sources`. */
  start(sources: MetricSources): Promise<void>;
  /** Where `/metrics` is served, once started: `${metricsUrl}/metrics`. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

const ignore = (): void => undefined;

/**
 * Creates the gateway's telemetry from `config.telemetry`: metrics when `METRICS_PORT` is set, traces when the
 * `OTEL_*` variables ask for them (the SDK is loaded only then) or `options.tracerProvider` is given.
 */
export async function createTelemetry(config: TelemetryConfig, options: TelemetryOptions = {}): Promise<Telemetry> {
  const metrics = config.metrics === null ? undefined : createGatewayMetrics(options);
  const tracing = await startTracing(config.tracing, options.tracerProvider);
  const tracer = tracing?.tracer;
  let server: MetricsServer | undefined;
  return {
    metrics,
    tracer,
    requestSpans: tracer === undefined ? undefined : createRequestSpans(tracer),
    traceResolvers: (schema, costMap) => (tracer === undefined ? schema : traceZoomResolvers(schema, costMap, tracer)),
    onZoomCall: metrics === undefined ? ignore : (event) => metrics.recordZoomCall(event),
    onToken: metrics === undefined ? ignore : (event) => metrics.recordTokenEvent(event),
    onShaperEvent: metrics === undefined ? ignore : (event) => metrics.recordShaperEvent(event),
    onCacheEvent:
      metrics === undefined && tracer === undefined
        ? ignore
        : (event) => {
            metrics?.recordCacheEvent(event);
            // Which reads the cache answered, and why the others went to Zoom: a miss on the span of the resolver that
            // calls Zoom next, an answer on the operation's, naming the field (the resolver calls nothing: no span).
            if (tracer === undefined) return;
            const target = readNoteTarget(event.kind === 'miss');
            if (target.span?.isRecording() === true) target.span.addEvent(`cache ${event.kind}`, { ...target.attributes, ...cacheEventAttributes(event) });
          },
    onWebhookDelivery:
      metrics === undefined
        ? ignore
        : (delivery) => metrics.recordWebhookDelivery({ ...(delivery.event === undefined ? {} : { event: delivery.event }), outcome: webhookOutcome(delivery) }),
    onSubscriptionEvent: metrics === undefined ? ignore : (event) => metrics.recordSubscriptionEvent(event),
    subscribe: createEventSubscribe({ tracer, metrics, costTracker: options.costTracker }),
    apolloPlugins<TContext extends { costTally?: CostTally; caller?: { role: string } }>() {
      return [
        ...(metrics === undefined ? [] : [useOperationTelemetry<TContext>({ metrics, tally: (context) => context.costTally })]),
        ...(tracer === undefined ? [] : [useOperationSpans<TContext>()]),
      ];
    },
    async start(sources) {
      if (metrics === undefined || config.metrics === null || server !== undefined) return;
      metrics.observe(sources);
      server = await startMetricsServer(metrics, config.metrics);
    },
    get metricsUrl() {
      return server?.url;
    },
    async close() {
      await server?.close();
      // Flushes the spans still buffered.
      await tracing?.shutdown();
    },
  };
}

function cacheEventAttributes(event: CacheEvent): Attributes {
  return {
    ...(event.resource === undefined ? {} : { 'zoom.operation': event.resource }),
    ...(event.cause === undefined ? {} : { 'zoom.cache.cause': event.cause }),
  };
}

/** The dashboard's outcomes of a webhook delivery, from the receiver's result codes. */
function webhookOutcome(delivery: WebhookDelivery): WebhookOutcome {
  switch (delivery.result) {
    case 'ACCEPTED': return 'accepted';
    case 'URL_VALIDATED': return 'url_validation';
    case 'SIGNATURE_MISSING':
    case 'SIGNATURE_INVALID':
    case 'TIMESTAMP_INVALID': return 'bad_signature';
    case 'TIMESTAMP_OUT_OF_RANGE': return 'stale';
    case 'REPLAYED': return 'replay';
    case 'OVERLOADED': return 'overloaded';
    case 'INTERNAL': return 'error';
    default: return 'invalid';
  }
}
