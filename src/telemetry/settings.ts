import { z } from 'zod';
import { flag, row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** Metrics and traces (src/telemetry). */
export interface TelemetryConfig {
  /** Where `/metrics` is served; `null` when `METRICS_PORT` is unset (no metrics kept at all). */
  readonly metrics: { readonly host: string; readonly port: number } | null;
  /**
   * Whether traces are exported: the OpenTelemetry SDK is loaded only then, and configures its exporter from the
   * standard `OTEL_*` variables itself (endpoint, headers, protocol, sampler, service name).
   */
  readonly tracing: { readonly exporter: 'otlp' | 'console'; readonly protocol: OtlpProtocol } | null;
}

/**
 * How spans are encoded to the collector. OpenTelemetry's exporter specification makes `http/protobuf` the default;
 * it is also the cheaper one here, about 2.5x less CPU and bytes per span than `http/json` (bench/telemetry.ts).
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json';


/** Defaults of the telemetry variables. */
export const TELEMETRY_DEFAULTS = Object.freeze({
  metricsHost: '127.0.0.1',
  otlpProtocol: 'http/protobuf' as OtlpProtocol,
});

const GROUP = 'Telemetry' as const;

/** An http(s) URL, as the OpenTelemetry exporter reads it. */
const otlpUrl = z.url({ protocol: /^https?$/ });

/** The OTLP protocols the gateway can send: gRPC would need a second exporter stack for no gain over HTTP. */
const otlpProtocol = z.enum(['http/protobuf', 'http/json']);
const PROTOCOL_EXPECTED = 'http/protobuf or http/json (gRPC is not supported: point the gateway at the collector\'s OTLP/HTTP port, 4318 by default)';

export const TELEMETRY_SETTINGS = {
  METRICS_PORT: row(wholeNumber(0, 65_535), {
    group: GROUP,
    description: 'Port of the Prometheus endpoint GET /metrics, a listener of its own apart from the GraphQL port, so metrics (operation names, error rates, Zoom budget use) are never public by accident: expose it to the scraper only. Unset: no metrics are kept or served.',
    defaultText: '(none: metrics off)',
    example: '9464',
    expected: 'a whole number from 0 to 65535 (0: any free port)',
  }),
  METRICS_HOST: row(z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]), {
    group: GROUP,
    description: 'Address the metrics listener binds to; loopback by default, so only a scraper on the same host (or a sidecar) can read it. Set 0.0.0.0 to let a scraper on the network reach it, behind your network policy.',
    defaultText: TELEMETRY_DEFAULTS.metricsHost,
    example: '0.0.0.0',
    expected: 'an IPv4 or IPv6 address, or localhost',
  }),
  OTEL_TRACES_EXPORTER: row(z.enum(['otlp', 'console', 'none']), {
    group: GROUP,
    description: 'OpenTelemetry trace exporter (the standard variable): otlp sends spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, console prints them, none turns tracing off. Unset: otlp when an OTLP endpoint is set, else tracing is off and the SDK is not even loaded.',
    defaultText: '(otlp when an OTLP endpoint is set, else none)',
    example: 'otlp',
    expected: 'one of otlp, console, none',
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: row(otlpUrl, {
    group: GROUP,
    description: 'Base URL of the OTLP/HTTP collector (the standard variable; traces go to <url>/v1/traces). Other standard OTEL_* variables (OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, ...) are read by the SDK as documented by OpenTelemetry.',
    defaultText: '(none)',
    example: 'http://otel-collector:4318',
    expected: 'an http(s) URL',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: row(otlpUrl, {
    group: GROUP,
    description: 'Full URL traces are posted to, instead of OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (the standard variable).',
    defaultText: '(none)',
    example: 'http://otel-collector:4318/v1/traces',
    expected: 'an http(s) URL',
  }),
  OTEL_EXPORTER_OTLP_PROTOCOL: row(otlpProtocol, {
    group: GROUP,
    description: 'Encoding of the spans sent to the collector (the standard variable): http/protobuf, the OpenTelemetry default and the cheaper one, or http/json.',
    defaultText: TELEMETRY_DEFAULTS.otlpProtocol,
    example: 'http/json',
    expected: PROTOCOL_EXPECTED,
  }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: row(otlpProtocol, {
    group: GROUP,
    description: 'OTEL_EXPORTER_OTLP_PROTOCOL for traces alone (the standard variable); wins over it when both are set.',
    defaultText: '(OTEL_EXPORTER_OTLP_PROTOCOL)',
    example: 'http/protobuf',
    expected: PROTOCOL_EXPECTED,
  }),
  OTEL_SDK_DISABLED: row(flag, {
    group: GROUP,
    description: 'true turns tracing off whatever the other OTEL_* variables say (the standard variable).',
    defaultText: 'false',
    example: 'true',
    expected: 'true or false',
  }),
};

/** Builds the telemetry configuration; the metrics port may not be the GraphQL port. */
export function resolveTelemetryConfig(
  values: SettingsValues<typeof TELEMETRY_SETTINGS>,
  issues: ConfigIssue[],
  context: { serverPort: number },
): TelemetryConfig {
  const port = values.METRICS_PORT;
  if (port !== undefined && port !== 0 && port === context.serverPort) {
    issues.push({
      variables: ['METRICS_PORT', 'PORT'],
      message: `METRICS_PORT is the GraphQL port (${port}): metrics get a listener of their own. Choose another port, e.g. METRICS_PORT=9464.`,
    });
  }
  const hasEndpoint = values.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
  const exporter = values.OTEL_TRACES_EXPORTER ?? (hasEndpoint ? 'otlp' : 'none');
  return {
    metrics: port === undefined ? null : { host: values.METRICS_HOST ?? TELEMETRY_DEFAULTS.metricsHost, port },
    tracing: values.OTEL_SDK_DISABLED === true || exporter === 'none' ? null : {
      exporter,
      protocol: values.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? values.OTEL_EXPORTER_OTLP_PROTOCOL ?? TELEMETRY_DEFAULTS.otlpProtocol,
    },
  };
}
