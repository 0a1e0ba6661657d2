/** Settings of one benchmark run, from `BENCH_*` environment variables. */
export interface BenchOptions {
  /** Sequential runs per query and system for the latency percentiles (after one warm-up run). Default 20. */
  iterations: number;
  /** Requests in flight at once in the throughput phase. Default 8. */
  concurrency: number;
  /** Requests per query and system in the throughput phase. Default `concurrency * 4`. */
  throughputRequests: number;
  /** Fixed latency the sandbox adds to every Zoom API answer, in milliseconds. Default 40. */
  latencyMs: number;
  /** Extra uniformly drawn latency `0..jitterMs` per answer, in milliseconds. Default `latencyMs / 2`. */
  jitterMs: number;
}

/** A `BENCH_*` variable with a value the benchmark cannot use. */
export class BenchOptionsError extends Error {
  override readonly name = 'BenchOptionsError';
  readonly code = 'BENCH_INVALID_OPTION';
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

/** Upper bounds: they keep every loop of the benchmark bounded and a typo from running for hours. */
const LIMITS = {
  BENCH_ITERATIONS: { min: 1, max: 1_000 },
  BENCH_CONCURRENCY: { min: 1, max: 64 },
  BENCH_REQUESTS: { min: 1, max: 5_000 },
  BENCH_LATENCY_MS: { min: 0, max: 2_000 },
  BENCH_JITTER_MS: { min: 0, max: 2_000 },
} as const;

type Variable = keyof typeof LIMITS;

/**
 * Reads the benchmark's knobs from `env`: `BENCH_ITERATIONS`, `BENCH_CONCURRENCY`, `BENCH_REQUESTS`,
 * `BENCH_LATENCY_MS`, `BENCH_JITTER_MS`. Unset or empty means the default.
 * @throws BenchOptionsError naming the variable, the accepted range and the value that arrived.
 */
export function parseBenchOptions(env: Readonly<Record<string, string | undefined>>): BenchOptions {
  const iterations = integer(env, 'BENCH_ITERATIONS', 20);
  const concurrency = integer(env, 'BENCH_CONCURRENCY', 8);
  const throughputRequests = integer(env, 'BENCH_REQUESTS', Math.min(concurrency * 4, LIMITS.BENCH_REQUESTS.max));
  const latencyMs = integer(env, 'BENCH_LATENCY_MS', 40);
  const jitterMs = integer(env, 'BENCH_JITTER_MS', Math.round(latencyMs / 2));
  return { iterations, concurrency, throughputRequests, latencyMs, jitterMs };
}

function integer(env: Readonly<Record<string, string | undefined>>, variable: Variable, fallback: number): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const { min, max } = LIMITS[variable];
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BenchOptionsError(variable, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
