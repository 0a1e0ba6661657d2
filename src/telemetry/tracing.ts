import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { TelemetryConfig } from './settings.ts';

/** The instrumentation scope of every span the gateway makes. */
export const TRACER_NAME = 'zoom-graphql-gateway';
/** `service.name` when `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) does not name one. */
export const DEFAULT_SERVICE_NAME = 'zoom-graphql-gateway';

/** Where spans go: a tracer, and the provider's shutdown (which flushes what is still buffered). */
export interface Tracing {
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when `config.tracing` asks for it, loading the SDK and the exporter only then (the
 * gateway's code depends on `@opentelemetry/api` alone, whose calls do nothing without a provider). The provider is
 * registered globally with the W3C trace-context propagator and the AsyncLocalStorage context manager; the exporter
 * reads the standard `OTEL_EXPORTER_OTLP_*` variables, and the sampler `OTEL_TRACES_SAMPLER`.
 *
 * `provider`, when given (tests with an in-memory exporter, an application that set up its own SDK), is used
 * instead and not shut down here. Returns `undefined` when tracing is off.
 */
export async function startTracing(config: TelemetryConfig['tracing'], provider?: TracerProvider): Promise<Tracing | undefined> {
  if (provider !== undefined) return { tracer: provider.getTracer(TRACER_NAME), shutdown: async () => undefined };
  if (config === null) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter }, { OTLPTraceExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const detected = resources.detectResources({ detectors: [resources.envDetector] });
  const named = detected.attributes['service.name'] === undefined
    ? detected.merge(resources.resourceFromAttributes({ 'service.name': DEFAULT_SERVICE_NAME }))
    : detected;
  const exporter = config.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const sdk = new NodeTracerProvider({
    resource: resources.defaultResource().merge(named),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  sdk.register();
  return {
    tracer: sdk.getTracer(TRACER_NAME),
    async shutdown() {
      await sdk.shutdown();
      trace.disable();
    },
  };
}
