import { Pool } from 'undici';
import type { BenchQuery } from './queries.ts';

/** One answered GraphQL request, timed on the client from sending to the last byte of the body. */
export interface Sample {
  /** Milliseconds. */
  ms: number;
  status: number;
  /** The parsed JSON answer; undefined when the body was not JSON. */
  body: GraphqlAnswer | undefined;
}

export interface GraphqlAnswer {
  data?: unknown;
  errors?: ReadonlyArray<{ message?: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** Sends GraphQL POSTs to one endpoint over a keep-alive pool of `connections` sockets on loopback. */
export class GraphqlLoadClient {
  readonly #pool: Pool;
  readonly #path: string;
  readonly #headers: Record<string, string>;

  /**
   * @param endpoint the GraphQL URL, e.g. `http://127.0.0.1:4000/graphql`.
   * @param connections most sockets open at once (use the concurrency of the heaviest phase).
   * @param apiKey sent as `x-api-key` (the gateway requires a caller credential; the baseline ignores it).
   */
  constructor(endpoint: string, connections: number, apiKey: string) {
    const url = new URL(endpoint);
    if (url.hostname !== '127.0.0.1') throw new Error(`bench: refusing to load a non-loopback endpoint (${url.host})`);
    this.#pool = new Pool(url.origin, { connections, keepAliveTimeout: 30_000 });
    this.#path = `${url.pathname}${url.search}`;
    this.#headers = { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey };
  }

  /** Sends `query` once and waits for the whole answer; `headers` are added to this request's (e.g. `cache-control`). */
  async send(query: BenchQuery, headers: Record<string, string> = {}): Promise<Sample> {
    const payload = JSON.stringify({ query: query.query, variables: query.variables ?? {} });
    const started = performance.now();
    const response = await this.#pool.request({ method: 'POST', path: this.#path, headers: { ...this.#headers, ...headers }, body: payload });
    const text = await response.body.text();
    const ms = performance.now() - started;
    let body: GraphqlAnswer | undefined;
    try {
      body = JSON.parse(text) as GraphqlAnswer;
    } catch {
      body = undefined;
    }
    return { ms, status: response.statusCode, body };
  }

  /**
   * Sends `query` `total` times with at most `concurrency` in flight, and measures the wall time of the batch.
   * Each worker takes the next request number until all are taken, so the loop is bounded by `total`.
   */
  async burst(query: BenchQuery, total: number, concurrency: number): Promise<{ wallMs: number; samples: Sample[] }> {
    const samples: Sample[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        next++;
        samples.push(await this.send(query));
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    return { wallMs: performance.now() - started, samples };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** Whether an answer is a success: HTTP 200 with data and no errors, or exactly the errors `expected` holds. */
export function isExpectedAnswer(sample: Sample, expected: GraphqlAnswer | undefined): boolean {
  if (sample.status !== 200 || sample.body === undefined) return false;
  const codes = (answer: GraphqlAnswer | undefined) => (answer?.errors ?? []).map((e) => String(e.extensions?.code)).join(',');
  return codes(sample.body) === codes(expected);
}

/** The nearest-rank percentile `p` (0..100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
