import type { Sandbox } from '../src/sandbox/index.ts';
import { isExpectedAnswer, percentile, type GraphqlAnswer, type GraphqlLoadClient } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { BenchQuery } from './queries.ts';

/** Latency figures in milliseconds over the sequential runs. */
export interface LatencyFigures {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** The throughput phase: `requests` sent with `concurrency` in flight. */
export interface ThroughputFigures {
  requests: number;
  concurrency: number;
  wallMs: number;
  /** Answered requests per second of wall time. */
  perSecond: number;
  /** Answers that were not HTTP 200 with the same error codes as the reference answer. */
  failures: number;
  /** Zoom API calls the sandbox counted during the phase, divided by `requests`. */
  zoomCallsPerRequest: number;
}

export interface QueryFigures {
  query: string;
  /** The first (warm-up) answer, the reference for the others and for the cross-system comparison. */
  answer: GraphqlAnswer | undefined;
  /** Error codes of the reference answer (an example may expect one, e.g. NOT_FOUND). */
  errorCodes: string[];
  /**
   * The gateway's `extensions.cost` of the reference answer (estimated and actual Zoom calls per rate-limit
   * category, and the budget), or of its first error when the operation was refused; null for the baseline.
   */
  cost: unknown;
  /** Zoom API calls per query over the sequential runs. */
  zoomCalls: { min: number; max: number; mean: number };
  latency: LatencyFigures;
  /** Sequential answers that differed from the reference's error codes or were not HTTP 200. */
  failures: number;
  throughput: ThroughputFigures;
}

/**
 * Measures one query against one system: a warm-up answer (kept as the reference), `iterations` sequential runs
 * (latency and Zoom calls per run, from the sandbox's counters: nothing else calls the sandbox meanwhile), then
 * `throughputRequests` requests at `concurrency`.
 */
export async function measureQuery(client: GraphqlLoadClient, sandbox: Sandbox, query: BenchQuery, options: BenchOptions): Promise<QueryFigures> {
  const warmUp = await client.send(query);
  const reference = warmUp.body;

  const latencies: number[] = [];
  const calls: number[] = [];
  let failures = warmUp.status === 200 ? 0 : 1;
  for (let run = 0; run < options.iterations; run++) {
    const before = sandbox.stats.apiCalls();
    const sample = await client.send(query);
    calls.push(sandbox.stats.apiCalls() - before);
    latencies.push(sample.ms);
    if (!isExpectedAnswer(sample, reference)) failures++;
  }

  const before = sandbox.stats.apiCalls();
  const burst = await client.burst(query, options.throughputRequests, options.concurrency);
  const burstCalls = sandbox.stats.apiCalls() - before;

  return {
    query: query.name,
    answer: reference,
    errorCodes: (reference?.errors ?? []).map((error) => String(error.extensions?.code)),
    cost: reference?.extensions?.cost ?? reference?.errors?.[0]?.extensions?.cost ?? null,
    zoomCalls: { min: Math.min(...calls), max: Math.max(...calls), mean: mean(calls) },
    latency: {
      runs: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      mean: mean(latencies),
      min: Math.min(...latencies),
      max: Math.max(...latencies),
    },
    failures,
    throughput: {
      requests: burst.samples.length,
      concurrency: options.concurrency,
      wallMs: burst.wallMs,
      perSecond: (burst.samples.length * 1000) / burst.wallMs,
      failures: burst.samples.filter((sample) => !isExpectedAnswer(sample, reference)).length,
      zoomCallsPerRequest: burstCalls / burst.samples.length,
    },
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
