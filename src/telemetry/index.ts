import type { ApolloServerPlugin } from '@apollo/server';
import type { CostTally } from '../cost/cost-tally.ts';
import type { ShaperEvent } from '../shaper/index.ts';
import type { WebhookDelivery } from '../webhooks/zoom-webhooks.ts';
import type { ZoomCallEvent, ZoomTokenEvent } from '../zoom/client.ts';
import { createGatewayMetrics, type CacheEvent, type GatewayMetrics, type GatewayMetricsOptions, type MetricSources, type SubscriptionEvent, type WebhookOutcome } from './metrics.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';
import type { TelemetryConfig } from './settings.ts';
import { useOperationTelemetry } from './use-operation-telemetry.ts';

export { createRequestIds, REQUEST_ID_HEADER } from './request-ids.ts';
export type { CacheEvent, GatewayMetrics, SubscriptionEvent } from './metrics.ts';
export { METRICS_PATH } from './metrics-server.ts';

/** Options of {@link createTelemetry}. */
export interface TelemetryOptions extends GatewayMetricsOptions {}

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
  /** Apollo plugins recording each operation; list them after `useQueryCost`. */
  apolloPlugins<TContext extends { costTally?: CostTally }>(): Array<ApolloServerPlugin<TContext>>;
  /** Starts the metrics listener (when configured), reading gauges from `sources`. */
  start(sources: MetricSources): Promise<void>;
  /** Where `/metrics` is served, once started: `${metricsUrl}/metrics`. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

const ignore = (): void => undefined;

export function createTelemetry(config: TelemetryConfig, options: TelemetryOptions = {}): Telemetry {
  const metrics = config.metrics === null ? undefined : createGatewayMetrics(options);
  let server: MetricsServer | undefined;
  return {
    metrics,
    onZoomCall: metrics === undefined ? ignore : (event) => metrics.recordZoomCall(event),
    onToken: metrics === undefined ? ignore : (event) => metrics.recordTokenEvent(event),
    onShaperEvent: metrics === undefined ? ignore : (event) => metrics.recordShaperEvent(event),
    onCacheEvent: metrics === undefined ? ignore : (event) => metrics.recordCacheEvent(event),
    onWebhookDelivery:
      metrics === undefined
        ? ignore
        : (delivery) => metrics.recordWebhookDelivery({ ...(delivery.event === undefined ? {} : { event: delivery.event }), outcome: webhookOutcome(delivery) }),
    onSubscriptionEvent: metrics === undefined ? ignore : (event) => metrics.recordSubscriptionEvent(event),
    apolloPlugins<TContext extends { costTally?: CostTally }>() {
      return metrics === undefined ? [] : [useOperationTelemetry<TContext>({ metrics, tally: (context) => context.costTally })];
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
    },
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
