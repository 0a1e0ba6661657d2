import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from './settings.ts';

/** Defaults of the Redis connections. */
export const REDIS_CLIENT_DEFAULTS = Object.freeze({
  /** Connecting (TCP + TLS + AUTH) may take this long, in milliseconds, before the attempt counts as failed. */
  connectTimeoutMs: 2_000,
  /** Longest pause between reconnection attempts, in milliseconds: a Redis that returns is found within it. */
  maxReconnectDelayMs: 1_000,
});

/** Whether Redis is usable now, and what happened so far; read by the stores and by `/readyz`. */
export type RedisLinkState =
  /** Never connected since start: the instance shares nothing yet. */
  | 'connecting'
  | 'ready'
  /** Was connected, is not now: state falls back to this process until it returns. */
  | 'lost';

/** The two connections of one gateway instance and what they know about Redis's health. */
export interface RedisConnections {
  /** Commands (get, set, scripts, publish). Never queues offline: a command while disconnected fails at once. */
  readonly commands: Redis;
  /** The one subscriber connection of this instance (a connection in subscribe mode cannot run other commands). */
  readonly subscriber: Redis;
  /** `commands` is connected and ready. The stores check this before each command, so an outage costs nothing per request. */
  isUp(): boolean;
  state(): RedisLinkState;
  /** Resolves once the command connection is ready, or after `timeoutMs`, whichever is first. Never rejects. */
  whenReady(timeoutMs: number): Promise<boolean>;
  /** Disconnects both connections and stops reconnecting. */
  close(): Promise<void>;
}

/**
 * Opens the command and subscriber connections to `config.url` (ioredis parses user, password, database and
 * `rediss://` TLS from it). Both reconnect for ever with a short capped back-off; neither queues commands while
 * disconnected and every command has `commandTimeoutMs`, so no request waits on a Redis that is gone. Losing and
 * regaining the connection is logged once each, not per request.
 */
export function createRedisConnections(config: RedisConfig, options: { logger: Logger }): RedisConnections {
  const logger = options.logger.child({ component: 'redis' });
  const shared: RedisOptions = {
    connectTimeout: REDIS_CLIENT_DEFAULTS.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    // A command while disconnected fails at once (the caller falls back) instead of waiting in an unbounded queue.
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails instead of being re-sent after reconnecting.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_CLIENT_DEFAULTS.maxReconnectDelayMs),
    // The subscriber's pattern is re-issued on every `ready` by the pub/sub (src/store/redis-pubsub.ts).
    autoResubscribe: false,
  };
  const commands = new Redis(config.url, { ...shared, connectionName: 'zgg-commands' });
  const subscriber = new Redis(config.url, { ...shared, connectionName: 'zgg-subscriber' });
  let state: RedisLinkState = 'connecting';
  let isClosing = false;
  let hasReportedUnreachable = false;

  commands.on('ready', () => {
    if (state === 'lost') logger.info('Redis connection restored: shared state (token, back-off, webhook dedupe, pub/sub) resumes');
    else logger.info('connected to Redis');
    state = 'ready';
  });
  const onDown = (error?: Error): void => {
    if (isClosing) return;
    if (state === 'ready') {
      state = 'lost';
      logger.warn(
        { err: error === undefined ? undefined : describeRedisError(error) },
        'Redis connection lost: token, back-off and webhook dedupe fall back to this process, events reach only this instance\'s subscribers, until Redis returns',
      );
    } else if (state === 'connecting' && !hasReportedUnreachable && error !== undefined) {
      hasReportedUnreachable = true;
      logger.warn({ err: describeRedisError(error) }, 'Redis unreachable: serving from this process\'s state, /readyz answers 503 REDIS_UNAVAILABLE until it connects');
    }
  };
  // Without an 'error' listener ioredis prints every failed reconnection attempt; state changes are logged above.
  commands.on('error', onDown);
  commands.on('close', () => onDown());
  subscriber.on('error', () => undefined);

  return {
    commands,
    subscriber,
    isUp: () => commands.status === 'ready',
    state: () => state,
    whenReady(timeoutMs) {
      if (commands.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (value: boolean): void => {
          clearTimeout(timer);
          commands.off('ready', onReady);
          resolve(value);
        };
        const onReady = (): void => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        timer.unref();
        commands.on('ready', onReady);
      });
    },
    async close() {
      isClosing = true;
      // disconnect(), not quit(): quit would wait for (or fail on) a Redis that is gone.
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

/** An ioredis error's message and code only: never the command arguments (values may be tokens). */
export function describeRedisError(error: unknown): { message: string; code?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as NodeJS.ErrnoException).code;
  return { message: error.message, ...(code === undefined ? {} : { code }) };
}
