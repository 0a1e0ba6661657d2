import { createScopeKey, runInScope, scopeValue } from './async-scope/index.ts';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/index.ts';
import { createSecretScrubber, type SecretScrubber } from './security/secret-scrubber.ts';

/**
 * Paths pino replaces with `[redacted]` in every log line. Fastify's default request serializer logs no headers,
 * but a handler that logs `request.headers` (or a Zoom error's request) must not leak a caller's or Zoom's
 * credential either.
 */
export const REDACTED_LOG_PATHS: readonly string[] = Object.freeze([
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'request.headers.authorization',
  'request.headers.cookie',
  'request.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  // Callers' API keys are configured as hashes only, so the secret scrubber cannot know their plaintext.
  'headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.clientSecret',
  '*.apiSecret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  'config.zoom.auth.clientSecret',
  'config.zoom.auth.apiSecret',
]);

export interface CreateLoggerOptions {
  level: LogLevel;
  /** Where JSON lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

const SCRUBBERS = new WeakMap<Logger, SecretScrubber>();

/** What ties a log line to the request it was written for (see {@link runWithLogBindings}). */
export interface RequestLogBindings {
  readonly requestId: string;
  /** W3C trace id (32 lowercase hex digits) of the request's trace. */
  readonly traceId: string;
}

const REQUEST_BINDINGS = createScopeKey<RequestLogBindings>('log bindings');
/** Marks a logger that already binds its request's ids (fastify's per-request child), so the mixin adds nothing. */
const BINDS_REQUEST = Symbol('bindsRequest');

/**
 * Runs `fn` so that every line a {@link createLogger} logger (or a child of it) writes from it, and from the
 * asynchronous work it starts, carries `requestId` and `traceId`: the Zoom client's retry lines, the shaper's, the
 * masked-error lines of Apollo's `formatError` need no request logger passed down to them.
 */
export function runWithLogBindings<T>(bindings: RequestLogBindings, fn: () => T): T {
  return runInScope(REQUEST_BINDINGS, bindings, fn);
}

/** The ids of the request whose work is running now, if any. */
export function currentLogBindings(): RequestLogBindings | undefined {
  return scopeValue(REQUEST_BINDINGS);
}

/** A child of `logger` bound to one request's ids; lines it writes are not given them a second time. */
export function requestLogger(logger: Logger, bindings: Record<string, unknown>, options?: pino.ChildLoggerOptions): Logger {
  const child = logger.child(bindings, options);
  (child as unknown as Record<symbol, boolean>)[BINDS_REQUEST] = true;
  return child;
}

/**
 * The process logger: pino JSON lines with credentials redacted. Fastify logs requests through it. Besides the
 * structured paths above, every line passes a {@link SecretScrubber}: secrets registered with
 * {@link redactFromLogs} (configured secrets, Zoom access tokens) and credential-shaped header values are replaced
 * wherever they appear, error messages and stacks included.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const scrubber = createSecretScrubber();
  const logger = pino(
    {
      level: options.level,
      base: { service: 'zoom-graphql-gateway' },
      redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
      hooks: { streamWrite: (line) => scrubber.scrub(line) },
      // Children inherit the marker through their prototype, so a request logger's children are skipped too.
      mixin: (_object, _level, self) =>
        (self as unknown as Record<symbol, boolean>)[BINDS_REQUEST] === true ? {} : { ...scopeValue(REQUEST_BINDINGS) },
    },
    options.destination,
  );
  SCRUBBERS.set(logger, scrubber);
  return logger;
}

/**
 * Registers values that must never appear in a line written by `logger` (made by {@link createLogger}) or its
 * children. A logger made elsewhere (a test's plain pino) is left as it is.
 */
export function redactFromLogs(logger: Logger, ...values: ReadonlyArray<string | null | undefined>): void {
  SCRUBBERS.get(logger)?.add(...values);
}
