import { ZoomError, type ZoomErrorCode } from './errors.ts';
import type { HttpMethod, RateLimitCategory } from './operations.ts';
import { nextUtcMidnight, parseRetryAfter } from './retry.ts';
import { isScopeRefusal, scopesFromRefusal } from './scopes.ts';
import type { HttpResponse, TransportFailure } from './transport.ts';

/** The request an answer belongs to, as it may appear in an error: ids yes, token and query credentials never. */
export interface RequestContext {
  method: HttpMethod;
  /** Path relative to the API base, e.g. `/users/me`, without the query string. */
  path: string;
  /** The operation's rate-limit category (from ZOOM_OPERATIONS). */
  category?: RateLimitCategory;
  /** Attempts made so far, this one included. */
  attempts: number;
}

/** Rate-limit facts of an answer, from Zoom's `X-RateLimit-*` and `Retry-After` headers and its 429 message. */
export interface RateLimitInfo {
  category?: RateLimitCategory;
  /** `X-RateLimit-Type` as sent: `QPS` or `Daily-limit`. */
  type?: string;
  /** A daily quota (account-wide per category, or Zoom's 100 meeting creates/updates per host) is used up. */
  isDailyLimit: boolean;
  /** For a 429: when to try again (`Retry-After`; for daily limits the next 00:00 UTC when it is absent). */
  retryAt?: Date;
}

const CATEGORIES: readonly RateLimitCategory[] = ['Light', 'Medium', 'Heavy', 'Resource-intensive'];

/**
 * Reads the rate-limit headers. A 429 without `X-RateLimit-Type` is a daily limit when its message says "daily":
 * the per-host meeting create/update limit ("You have exceeded the daily rate limit (100) of Meeting Create/Update
 * API requests...") and the account's daily quota ("maximum daily rate limit") both do.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */
export function readRateLimit(res: HttpResponse, nowMs: number): RateLimitInfo {
  const categoryHeader = res.headers['x-ratelimit-category'];
  const category = CATEGORIES.find((c) => c.toLowerCase() === categoryHeader?.trim().toLowerCase());
  const type = res.headers['x-ratelimit-type']?.trim();
  if (res.status !== 429) return { category, type, isDailyLimit: false };
  const isDailyLimit = type === undefined
    ? /\bdaily\b/i.test(parseErrorBody(res.body)?.message ?? '')
    : type.toLowerCase() === 'daily-limit';
  const retryAfter = parseRetryAfter(res.headers['retry-after'], nowMs);
  return { category, type, isDailyLimit, retryAt: retryAfter ?? (isDailyLimit ? nextUtcMidnight(nowMs) : undefined) };
}

/**
 * Parses a successful answer: 204 or an empty body is `undefined`; otherwise the body must be JSON (Zoom always
 * sends `application/json`), else `INVALID_RESPONSE`, e.g. for an HTML page from a proxy in between.
 */
export function parseSuccessBody(res: HttpResponse, ctx: RequestContext): unknown {
  if (res.status === 204 || res.body.trim() === '') return undefined;
  const contentType = res.headers['content-type'];
  const isJson = contentType === undefined || /[/+]json\b/i.test(contentType);
  if (isJson) {
    try {
      return JSON.parse(res.body) as unknown;
    } catch (error) {
      throw invalidResponse(res, ctx, 'a body that is not valid JSON', error);
    }
  }
  throw invalidResponse(res, ctx, `a non-JSON body (${contentType})`, undefined);
}

/** Turns an error answer (4xx/5xx) into a ZoomError carrying Zoom's code, message and field errors. */
export function errorFromResponse(res: HttpResponse, ctx: RequestContext, nowMs: number, note?: string): ZoomError {
  const body = parseErrorBody(res.body);
  const rate = readRateLimit(res, nowMs);
  let code: ZoomErrorCode = 'HTTP_ERROR';
  // Checked before the 401: a token that lacks a scope stays refused however often it is refreshed.
  if (res.status < 500 && isScopeRefusal(body?.code, body?.message)) code = 'SCOPE_MISSING';
  else if (res.status === 400 && isPlanRefusal(body?.code, body?.message)) code = 'PLAN_REQUIRED';
  else if (res.status === 401) code = 'UNAUTHORIZED';
  else if (res.status === 429) code = rate.isDailyLimit ? 'DAILY_LIMIT' : 'RATE_LIMITED';
  const zoomText = body === undefined ? '' : `: ${body.message ?? '(no message)'}${body.code === undefined ? '' : ` (code ${body.code})`}`;
  const message = `Zoom answered ${res.status} to ${ctx.method} ${ctx.path}${zoomText}${note === undefined ? '' : `; ${note}`}`;
  return new ZoomError(code, message, {
    status: res.status,
    zoomCode: body?.code,
    fieldErrors: body?.errors,
    ...(code === 'SCOPE_MISSING' ? { scopes: scopesFromRefusal(body?.message) } : {}),
    category: rate.category ?? ctx.category,
    rateLimitType: rate.type,
    retryAt: rate.retryAt,
    method: ctx.method,
    path: ctx.path,
    attempts: ctx.attempts,
  });
}

/**
 * Whether a 400 says the account's plan lacks the operation. Zoom answers code 200 both for "Only available for paid
 * account: {accountId}" (and "Webinar plan is missing", "Not available for this account") and for "No permission.",
 * so the message decides; a permission refusal stays an `HTTP_ERROR`.
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/reportMeetings
 */
export function isPlanRefusal(zoomCode: number | undefined, message: string | undefined): boolean {
  return zoomCode === ZOOM_PLAN_REQUIRED_CODE && /paid account|plan is missing|not available for this account|paid or zmp/i.test(message ?? '');
}

/** Zoom's code for an operation the account's plan (or the caller's permission) does not allow. */
export const ZOOM_PLAN_REQUIRED_CODE = 200;

/**
 * Turns a failed exchange into a ZoomError. When the request may have reached Zoom and repeating it is not safe
 * (`mayHaveActed`: a POST/PUT reset or timed out after sending), the outcome is `OUTCOME_UNKNOWN`.
 */
export function errorFromTransport(
  failure: TransportFailure,
  ctx: RequestContext,
  options: { mayHaveActed: boolean; signal?: AbortSignal; note?: string },
): ZoomError {
  const details = { method: ctx.method, path: ctx.path, category: ctx.category, attempts: ctx.attempts, cause: failure.cause };
  const suffix = options.note === undefined ? '' : `; ${options.note}`;
  const where = `${ctx.method} ${ctx.path}`;
  switch (failure.kind) {
    case 'aborted':
      return abortError(ctx, options.signal, options.mayHaveActed);
    case 'timeout':
      return options.mayHaveActed
        ? new ZoomError('OUTCOME_UNKNOWN', `${where}: ${failure.message}; Zoom may have applied it, so it was not retried${suffix}`, details)
        : new ZoomError('TIMEOUT', `${where}: ${failure.message}${suffix}`, details);
    case 'network':
      return options.mayHaveActed
        ? new ZoomError('OUTCOME_UNKNOWN', `${where}: ${failure.message} after the request was sent; Zoom may have applied it, so it was not retried${suffix}`, details)
        : new ZoomError('NETWORK', `${where}: ${failure.message}${suffix}`, details);
    case 'not-sent':
      return new ZoomError('NETWORK', `${where}: ${failure.message}${suffix}`, details);
  }
}

/**
 * The error for a call cancelled by the caller's signal. A signal that fired because of its own deadline
 * (`AbortSignal.timeout()`, reason `TimeoutError`) is a `TIMEOUT`; any other reason is `ABORTED`.
 */
export function abortError(ctx: RequestContext, signal: AbortSignal | undefined, mayHaveActed: boolean): ZoomError {
  const reason: unknown = signal?.reason;
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  const tail = mayHaveActed ? '; the request may already have reached Zoom' : '';
  return new ZoomError(
    isTimeout ? 'TIMEOUT' : 'ABORTED',
    `${ctx.method} ${ctx.path}: ${isTimeout ? "the caller's deadline passed" : 'cancelled by the caller'}${tail}`,
    { method: ctx.method, path: ctx.path, category: ctx.category, attempts: ctx.attempts, cause: reason },
  );
}

function invalidResponse(res: HttpResponse, ctx: RequestContext, what: string, cause: unknown): ZoomError {
  return new ZoomError('INVALID_RESPONSE', `Zoom answered ${res.status} to ${ctx.method} ${ctx.path} with ${what}`, {
    status: res.status, category: ctx.category, method: ctx.method, path: ctx.path, attempts: ctx.attempts, cause,
  });
}

interface ParsedErrorBody {
  code?: number;
  message?: string;
  errors?: Array<{ field: string; message: string }>;
}

/**
 * Zoom's error body: `{code, message, errors?}` from the API, `{reason, error}` or `{code, message}` from the OAuth
 * endpoint. Anything else (an HTML page from a load balancer) yields `undefined`.
 */
export function parseErrorBody(text: string): ParsedErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const code = typeof record.code === 'number' && Number.isInteger(record.code) ? record.code : undefined;
  const message = [record.message, record.reason, record.error].find((v): v is string => typeof v === 'string');
  const errors = Array.isArray(record.errors)
    ? record.errors
        .filter((e): e is { field: unknown; message: unknown } => typeof e === 'object' && e !== null)
        .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }))
    : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { code, message, errors };
}

/** A refusal for a missing scope (code 4711) is not cured by a fresh token of the same app, so it is not refreshed. */
export function isScopeRefusalBody(body: string): boolean {
  const parsed = parseErrorBody(body);
  return isScopeRefusal(parsed?.code, parsed?.message);
}

/**
 * Zoom's 100-per-host meeting create/update limit answers a daily-limit 429 too; only its message tells it from the
 * account's daily pool ("...permitted for this particular user...").
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
 */
export function isPerUserDailyLimit(body: string): boolean {
  return /particular user/i.test(parseErrorBody(body)?.message ?? '');
}
