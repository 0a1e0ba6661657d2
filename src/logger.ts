import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';
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
