import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { ANONYMOUS_OPERATION, createNameFolder, OTHER_OPERATION } from '../../src/telemetry/bounded-names.ts';
import { parseExposition } from './scrape.ts';

const base = { NODE_ENV: 'test', PORT: '4000' };

describe('telemetry settings', () => {
  it('keeps metrics and traces off unless asked for', () => {
    expect(parseConfig(base).telemetry).toEqual({ metrics: null, tracing: null });
  });

  it('serves metrics on loopback by default, on the host asked for otherwise', () => {
    expect(parseConfig({ ...base, METRICS_PORT: '9464' }).telemetry.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).telemetry.metrics).toEqual({ host: '0.0.0.0', port: 9464 });
  });

  it('refuses the GraphQL port for metrics', () => {
    expect(() => parseConfig({ ...base, METRICS_PORT: '4000' })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, METRICS_PORT: '4000' })).toThrow(/METRICS_PORT is the GraphQL port/);
    expect(parseConfig({ ...base, METRICS_HOST: '0.0.0.0' }).telemetry.metrics).toBeNull();
    expect(() => parseConfig({ ...base, METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
  });

  it('turns tracing on with an OTLP endpoint or an exporter, and off with none or OTEL_SDK_DISABLED', () => {
    expect(parseConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).telemetry.tracing).toEqual({ exporter: 'otlp', protocol: 'http/protobuf' });
    expect(parseConfig({ ...base, OTEL_TRACES_EXPORTER: 'console' }).telemetry.tracing).toEqual({ exporter: 'console', protocol: 'http/protobuf' });
    expect(parseConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }).telemetry.tracing).toBeNull();
    expect(parseConfig({ ...base, OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).telemetry.tracing).toBeNull();
    expect(() => parseConfig({ ...base, OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('sends protobuf unless OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL asks for JSON, and refuses gRPC by name', () => {
    const traced = { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(parseConfig({ ...traced, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).telemetry.tracing?.protocol).toBe('http/json');
    expect(parseConfig({ ...traced, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).telemetry.tracing?.protocol)
      .toBe('http/protobuf');
    expect(() => parseConfig({ ...traced, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL.*gRPC is not supported/s);
    expect(() => parseConfig({ ...traced, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL/);
  });
});

describe('operation names as labels', () => {
  it('keeps the first names, folds the rest, the unnamed and the unlabel-able', () => {
    const names = createNameFolder(2);
    expect(names.fold('Me')).toBe('Me');
    expect(names.fold(undefined)).toBe(ANONYMOUS_OPERATION);
    expect(names.fold('')).toBe(ANONYMOUS_OPERATION);
    expect(names.fold('Users')).toBe('Users');
    expect(names.fold('Third')).toBe(OTHER_OPERATION);
    expect(names.fold('Me')).toBe('Me');
    expect(createNameFolder(10).fold('x'.repeat(65))).toBe(OTHER_OPERATION);
  });
});

describe('the exposition-format check used by the scrape tests', () => {
  it('refuses what Prometheus would refuse', () => {
    const valid = '# HELP h x\n# TYPE h histogram\nh_bucket{le="1",op="a"} 1\nh_bucket{le="+Inf",op="a"} 2\nh_sum{op="a"} 3\nh_count{op="a"} 2\n';
    expect(parseExposition(valid).samples).toHaveLength(4);
    expect(() => parseExposition('# TYPE c counter\nc{op=a} 1\n')).toThrow();
    expect(() => parseExposition('# TYPE c counter\nother 1\n')).toThrow();
    expect(() => parseExposition(valid.replace('h_count{op="a"} 2', 'h_count{op="a"} 3'))).toThrow();
    expect(() => parseExposition(valid.replace('le="+Inf",op="a"} 2', 'le="+Inf",op="a"} 0'))).toThrow();
  });
});
