import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

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
  'headers.authorization',
  'headers.cookie',
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

/** The process logger: pino JSON lines with credentials redacted. Fastify logs requests through it. */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'zoom-graphql-gateway' },
      redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    },
    options.destination,
  );
}
