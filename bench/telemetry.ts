/*
 * `npm run bench:telemetry`: what metrics and traces cost. The gateway answers the same load four ways: telemetry
 * off (METRICS_PORT unset, no OTEL_*), metrics on (METRICS_PORT), metrics with tracing on, turned on as an
 * operator would: OTEL_EXPORTER_OTLP_ENDPOINT alone, so every default holds (the SDK's sampler,
 * parentbased_always_on: every span recorded and exported; the gateway's batch settings, DEFAULT_BATCH in
 * src/telemetry/tracing.ts), and the same keeping one trace in ten (OTEL_TRACES_SAMPLER=parentbased_traceidratio,
 * OTEL_TRACES_SAMPLER_ARG=0.1), as tracing usually runs in production. Spans go through the real OTLP/HTTP exporter to a stub collector on loopback that reads
 * each request whole and discards it, so serialising and posting spans is counted, a real collector's work is not.
 *
 * Each mode's gateway runs in a process of its own (bench/system-host.ts, as `npm run bench` does), so the CPU time
 * reported is the gateway's alone: the sandbox, the stub collector and the load client run in this process. In each
 * round every mode is loaded for BENCH_TELEMETRY_SECONDS, one at a time and the order reversed every round: the
 * measured gateway has the machine (two cores, shared with the sandbox and the client) to itself, so no mode's
 * extra work slows another's, and each is compared with `off` within its round (the medians of those ratios are the
 * "vs off (median of rounds)" columns), which cancels the slow drift of a shared machine. (Loading every mode at
 * once, as this bench did before, put four or five busy processes on two cores and inflated every CPU figure.)
 * After its load a gateway idles past the batch delay (SETTLE_MS) before its CPU time is read, so the spans still
 * queued are exported within its figure; a scrape of /metrics per round is counted too. With no Zoom latency the
 * gateway is the bottleneck and ops/s follows CPU per op; with latency, ops/s shows what a caller sees.
 * It only reports. Knobs: BENCH_TELEMETRY_SECONDS (per round, default 3), BENCH_TELEMETRY_ROUNDS (default 8),
 * BENCH_TELEMETRY_WARMUP_ROUNDS (uncounted rounds first, default 2), BENCH_TELEMETRY_CACHE=on (every mode answers
 * from the shared cache: the warm path, where the gateway's own work is all there is and Zoom is not called),
 * BENCH_CONCURRENCY (per mode, default 8), BENCH_LATENCY_MS / BENCH_JITTER_MS (Zoom's simulated latency, default 0
 * here: with no waiting on Zoom the gateway's own work is all there is, the worst case for overhead),
 * BENCH_TELEMETRY_MODES (e.g. `off,metrics+traces`), OTEL_BSP_*, OTEL_TRACES_SAMPLER* and OTEL_EXPORTER_OTLP_PROTOCOL (handed to the traced
 * gateway, to try other batch settings, samplers or http/json), BENCH_HOST_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=<dir>' (each gateway process writes a profile there).
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { startSandbox } from '../src/sandbox/index.ts';
import { DEFAULT_BATCH } from '../src/telemetry/tracing.ts';
import { createGatewayMetrics } from '../src/telemetry/metrics.ts';
import { GraphqlLoadClient, percentile, type Sample } from './load.ts';
import type { ZoomTarget } from './protocol.ts';
import type { BenchQuery } from './queries.ts';
import { startSystemProcess, type SystemProcess } from './system-process.ts';
import { zoomTarget } from './zoom-target.ts';

type Mode = 'off' | 'metrics' | 'metrics+traces' | 'metrics+traces 1/10';
const ALL_MODES: readonly Mode[] = ['off', 'metrics', 'metrics+traces', 'metrics+traces 1/10'];
/** `BENCH_TELEMETRY_MODES=metrics+traces` runs only those (e.g. with BENCH_TELEMETRY_CPU_PROF, to see where the time goes). */
const MODES: readonly Mode[] = modesFrom(process.env.BENCH_TELEMETRY_MODES);

const seconds = wholeNumber('BENCH_TELEMETRY_SECONDS', 3, 1, 120);
const rounds = wholeNumber('BENCH_TELEMETRY_ROUNDS', 8, 1, 40);
const warmupRounds = wholeNumber('BENCH_TELEMETRY_WARMUP_ROUNDS', 2, 0, 10);
const cacheOn = onOff('BENCH_TELEMETRY_CACHE', false);
const concurrency = wholeNumber('BENCH_CONCURRENCY', 8, 1, 64);
const latencyMs = wholeNumber('BENCH_LATENCY_MS', 0, 0, 2_000);
const jitterMs = wholeNumber('BENCH_JITTER_MS', 0, 0, 2_000);
const API_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;

/** One operation, five Zoom calls: GET /users, then GET /users/{id}/meetings for each of four users. */
const QUERY: BenchQuery = {
  name: 'UsersMeetings',
  query: 'query UsersMeetings { users(first: 4) { nodes { email meetings(first: 5) { nodes { id topic startTime } } } } }',
};

/** A stand-in OTLP/HTTP collector: reads each export whole, answers 200 and keeps nothing. */
interface StubCollector {
  readonly url: string;
  readonly requests: number;
  readonly bytes: number;
  close(): Promise<void>;
}

async function startStubCollector(): Promise<StubCollector> {
  let requests = 0;
  let bytes = 0;
  const server: Server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    request.on('end', () => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get bytes() {
      return bytes;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The gateway's variables in each mode, over bench/system-host.ts's production defaults. */
function envOf(mode: Mode, collector: StubCollector): Record<string, string> {
  switch (mode) {
    case 'off': return cacheVariables();
    case 'metrics': return { ...cacheVariables(), METRICS_PORT: '0' };
    // The one variable an operator sets to turn traces on; sampler and batching keep their defaults.
    case 'metrics+traces': return { ...cacheVariables(), METRICS_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, ...batchVariables() };
    // As production tracing usually runs: one trace in ten kept (the standard sampler variables), the rest not made.
    case 'metrics+traces 1/10': return {
      ...cacheVariables(), METRICS_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1', ...batchVariables(),
    };
  }
}

/** BENCH_TELEMETRY_CACHE=on: every mode answers from the shared cache (warm answers, no Zoom calls after the first). */
function cacheVariables(): Record<string, string> {
  return cacheOn ? { CACHE_ENABLED: 'true' } : {};
}

/** The OTEL_BSP_*, OTEL_TRACES_SAMPLER* and OTLP protocol variables this bench was run with, for the traced gateway (to try others). */
function batchVariables(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] =>
    (entry[0].startsWith('OTEL_BSP_') || entry[0].startsWith('OTEL_TRACES_SAMPLER') || entry[0].startsWith('OTEL_EXPORTER_OTLP_') && entry[0].endsWith('PROTOCOL')) &&
    entry[1] !== undefined));
}

interface Subject {
  readonly mode: Mode;
  readonly host: SystemProcess;
  readonly client: GraphqlLoadClient;
  /** Per round: ops per second, the process's CPU ms per op within the slice. */
  readonly slices: Array<{ rate: number; cpuPerOp: number; cpuMs: number }>;
  readonly samples: Sample[];
}

/**
 * Milliseconds each slice's CPU window runs on after its load stops, idle, so that the spans still queued for export
 * are serialised and sent within it: longer than the batch delay (OTEL_BSP_SCHEDULE_DELAY, else the gateway's
 * default, src/telemetry/tracing.ts). Every mode gets the same idle time, so idle work (timers) is counted alike.
 */
/** Seconds of load each gateway answers alone before the warm-up rounds. */
const WARMUP_SECONDS = 8;

const SETTLE_MS = (Number(process.env.OTEL_BSP_SCHEDULE_DELAY) || DEFAULT_BATCH.scheduledDelayMillis) + 300;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  log(`bench:telemetry: ${rounds} rounds x ${MODES.length} modes, slices of ${seconds} s at concurrency ${concurrency}; ` +
    `Zoom latency ${latencyMs} ms + 0..${jitterMs} ms; query ${QUERY.name} ` +
    `(${cacheOn ? 'cache on: answered warm, no Zoom calls' : '5 Zoom calls, cache off'}); one gateway process per mode`);
  log(`machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
    `load average ${loadBefore.map((load) => load.toFixed(2)).join(' ')} before`);
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited', host: '127.0.0.1' });
  if (latencyMs > 0 || jitterMs > 0) sandbox.faults.addLatency({ fixedMs: latencyMs, jitterMs, seed: 1 });
  const collector = await startStubCollector();
  const subjects: Subject[] = [];
  try {
    const zoom = await zoomTarget(sandbox);
    for (const mode of MODES) subjects.push(await startSubject(zoom, mode, collector));
    // Warm-up: each gateway's code paths compiled, its token fetched, before anything is counted; then whole rounds
    // uncounted, since the JIT keeps optimising for several seconds of load (measured: CPU per op fell by a third
    // over the first three rounds without them).
    // A traced gateway has more code to compile: measured, its CPU per op kept falling for 6 s of load after 3 s.
    for (const subject of subjects) await during(WARMUP_SECONDS, () => subject.client.send(QUERY));
    for (let round = 1 - warmupRounds; round <= rounds; round++) {
      // One mode at a time, in turn, the order reversed every round: each has the machine to itself while measured.
      const order = round % 2 === 0 ? [...subjects].reverse() : subjects;
      const measured = new Map<Subject, { samples: Sample[]; wallSeconds: number; used: number }>();
      for (const subject of order) {
        const before = await cpuMs(subject.host);
        const started = performance.now();
        const samples = await during(seconds, () => subject.client.send(QUERY));
        const wallSeconds = (performance.now() - started) / 1000;
        // A scrape, as Prometheus would every 15 s or so: its cost belongs to the figure.
        if (subject.host.metricsUrl !== undefined) await (await fetch(`${subject.host.metricsUrl}/metrics`)).text();
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        measured.set(subject, { samples, wallSeconds, used: (await cpuMs(subject.host)) - before });
      }
      if (round <= 0) {
        log(`  warm-up round ${round + warmupRounds} of ${warmupRounds}: not counted`);
        continue;
      }
      const line = subjects.map((subject) => {
        const { samples, wallSeconds, used } = measured.get(subject)!;
        subject.samples.push(...samples);
        subject.slices.push({ rate: samples.length / wallSeconds, cpuPerOp: used / samples.length, cpuMs: used });
        return `${subject.mode} ${(samples.length / wallSeconds).toFixed(1)} ops/s ${(used / samples.length).toFixed(2)} CPU ms/op`;
      });
      log(`  round ${round}: ${line.join('; ')}; load ${os.loadavg()[0]!.toFixed(2)}`);
    }
  } finally {
    for (const subject of subjects) {
      await subject.client.close();
      await subject.host.stop();
    }
    await collector.close();
    await sandbox.close();
  }

  const off = subjects.find((subject) => subject.mode === 'off');
  /** CPU per op over the slices' windows (load, then the settle time). */
  const cpuPerOp = (subject: Subject): number => subject.slices.reduce((sum, slice) => sum + slice.cpuMs, 0) / subject.samples.length;
  /** The median over rounds of this mode's figure against off's in the same round: drift hits both alike. */
  // With the middle half of the rounds' ratios beside it: on a shared machine the spread is as telling as the median.
  const pairedChange = (subject: Subject, figure: (slice: Subject['slices'][number]) => number): string => {
    if (off === undefined || subject === off) return '-';
    const changes = subject.slices.map((slice, i) => (figure(slice) / figure(off.slices[i]!) - 1) * 100);
    return `${signed(median(changes))} [${signed(quantile(changes, 0.25))}..${signed(quantile(changes, 0.75))}]`;
  };
  log('\n| telemetry | ops/s (median of rounds) | vs off (median of rounds [middle half]) | gateway CPU ms per op | vs off | vs off (median of rounds [middle half]) | p50 ms | p95 ms | errors |');
  log('|---|---|---|---|---|---|---|---|---|');
  for (const subject of subjects) {
    const ms = subject.samples.map((sample) => sample.ms);
    const errors = subject.samples.filter((sample) => sample.status !== 200 || sample.body?.errors !== undefined).length;
    const cpu = cpuPerOp(subject);
    const cpuChange = off === undefined || subject === off ? '-' : signed(((cpu - cpuPerOp(off)) / cpuPerOp(off)) * 100);
    log(`| ${subject.mode} | ${median(subject.slices.map((slice) => slice.rate)).toFixed(1)} | ${pairedChange(subject, (slice) => slice.rate)} | ` +
      `${cpu.toFixed(2)} | ${cpuChange} | ${pairedChange(subject, (slice) => slice.cpuPerOp)} | ` +
      `${percentile(ms, 50).toFixed(1)} | ${percentile(ms, 95).toFixed(1)} | ${errors} |`);
  }
  log(`OTLP exports received by the stub collector: ${collector.requests} requests, ${(collector.bytes / 2 ** 20).toFixed(1)} MiB`);
  log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} after`);

  // The same work without the rest of the gateway around it: steadier than the rates above on a busy machine.
  const offCpu = off === undefined ? NaN : cpuPerOp(off);
  const direct = directCost();
  log(`\ndirect cost per operation of ${QUERY.name} (recording alone, in this process, ${DIRECT_OPERATIONS} operations):`);
  log('| telemetry | µs per op | share of the gateway CPU per op with telemetry off |');
  log('|---|---|---|');
  log(`| metrics (1 operation, 5 Zoom attempts, 5 shaper answers) | ${direct.metricsUs.toFixed(1)} | ${((direct.metricsUs / 1000 / offCpu) * 100).toFixed(2)}% |`);
  log(`| traces (1 operation span, 5 resolver spans, 5 Zoom spans with traceparent; not exported) | ${direct.tracesUs.toFixed(1)} | ${((direct.tracesUs / 1000 / offCpu) * 100).toFixed(2)}% |`);
}

/** Starts the gateway of `mode` in a process of its own, with a load client. */
async function startSubject(zoom: ZoomTarget, mode: Mode, collector: StubCollector): Promise<Subject> {
  const host = await startSystemProcess('gateway', zoom, API_KEY, envOf(mode, collector));
  return { mode, host, client: new GraphqlLoadClient(host.graphqlUrl, concurrency, API_KEY), slices: [], samples: [] };
}

async function cpuMs(host: SystemProcess): Promise<number> {
  return (await host.cpuMicros()) / 1000;
}

/** The `q` quantile of `values`, interpolated between the nearest two. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Counts what it is given and keeps nothing. */
class DroppingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
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

function onOff(variable: string, fallback: boolean): boolean {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new Error(`${variable}: expected on or off, got ${JSON.stringify(raw)}`);
  return raw === 'on';
}

function signed(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:telemetry failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
