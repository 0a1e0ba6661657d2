import { request, type Dispatcher } from 'undici';

/** One HTTP exchange as the Zoom client sees it. Header names are lower-case; repeated headers are joined by `, `. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** The whole body as text (Zoom bodies are small JSON documents). */
  body: string;
}

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Abort this exchange after this many milliseconds (connect, headers and body included). */
  timeoutMs: number;
  /** The caller's signal: aborting it aborts the exchange. */
  signal?: AbortSignal;
}

/**
 * Why an exchange produced no HTTP answer, in the terms the retry rules need:
 * - `not-sent`: the request certainly never left (connection refused, DNS failure, connect timeout), so even a
 *   POST may be retried;
 * - `network`: the connection failed after it was established (reset, closed): the server may have acted on it;
 * - `timeout`: the per-attempt timeout fired: the server may have acted on it;
 * - `aborted`: the caller's signal fired.
 */
export type TransportFailureKind = 'not-sent' | 'network' | 'timeout' | 'aborted';

/** Thrown by {@link sendHttp} when no HTTP answer arrived. `cause` is the underlying error. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  readonly kind: TransportFailureKind;
  constructor(kind: TransportFailureKind, message: string, cause: unknown) {
    super(message, { cause });
    this.kind = kind;
  }
}

/**
 * Error codes raised before a single byte of the request could be written. Only these make a non-idempotent
 * request safe to retry. `UND_ERR_CONNECT_TIMEOUT` is undici's connect-phase timeout.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Sends one request through `dispatcher` (an undici `Agent` with pooled keep-alive connections) and reads the whole
 * body, all under one timeout. Resolves with any HTTP status; rejects only with a {@link TransportFailure}.
 */
export async function sendHttp(dispatcher: Dispatcher, req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (req.signal?.aborted) controller.abort();
    const res = await request(req.url, {
      dispatcher,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
    });
    const body = await res.body.text();
    return { status: res.statusCode, headers: normaliseHeaders(res.headers), body };
  } catch (error) {
    if (isTimedOut) throw new TransportFailure('timeout', `no answer within ${req.timeoutMs} ms`, error);
    if (req.signal?.aborted) throw new TransportFailure('aborted', 'the caller aborted the request', error);
    const codes = errorCodes(error);
    const kind: TransportFailureKind = codes.some((code) => NOT_SENT_CODES.has(code)) ? 'not-sent' : 'network';
    throw new TransportFailure(kind, `connection failed (${codes.join(' / ') || describe(error)})`, error);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

function normaliseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The system and undici error codes along the `cause` chain (undici sometimes wraps the socket error). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
