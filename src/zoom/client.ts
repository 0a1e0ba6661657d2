import type { Tracer } from '@opentelemetry/api';
import { Agent, type Dispatcher } from 'undici';
import { startAttemptSpan } from './attempt-span.ts';
import type { PaginatedOperationId, ZoomCall, ZoomClient, ZoomOperationTypes } from './client-types.ts';
import { downloadRecordingFile, type ZoomDownload, type ZoomDownloadOptions } from './download.ts';
import { CALLER_SHARE, ZoomError, isZoomError } from './errors.ts';
import { ZOOM_OPERATIONS, type HttpMethod, type RateLimitCategory, type ZoomOperationId } from './operations.ts';
import { paginate } from './paginate.ts';
import { isScopeRefusal } from './scopes.ts';
import { createHoldRateLimiter, defaultSleep, type RateLimiter } from './rate-limit.ts';
import {
  abortError, errorFromResponse, errorFromTransport, parseErrorBody, parseSuccessBody, readRateLimit,
  type RequestContext,
} from './response.ts';
import {
  decideRetry, isRepeatedDeleteDone, isRetrySafe, mayHaveBeenApplied, resolveRetryPolicy, type AttemptOutcome,
  type RetryPolicy,
} from './retry.ts';
import { createLegacyJwtTokenProvider, type LegacyJwtOptions } from './token/legacy-jwt.ts';
import { createS2SOAuthTokenProvider, type S2SOAuthOptions } from './token/s2s-oauth.ts';
import type { AccessToken, TokenProvider } from './token/types.ts';
import { sendHttp, TransportFailure, type HttpResponse } from './transport.ts';
import { buildQueryString, expandPath } from './url.ts';

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

/**
 * Creates the one client through which every Zoom call passes. Each call: wait for the rate limiter, get a
 * bearer token, send with a per-attempt timeout, and on failure apply {@link decideRetry}; a 401 refreshes the
 * token once and repeats the call once. A repeated DELETE that finds the resource gone after a lost answer is done
 * ({@link isRepeatedDeleteDone}). Every failure is a `ZoomError`.
 */
export function createZoomClient(options: ZoomClientOptions): ZoomRestClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? ZOOM_CLIENT_DEFAULTS.timeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`createZoomClient: timeoutMs must be > 0 milliseconds, got ${String(timeoutMs)}`);
  }
  const policy = resolveRetryPolicy(options.retry);
  const apiUrl = normaliseApiUrl(options.apiUrl ?? ZOOM_CLIENT_DEFAULTS.apiUrl);
  const userAgent = options.userAgent ?? ZOOM_CLIENT_DEFAULTS.userAgent;
  const ownsDispatcher = options.dispatcher === undefined;
  // Keep-alive pools per origin: TLS and DNS are paid once per connection, not per call.
  const maxConnections = options.maxConnections ?? ZOOM_CLIENT_DEFAULTS.maxConnections;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new TypeError(`createZoomClient: maxConnections must be a positive integer, got ${String(maxConnections)}`);
  }
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: maxConnections });
  const rateLimiter = options.rateLimiter ?? createHoldRateLimiter({ now, sleep });
  const tokens = createProvider(options.auth, { dispatcher, now, timeoutMs, userAgent });
  const { logger } = options;

  const report = (event: ZoomCallEvent): void => notify(options.onCall, event);

  /** Tells `onCredential` and `onToken` about each token value once (the last one announced is remembered, not every one). */
  let lastToken: string | undefined;
  function announce(token: AccessToken): AccessToken {
    if (token.value !== lastToken) {
      lastToken = token.value;
      notify(options.onCredential, token.value);
      notify(options.onToken, { kind: 'obtained' });
    }
    return token;
  }

  /** Races a token request against the caller's signal; the shared fetch itself keeps running for other callers. */
  async function getToken(signal: AbortSignal | undefined): Promise<AccessToken> {
    if (signal === undefined) return announce(await tokens.getToken());
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        tokens.getToken().then(announce),
        new Promise<never>((_, reject) => {
          onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }

  async function call<Op extends ZoomOperationId>(
    operationId: Op,
    call: ZoomCall<Op> = {},
  ): Promise<ZoomOperationTypes[Op]['response']> {
    const operation = ZOOM_OPERATIONS[operationId];
    if (operation === undefined) {
      throw new ZoomError('INVALID_REQUEST', `unknown Zoom operation ${JSON.stringify(operationId)}`);
    }
    const { method, category } = operation;
    const path = expandPath(operation.path, (call.path ?? {}) as Record<string, unknown>, method);
    const pathAndQuery = `${path}${buildQueryString(call.query)}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const { signal } = call;
    const startedAt = now();
    const deadline = startedAt + policy.budgetMs;
    const ctx: RequestContext = { method, path, category, attempts: 0 };
    let retries = 0;
    let hasRefreshedToken = false;
    let isSent = false;
    /** Some earlier attempt may have been applied by Zoom although its answer never arrived (see mayHaveBeenApplied). */
    let mayEarlierHaveApplied = false;

    // Each pass either returns, throws, refreshes the token (at most once) or retries (at most maxAttempts - 1
    // times), so maxAttempts + 1 passes cover every path.
    for (let pass = 0; pass <= policy.maxAttempts; pass++) {
      if (signal?.aborted) throw abortError(ctx, signal, isSent && !isRetrySafe(method));
      let outcome: AttemptOutcome;
      let lastError: ZoomError;
      let token: AccessToken;
      try {
        token = await getToken(signal);
      } catch (error) {
        if (signal?.aborted) throw abortError(ctx, signal, isSent && !isRetrySafe(method));
        notify(options.onToken, { kind: 'failed' });
        if (!isZoomError(error)) {
          throw new ZoomError('UNAUTHORIZED', `${method} ${path}: no Zoom access token could be had`, { method, path, category, attempts: ctx.attempts, cause: error });
        }
        // The token endpoint being down is retried like a request that was never sent; refused credentials are final.
        const isTransient = error.code === 'NETWORK' || error.code === 'TIMEOUT'
          || (error.code === 'HTTP_ERROR' && (error.status === 502 || error.status === 503 || error.status === 504));
        const decision = isTransient
          ? decideRetry({ kind: 'transport', failure: 'not-sent' }, { method, attempt: retries + 1, startedAt, now: now(), policy, random })
          : { action: 'fail' as const };
        if (decision.action === 'fail') throw error;
        retries++;
        await pause(decision.delayMs, error);
        continue;
      }

      // The slot is taken once the token is in hand, right before sending: a slow token fetch must not carry calls
      // granted in one rate window into the next one (Zoom counts them when they arrive).
      let grantedAt: number | undefined;
      const askedAt = performance.now();
      try {
        const permit = await rateLimiter.acquire(category, { deadline, signal });
        if (!permit.ok) throw refusal(permit.reason ?? 'QPS', permit.retryAt);
        grantedAt = permit.grantedAt;
      } catch (error) {
        if (isZoomError(error)) throw error;
        if (signal?.aborted) throw abortError(ctx, signal, isSent && !isRetrySafe(method));
        throw new ZoomError('NETWORK', `${method} ${path}: the rate limiter failed`, { method, path, category, attempts: ctx.attempts, cause: error });
      }

      ctx.attempts++;
      const attemptStarted = performance.now();
      const span = startAttemptSpan(options.tracer, { operation: operationId, method, category, attempt: ctx.attempts, queueWaitMs: attemptStarted - askedAt });
      let res: HttpResponse;
      try {
        res = await sendHttp(dispatcher, {
          url: `${token.apiUrl ?? apiUrl}${pathAndQuery}`,
          method,
          headers: {
            authorization: `Bearer ${token.value}`,
            accept: 'application/json',
            'user-agent': userAgent,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...span.headers,
          },
          body,
          timeoutMs,
          signal,
        });
      } catch (error) {
        span.end({ failure: error instanceof TransportFailure ? error.kind : 'error' });
        if (!(error instanceof TransportFailure)) throw error;
        report({ operation: operationId, method, path, category, attempt: ctx.attempts, failure: error.kind, durationMs: performance.now() - attemptStarted });
        if (error.kind !== 'not-sent') isSent = true;
        if (error.kind === 'aborted') throw abortError(ctx, signal, !isRetrySafe(method));
        outcome = { kind: 'transport', failure: error.kind };
        if (mayHaveBeenApplied(outcome)) mayEarlierHaveApplied = true;
        // Only this attempt matters: an earlier 429 or refused connection was certainly not processed.
        const mayHaveActed = error.kind !== 'not-sent' && !isRetrySafe(method);
        lastError = errorFromTransport(error, { ...ctx }, { mayHaveActed, signal });
        const decision = decideRetry(outcome, { method, attempt: retries + 1, startedAt, now: now(), policy, random });
        if (decision.action === 'fail') throw giveUp(lastError, decision.reason);
        retries++;
        await pause(decision.delayMs, lastError);
        continue;
      }
      isSent = true;
      span.end({ status: res.status });
      report({ operation: operationId, method, path, category, attempt: ctx.attempts, status: res.status, durationMs: performance.now() - attemptStarted });
      const rate = readRateLimit(res, now());
      rateLimiter.observe(category, {
        status: res.status, rateLimitType: rate.type, isDailyLimit: rate.isDailyLimit, retryAt: rate.retryAt,
        ...(rate.isDailyLimit && isPerUserDailyLimit(res.body) ? { isPerUserLimit: true } : {}),
        ...(grantedAt === undefined ? {} : { grantedAt }),
      });

      if (res.status >= 200 && res.status <= 299) {
        return parseSuccessBody(res, { ...ctx }) as ZoomOperationTypes[Op]['response'];
      }
      if (isRepeatedDeleteDone(method, res.status, mayEarlierHaveApplied)) {
        logger?.info(
          { operation: operationId, method, path, attempt: ctx.attempts, status: res.status, zoomCode: parseErrorBody(res.body)?.code },
          'Zoom answered 404 to a repeated DELETE: an earlier attempt whose answer was lost must have applied it; treating the delete as done',
        );
        // What a 204 answer resolves with.
        return undefined as ZoomOperationTypes[Op]['response'];
      }
      if (res.status === 401 && !hasRefreshedToken && !isScopeRefusalBody(res.body)) {
        // The token may have expired early or been revoked: drop it (only if it is still the cached one) and
        // repeat the call once with a fresh token. Zoom: any 401 means "refresh and retry once".
        hasRefreshedToken = true;
        tokens.invalidate(token.value);
        notify(options.onToken, { kind: 'rejected' });
        logger?.debug({ operation: operationId, method, path, attempt: ctx.attempts }, 'Zoom refused the access token; refreshing it once');
        continue;
      }
      lastError = errorFromResponse(res, { ...ctx }, now(), res.status === 401 ? 'still refused after refreshing the token once' : undefined);
      outcome = { kind: 'status', status: res.status, isDailyLimit: rate.isDailyLimit, retryAt: rate.retryAt };
      if (mayHaveBeenApplied(outcome)) mayEarlierHaveApplied = true;
      const decision = decideRetry(outcome, { method, attempt: retries + 1, startedAt, now: now(), policy, random });
      if (decision.action === 'fail') throw giveUp(lastError, decision.reason);
      retries++;
      await pause(decision.delayMs, lastError);
    }
    // Unreachable by the counting above; kept so a future edit cannot turn the loop into an unbounded one.
    throw new ZoomError('NETWORK', `${method} ${path}: gave up after ${ctx.attempts} attempts`, { method, path, category, attempts: ctx.attempts });

    /** The limiter refused to let the call out: nothing was sent to Zoom. */
    function refusal(reason: 'QPS' | 'DAILY_LIMIT' | 'CALLER_SHARE', retryAt: Date): ZoomError {
      const details = { category, retryAt, method, path, attempts: ctx.attempts };
      const until = retryAt.toISOString();
      switch (reason) {
        case 'DAILY_LIMIT':
          return new ZoomError('DAILY_LIMIT', `${method} ${path}: the daily ${category} budget is used up until ${until}; not sent`, {
            ...details, rateLimitType: 'Daily-limit',
          });
        case 'CALLER_SHARE':
          return new ZoomError('RATE_LIMITED', `${method} ${path}: this caller has more ${category} calls waiting than its share allows; retry at ${until}`, {
            ...details, rateLimitType: CALLER_SHARE,
          });
        default:
          return new ZoomError('RATE_LIMITED', `${method} ${path}: the ${category} rate limit is held until ${until}, past this call's retry budget`, {
            ...details, status: 429, rateLimitType: 'QPS',
          });
      }
    }

    function giveUp(error: ZoomError, reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exhausted'): ZoomError {
      if (reason !== 'not-retryable') {
        logger?.warn(
          { operation: operationId, method, path, attempts: ctx.attempts, code: error.code, status: error.status, reason },
          'Zoom call failed after retries',
        );
      }
      return withReason(error, reason);
    }

    async function pause(delayMs: number, cause: ZoomError): Promise<void> {
      logger?.debug(
        { operation: operationId, method, path, attempt: ctx.attempts, code: cause.code, status: cause.status, delayMs },
        'retrying Zoom call',
      );
      try {
        await sleep(delayMs, signal);
      } catch {
        throw abortError(ctx, signal, isSent && !isRetrySafe(method));
      }
    }
  }

  return {
    call,
    paginate<Op extends PaginatedOperationId>(operationId: Op, paginateCall?: ZoomCall<Op> & { pageSize?: number }) {
      return paginate({ call }, operationId, paginateCall);
    },
    async checkToken(signal) {
      await getToken(signal);
    },
    async grantedScopes(signal) {
      return (await getToken(signal)).scopes;
    },
    download(downloadUrl, downloadOptions) {
      return downloadRecordingFile({ dispatcher, getToken, trustedOrigins: [new URL(apiUrl).origin], userAgent, timeoutMs }, downloadUrl, downloadOptions);
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

/** Calls an observer, which must never break a call. */
function notify<E>(observer: ((event: E) => void) | undefined, event: E): void {
  if (observer === undefined) return;
  try {
    observer(event);
  } catch {
    // An observer must not break a call.
  }
}

function createProvider(
  auth: ZoomAuthOptions,
  shared: { dispatcher: Dispatcher; now: () => number; timeoutMs: number; userAgent: string },
): TokenProvider {
  switch (auth?.type) {
    case 's2s': {
      const { type: _type, ...rest } = auth;
      return createS2SOAuthTokenProvider({ ...rest, ...shared });
    }
    case 'jwt': {
      const { type: _type, ...rest } = auth;
      return createLegacyJwtTokenProvider({ ...rest, now: shared.now });
    }
    case 'provider':
      if (typeof auth.provider?.getToken !== 'function' || typeof auth.provider.invalidate !== 'function') {
        throw new TypeError('createZoomClient: auth.provider must implement getToken() and invalidate(token)');
      }
      return auth.provider;
    default:
      throw new TypeError(
        `createZoomClient: auth.type must be "s2s", "jwt" or "provider", got ${JSON.stringify((auth as { type?: unknown } | undefined)?.type)}`,
      );
  }
}

function normaliseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createZoomClient: apiUrl must be an absolute http(s) URL such as https://api.zoom.us/v2, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`createZoomClient: apiUrl must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`createZoomClient: apiUrl must not carry a query or fragment, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A refusal for a missing scope (code 4711) is not cured by a fresh token of the same app, so it is not refreshed. */
function isScopeRefusalBody(body: string): boolean {
  const parsed = parseErrorBody(body);
  return isScopeRefusal(parsed?.code, parsed?.message);
}

/**
 * Zoom's 100-per-host meeting create/update limit answers a daily-limit 429 too; only its message tells it from the
 * account's daily pool ("...permitted for this particular user...").
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
 */
function isPerUserDailyLimit(body: string): boolean {
  return /particular user/i.test(parseErrorBody(body)?.message ?? '');
}

/** Says in the message why a retryable failure was not retried. */
function withReason(error: ZoomError, reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exhausted'): ZoomError {
  if (reason === 'not-retryable') return error;
  const note = reason === 'attempts-exhausted'
    ? `gave up after ${error.attempts ?? 0} attempts`
    : error.retryAt === undefined ? 'retry budget exhausted' : `retry budget exhausted (retry at ${error.retryAt.toISOString()})`;
  return new ZoomError(error.code, `${error.message}; ${note}`, {
    status: error.status, zoomCode: error.zoomCode, fieldErrors: error.fieldErrors, scopes: error.scopes, category: error.category,
    rateLimitType: error.rateLimitType, retryAt: error.retryAt, method: error.method, path: error.path,
    attempts: error.attempts, cause: error.cause,
  });
}
