/*
 * `npm run bench:telemetry`: what metrics and traces cost. The gateway answers the same load three ways, side by side
 * in one process over one sandbox: telemetry off (METRICS_PORT unset, no OTEL_*), metrics on, and metrics with
 * tracing on (the OpenTelemetry SDK recording every span, exported in batches to an exporter that drops them, so the
 * figure is the gateway's cost, not a collector's). Rounds alternate the three so drift hits them alike. Besides
 * throughput it reports the process's CPU time per operation (gateway and in-process sandbox together), which other
 * load on a shared machine disturbs far less than wall-clock rates.
 * It only reports. Knobs: BENCH_TELEMETRY_SECONDS (per measured phase, default 5), BENCH_TELEMETRY_ROUNDS (default 3),
 * BENCH_CONCURRENCY (default 8), BENCH_LATENCY_MS / BENCH_JITTER_MS (Zoom's simulated latency, default 0 here: with
 * no waiting on Zoom the gateway's own work is all there is, the worst case for overhead).
 */
import { randomBytes } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { hashApiKey } from '../src/auth/api-key-matcher.ts';
import { parseConfig } from '../src/config/index.ts';
import { createLogger } from '../src/logger.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { createGateway, GRAPHQL_PATH } from '../src/server/app.ts';
import { createGatewayMetrics } from '../src/telemetry/metrics.ts';
import { GraphqlLoadClient, percentile, type Sample } from './load.ts';
import type { BenchQuery } from './queries.ts';

type Mode = 'off' | 'metrics' | 'metrics+traces';
const ALL_MODES: readonly Mode[] = ['off', 'metrics', 'metrics+traces'];
/** `BENCH_TELEMETRY_MODES=metrics+traces` runs only those (e.g. under `node --cpu-prof`, to see where the time goes). */
const MODES: readonly Mode[] = modesFrom(process.env.BENCH_TELEMETRY_MODES);

const seconds = wholeNumber('BENCH_TELEMETRY_SECONDS', 5, 1, 120);
const rounds = wholeNumber('BENCH_TELEMETRY_ROUNDS', 3, 1, 20);
const concurrency = wholeNumber('BENCH_CONCURRENCY', 8, 1, 64);
const latencyMs = wholeNumber('BENCH_LATENCY_MS', 0, 0, 2_000);
const jitterMs = wholeNumber('BENCH_JITTER_MS', 0, 0, 2_000);
const API_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;

/** One operation, five Zoom calls: GET /users, then GET /users/{id}/meetings for each of four users. */
const QUERY: BenchQuery = {
  name: 'UsersMeetings',
  query: 'query UsersMeetings { users(first: 4) { nodes { email meetings(first: 5) { nodes { id topic startTime } } } } }',
};

/** Counts what it is given and keeps nothing: the SDK's whole pipeline runs, no collector is involved. */
class DroppingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    this.spans += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

async function main(): Promise<void> {
  log(`bench:telemetry: ${rounds} rounds x ${MODES.length} modes, ${seconds} s each at concurrency ${concurrency}; ` +
    `Zoom latency ${latencyMs} ms + 0..${jitterMs} ms; query ${QUERY.name} (5 Zoom calls, cache off)`);
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited', host: '127.0.0.1' });
  if (latencyMs > 0 || jitterMs > 0) sandbox.faults.addLatency({ fixedMs: latencyMs, jitterMs, seed: 1 });
  const exporter = new DroppingExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  const results = new Map<Mode, Sample[][]>(MODES.map((mode) => [mode, []]));
  const durations = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  const cpuMs = new Map<Mode, number>(MODES.map((mode) => [mode, 0]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const mode of round % 2 === 1 ? MODES : [...MODES].reverse()) {
        const { samples, wallSeconds, cpuMs: used } = await measure(sandbox, mode, provider);
        results.get(mode)!.push(samples);
        durations.get(mode)!.push(wallSeconds);
        cpuMs.set(mode, cpuMs.get(mode)! + used);
        log(`  round ${round} ${mode}: ${(samples.length / wallSeconds).toFixed(1)} ops/s, ${(used / samples.length).toFixed(2)} CPU ms/op`);
      }
    }
  } finally {
    await provider.shutdown();
    await sandbox.close();
  }

  const throughputOf = (mode: Mode): number => {
    const all = results.get(mode)!;
    return all.reduce((sum, samples, i) => sum + samples.length / durations.get(mode)![i]!, 0) / all.length;
  };
  const off = MODES.includes('off') ? throughputOf('off') : NaN;
  const cpuPerOp = (mode: Mode): number => cpuMs.get(mode)! / results.get(mode)!.flat().length;
  const offCpu = MODES.includes('off') ? cpuPerOp('off') : NaN;
  log('\n| telemetry | ops/s (mean of rounds) | vs off | CPU ms per op | vs off | p50 ms | p95 ms | errors |');
  log('|---|---|---|---|---|---|---|---|');
  for (const mode of MODES) {
    const samples = results.get(mode)!.flat();
    const ms = samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const errors = samples.filter((sample) => sample.status !== 200 || sample.body?.errors !== undefined).length;
    const rate = throughputOf(mode);
    const change = mode === 'off' ? '-' : `${(((rate - off) / off) * 100).toFixed(1)}%`;
    const cpu = cpuPerOp(mode);
    const cpuChange = mode === 'off' ? '-' : `+${(((cpu - offCpu) / offCpu) * 100).toFixed(1)}%`;
    log(`| ${mode} | ${rate.toFixed(1)} | ${change} | ${cpu.toFixed(2)} | ${cpuChange} | ${percentile(ms, 50).toFixed(1)} | ${percentile(ms, 95).toFixed(1)} | ${errors} |`);
  }
  log(`spans exported (dropped) in the traced phases: ${exporter.spans}`);

  // The same work without the rest of the gateway around it: steadier than the rates above on a busy machine.
  const direct = directCost();
  log(`\ndirect cost per operation of ${QUERY.name} (recording alone, ${DIRECT_OPERATIONS} operations):`);
  log('| telemetry | µs per op | share of the CPU per op with telemetry off |');
  log('|---|---|---|');
  log(`| metrics (1 operation, 5 Zoom attempts, 5 shaper answers) | ${direct.metricsUs.toFixed(1)} | ${((direct.metricsUs / 1000 / offCpu) * 100).toFixed(2)}% |`);
  log(`| traces (1 operation span, 5 resolver spans, 5 Zoom spans with traceparent) | ${direct.tracesUs.toFixed(1)} | ${((direct.tracesUs / 1000 / offCpu) * 100).toFixed(2)}% |`);
}

const DIRECT_OPERATIONS = 20_000;

/** Times what telemetry records for one operation of {@link QUERY}, alone, over many operations. */
function directCost(): { metricsUs: number; tracesUs: number } {
  const metrics = createGatewayMetrics({ processMetrics: false });
  const metricsStarted = performance.now();
  for (let i = 0; i < DIRECT_OPERATIONS; i++) {
    for (let call = 0; call < 5; call++) {
      metrics.recordShaperEvent({ kind: 'acquire', category: 'Medium', waitedMs: 0.1, outcome: 'granted' });
      metrics.recordZoomCall({ operation: call === 0 ? 'users' : 'meetings', method: 'GET', path: '/users', category: 'Medium', attempt: 1, status: 200, durationMs: 2 });
    }
    metrics.recordOperation({ name: QUERY.name, type: 'query', outcome: 'OK', durationSeconds: 0.01, estimatedCalls: 5, actualCalls: 5 });
  }
  const metricsUs = ((performance.now() - metricsStarted) * 1000) / DIRECT_OPERATIONS;

  const exporter = new DroppingExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  const tracer = provider.getTracer('bench');
  const tracesStarted = performance.now();
  for (let i = 0; i < DIRECT_OPERATIONS; i++) {
    const operation = tracer.startSpan('query UsersMeetings', { kind: SpanKind.SERVER, attributes: { 'graphql.operation.type': 'query' } });
    context.with(trace.setSpan(context.active(), operation), () => {
      for (let call = 0; call < 5; call++) {
        tracer.startActiveSpan('resolve User.meetings', { attributes: { 'graphql.field.coordinate': 'User.meetings' } }, (resolver) => {
          const attempt = tracer.startSpan('zoom meetings', { kind: SpanKind.CLIENT, attributes: { 'zoom.operation': 'meetings', 'zoom.attempt': 1 } });
          const headers: Record<string, string> = {};
          propagation.inject(trace.setSpan(context.active(), attempt), headers);
          attempt.setAttribute('http.response.status_code', 200);
          attempt.end();
          resolver.end();
        });
      }
    });
    operation.end();
  }
  const tracesUs = ((performance.now() - tracesStarted) * 1000) / DIRECT_OPERATIONS;
  void provider.shutdown();
  return { metricsUs, tracesUs };
}

/** Starts a gateway in `mode`, warms it up for a second, then loads it for `seconds`. */
async function measure(sandbox: Sandbox, mode: Mode, provider: NodeTracerProvider): Promise<{ samples: Sample[]; wallSeconds: number; cpuMs: number }> {
  const config = parseConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ZOOM_ACCOUNT_ID: sandbox.credentials.accountId,
    ZOOM_CLIENT_ID: sandbox.credentials.clientId,
    ZOOM_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOOM_API_URL: sandbox.apiUrl,
    ZOOM_OAUTH_URL: sandbox.oauthUrl,
    ZOOM_PLAN: 'unlimited',
    CACHE_ENABLED: 'false',
    CALLER_API_KEYS: `bench:admin:${hashApiKey(API_KEY)}`,
    ...(mode === 'off' ? {} : { METRICS_PORT: '0' }),
  });
  const gateway = await createGateway(config, {
    logger: createLogger({ level: 'silent' }),
    ...(mode === 'metrics+traces' ? { tracerProvider: provider } : {}),
  });
  const client = new GraphqlLoadClient(`${gateway.url}${GRAPHQL_PATH}`, concurrency, API_KEY);
  try {
    await during(1, () => client.send(QUERY));
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const samples = await during(seconds, () => client.send(QUERY));
    // A scrape now and then, as Prometheus would (every 15 s by default): its cost belongs to the figure.
    if (gateway.metricsUrl !== undefined) await (await fetch(`${gateway.metricsUrl}/metrics`)).text();
    const cpu = process.cpuUsage(cpuBefore);
    return { samples, wallSeconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await client.close();
    await gateway.close();
  }
}

/** Runs `send` from `concurrency` loops until `forSeconds` have passed. */
async function during(forSeconds: number, send: () => Promise<Sample>): Promise<Sample[]> {
  const until = performance.now() + forSeconds * 1000;
  const samples: Sample[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) samples.push(await send());
  }));
  return samples;
}

function modesFrom(value: string | undefined): readonly Mode[] {
  if (value === undefined || value === '') return ALL_MODES;
  const modes = value.split(',').map((mode) => mode.trim());
  const unknown = modes.filter((mode) => !(ALL_MODES as readonly string[]).includes(mode));
  if (unknown.length > 0 || modes.length === 0) {
    throw new Error(`BENCH_TELEMETRY_MODES: expected a comma-separated list of ${ALL_MODES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return modes as Mode[];
}

function wholeNumber(variable: string, fallback: number, min: number, max: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${variable}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:telemetry failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
