import { z } from 'zod';
import { row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** Where the shared state lives: `redis` is null when `REDIS_URL` is unset (everything in this process). */
export interface StoreConfig {
  readonly redis: RedisConfig | null;
}

export interface RedisConfig {
  /** `redis://` or `rediss://` URL with optional user, password and database. Secret: it may hold the password. */
  readonly url: string;
  /** Prepended to every key and channel, so several gateways can share one Redis. */
  readonly keyPrefix: string;
  /** A Redis command not answered within this many milliseconds fails (and the caller falls back to the process). */
  readonly commandTimeoutMs: number;
}

/** Defaults of the store's variables. */
export const STORE_DEFAULTS = Object.freeze({
  keyPrefix: 'zgg:',
  commandTimeoutMs: 1_000,
});

/**
 * A `redis://` or `rediss://` URL as ioredis reads it: a host, optional `user:password@`, optional port and
 * `/db` (a whole number), nothing else. Anything ioredis would silently misread is refused here instead.
 */
const redisUrl = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
    url.hostname !== '' &&
    /^(?:\/\d{0,5})?$/.test(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  );
});

export const STORE_SETTINGS = {
  REDIS_URL: row(redisUrl, {
    group: 'Shared state (Redis)',
    description: 'Redis for the state several gateway instances share (pub/sub of webhook events, webhook replay store, Zoom token, Zoom back-off, shared key-value store): redis:// or rediss:// (TLS), with optional user:password@ and /database. Unset: all of it stays in this process (one instance). The password is never logged.',
    defaultText: '(none: state in this process)',
    example: 'redis://:password@redis.internal:6379/0',
    secret: true,
    expected: 'a redis:// or rediss:// URL with a host and an optional /database number (redis://user:password@host:6379/0)',
  }),
  REDIS_KEY_PREFIX: row(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/), {
    group: 'Shared state (Redis)',
    description: 'Prefix of every Redis key and channel the gateway uses, so several gateways (or environments) can share one Redis: instances that should share state use the same prefix.',
    defaultText: STORE_DEFAULTS.keyPrefix,
    example: 'zoom-gw-prod:',
    expected: '1 to 64 letters, digits or _ . : -',
  }),
  REDIS_COMMAND_TIMEOUT_MS: row(wholeNumber(50, 60_000), {
    group: 'Shared state (Redis)',
    description: 'A Redis command not answered within this many milliseconds fails, and that request uses this process\'s own state instead, so a slow Redis never holds a request.',
    defaultText: String(STORE_DEFAULTS.commandTimeoutMs),
    example: '500',
    expected: 'milliseconds from 50 to 60000',
  }),
};

/** Builds `GatewayConfig.store`; the REDIS_* variables other than REDIS_URL mean nothing without it. */
export function resolveStoreConfig(values: SettingsValues<typeof STORE_SETTINGS>, issues: ConfigIssue[]): StoreConfig {
  if (values.REDIS_URL === undefined) {
    for (const name of ['REDIS_KEY_PREFIX', 'REDIS_COMMAND_TIMEOUT_MS'] as const) {
      if (values[name] !== undefined) {
        issues.push({ variables: [name], message: `${name} is set but REDIS_URL is not, so it would be ignored. Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) or unset ${name}.` });
      }
    }
    return { redis: null };
  }
  return {
    redis: {
      url: values.REDIS_URL,
      keyPrefix: values.REDIS_KEY_PREFIX ?? STORE_DEFAULTS.keyPrefix,
      commandTimeoutMs: values.REDIS_COMMAND_TIMEOUT_MS ?? STORE_DEFAULTS.commandTimeoutMs,
    },
  };
}

/** The store section with the URL's password replaced, for logs. */
export function redactStoreConfig(store: StoreConfig): Record<string, unknown> {
  if (store.redis === null) return { redis: null };
  return { redis: { ...store.redis, url: redactRedisUrl(store.redis.url) } };
}

/** The URL with its password (if any) replaced by `[redacted]`. */
export function redactRedisUrl(value: string): string {
  const url = new URL(value);
  if (url.password !== '') url.password = 'redacted';
  return url.href;
}

/** The password in the URL, for the log scrubber; undefined when there is none. */
export function redisPassword(store: StoreConfig): string | undefined {
  if (store.redis === null) return undefined;
  const password = decodeURIComponent(new URL(store.redis.url).password);
  return password === '' ? undefined : password;
}
