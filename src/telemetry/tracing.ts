import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { scopeContextManager } from '../async-scope/index.ts';
import type { TelemetryConfig } from './settings.ts';

/** The instrumentation scope of every span the gateway makes. */
export const TRACER_NAME = 'zoom-graphql-gateway';
/** `service.name` when `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) does not name one. */
export const DEFAULT_SERVICE_NAME = 'zoom-graphql-gateway';

/**
 * The gateway's batching of spans for export, where the standard `OTEL_BSP_*` variables do not set them: the
 * OpenTelemetry defaults but for the delay. Under load a batch fills (512 spans: some 50 operations) long before any
 * delay, so the delay only matters when traffic is light: a second instead of five gets spans to the collector
 * sooner and holds fewer of them in memory, for at most one small export a second. Serialising costs the same per
 * span whatever the batch size (bench/telemetry.ts).
 */
export const DEFAULT_BATCH = Object.freeze({
  /** `OTEL_BSP_SCHEDULE_DELAY`: most milliseconds a finished span waits before a batch is sent (OpenTelemetry: 5000). */
  scheduledDelayMillis: 1000,
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`: spans per export request (OpenTelemetry: 512). */
  maxExportBatchSize: 512,
  /** `OTEL_BSP_MAX_QUEUE_SIZE`: spans kept waiting at most; past it new ones are dropped (OpenTelemetry: 2048). */
  maxQueueSize: 2048,
});

const BATCH_VARIABLES = {
  scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
  maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
} as const;

/** Where spans go: a tracer, and the provider's shutdown (which flushes what is still buffered). */
export interface Tracing {
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when `config.tracing` asks for it, loading the SDK and the exporter only then (the
 * gateway's code depends on `@opentelemetry/api` alone, whose calls do nothing without a provider). The provider is
 * registered globally with the W3C trace-context propagator and the gateway's context manager; the exporter
 * (OTLP/HTTP, protobuf or JSON as `config.protocol` says) reads the standard `OTEL_EXPORTER_OTLP_*` variables, and the
 * sampler `OTEL_TRACES_SAMPLER`.
 *
 * `provider`, when given (tests with an in-memory exporter, an application that set up its own SDK), is used
 * instead and not shut down here. Returns `undefined` when tracing is off.
 */
export async function startTracing(config: TelemetryConfig['tracing'], provider?: TracerProvider): Promise<Tracing | undefined> {
  if (provider !== undefined) return { tracer: provider.getTracer(TRACER_NAME), shutdown: async () => undefined };
  if (config === null) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter }, { OTLPTraceExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    config.protocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/resources'),
  ]);
  const detected = resources.detectResources({ detectors: [resources.envDetector] });
  const named = detected.attributes['service.name'] === undefined
    ? detected.merge(resources.resourceFromAttributes({ 'service.name': DEFAULT_SERVICE_NAME }))
    : detected;
  const exporter = config.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const sdk = new NodeTracerProvider({
    resource: resources.defaultResource().merge(named),
    spanProcessors: [new BatchSpanProcessor(exporter, batchSettings())],
  });
  // The gateway's own store carries the trace context too: tracing adds no AsyncLocalStorage (src/async-scope).
  sdk.register({ contextManager: scopeContextManager });
  return {
    tracer: sdk.getTracer(TRACER_NAME),
    async shutdown() {
      await sdk.shutdown();
      trace.disable();
    },
  };
}

/** {@link DEFAULT_BATCH} where no `OTEL_BSP_*` variable is set; the SDK reads those that are. */
function batchSettings(): Partial<Record<keyof typeof DEFAULT_BATCH, number>> {
  const settings: Partial<Record<keyof typeof DEFAULT_BATCH, number>> = {};
  for (const [key, variable] of Object.entries(BATCH_VARIABLES) as Array<[keyof typeof DEFAULT_BATCH, string]>) {
    if ((process.env[variable] ?? '') === '') settings[key] = DEFAULT_BATCH[key];
  }
  return settings;
}
