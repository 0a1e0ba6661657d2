import type { RateLimitCategory, ZoomOperationId } from '../zoom/operations.ts';

/** How a request authenticated: an OAuth access token, a legacy JWT app token, or neither. */
export type SandboxAuthKind = 'oauth' | 'jwt' | 'none';

/**
 * What the counters are keyed by: a Zoom operation, `oauth` for `POST /oauth/token`, `unrouted` for a `/v2`
 * request that matched no operation (answered 404), `download` for a recording's `download_url` and `download-file`
 * for the storage URL it redirects to (neither is an API call: they do not count in `apiCalls`).
 */
export type SandboxCountedOperation = ZoomOperationId | 'oauth' | 'unrouted' | 'download' | 'download-file';

/** One request in the log. `status` is 0 when a fault destroyed the socket instead of answering. */
export interface SandboxLogEntry {
  /** Sequence number since the last reset, starting at 1. */
  readonly seq: number;
  readonly method: string;
  /** The raw path as the client sent it (still percent-encoded), without the query string. */
  readonly path: string;
  /** The raw query string without `?`; an `access_token` value is replaced by `REDACTED`. */
  readonly query: string;
  readonly auth: SandboxAuthKind;
  readonly category?: RateLimitCategory;
  readonly operation?: SandboxCountedOperation;
  readonly status: number;
  /** Epoch milliseconds from the sandbox clock when the request arrived. */
  readonly timestamp: number;
  /** The fault that shaped this answer, if any. */
  readonly fault?: 'latency' | 'error' | 'storm' | 'reset' | 'dropped';
  /** Added latency in milliseconds, when a latency fault applied. */
  readonly delayMs?: number;
  /** `X-RateLimit-Type` of a 429 answered by the rate limiter (`QPS` or `Daily-limit`). */
  readonly rateLimitType?: 'QPS' | 'Daily-limit';
  /** The W3C `traceparent` the request carried, so tests can follow a trace into "Zoom". */
  readonly traceparent?: string;
}

/** A JSON snapshot of the counters, as `GET /_sandbox/stats` serves it. */
export interface SandboxStatsSnapshot {
  /** Total `/v2` requests, whatever their answer. */
  apiCalls: number;
  /** Total `POST /oauth/token` requests, whatever their answer. */
  tokenRequests: number;
  /** Per operation, per HTTP status (as a string key, `"0"` for destroyed sockets), the request count. */
  byOperation: Record<string, Record<string, number>>;
  /** Per HTTP status, the `/v2` request count. */
  byStatus: Record<string, number>;
}

/** Default number of log entries kept; older entries are dropped first so a benchmark cannot exhaust memory. */
export const SANDBOX_LOG_CAPACITY_DEFAULT = 10_000;

/**
 * Counters and a request log for tests and benchmarks: readable in-process (`sandbox.stats`) and over HTTP
 * (`GET /_sandbox/stats`, `GET /_sandbox/log`). Admin requests are not counted.
 */
export class SandboxStats {
  readonly #capacity: number;
  #entries: SandboxLogEntry[] = [];
  #seq = 0;
  #apiCalls = 0;
  #tokenRequests = 0;
  #byOperation = new Map<SandboxCountedOperation, Map<number, number>>();
  #byStatus = new Map<number, number>();

  /** @param capacity log entries kept (default 10,000); counters are never truncated. */
  constructor(capacity: number = SANDBOX_LOG_CAPACITY_DEFAULT) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`SandboxStats capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.#capacity = capacity;
  }

  /** Records one answered (or destroyed) request. Called by the server; tests only read. */
  record(entry: Omit<SandboxLogEntry, 'seq'>): SandboxLogEntry {
    const full: SandboxLogEntry = { seq: ++this.#seq, ...entry, query: redactQuery(entry.query) };
    if (full.operation === 'oauth') {
      this.#tokenRequests++;
    } else if (full.operation !== 'download' && full.operation !== 'download-file') {
      this.#apiCalls++;
      this.#byStatus.set(full.status, (this.#byStatus.get(full.status) ?? 0) + 1);
    }
    if (full.operation !== undefined) {
      let perStatus = this.#byOperation.get(full.operation);
      if (perStatus === undefined) {
        perStatus = new Map();
        this.#byOperation.set(full.operation, perStatus);
      }
      perStatus.set(full.status, (perStatus.get(full.status) ?? 0) + 1);
    }
    this.#entries.push(full);
    // Trim in batches so a full log does not cost an O(n) shift on every request.
    if (this.#entries.length > this.#capacity + Math.ceil(this.#capacity / 10)) {
      this.#entries = this.#entries.slice(-this.#capacity);
    }
    return full;
  }

  /** Total `/v2` requests since the last reset, every status included. */
  apiCalls(): number {
    return this.#apiCalls;
  }

  /** Total `POST /oauth/token` requests since the last reset, every status included. */
  tokenRequests(): number {
    return this.#tokenRequests;
  }

  /** Requests for `operation`, optionally only those answered with `status` (0 = socket destroyed by a fault). */
  count(operation: SandboxCountedOperation, status?: number): number {
    const perStatus = this.#byOperation.get(operation);
    if (perStatus === undefined) return 0;
    if (status !== undefined) return perStatus.get(status) ?? 0;
    let total = 0;
    for (const n of perStatus.values()) total += n;
    return total;
  }

  /** `/v2` requests answered with `status`. */
  countStatus(status: number): number {
    return this.#byStatus.get(status) ?? 0;
  }

  /** The newest log entries, oldest first; `limit` keeps only the last `limit` of them. */
  log(limit?: number): SandboxLogEntry[] {
    const kept = this.#entries.length > this.#capacity ? this.#entries.slice(-this.#capacity) : this.#entries;
    return limit === undefined ? [...kept] : kept.slice(-Math.max(0, limit));
  }

  /** Forgets every counter and log entry. */
  reset(): void {
    this.#entries = [];
    this.#seq = 0;
    this.#apiCalls = 0;
    this.#tokenRequests = 0;
    this.#byOperation.clear();
    this.#byStatus.clear();
  }

  /** The counters as plain JSON. */
  snapshot(): SandboxStatsSnapshot {
    const byOperation: Record<string, Record<string, number>> = {};
    for (const [operation, perStatus] of this.#byOperation) {
      byOperation[operation] = Object.fromEntries([...perStatus].map(([status, n]) => [String(status), n]));
    }
    return {
      apiCalls: this.#apiCalls,
      tokenRequests: this.#tokenRequests,
      byOperation,
      byStatus: Object.fromEntries([...this.#byStatus].map(([status, n]) => [String(status), n])),
    };
  }

  toJSON(): SandboxStatsSnapshot {
    return this.snapshot();
  }
}

/** A token sent in the query string (which Zoom rejects) must not end up readable in the log. */
function redactQuery(query: string): string {
  if (query === '' || !/(^|&)access_token=/i.test(query)) return query;
  return query
    .split('&')
    .map((pair) => (/^access_token=/i.test(pair) ? 'access_token=REDACTED' : pair))
    .join('&');
}
