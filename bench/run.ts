/*
 * `npm run bench`: the gateway and a naive hand-written Apollo baseline, side by side, over one offline Zoom sandbox
 * (large data, no rate limits, simulated Zoom latency). Prints a table and writes bench/results/<timestamp>.json.
 * It only reports: nothing here asserts on timing. Knobs: BENCH_ITERATIONS, BENCH_CONCURRENCY, BENCH_REQUESTS,
 * BENCH_LATENCY_MS, BENCH_JITTER_MS (bench/options.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DATA_PRESETS, startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { firstDifference } from './compare.ts';
import { GraphqlLoadClient } from './load.ts';
import { measureQuery, type QueryFigures } from './measure.ts';
import { BenchOptionsError, parseBenchOptions, type BenchOptions } from './options.ts';
import type { MemorySample, SystemKind, ZoomTarget } from './protocol.ts';
import { BENCH_QUERIES } from './queries.ts';
import { formatReport } from './report.ts';
import { startSystemProcess } from './system-process.ts';
import { zoomTarget } from './zoom-target.ts';

/** Everything one run measured; written as JSON. */
export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  options: BenchOptions;
  sandbox: { preset: 'large'; users: number; meetings: number; buildMs: number; rateLimits: 'unlimited' };
  systems: Record<SystemKind, SystemFigures>;
  comparisons: QueryComparison[];
  durationMs: number;
}

export interface SystemFigures {
  /** From fork to the first answered query (`Me`), in ms, and its parts. */
  coldStart: { totalMs: number; bootMs: number; importMs: number; buildAndListenMs: number; firstQueryMs: number };
  queries: Array<Omit<QueryFigures, 'answer'>>;
  /** The host process after all its queries. */
  memory: MemorySample;
}

export interface QueryComparison {
  query: string;
  /** Whether both systems answered the same data (cursors aside) with the same error codes. */
  sameAnswer: boolean;
  difference: string | null;
  /** naive Zoom calls / gateway Zoom calls (mean per query). */
  callsRatio: number;
  /** naive p50 / gateway p50. */
  p50Ratio: number;
  /** gateway throughput / naive throughput. */
  throughputRatio: number;
}

const SYSTEMS: readonly SystemKind[] = ['gateway', 'naive'];

async function main(): Promise<void> {
  const options = parseBenchOptions(process.env);
  const runStarted = performance.now();
  const startedAt = new Date();
  const preset = SANDBOX_DATA_PRESETS.large;
  log(`bench: ${BENCH_QUERIES.length} queries x ${SYSTEMS.length} systems; ${options.iterations} sequential runs, ` +
    `${options.throughputRequests} requests at concurrency ${options.concurrency}; Zoom latency ${options.latencyMs} ms + 0..${options.jitterMs} ms`);

  const buildStarted = performance.now();
  const sandbox = await startSandbox({ data: 'large', rateLimits: 'unlimited', host: '127.0.0.1' });
  const buildMs = performance.now() - buildStarted;
  log(`bench: sandbox (large: ${preset.users} users, ${preset.users * preset.meetingsPerUser} meetings) ready in ${buildMs.toFixed(0)} ms`);

  const systems: Partial<Record<SystemKind, SystemFigures>> = {};
  const answers = new Map<string, QueryFigures['answer'][]>();
  try {
    if (options.latencyMs > 0 || options.jitterMs > 0) {
      // A fixed seed: both systems see the same latency sequence shape.
      sandbox.faults.addLatency({ fixedMs: options.latencyMs, jitterMs: options.jitterMs, seed: 1 });
    }
    const zoom = await zoomTarget(sandbox);
    // A fresh admin key per run; the gateway is configured with its hash only.
    const apiKey = `zgw_bench_${randomBytes(24).toString('base64url')}`;
    for (const system of SYSTEMS) {
      log(`bench: ${system}: starting`);
      systems[system] = await measureSystem(system, sandbox, zoom, apiKey, options, answers);
    }
  } finally {
    await sandbox.close();
  }

  const gateway = systems.gateway!;
  const naive = systems.naive!;
  const comparisons = BENCH_QUERIES.map((query, index): QueryComparison => {
    const [gatewayAnswer, naiveAnswer] = answers.get(query.name) ?? [];
    const g = gateway.queries[index]!;
    const n = naive.queries[index]!;
    const sameCodes = g.errorCodes.join(',') === n.errorCodes.join(',');
    const difference = sameCodes ? firstDifference(gatewayAnswer?.data, naiveAnswer?.data) : `error codes [${g.errorCodes}] vs [${n.errorCodes}]`;
    return {
      query: query.name,
      sameAnswer: difference === null,
      difference,
      callsRatio: n.zoomCalls.mean / g.zoomCalls.mean,
      p50Ratio: n.latency.p50 / g.latency.p50,
      throughputRatio: g.throughput.perSecond / n.throughput.perSecond,
    };
  });

  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    options,
    sandbox: { preset: 'large', users: preset.users, meetings: preset.users * preset.meetingsPerUser, buildMs, rateLimits: 'unlimited' },
    systems: { gateway, naive },
    comparisons,
    durationMs: performance.now() - runStarted,
  };

  process.stdout.write(`\n${formatReport(result)}\n`);
  const directory = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(directory, { recursive: true });
  const file = `${directory}${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`bench: results written to ${file}`);
}

/** Starts `system` in its own process, measures its cold start and every query, samples its memory, stops it. */
async function measureSystem(
  system: SystemKind,
  sandbox: Sandbox,
  zoom: ZoomTarget,
  apiKey: string,
  options: BenchOptions,
  answers: Map<string, QueryFigures['answer'][]>,
): Promise<SystemFigures> {
  const host = await startSystemProcess(system, zoom, apiKey);
  const client = new GraphqlLoadClient(host.graphqlUrl, options.concurrency, apiKey);
  try {
    // Cold start ends with the first answered query; `Me` is the smallest (one Zoom call, plus the token for the gateway).
    const first = await client.send(BENCH_QUERIES[0]!);
    const answeredAt = performance.now();
    if (first.status !== 200 || first.body?.data == null) {
      throw new Error(`bench: ${system} did not answer its first query (HTTP ${first.status}): ${JSON.stringify(first.body?.errors ?? null)}`);
    }
    const listenedAfterFork = host.listeningAt - host.forkedAt;
    const coldStart = {
      totalMs: answeredAt - host.forkedAt,
      bootMs: host.phases.bootedAtMs,
      importMs: host.phases.importedAtMs - host.phases.bootedAtMs,
      buildAndListenMs: host.phases.listeningAtMs - host.phases.importedAtMs,
      firstQueryMs: answeredAt - host.listeningAt,
    };
    log(`bench: ${system}: first answer ${coldStart.totalMs.toFixed(0)} ms after fork (listening after ${listenedAfterFork.toFixed(0)} ms)`);

    const queries: Array<Omit<QueryFigures, 'answer'>> = [];
    for (const query of BENCH_QUERIES) {
      const { answer, ...figures } = await measureQuery(client, sandbox, query, options);
      answers.set(query.name, [...(answers.get(query.name) ?? []), answer]);
      queries.push(figures);
      log(`bench: ${system}: ${query.name}: ${figures.zoomCalls.mean.toFixed(1)} Zoom calls, p50 ${figures.latency.p50.toFixed(1)} ms, ` +
        `${figures.throughput.perSecond.toFixed(1)} req/s` + (figures.failures + figures.throughput.failures > 0 ? `, ${figures.failures + figures.throughput.failures} failed` : ''));
    }
    const memory = await host.memory();
    return { coldStart, queries, memory };
  } finally {
    await client.close();
    await host.stop();
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof BenchOptionsError) {
    process.stderr.write(`bench: ${error.message} (${error.code})\n`);
  } else {
    process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
