import type { Tracer } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import type { ZoomClient } from './client-types.ts';
import type { ZoomDownload, ZoomDownloadOptions } from './download.ts';
import type { HttpMethod, RateLimitCategory, ZoomOperationId } from './operations.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RetryPolicy } from './retry.ts';
import type { LegacyJwtOptions } from './token/legacy-jwt.ts';
import type { S2SOAuthOptions } from './token/s2s-oauth.ts';
import type { TokenProvider } from './token/types.ts';

// The options, events and face of the Zoom client (src/zoom/client.ts), apart from how it makes a call.

/** How the client authenticates: Server-to-Server OAuth, a legacy JWT app, or any {@link TokenProvider}. */
export type ZoomAuthOptions =
  | ({ type: 's2s' } & Omit<S2SOAuthOptions, 'dispatcher' | 'now' | 'userAgent' | 'timeoutMs'>)
  | ({ type: 'jwt' } & Omit<LegacyJwtOptions, 'now'>)
  | { type: 'provider'; provider: TokenProvider };

/** One attempt, reported to {@link ZoomClientOptions.onCall} for metrics and logs. Never carries a token. */
export interface ZoomCallEvent {
  operation: ZoomOperationId;
  method: HttpMethod;
  /** Path relative to the API base, with ids, without the query string. */
  path: string;
  category: RateLimitCategory;
  /** 1 for the first attempt of a call. */
  attempt: number;
  /** HTTP status, when Zoom answered. */
  status?: number;
  /** Set when the attempt failed without an answer: the transport failure (`not-sent`, `network`, `timeout`, `aborted`). */
  failure?: string;
  /** Wall time of the attempt in milliseconds. */
  durationMs: number;
}

/**
 * What happened to the client's access token, reported to {@link ZoomClientOptions.onToken} for metrics:
 * `obtained` (a token the client had not used before: fetched from the token endpoint, or read from a shared
 * store), `rejected` (Zoom answered 401 to it: it is dropped and a fresh one fetched), `failed` (no token could be had).
 */
export interface ZoomTokenEvent {
  kind: 'obtained' | 'rejected' | 'failed';
}

/** The subset of a pino logger the client uses (`pino()` satisfies it). */
export interface ZoomClientLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link createZoomClient}. */
export interface ZoomClientOptions {
  auth: ZoomAuthOptions;
  /** REST base URL including `/v2`. Default `https://api.zoom.us/v2`. */
  apiUrl?: string;
  /** Timeout of each attempt (connect, answer and body) in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /**
   * Most connections of the client's own pool per origin. Default 256: a fan-out of 290 detail reads went out in
   * about five waves with 64 (377 ms where a larger pool took 205 ms at 40-60 ms per call). Rate limits are the
   * limiter's business, not the pool's. Ignored when `dispatcher` is given.
   */
  maxConnections?: number;
  /** Overrides of {@link RETRY_DEFAULTS}. */
  retry?: Partial<RetryPolicy>;
  /** Default: {@link createHoldRateLimiter} with this client's clock and sleep. */
  rateLimiter?: RateLimiter;
  /**
   * undici dispatcher for every request (API and token). Default: an `Agent` owned by this client, with keep-alive
   * connection pools per origin, closed by `close()`. A dispatcher passed in is not closed by the client.
   */
  dispatcher?: Dispatcher;
  /** `User-Agent` header. Default `zoom-graphql-gateway (node/<version>)`. */
  userAgent?: string;
  /** Called after every attempt. Exceptions it throws are ignored. */
  onCall?: (event: ZoomCallEvent) => void;
  /**
   * Called once with each new access token the client obtains, so a log scrubber can redact it wherever it might
   * surface (an upstream error body that echoes it, say). Exceptions it throws are ignored.
   */
  onCredential?: (token: string) => void;
  /** Called when a token is obtained, rejected by Zoom or cannot be had. Exceptions it throws are ignored. */
  onToken?: (event: ZoomTokenEvent) => void;
  /**
   * Traces each attempt as a CLIENT span under the active span, and sends its W3C `traceparent` to Zoom.
   * Default: none (no spans, no header).
   */
  tracer?: Tracer;
  logger?: ZoomClientLogger;
  /** Clock in epoch milliseconds (token expiry, retry budget, `Retry-After`). Default `Date.now`. */
  now?: () => number;
  /** Waits between retries; rejects when `signal` aborts. Default: a timer. Tests inject one that advances `now`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Defaults of {@link ZoomClientOptions}. */
export const ZOOM_CLIENT_DEFAULTS = Object.freeze({
  apiUrl: 'https://api.zoom.us/v2',
  timeoutMs: 10_000,
  maxConnections: 256,
  userAgent: `zoom-graphql-gateway (node/${process.versions.node})`,
});

/** A {@link ZoomClient} that owns connections and must be closed when the process is done with it. */
export interface ZoomRestClient extends ZoomClient {
  /**
   * Resolves when a token can be had (for readiness probes); rejects with the provider's `ZoomError`.
   * The token itself is not returned.
   */
  checkToken(signal?: AbortSignal): Promise<void>;
  /**
   * The OAuth scopes Zoom granted with the current token (fetching one if needed), or `undefined` when the token
   * endpoint did not say (legacy JWT apps). Never returns the token.
   */
  grantedScopes(signal?: AbortSignal): Promise<readonly string[] | undefined>;
  /**
   * Streams a recording file from its `download_url` with the gateway's token (never sent along Zoom's redirect to
   * storage), passing a byte range through. Only Zoom web hosts and the configured API's origin get the token.
   */
  download(downloadUrl: string, options?: ZoomDownloadOptions): Promise<ZoomDownload>;
  /** Releases the client's pooled connections (only when the client created its own dispatcher). */
  close(): Promise<void>;
}
