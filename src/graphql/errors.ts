import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { CALLER_SHARE, isZoomError, type ZoomError } from '../zoom/errors.ts';

/**
 * The closed set of public error codes (`extensions.code`) the GraphQL boundary answers with.
 *
 * - `BAD_USER_INPUT`: an argument is invalid (out-of-range `first`, malformed cursor, Zoom validation code 300).
 * - `NOT_FOUND`: Zoom has no such user, meeting or instance (404, or codes 1001, 1010, 3001); for a member, also one
 *   that is not its own, with the same message and no Zoom code (src/auth/not-visible.ts).
 * - `UNAUTHENTICATED`: the caller sent no valid credentials (HTTP 401; `extensions.reason` says why).
 * - `FORBIDDEN`: Zoom refused access to an existing resource (403), or the caller's role may not read or change
 *   this field (`extensions.reason: 'ACCESS_RULE'`).
 * - `COST_LIMIT_EXCEEDED`: the operation could cost more Zoom calls than the per-query budget (`extensions.cost`).
 * - `RATE_LIMITED`: Zoom's per-second or daily rate limit, or this caller's share of it; `extensions.retryAt` says
 *   when to try again and `extensions.reason` which limit: `QPS`, `DAILY_LIMIT` or `CALLER_SHARE`.
 * - `UPSTREAM_UNAVAILABLE`: Zoom failed (5xx), timed out, could not be reached, or refused our credentials.
 * - `CURSOR_EXPIRED`: the `after` cursor outlived Zoom's 15-minute page token, or Zoom refused the token it holds;
 *   restart the list.
 * - `OUTCOME_UNKNOWN`: a write may or may not have been applied by Zoom; read before retrying.
 * - `ZOOM_SCOPE_MISSING`: Zoom refused because the gateway's Zoom app lacks an OAuth scope (code 4711);
 *   `extensions.missingScopes` names what Zoom asked for. An operator fixes the app; retrying will not help.
 * - `ZOOM_PLAN_REQUIRED`: Zoom refused because the Zoom account's plan does not include this (code 200, "Only
 *   available for paid account").
 * - `INTERNAL_SERVER_ERROR`: anything else; details are masked.
 */
export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'COST_LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'CURSOR_EXPIRED'
  | 'OUTCOME_UNKNOWN'
  | 'ZOOM_SCOPE_MISSING'
  | 'ZOOM_PLAN_REQUIRED'
  | 'INTERNAL_SERVER_ERROR';

/** Extra, code-specific facts a client may act on. Every key lands in `extensions`. */
export interface GatewayErrorDetails {
  /** Zoom's numeric error code, when Zoom answered with one. */
  zoomCode?: number;
  /** The HTTP status Zoom answered with. */
  zoomStatus?: number;
  /** ISO 8601 date-time after which a rate-limited call may be retried. */
  retryAt?: string;
  /** A finer, stable reason within the code, e.g. `DAILY_LIMIT`, `TIMEOUT`, `INVALID_CURSOR`. */
  reason?: string;
  /** The argument at fault, for `BAD_USER_INPUT`. */
  argument?: string;
  /** For `ZOOM_SCOPE_MISSING`: the OAuth scopes Zoom named, any one of which the app needs. */
  missingScopes?: string[];
  /** Zoom's per-field validation errors (code 300). */
  fieldErrors?: Array<{ field: string; message: string }>;
  /** For `BAD_USER_INPUT` from input validation: every refused value with its path from the argument. */
  problems?: Array<{ path: Array<string | number>; code: string; message: string }>;
  /** For `OUTCOME_UNKNOWN`: how to find out whether the write was applied before trying it again. */
  check?: OutcomeCheck;
  /** The underlying error; kept for logs, never serialised. */
  cause?: unknown;
}

/**
 * How a client can tell whether a write with an unknown outcome happened: what to look for, and a ready-to-send
 * GraphQL operation (with its variables) whose answer shows it.
 */
export interface OutcomeCheck {
  /** The fields that identify the write's result, e.g. `{ hostId, topic, startTime }` for a create. */
  lookFor: Record<string, string | number | null>;
  /** A GraphQL query that lists what to look through. */
  query: string;
  variables: Record<string, unknown>;
}

/**
 * The GraphQL boundary's one error type. Thrown on purpose by resolvers (or produced by `toGatewayError` from a
 * `ZoomError`), it passes `formatError` unmasked with its code and details in `extensions`.
 */
export class GatewayError extends GraphQLError {
  override readonly name = 'GatewayError';
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, details: GatewayErrorDetails = {}) {
    const { cause, ...facts } = details;
    const extensions: Record<string, unknown> = { code };
    for (const [key, value] of Object.entries(facts)) if (value !== undefined) extensions[key] = value;
    super(message, { extensions, originalError: cause instanceof Error ? cause : undefined });
    this.code = code;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** Zoom codes that mean "no such object" even when Zoom answers 400 rather than 404. */
const ZOOM_NOT_FOUND_CODES: ReadonlySet<number> = new Set([
  1001, // User does not exist.
  1010, // User does not belong to this account.
  3001, // Meeting does not exist or has expired.
]);
/** Zoom's code 200: "No permission." (or, typed `PLAN_REQUIRED` by the client, "Only available for paid account"). */
const ZOOM_NO_PERMISSION_CODE = 200;
/** Zoom's validation-failed code; the body lists `errors: [{field, message}]`. */
const ZOOM_VALIDATION_CODE = 300;

/**
 * Whether Zoom refused a list request's `next_page_token`: 400 with the validation code 300 about the token
 * (it outlived its 15 minutes, or Zoom does not know it). Zoom documents no body for this; it is recognised by
 * the code with a message or field error naming the page token, e.g. `{"code":300,"message":"The next page token
 * is invalid or expired."}`, so a code-300 refusal of another field (`page_size`) stays `BAD_USER_INPUT`.
 * @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export function isPageTokenRejection(error: unknown): error is ZoomError {
  if (!isZoomError(error) || error.code !== 'HTTP_ERROR' || error.status !== 400 || error.zoomCode !== ZOOM_VALIDATION_CODE) {
    return false;
  }
  if (error.fieldErrors?.some((field) => field.field === 'next_page_token')) return true;
  return /next[ _]page[ _]token|page token/i.test(error.message);
}

/**
 * The one mapping from a Zoom boundary failure to a public GraphQL error. Zoom's code and HTTP status travel in
 * `extensions.zoomCode` / `extensions.zoomStatus`; the message never holds a token, a query string or a header.
 * @see https://developers.zoom.us/docs/api/rest/error-definitions/
 */
export function fromZoomError(error: ZoomError): GatewayError {
  const zoom = { zoomCode: error.zoomCode, zoomStatus: error.status, cause: error };
  const what = resourceOf(error.path);
  switch (error.code) {
    case 'RATE_LIMITED':
    case 'DAILY_LIMIT': {
      const reason = error.code === 'DAILY_LIMIT' ? 'DAILY_LIMIT' : error.rateLimitType === CALLER_SHARE ? CALLER_SHARE : 'QPS';
      return new GatewayError('RATE_LIMITED', RATE_LIMIT_MESSAGES[reason], {
        ...zoom,
        retryAt: error.retryAt?.toISOString(),
        reason,
      });
    }
    case 'TIMEOUT':
    case 'NETWORK':
    case 'UNAUTHORIZED':
    case 'INVALID_RESPONSE':
    case 'ABORTED':
      return new GatewayError('UPSTREAM_UNAVAILABLE', UPSTREAM_MESSAGES[error.code], { ...zoom, reason: error.code });
    case 'OUTCOME_UNKNOWN':
      return new GatewayError(
        'OUTCOME_UNKNOWN',
        'Zoom did not answer a write request, so it may or may not have been applied. Read the data before retrying.',
        zoom,
      );
    case 'SCOPE_MISSING': {
      const scopes = error.scopes ?? [];
      const named = scopes.length > 0 ? ` (Zoom asks for one of: ${scopes.join(', ')})` : '';
      return new GatewayError('ZOOM_SCOPE_MISSING', `The gateway's Zoom app lacks the OAuth scope to read or change this ${what}${named}.`, {
        ...zoom,
        missingScopes: scopes,
      });
    }
    case 'PLAN_REQUIRED':
      return new GatewayError('ZOOM_PLAN_REQUIRED', `The Zoom account's plan does not include this ${what}; Zoom answers it for paid accounts only.`, zoom);
    case 'INVALID_REQUEST':
      return new GatewayError('BAD_USER_INPUT', `The request to Zoom was invalid: ${error.message}`, zoom);
    case 'HTTP_ERROR':
      return fromHttpError(error, what, zoom);
    default:
      return new GatewayError('INTERNAL_SERVER_ERROR', 'Internal server error.', zoom);
  }
}

const RATE_LIMIT_MESSAGES = {
  DAILY_LIMIT: "Zoom's daily rate limit for this kind of request is used up.",
  CALLER_SHARE: "This caller's share of Zoom's rate limit is used up; other callers are being served.",
  QPS: "Zoom's rate limit was reached.",
} as const;

const UPSTREAM_MESSAGES = {
  TIMEOUT: 'Zoom did not answer in time.',
  NETWORK: 'Zoom could not be reached.',
  UNAUTHORIZED: 'Zoom refused the gateway’s credentials.',
  INVALID_RESPONSE: 'Zoom sent an answer the gateway could not read.',
  ABORTED: 'The request to Zoom was cancelled.',
} as const;

function fromHttpError(
  error: ZoomError,
  what: string,
  zoom: { zoomCode?: number; zoomStatus?: number; cause: unknown },
): GatewayError {
  const status = error.status ?? 0;
  if (status === 404 || (error.zoomCode !== undefined && ZOOM_NOT_FOUND_CODES.has(error.zoomCode))) {
    return new GatewayError('NOT_FOUND', `Zoom has no such ${what}.`, zoom);
  }
  if (error.zoomCode === ZOOM_VALIDATION_CODE) {
    const fields = (error.fieldErrors ?? []).map(safeFieldError);
    const list = fields.map((f) => f.field).join(', ');
    return new GatewayError('BAD_USER_INPUT', `Zoom rejected the request as invalid${list ? ` (${list})` : ''}.`, {
      ...zoom,
      fieldErrors: fields,
    });
  }
  if (status === 403) return new GatewayError('FORBIDDEN', `Zoom refused access to this ${what}.`, zoom);
  // Code 200 that is not about the plan ("No permission.", "No privilege."): Zoom refuses access, not the input.
  if (error.zoomCode === ZOOM_NO_PERMISSION_CODE) {
    return new GatewayError('FORBIDDEN', `Zoom refused access to this ${what}.`, { ...zoom, reason: 'ZOOM_PERMISSION' });
  }
  if (status >= 500) return new GatewayError('UPSTREAM_UNAVAILABLE', `Zoom failed (HTTP ${status}).`, zoom);
  // Other 4xx answers (400 with a business code such as 3000 "cannot access meeting") refuse the input as given.
  if (status >= 400) return new GatewayError('BAD_USER_INPUT', `Zoom refused the request for this ${what}.`, zoom);
  return new GatewayError('INTERNAL_SERVER_ERROR', 'Internal server error.', zoom);
}

/** A field path as Zoom names one (`settings.alternative_hosts`, `recurrence.weekly_days`, `occurrences[0]`). */
const ZOOM_FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\[\d+\])?(?:\.[A-Za-z][A-Za-z0-9_]*(?:\[\d+\])?)*$/;
/**
 * Zoom's plain-language hints ("Invalid field.") are words only. Anything else (digits, dashes, colons, long text)
 * may be an echo of what Zoom was sent or of its own internals: tokens, secrets, raw bodies (issue 5, error masking).
 */
const PLAIN_HINT = /^[A-Za-z][A-Za-z ,.'()]{0,59}$/;

/** One of Zoom's code-300 `errors[]` entries as the client may see it: the field path, and Zoom's hint if plain. */
function safeFieldError(entry: { field: string; message: string }): { field: string; message: string } {
  return {
    field: ZOOM_FIELD_PATH.test(entry.field) && entry.field.length <= 100 ? entry.field : 'unknown',
    message: PLAIN_HINT.test(entry.message) ? entry.message : 'Zoom rejected this value.',
  };
}

/** Names the kind of object a Zoom path addresses, for messages (`/past_meetings/1/participants` -> past meeting). */
function resourceOf(path: string | undefined): string {
  if (!path) return 'object';
  if (path.startsWith('/past_meetings')) return path.includes('/participants') ? 'past meeting participant list' : 'past meeting';
  if (/^\/meetings\/[^/]+\/registrants/.test(path)) return 'meeting registrant list';
  if (path.startsWith('/meetings')) return 'meeting';
  if (/^\/users\/[^/]+\/recordings/.test(path)) return 'user or recording list';
  if (/^\/users\/[^/]+\/meetings/.test(path)) return 'user or meeting list';
  if (path.startsWith('/users')) return 'user';
  return 'object';
}

/** Wraps anything thrown into the boundary's error: GatewayErrors as they are, ZoomErrors mapped, the rest masked. */
export function toGatewayError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  if (isZoomError(error)) return fromZoomError(error);
  return new GatewayError('INTERNAL_SERVER_ERROR', 'Internal server error.', { cause: error });
}

/**
 * `read`'s value, or null when it fails with `NOT_FOUND` (Zoom no longer has the object, or never had it). Any
 * other failure is rethrown as it was.
 */
export async function nullIfNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (toGatewayError(error).code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Options of `formatError`. */
export interface FormatErrorOptions {
  /** In production no error carries `extensions.stacktrace` (GatewayErrors and masked errors never do). */
  isProduction: boolean;
  /** Called with each error that is masked, so the server can log what the client does not see. */
  onMaskedError?: (error: unknown) => void;
}

/**
 * Apollo Server's `formatError`: GatewayErrors (and ZoomErrors, mapped by `fromZoomError`) and GraphQL's own
 * parse/validation/variable errors pass through; everything else becomes `INTERNAL_SERVER_ERROR` with a generic
 * message. Locations and paths are kept so the client knows which field failed.
 *
 * Use as `formatError: (formatted, error) => formatError(formatted, error, { isProduction })`.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatErrorOptions,
): GraphQLFormattedError {
  const original = originalOf(error);
  const where = {
    ...(formatted.locations === undefined ? {} : { locations: formatted.locations }),
    ...(formatted.path === undefined ? {} : { path: formatted.path }),
  };
  if (isGatewayError(original) || isZoomError(original)) {
    const gateway = toGatewayError(original);
    // Built from the GatewayError alone: nothing Apollo added (a stack trace) survives.
    return { message: gateway.message, ...where, extensions: { ...gateway.extensions } };
  }
  // Request-level GraphQL errors (syntax, validation, variables) carry no path and quote only the request. One with
  // a path was raised while executing, e.g. an upstream value the schema cannot serialise ("Enum cannot represent
  // value: <Zoom's value>"), and its message may quote upstream data: masked like any unexpected error.
  if (isGraphQLLevelError(error, original) && formatted.path === undefined) {
    if (!options.isProduction || formatted.extensions === undefined || !('stacktrace' in formatted.extensions)) {
      return formatted;
    }
    const { stacktrace: _dropped, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  }
  options.onMaskedError?.(original ?? error);
  return { message: 'Internal server error.', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Whether `error` is a graphql-js error. Checked by name as well as by class: Apollo may load graphql's CommonJS
 * build while this module loads its ES build, and an error from one is not an instance of the other's class.
 */
function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError');
}

/** The error a resolver threw, unwrapped from graphql-js's located wrapper. */
function originalOf(error: unknown): unknown {
  let current = error;
  // Bounded: graphql-js wraps at most a couple of times (located error around a resolver error).
  // A GatewayError is itself the error to show: its `originalError` is the cause kept for logs.
  for (let depth = 0; depth < 5 && isGraphQLErrorLike(current) && !isGatewayError(current) && current.originalError; depth++) {
    current = current.originalError;
  }
  return current;
}

/**
 * Parse, validation and variable-coercion errors come from graphql-js or Apollo itself: a GraphQLError that wraps no
 * foreign error. They describe the client's document and are safe to show.
 */
function isGraphQLLevelError(error: unknown, original: unknown): boolean {
  return isGraphQLErrorLike(error) && (original === error || isGraphQLErrorLike(original));
}
