import type { HttpMethod, RateLimitCategory } from './operations.ts';

/**
 * The closed set of ways a Zoom call can fail. The GraphQL layer maps each to one public error code.
 *
 * - `HTTP_ERROR`: Zoom answered with a 4xx/5xx that is not one of the cases below (see `status`, `zoomCode`).
 * - `RATE_LIMITED`: a 429 of type QPS that outlived the retry budget; `retryAt` says when to try again.
 * - `DAILY_LIMIT`: a 429 of type `Daily-limit` or the 100-per-host meeting create/update limit; never retried.
 * - `UNAUTHORIZED`: Zoom still refused the token after one refresh (401), or the token endpoint refused our credentials.
 * - `TIMEOUT`: no answer within the call's timeout.
 * - `NETWORK`: the connection failed (refused, reset, DNS) and retries ran out.
 * - `OUTCOME_UNKNOWN`: a write may have reached Zoom but no answer came back; it is not retried.
 * - `INVALID_RESPONSE`: Zoom's answer was not the JSON we expected.
 * - `ABORTED`: the caller's `signal` cancelled the call (a write may or may not have reached Zoom).
 * - `INVALID_REQUEST`: the call was malformed before anything was sent (missing path parameter, page size out of
 *   range); a programming or input error, never Zoom's answer.
 * - `SCOPE_MISSING`: Zoom refused the call because the token lacks a scope (code 4711, "Invalid access token, does
 *   not contain scopes:[...]"); `scopes` lists the names Zoom gave. The app's scopes must change, not the request.
 * - `PLAN_REQUIRED`: Zoom refused the call because the account's plan does not include it (400 code 200, "Only
 *   available for paid account"). Code 200 also means "No permission" on some operations: those stay `HTTP_ERROR`.
 */
export type ZoomErrorCode =
  | 'HTTP_ERROR'
  | 'RATE_LIMITED'
  | 'DAILY_LIMIT'
  | 'UNAUTHORIZED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'OUTCOME_UNKNOWN'
  | 'INVALID_RESPONSE'
  | 'ABORTED'
  | 'INVALID_REQUEST'
  | 'SCOPE_MISSING'
  | 'PLAN_REQUIRED';

/**
 * `rateLimitType` of a refusal because the caller's share of the rate limit is used (never one of Zoom's header
 * values, which are `QPS` and `Daily-limit`).
 */
export const CALLER_SHARE = 'CALLER_SHARE';

export interface ZoomErrorDetails {
  /** HTTP status Zoom answered with, when it answered. */
  status?: number;
  /** Zoom's numeric `code` from the error body (e.g. 1001 user not found, 3001 meeting not found, 300 validation). */
  zoomCode?: number;
  /** For `SCOPE_MISSING`: the scopes Zoom named (any one of them would have done); empty when it named none. */
  scopes?: string[];
  /** Validation errors from a code-300 body. */
  fieldErrors?: Array<{ field: string; message: string }>;
  /** `X-RateLimit-Category` of the answer, or the operation's label. */
  category?: RateLimitCategory;
  /** `X-RateLimit-Type`: `QPS` or `Daily-limit`; {@link CALLER_SHARE} when the gateway refused for a caller's share. */
  rateLimitType?: string;
  /** When a rate-limited call may be tried again. */
  retryAt?: Date;
  /** The request, with ids in the path but never a token, secret or query credential. */
  method?: HttpMethod;
  path?: string;
  /** How many attempts were made, retries included. */
  attempts?: number;
  cause?: unknown;
}

/** The one error type of the Zoom boundary. It never carries a token, a secret or an Authorization header. */
export class ZoomError extends Error {
  override readonly name = 'ZoomError';
  readonly code: ZoomErrorCode;
  readonly status?: number;
  readonly zoomCode?: number;
  readonly fieldErrors?: Array<{ field: string; message: string }>;
  readonly scopes?: string[];
  readonly category?: RateLimitCategory;
  readonly rateLimitType?: string;
  readonly retryAt?: Date;
  readonly method?: HttpMethod;
  readonly path?: string;
  readonly attempts?: number;

  constructor(code: ZoomErrorCode, message: string, details: ZoomErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.zoomCode = details.zoomCode;
    this.fieldErrors = details.fieldErrors;
    this.scopes = details.scopes;
    this.category = details.category;
    this.rateLimitType = details.rateLimitType;
    this.retryAt = details.retryAt;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
  }
}

export function isZoomError(error: unknown): error is ZoomError {
  return error instanceof ZoomError;
}

/** Says in the message why a retryable failure was not retried. */
export function withReason(error: ZoomError, reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exhausted'): ZoomError {
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
