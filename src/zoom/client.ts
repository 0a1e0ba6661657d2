import { Agent } from 'undici';
import { startAttemptSpan } from './attempt-span.ts';
import type { ZoomClientOptions, ZoomCallEvent, ZoomRestClient } from './client-options.ts';
import { ZOOM_CLIENT_DEFAULTS } from './client-options.ts';
import type { PaginatedOperationId, ZoomCall, ZoomOperationTypes } from './client-types.ts';
import { downloadRecordingFile } from './download.ts';
import { CALLER_SHARE, ZoomError, isZoomError, withReason } from './errors.ts';
import { ZOOM_OPERATIONS, type ZoomOperationId } from './operations.ts';
import { paginate } from './paginate.ts';
import { createHoldRateLimiter, defaultSleep } from './rate-limit.ts';
import {
  abortError, errorFromResponse, errorFromTransport, isPerUserDailyLimit, isScopeRefusalBody, parseErrorBody,
  parseSuccessBody, readRateLimit, type RequestContext,
} from './response.ts';
import {
  decideRetry, isRepeatedDeleteDone, isRetrySafe, mayHaveBeenApplied, resolveRetryPolicy, type AttemptOutcome,
} from './retry.ts';
import { tokenProviderFor } from './token/provider-for.ts';
import type { AccessToken } from './token/types.ts';
import { sendHttp, TransportFailure, type HttpResponse } from './transport.ts';
import { buildQueryString, expandPath, normaliseApiUrl } from './url.ts';

// The options, events and defaults live in client-options.ts; importers of this module keep finding them here.
export { ZOOM_CLIENT_DEFAULTS } from './client-options.ts';
export type {
  ZoomAuthOptions, ZoomCallEvent, ZoomClientLogger, ZoomClientOptions, ZoomRestClient, ZoomTokenEvent,
} from './client-options.ts';

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
  const tokens = tokenProviderFor(options.auth, { dispatcher, now, timeoutMs, userAgent });
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

