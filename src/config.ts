import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inspect, parseEnv } from 'node:util';
import { z } from 'zod';
import {
  baseUrl, commaList, commaSeparated, credential, flag, row, secretList, wholeNumber,
  type ConfigGroup, type ConfigIssue, type ConfigVariable,
} from './config/define.ts';
import { bindingKindOf, parseBindingValue } from './auth/member-binding.ts';
import {
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MAX_MAX_TOKEN_LIFETIME_SECONDS, resolveCallerAuthOptions, type ApiKeyEntry, type JwtAuthOptions,
} from './auth/options.ts';
import { DEFAULT_QUERY_COST_BUDGET } from './cost/use-query-cost.ts';
import { DEFAULT_QUERY_LIMITS } from './security/limits.ts';
import { ACCESS_LOG_SETTINGS, resolveAccessLogConfig, type AccessLogConfig } from './access-log/settings.ts';
import { CACHE_SETTINGS, resolveCacheConfig, type CacheConfig } from './cache/settings.ts';
import { CONNECTION_SETTINGS, resolveConnectionLimitsConfig, type ConnectionLimitsConfig } from './connections/settings.ts';
import { resolveSubscriptionLimitsConfig, SUBSCRIPTION_LIMIT_SETTINGS, type SubscriptionLimitsConfig } from './connections/subscription-settings.ts';
import { CORS_SETTINGS, resolveCorsConfig, type CorsConfig } from './cors/settings.ts';
import { HOST_SETTINGS, resolveHostsConfig, type HostsConfig } from './hosts/settings.ts';
import { READINESS_SETTINGS, resolveReadinessConfig, ZOOM_BREAKER_SETTINGS, type ReadinessConfig } from './readiness/settings.ts';
import { CURSOR_SETTINGS, resolveCursorConfig, type CursorConfig } from './graphql/settings.ts';
import { RECORDING_LINK_SETTINGS, resolveRecordingLinksConfig, type RecordingLinksConfig } from './recordings/settings.ts';
import { resolveShaperConfig, SHAPER_SETTINGS, type ShaperConfig } from './shaper/settings.ts';
import { redactStoreConfig, resolveStoreConfig, STORE_SETTINGS, type StoreConfig } from './store/settings.ts';
import { resolveTelemetryConfig, TELEMETRY_SETTINGS, type TelemetryConfig } from './telemetry/settings.ts';
import { RETRY_DEFAULTS } from './zoom/retry.ts';
import { LEGACY_JWT_DEFAULTS } from './zoom/token/legacy-jwt.ts';

/**
 * The gateway's configuration: read once at start from the environment (plus a `.env` file when present),
 * validated, frozen. Every variable is described in one table, `CONFIG_VARIABLES`, which the parser, `--help`
 * and the README's configuration table all come from.
 */

/** Thrown for any bad configuration. `message` lists every problem, one line each, naming its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(
      issues.length === 1
        ? `Invalid configuration: ${issues[0]!.message}`
        : `Invalid configuration (${issues.length} problems):\n${issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

export type { ConfigGroup, ConfigIssue, ConfigVariable, SettingsValues } from './config/define.ts';

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How the gateway authenticates to Zoom. */
export type ZoomAuthConfig =
  | {
      /** Server-to-Server OAuth: an access token from `oauthUrl` (Zoom's current server-side method). */
      readonly kind: 's2s';
      readonly accountId: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | {
      /** Legacy JWT app: the gateway signs its own HS256 token (Zoom retired JWT apps on 2023-09-08). */
      readonly kind: 'jwt';
      readonly apiKey: string;
      readonly apiSecret: string;
      /** Lifetime of each signed token, in seconds. */
      readonly tokenTtlSeconds: number;
    };

export interface ZoomConnectionConfig {
  /** REST base URL without a trailing slash, e.g. `https://api.zoom.us/v2`. */
  readonly apiUrl: string;
  /** S2S OAuth token endpoint. */
  readonly oauthUrl: string;
  /** Timeout of each attempt of a Zoom call, in milliseconds. */
  readonly timeoutMs: number;
  /** Most connections the Zoom client keeps open to the API (the shaper, not this, keeps to Zoom's rate limits). */
  readonly maxConnections: number;
  readonly retry: {
    /** Attempts per call, the first one included (1 = never retry). */
    readonly maxAttempts: number;
    /** Total time a call may take, retries and waits included, in milliseconds. */
    readonly budgetMs: number;
  };
  /** A cached S2S access token is replaced when it has this many seconds or fewer left. */
  readonly tokenRefreshMarginSeconds: number;
  /** Send API calls to the `api_url` that the S2S token response names (regional clouds) instead of `apiUrl`. */
  readonly useTokenApiUrl: boolean;
}

export interface SandboxConfig {
  /** Port of the embedded sandbox; 0 = an ephemeral port. It always listens on 127.0.0.1. */
  readonly port: number;
  /** Seed of the generated data: same seed, same data. */
  readonly seed: number;
  readonly data: 'small' | 'large';
  /** Which Zoom plan's rate limits the sandbox enforces. */
  readonly rateLimits: 'free' | 'pro' | 'business' | 'unlimited';
}

/**
 * Who may call the gateway (see README "Callers"). Both parts are optional, but production needs at least one;
 * elsewhere a gateway with neither generates a development admin key at start.
 */
export interface CallerConfig {
  /** Server API keys from `CALLER_API_KEYS`: SHA-256 hashes only. */
  readonly apiKeys: readonly ApiKeyEntry[];
  /** Bearer-JWT verification from the `CALLER_JWT_*` variables, or null when JWTs are not accepted. */
  readonly jwt: JwtAuthOptions | null;
}

/** Per-request limits: query shape, body size and the Zoom-call budget. */
export interface RequestLimitsConfig {
  /** Most Zoom calls one operation may be estimated to make, per rate-limit category. */
  readonly costBudget: { readonly light: number; readonly medium: number; readonly heavy: number };
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Largest HTTP request body, in bytes. */
  readonly maxBodyBytes: number;
}

export interface GatewayConfig {
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  /**
   * `sandbox`: no Zoom credentials were given, so the gateway runs the embedded offline sandbox and talks to it.
   * `zoom`: the gateway talks to the Zoom API with `zoom.auth`.
   */
  readonly mode: 'sandbox' | 'zoom';
  readonly server: {
    readonly host: string;
    readonly port: number;
    /** Serve the GraphiQL playground at `GET /graphql` for browsers. */
    readonly graphiql: boolean;
    /** Allow schema introspection (GraphiQL needs it). */
    readonly introspection: boolean;
    /** Idle keep-alive connections are closed after this many milliseconds. */
    readonly keepAliveTimeoutMs: number;
    /** Graceful shutdown gives in-flight requests this many milliseconds before closing connections. */
    readonly shutdownTimeoutMs: number;
  };
  readonly log: { readonly level: LogLevel };
  /** `auth` is `null` in sandbox mode: the sandbox's own credentials are used once it has started. */
  readonly zoom: ZoomConnectionConfig & { readonly auth: ZoomAuthConfig | null };
  /** Present only in sandbox mode. */
  readonly sandbox: SandboxConfig | null;
  readonly webhooks: WebhooksConfig;
  readonly subscriptions: SubscriptionsConfig;
  readonly callers: CallerConfig;
  readonly limits: RequestLimitsConfig;
  /** Outbound shaping of Zoom calls (src/shaper). */
  readonly shaper: ShaperConfig;
  /** Where state shared between instances lives (src/store): Redis when `REDIS_URL` is set, else this process. */
  readonly store: StoreConfig;
  /** The shared cache of Zoom's answers (src/cache). */
  readonly cache: CacheConfig;
  /** How requests are logged (src/access-log). */
  readonly accessLog: AccessLogConfig;
  /** How connection cursors are signed (src/graphql/cursor.ts). */
  readonly cursors: CursorConfig;
  /** Socket timeouts and connection caps of the HTTP server (src/connections). */
  readonly connections: ConnectionLimitsConfig;
  /** Prometheus metrics and OpenTelemetry traces (src/telemetry). */
  readonly telemetry: TelemetryConfig;
  /** Unauthenticated sockets, connections per caller and subscriptions per connection and caller (src/connections). */
  readonly subscriptionLimits: SubscriptionLimitsConfig;
  /** How `/readyz` is computed: its interval and the Zoom breaker (src/readiness). */
  readonly readiness: ReadinessConfig;
  /** Which Host names the gateway answers (src/hosts): loopback and ALLOWED_HOSTS, against DNS rebinding. */
  readonly hosts: HostsConfig;
  /** Playable recording links (src/recordings): their lifetime and signing key. */
  readonly recordingLinks: RecordingLinksConfig;
  /** Which browser origins may call the gateway (src/cors). */
  readonly cors: CorsConfig;
}

export interface WebhooksConfig {
  /**
   * Zoom webhook secret tokens; a delivery signed with any of them is accepted (rotation). Empty: the webhook
   * endpoint is off. In sandbox mode `startGateway` adds the sandbox's own token.
   */
  readonly secretTokens: readonly string[];
}

export interface SubscriptionsConfig {
  /** Most open graphql-ws connections. */
  readonly maxConnections: number;
  /** Largest message a client may send over graphql-ws, in bytes. */
  readonly maxMessageBytes: number;
  /** Most events queued for one subscription that is not being read before its client is dropped. */
  readonly maxQueuedEvents: number;
}

const API_KEY_ENTRY = /^([A-Za-z0-9_.-]+):(admin|member):([0-9a-fA-F]{64})(?::([^\s:,]+))?$/;

/**
 * `CALLER_API_KEYS`: `name:role:sha256[:zoomUser]` entries, comma-separated. A `zoomUser` with an `@` is an email,
 * otherwise a Zoom user id; members need one. The value is never echoed (a plaintext key pasted by mistake).
 */
const apiKeyList = z.string().transform((value, context): ApiKeyEntry[] => {
  const entries: ApiKeyEntry[] = [];
  for (const item of commaList(value)) {
    const match = API_KEY_ENTRY.exec(item);
    // A member's Zoom user must be an email or a user id, never a keyword such as `me` (src/auth/member-binding.ts).
    if (match === null || (match[2] === 'member' && match[4] === undefined) || (match[4] !== undefined && parseBindingValue(match[4], bindingKindOf(match[4])) === undefined)) {
      context.addIssue({ code: 'custom', message: 'bad entry' });
      return [];
    }
    const [, name, role, sha256, zoomUser] = match as unknown as [string, string, 'admin' | 'member', string, string | undefined];
    entries.push({
      name,
      role,
      sha256: sha256.toLowerCase(),
      ...(zoomUser === undefined ? {} : bindingKindOf(zoomUser) === 'email' ? { email: zoomUser } : { zoomUserId: zoomUser }),
    });
  }
  if (entries.length === 0) context.addIssue({ code: 'custom', message: 'empty' });
  return entries;
});

/** Defaults of the variables whose default does not depend on others; the table's `defaultText` (so `--help` and the README) reads them from here. */
export const CONFIG_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4000,
  keepAliveTimeoutMs: 72_000,
  shutdownTimeoutMs: 10_000,
  jwtTokenTtlSeconds: LEGACY_JWT_DEFAULTS.ttlSeconds,
  apiUrl: 'https://api.zoom.us/v2',
  oauthUrl: 'https://zoom.us/oauth/token',
  timeoutMs: 10_000,
  zoomMaxConnections: 256,
  retryMaxAttempts: RETRY_DEFAULTS.maxAttempts,
  retryBudgetMs: RETRY_DEFAULTS.budgetMs,
  tokenRefreshMarginSeconds: 60,
  sandboxPort: 0,
  /** The sandbox presets' own seed (SANDBOX_DATA_PRESETS), so `npm start` and `npm run sandbox` show the same data. */
  sandboxSeed: 20_231_001,
  sandboxData: 'small',
  sandboxRateLimits: 'pro',
  subscriptionMaxConnections: 1_000,
  subscriptionMaxMessageBytes: 65_536,
  subscriptionMaxQueuedEvents: 256,
} as const);

/**
 * Every variable the gateway reads, in `--help` order. Defaults that depend on other variables (`GRAPHIQL`,
 * `LOG_LEVEL`) are applied in `parseConfig`.
 */
const TABLE = {
  NODE_ENV: row(z.enum(['development', 'production', 'test']), {
    group: 'Server',
    description: 'Runtime environment. production hides error details, turns GraphiQL and introspection off, and refuses to start the sandbox unless ZOOM_SANDBOX=true.',
    defaultText: 'development',
    example: 'production',
    expected: 'one of development, production, test',
  }),
  HOST: row(z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]), {
    group: 'Server',
    description: 'Interface to listen on. Loopback by default: the gateway acts on your Zoom account with admin scopes, so exposing it is a deliberate choice (use 0.0.0.0 in a container behind a proxy).',
    defaultText: CONFIG_DEFAULTS.host,
    example: '0.0.0.0',
    expected: 'an IPv4 or IPv6 address, or localhost',
  }),
  ...HOST_SETTINGS,
  PORT: row(wholeNumber(0, 65_535), {
    group: 'Server',
    description: 'TCP port of the GraphQL endpoint; 0 picks a free port.',
    defaultText: String(CONFIG_DEFAULTS.port),
    example: '8080',
    expected: 'a port number from 0 to 65535',
  }),
  GRAPHIQL: row(flag, {
    group: 'Server',
    description: 'Serve the GraphiQL playground at GET /graphql to browsers (it is bundled: no internet needed). Its docs and autocompletion need INTROSPECTION, which production keeps off unless asked.',
    defaultText: 'true, except false when NODE_ENV=production and not in sandbox mode',
    example: 'true',
    expected: 'true or false',
  }),
  INTROSPECTION: row(flag, {
    group: 'Server',
    description: 'Answer schema introspection queries (__schema, __type). Off in production so the schema is not handed to anyone who asks; turn it on there only behind trusted callers.',
    defaultText: 'true, except false when NODE_ENV=production',
    example: 'false',
    expected: 'true or false',
  }),
  LOG_LEVEL: row(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), {
    group: 'Server',
    description: 'pino log level. Logs are JSON lines on stdout; Authorization headers are redacted.',
    defaultText: 'info, silent when NODE_ENV=test',
    example: 'debug',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  KEEP_ALIVE_TIMEOUT_MS: row(wholeNumber(1_000, 600_000), {
    group: 'Server',
    description: 'Idle HTTP keep-alive connections are closed after this many milliseconds; keep it above your load balancer\'s idle timeout.',
    defaultText: String(CONFIG_DEFAULTS.keepAliveTimeoutMs),
    example: '65000',
    expected: 'milliseconds from 1000 to 600000',
  }),
  SHUTDOWN_TIMEOUT_MS: row(wholeNumber(0, 600_000), {
    group: 'Server',
    description: 'On SIGTERM/SIGINT the gateway stops accepting connections and waits this long for in-flight requests before closing them.',
    defaultText: String(CONFIG_DEFAULTS.shutdownTimeoutMs),
    example: '25000',
    expected: 'milliseconds from 0 to 600000',
  }),
  ...CONNECTION_SETTINGS,
  ...ACCESS_LOG_SETTINGS,
  ...READINESS_SETTINGS,
  ZOOM_ACCOUNT_ID: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Account ID of your Server-to-Server OAuth app (Zoom App Marketplace > your app > App credentials).',
    example: 'Ab3dEf6hIj9kLm2nOp5q',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_CLIENT_ID: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Client ID of the same app.',
    example: 'xYz12AbCdEfGhIjKlMnOp',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_CLIENT_SECRET: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Client secret of the same app. Never logged.',
    example: 'q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxC',
    secret: true,
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_API_KEY: row(credential, {
    group: 'Zoom: legacy JWT app',
    description: 'API key of a legacy JWT app; the gateway signs short-lived HS256 tokens with it. Use S2S OAuth unless you still have a JWT app.',
    example: 'aBcDeFgHiJkLmNoPqRsTuV',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_API_SECRET: row(credential, {
    group: 'Zoom: legacy JWT app',
    description: 'API secret of the same JWT app (the HMAC key). Never logged.',
    example: 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1GfEdC',
    secret: true,
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_JWT_TTL_SECONDS: row(wholeNumber(10, 3_600), {
    group: 'Zoom: legacy JWT app',
    description: 'Lifetime of each signed JWT, in seconds (Zoom recommends short-lived tokens).',
    defaultText: String(CONFIG_DEFAULTS.jwtTokenTtlSeconds),
    example: '90',
    expected: 'seconds from 10 to 3600',
  }),
  ZOOM_API_URL: row(baseUrl, {
    group: 'Zoom: connection',
    description: 'Base URL of the Zoom REST API v2 (plain http only to localhost).',
    defaultText: CONFIG_DEFAULTS.apiUrl,
    example: 'https://api-eu.zoom.us/v2',
    expected: 'an https URL without query string (http only for localhost/127.0.0.1)',
  }),
  ZOOM_OAUTH_URL: row(baseUrl, {
    group: 'Zoom: connection',
    description: 'Zoom OAuth token endpoint used by Server-to-Server OAuth.',
    defaultText: CONFIG_DEFAULTS.oauthUrl,
    example: 'https://zoom.us/oauth/token',
    expected: 'an https URL without query string (http only for localhost/127.0.0.1)',
  }),
  ZOOM_TIMEOUT_MS: row(wholeNumber(100, 300_000), {
    group: 'Zoom: connection',
    description: 'Timeout of each attempt of a Zoom call, in milliseconds.',
    defaultText: String(CONFIG_DEFAULTS.timeoutMs),
    example: '5000',
    expected: 'milliseconds from 100 to 300000',
  }),
  ZOOM_MAX_CONNECTIONS: row(wholeNumber(1, 4_096), {
    group: 'Zoom: connection',
    description: 'Most connections the gateway keeps open to the Zoom API at once; a fan-out of more calls than this waits for a free connection. The rate shaper (ZOOM_PLAN), not this, keeps calls within Zoom\'s limits.',
    defaultText: String(CONFIG_DEFAULTS.zoomMaxConnections),
    example: '512',
    expected: 'a whole number from 1 to 4096',
  }),
  ZOOM_RETRY_MAX_ATTEMPTS: row(wholeNumber(1, 10), {
    group: 'Zoom: connection',
    description: 'Attempts per Zoom call, the first included, for retryable failures (QPS 429, 502/503/504, network errors; POST only when Zoom surely did not process it).',
    defaultText: String(CONFIG_DEFAULTS.retryMaxAttempts),
    example: '5',
    expected: 'a whole number from 1 to 10',
  }),
  ZOOM_RETRY_BUDGET_MS: row(wholeNumber(0, 300_000), {
    group: 'Zoom: connection',
    description: 'Most time one Zoom call may take, retries and waits included, in milliseconds; a Retry-After beyond it fails at once as RATE_LIMITED.',
    defaultText: String(CONFIG_DEFAULTS.retryBudgetMs),
    example: '20000',
    expected: 'milliseconds from 0 to 300000',
  }),
  ZOOM_TOKEN_REFRESH_MARGIN_SECONDS: row(wholeNumber(0, 1_800), {
    group: 'Zoom: connection',
    description: 'A cached Server-to-Server OAuth token is replaced when this many seconds or fewer remain (Zoom\'s SDK uses 60).',
    defaultText: String(CONFIG_DEFAULTS.tokenRefreshMarginSeconds),
    example: '120',
    expected: 'seconds from 0 to 1800',
  }),
  ZOOM_USE_TOKEN_API_URL: row(flag, {
    group: 'Zoom: connection',
    description: 'true: send API calls to the api_url named in the S2S token response (accounts on a regional Zoom cloud) instead of ZOOM_API_URL.',
    defaultText: 'false',
    example: 'true',
    expected: 'true or false',
  }),
  ...ZOOM_BREAKER_SETTINGS,
  ...SHAPER_SETTINGS,
  ZOOM_SANDBOX: row(flag, {
    group: 'Embedded sandbox',
    description: 'true: run against the embedded offline sandbox (no Zoom credentials may be set). false: require credentials. Unset: sandbox when no credentials are set, except in production, where it is an error.',
    defaultText: '(auto)',
    example: 'true',
    expected: 'true or false',
  }),
  SANDBOX_PORT: row(wholeNumber(0, 65_535), {
    group: 'Embedded sandbox',
    description: 'Port of the embedded sandbox on 127.0.0.1; 0 picks a free port.',
    defaultText: String(CONFIG_DEFAULTS.sandboxPort),
    example: '4001',
    expected: 'a port number from 0 to 65535',
  }),
  SANDBOX_SEED: row(wholeNumber(0, 2_147_483_647), {
    group: 'Embedded sandbox',
    description: 'Seed of the sandbox\'s generated users, meetings and recordings: same seed, same data.',
    defaultText: String(CONFIG_DEFAULTS.sandboxSeed),
    example: '42',
    expected: 'a whole number from 0 to 2147483647',
  }),
  SANDBOX_DATA: row(z.enum(['small', 'large']), {
    group: 'Embedded sandbox',
    description: 'Size of the sandbox data set: small (tens of users) or large (thousands, for benchmarks).',
    defaultText: CONFIG_DEFAULTS.sandboxData,
    example: 'large',
    expected: 'small or large',
  }),
  SANDBOX_RATE_LIMITS: row(z.enum(['free', 'pro', 'business', 'unlimited']), {
    group: 'Embedded sandbox',
    description: 'Which Zoom plan\'s per-second and daily rate limits the sandbox enforces; free is also a free account, whose past-meeting reports answer Zoom\'s code 200 (paid accounts only).',
    defaultText: CONFIG_DEFAULTS.sandboxRateLimits,
    example: 'unlimited',
    expected: 'one of free, pro, business, unlimited',
  }),
  CALLER_API_KEYS: row(apiKeyList, {
    group: 'Callers',
    description: 'Server API keys, comma-separated, each name:role:sha256 (admin) or name:member:sha256:zoomUser (zoomUser = the bound Zoom user id or email). Only the hex SHA-256 of each key is given, never the key: printf %s "$KEY" | sha256sum. Clients send the key as x-api-key.',
    defaultText: '(none)',
    example: 'reporting:admin:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
    secret: true,
    expected: 'a comma-separated list of name:role:sha256[:zoomUser] entries, role admin or member, sha256 64 hex digits, members with a zoomUser (a Zoom user id or an email address, never a keyword such as me)',
  }),
  CALLER_JWT_JWKS_URL: row(z.url({ protocol: /^https?$/ }), {
    group: 'Callers',
    description: 'Accept caller Bearer JWTs signed by keys of this JWKS (your identity provider\'s jwks_uri; cached, unknown kids refetched at most every 30 s). Exclusive with CALLER_JWT_SECRET.',
    example: 'https://login.example.com/.well-known/jwks.json',
    expected: 'an https URL (http only for localhost/127.0.0.1)',
  }),
  CALLER_JWT_SECRET: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Accept caller Bearer JWTs signed with this shared HMAC secret (at least 32 bytes). Exclusive with CALLER_JWT_JWKS_URL.',
    example: 'a-long-random-secret-of-at-least-32-bytes',
    secret: true,
    expected: 'a secret of at least 32 bytes without spaces',
  }),
  CALLER_JWT_ISSUER: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted iss of caller JWTs (comma-separated for several). Required with JWTs.',
    example: 'https://login.example.com/',
    expected: 'one or more comma-separated issuer values',
  }),
  CALLER_JWT_AUDIENCE: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted aud of caller JWTs (comma-separated for several). Required with JWTs.',
    example: 'zoom-graphql-gateway',
    expected: 'one or more comma-separated audience values',
  }),
  CALLER_JWT_ALGORITHMS: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted alg values of caller JWTs, comma-separated; asymmetric ones with a JWKS, HS256/384/512 with a secret. none is never accepted.',
    defaultText: 'RS256 with a JWKS, HS256 with a secret',
    example: 'RS256,ES256',
    expected: 'comma-separated JWS algorithms, e.g. RS256,ES256 or HS256',
  }),
  CALLER_JWT_CLOCK_TOLERANCE_SECONDS: row(wholeNumber(0, 60), {
    group: 'Callers',
    description: 'Allowed clock skew when checking exp, nbf and iat of caller JWTs, in seconds.',
    defaultText: '30',
    example: '10',
    expected: 'seconds from 0 to 60',
  }),
  CALLER_JWT_MAX_LIFETIME_SECONDS: row(wholeNumber(60, MAX_MAX_TOKEN_LIFETIME_SECONDS), {
    group: 'Callers',
    description: 'Longest accepted lifetime of a caller JWT (exp minus iat, or exp minus now without iat), in seconds; longer-lived tokens are refused (reason lifetime_too_long), as is an iat in the future beyond the clock tolerance.',
    defaultText: String(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
    example: '3600',
    expected: `whole seconds from 60 to ${MAX_MAX_TOKEN_LIFETIME_SECONDS}`,
  }),
  CALLER_JWT_ROLE_CLAIM: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Claim holding the caller\'s role, admin or member (a string or an array). A token without it is a member; any other value is refused.',
    defaultText: 'role',
    example: 'https://example.com/zoom_role',
    expected: 'a claim name without spaces',
  }),
  CALLER_JWT_MEMBER_CLAIM: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Claim binding a member token to its Zoom user; a member token without it is refused.',
    defaultText: 'email',
    example: 'zoom_user_id',
    expected: 'a claim name without spaces',
  }),
  CALLER_JWT_MEMBER_CLAIM_TYPE: row(z.enum(['email', 'zoom_user_id']), {
    group: 'Callers',
    description: 'What CALLER_JWT_MEMBER_CLAIM holds: the Zoom user\'s email or its Zoom user id.',
    defaultText: 'email',
    example: 'zoom_user_id',
    expected: 'email or zoom_user_id',
  }),
  QUERY_COST_BUDGET_LIGHT: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'Most Zoom calls of the Light rate-limit category one GraphQL operation may be estimated to make; above it the operation is refused with COST_LIMIT_EXCEEDED before any Zoom call.',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.light),
    example: '200',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_COST_BUDGET_MEDIUM: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'The same for Medium calls (lists of users and meetings, past meeting participants).',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.medium),
    example: '50',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_COST_BUDGET_HEAVY: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'The same for Heavy and Resource-intensive calls (none of the operations the schema uses today is one; reports, for one, are Heavy).',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.heavy),
    example: '5',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_MAX_DEPTH: row(wholeNumber(1, 100), {
    group: 'Request limits',
    description: 'Most nested field levels in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxDepth),
    example: '12',
    expected: 'a whole number from 1 to 100',
  }),
  QUERY_MAX_ALIASES: row(wholeNumber(1, 1_000), {
    group: 'Request limits',
    description: 'Most aliases in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxAliases),
    example: '30',
    expected: 'a whole number from 1 to 1000',
  }),
  QUERY_MAX_TOKENS: row(wholeNumber(1, 100_000), {
    group: 'Request limits',
    description: 'Most lexical tokens in one GraphQL document; parsing stops at the limit.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxTokens),
    example: '5000',
    expected: 'a whole number from 1 to 100000',
  }),
  QUERY_MAX_DIRECTIVES: row(wholeNumber(1, 1_000), {
    group: 'Request limits',
    description: 'Most directives in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxDirectives),
    example: '40',
    expected: 'a whole number from 1 to 1000',
  }),
  MAX_BODY_BYTES: row(wholeNumber(1_024, 100 * 1024 * 1024), {
    group: 'Request limits',
    description: 'Largest HTTP request body in bytes (query plus variables); larger ones get 413 PAYLOAD_TOO_LARGE unread.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxBodyBytes),
    example: '262144',
    expected: 'bytes from 1024 to 104857600',
  }),
  ...CURSOR_SETTINGS,
  ZOOM_WEBHOOK_SECRET_TOKENS: row(secretList, {
    group: 'Webhooks and subscriptions',
    description: 'Secret Token(s) of your Zoom app\'s Event Subscription, comma-separated; setting it turns on POST /webhooks/zoom. A delivery signed with any of them is accepted, so during a rotation list the new and the old one. In sandbox mode the sandbox\'s own token is added. Never logged.',
    defaultText: '(none: webhooks off, except in sandbox mode)',
    example: 'NewSecretToken123,OldSecretToken456',
    secret: true,
    expected: 'one or more secret tokens separated by commas, without spaces',
  }),
  SUBSCRIPTION_MAX_CONNECTIONS: row(wholeNumber(1, 100_000), {
    group: 'Webhooks and subscriptions',
    description: 'Most authenticated graphql-ws (subscription) connections; more are refused with 503 at the upgrade, or 1013 at connection_init. Sockets not yet authenticated do not count (SUBSCRIPTION_ANONYMOUS_*).',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxConnections),
    example: '5000',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_MAX_MESSAGE_BYTES: row(wholeNumber(1_024, 10_485_760), {
    group: 'Webhooks and subscriptions',
    description: 'Largest graphql-ws message a client may send, in bytes; a larger one closes its connection (1009).',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxMessageBytes),
    example: '131072',
    expected: 'bytes from 1024 to 10485760',
  }),
  SUBSCRIPTION_MAX_QUEUED_EVENTS: row(wholeNumber(1, 100_000), {
    group: 'Webhooks and subscriptions',
    description: 'Most events queued for one subscription whose client is not reading; one more and the client is disconnected, so a stalled client never grows the server\'s memory.',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxQueuedEvents),
    example: '1000',
    expected: 'a whole number from 1 to 100000',
  }),
  ...SUBSCRIPTION_LIMIT_SETTINGS,
  ...STORE_SETTINGS,
  ...CACHE_SETTINGS,
  ...RECORDING_LINK_SETTINGS,
  ...CORS_SETTINGS,
  ...TELEMETRY_SETTINGS,
};

type Table = typeof TABLE;
export type ConfigVariableName = keyof Table;
type Values = { [K in ConfigVariableName]?: z.output<Table[K]['schema']> };

/** The configuration table, in `--help` order. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = Object.freeze(
  Object.entries(TABLE).map(([name, { schema: _schema, ...spec }]) => Object.freeze({ name, ...spec })),
);

const S2S_VARIABLES = ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'] as const;
const JWT_VARIABLES = ['ZOOM_API_KEY', 'ZOOM_API_SECRET'] as const;

/**
 * Parses and validates a configuration from an environment object. Pure: reads nothing else, so tests pass
 * their own `env`. Empty values count as unset (a `.env` template's `ZOOM_CLIENT_ID=` means "not set").
 * @throws ConfigError listing every problem, each naming its variable; secret values are never echoed.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const values: Values = {};
  const present = new Set<ConfigVariableName>();

  for (const [name, spec] of Object.entries(TABLE) as Array<[ConfigVariableName, Table[ConfigVariableName]]>) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    present.add(name);
    const result = spec.schema.safeParse(raw);
    if (result.success) {
      (values as Record<string, unknown>)[name] = result.data;
    } else {
      const got = spec.secret ? 'got something else (not shown: it is a secret)' : `got ${JSON.stringify(raw)}`;
      issues.push({
        variables: [name],
        message: `${name} must be ${spec.expected}; ${got}. Example: ${name}=${spec.example}`,
      });
    }
  }

  const auth = resolveAuth(present, values, issues);
  const nodeEnv = values.NODE_ENV ?? 'development';
  const isProduction = nodeEnv === 'production';
  const credentialVariables = [...S2S_VARIABLES, ...JWT_VARIABLES].filter((name) => present.has(name));
  if (values.ZOOM_SANDBOX === true && credentialVariables.length > 0) {
    issues.push({
      variables: ['ZOOM_SANDBOX', ...credentialVariables],
      message: `ZOOM_SANDBOX=true conflicts with ${credentialVariables.join(', ')}: the sandbox uses its own credentials. Unset those variables, or unset ZOOM_SANDBOX to talk to Zoom.`,
    });
  } else if (values.ZOOM_SANDBOX === false && credentialVariables.length === 0) {
    issues.push({
      variables: ['ZOOM_SANDBOX', ...S2S_VARIABLES],
      message: `ZOOM_SANDBOX=false but no Zoom credentials are set. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server OAuth), or unset ZOOM_SANDBOX to use the offline sandbox.`,
    });
  } else if (values.ZOOM_SANDBOX === undefined && credentialVariables.length === 0 && isProduction) {
    // Never fall back to fake data silently where real data is expected.
    issues.push({
      variables: ['NODE_ENV', 'ZOOM_SANDBOX', ...S2S_VARIABLES],
      message: 'NODE_ENV=production but no Zoom credentials are set. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or set ZOOM_SANDBOX=true to serve the offline sandbox on purpose.',
    });
  }
  const mode: GatewayConfig['mode'] = credentialVariables.length === 0 ? 'sandbox' : 'zoom';

  if (mode === 'sandbox') {
    // In sandbox mode the gateway talks to its own sandbox; a Zoom URL here would be silently ignored.
    for (const name of ['ZOOM_API_URL', 'ZOOM_OAUTH_URL', 'ZOOM_USE_TOKEN_API_URL'] as const) {
      if (present.has(name)) {
        issues.push({
          variables: [name],
          message: `${name} is set but no Zoom credentials are, so the gateway would use its embedded sandbox and ignore it. Set the credentials for that Zoom API, or unset ${name}.`,
        });
      }
    }
  } else {
    for (const name of ['SANDBOX_PORT', 'SANDBOX_SEED', 'SANDBOX_DATA', 'SANDBOX_RATE_LIMITS'] as const) {
      if (present.has(name)) {
        issues.push({
          variables: [name],
          message: `${name} is set but Zoom credentials are too, so no sandbox runs. Unset ${name}, or unset the credentials to use the sandbox.`,
        });
      }
    }
  }

  if (present.has('ZOOM_JWT_TTL_SECONDS') && auth?.kind !== 'jwt' && !JWT_VARIABLES.some((name) => present.has(name))) {
    issues.push({
      variables: ['ZOOM_JWT_TTL_SECONDS'],
      message: 'ZOOM_JWT_TTL_SECONDS is set but no legacy JWT credentials (ZOOM_API_KEY, ZOOM_API_SECRET) are, so it would be ignored. Unset it.',
    });
  }

  const callers = resolveCallers(present, values, issues);
  const store = resolveStoreConfig(values, issues);
  const cache = resolveCacheConfig(values, issues);
  const accessLog = resolveAccessLogConfig(values, issues);
  const cursors = resolveCursorConfig(values, issues);
  const connections = resolveConnectionLimitsConfig(values, issues);
  const subscriptionLimits = resolveSubscriptionLimitsConfig(values, issues);
  const readiness = resolveReadinessConfig(values, issues);
  const hosts = resolveHostsConfig(values, issues, { isProduction, mode });
  const recordingLinks = resolveRecordingLinksConfig(values, issues);
  const cors = resolveCorsConfig(values, issues, { mode });
  const telemetry = resolveTelemetryConfig(values, issues, { serverPort: values.PORT ?? CONFIG_DEFAULTS.port });
  if (isProduction && callers.apiKeys.length === 0 && callers.jwt === null) {
    issues.push({
      variables: ['NODE_ENV', 'CALLER_API_KEYS', 'CALLER_JWT_JWKS_URL', 'CALLER_JWT_SECRET'],
      message: 'NODE_ENV=production but no callers are configured, so nobody could use the gateway. Set CALLER_API_KEYS (name:role:sha256 entries) and/or CALLER_JWT_JWKS_URL or CALLER_JWT_SECRET with CALLER_JWT_ISSUER and CALLER_JWT_AUDIENCE (README: "Callers").',
    });
  }

  const shaper = resolveShaperConfig(values, issues, {
    sandboxRateLimits: mode === 'sandbox' ? values.SANDBOX_RATE_LIMITS ?? CONFIG_DEFAULTS.sandboxRateLimits : null,
  });

  if (issues.length > 0) throw new ConfigError(issues);

  const graphiql = values.GRAPHIQL ?? (!isProduction || mode === 'sandbox');
  const config: GatewayConfig = {
    nodeEnv,
    isProduction,
    mode,
    server: {
      host: values.HOST ?? CONFIG_DEFAULTS.host,
      port: values.PORT ?? CONFIG_DEFAULTS.port,
      graphiql,
      // Issue 5: introspection off in production. A production playground (GRAPHIQL=true) does not turn it on by itself.
      introspection: values.INTROSPECTION ?? !isProduction,
      keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_MS ?? CONFIG_DEFAULTS.keepAliveTimeoutMs,
      shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS ?? CONFIG_DEFAULTS.shutdownTimeoutMs,
    },
    log: { level: values.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info') },
    zoom: {
      auth,
      apiUrl: values.ZOOM_API_URL ?? CONFIG_DEFAULTS.apiUrl,
      oauthUrl: values.ZOOM_OAUTH_URL ?? CONFIG_DEFAULTS.oauthUrl,
      timeoutMs: values.ZOOM_TIMEOUT_MS ?? CONFIG_DEFAULTS.timeoutMs,
      maxConnections: values.ZOOM_MAX_CONNECTIONS ?? CONFIG_DEFAULTS.zoomMaxConnections,
      retry: {
        maxAttempts: values.ZOOM_RETRY_MAX_ATTEMPTS ?? CONFIG_DEFAULTS.retryMaxAttempts,
        budgetMs: values.ZOOM_RETRY_BUDGET_MS ?? CONFIG_DEFAULTS.retryBudgetMs,
      },
      tokenRefreshMarginSeconds: values.ZOOM_TOKEN_REFRESH_MARGIN_SECONDS ?? CONFIG_DEFAULTS.tokenRefreshMarginSeconds,
      useTokenApiUrl: values.ZOOM_USE_TOKEN_API_URL ?? false,
    },
    webhooks: { secretTokens: values.ZOOM_WEBHOOK_SECRET_TOKENS ?? [] },
    subscriptions: {
      maxConnections: values.SUBSCRIPTION_MAX_CONNECTIONS ?? CONFIG_DEFAULTS.subscriptionMaxConnections,
      maxMessageBytes: values.SUBSCRIPTION_MAX_MESSAGE_BYTES ?? CONFIG_DEFAULTS.subscriptionMaxMessageBytes,
      maxQueuedEvents: values.SUBSCRIPTION_MAX_QUEUED_EVENTS ?? CONFIG_DEFAULTS.subscriptionMaxQueuedEvents,
    },
    sandbox:
      mode === 'sandbox'
        ? {
            port: values.SANDBOX_PORT ?? CONFIG_DEFAULTS.sandboxPort,
            seed: values.SANDBOX_SEED ?? CONFIG_DEFAULTS.sandboxSeed,
            data: values.SANDBOX_DATA ?? CONFIG_DEFAULTS.sandboxData,
            rateLimits: values.SANDBOX_RATE_LIMITS ?? CONFIG_DEFAULTS.sandboxRateLimits,
          }
        : null,
    callers,
    limits: {
      costBudget: {
        light: values.QUERY_COST_BUDGET_LIGHT ?? DEFAULT_QUERY_COST_BUDGET.light,
        medium: values.QUERY_COST_BUDGET_MEDIUM ?? DEFAULT_QUERY_COST_BUDGET.medium,
        heavy: values.QUERY_COST_BUDGET_HEAVY ?? DEFAULT_QUERY_COST_BUDGET.heavy,
      },
      maxDepth: values.QUERY_MAX_DEPTH ?? DEFAULT_QUERY_LIMITS.maxDepth,
      maxAliases: values.QUERY_MAX_ALIASES ?? DEFAULT_QUERY_LIMITS.maxAliases,
      maxTokens: values.QUERY_MAX_TOKENS ?? DEFAULT_QUERY_LIMITS.maxTokens,
      maxDirectives: values.QUERY_MAX_DIRECTIVES ?? DEFAULT_QUERY_LIMITS.maxDirectives,
      maxBodyBytes: values.MAX_BODY_BYTES ?? DEFAULT_QUERY_LIMITS.maxBodyBytes,
    },
    shaper,
    store,
    cache,
    accessLog,
    cursors,
    connections,
    subscriptionLimits,
    readiness,
    hosts,
    recordingLinks,
    cors,
    telemetry,
  };
  return protect(config);
}

/**
 * Picks the credential set. Half a set is an error naming what is missing. Both sets at once is an error too:
 * which one the operator meant is a guess we refuse to make (a leftover JWT key next to a new S2S app is the
 * usual cause; JWT apps were retired on 2023-09-08, so remove it).
 */
function resolveAuth(present: Set<ConfigVariableName>, values: Values, issues: ConfigIssue[]): ZoomAuthConfig | null {
  const s2sGiven = S2S_VARIABLES.filter((name) => present.has(name));
  const jwtGiven = JWT_VARIABLES.filter((name) => present.has(name));
  let complete = true;
  for (const [given, all, label] of [
    [s2sGiven, S2S_VARIABLES, 'Server-to-Server OAuth'],
    [jwtGiven, JWT_VARIABLES, 'legacy JWT'],
  ] as const) {
    if (given.length > 0 && given.length < all.length) {
      complete = false;
      const missing = all.filter((name) => !present.has(name));
      issues.push({
        variables: missing,
        message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, and ${label} needs all of ${all.join(', ')}. Set the missing ${missing.length === 1 ? 'one' : 'ones'} or unset the others.`,
      });
    }
  }
  if (s2sGiven.length > 0 && jwtGiven.length > 0) {
    issues.push({
      variables: [...s2sGiven, ...jwtGiven],
      message: `Both Server-to-Server OAuth (${s2sGiven.join(', ')}) and legacy JWT (${jwtGiven.join(', ')}) credentials are set. Keep one set: Server-to-Server OAuth is Zoom's current method.`,
    });
    return null;
  }
  if (!complete) return null;
  if (values.ZOOM_ACCOUNT_ID && values.ZOOM_CLIENT_ID && values.ZOOM_CLIENT_SECRET) {
    return { kind: 's2s', accountId: values.ZOOM_ACCOUNT_ID, clientId: values.ZOOM_CLIENT_ID, clientSecret: values.ZOOM_CLIENT_SECRET };
  }
  if (values.ZOOM_API_KEY && values.ZOOM_API_SECRET) {
    return {
      kind: 'jwt',
      apiKey: values.ZOOM_API_KEY,
      apiSecret: values.ZOOM_API_SECRET,
      tokenTtlSeconds: values.ZOOM_JWT_TTL_SECONDS ?? CONFIG_DEFAULTS.jwtTokenTtlSeconds,
    };
  }
  return null;
}

const JWT_KEY_VARIABLES = ['CALLER_JWT_JWKS_URL', 'CALLER_JWT_SECRET'] as const;
const JWT_DETAIL_VARIABLES = [
  'CALLER_JWT_ISSUER', 'CALLER_JWT_AUDIENCE', 'CALLER_JWT_ALGORITHMS', 'CALLER_JWT_CLOCK_TOLERANCE_SECONDS', 'CALLER_JWT_MAX_LIFETIME_SECONDS',
  'CALLER_JWT_ROLE_CLAIM', 'CALLER_JWT_MEMBER_CLAIM', 'CALLER_JWT_MEMBER_CLAIM_TYPE',
] as const;

/**
 * The callers: API keys and JWT settings, checked exactly as `createCallerAuthenticator` will check them, so a
 * bad combination stops the process here with the variable named instead of at the first request.
 */
function resolveCallers(present: Set<ConfigVariableName>, values: Values, issues: ConfigIssue[]): CallerConfig {
  const apiKeys = values.CALLER_API_KEYS ?? [];
  const keysGiven = JWT_KEY_VARIABLES.filter((name) => present.has(name));
  const detailsGiven = JWT_DETAIL_VARIABLES.filter((name) => present.has(name));
  let jwt: JwtAuthOptions | null = null;
  if (keysGiven.length === 2) {
    issues.push({
      variables: [...keysGiven],
      message: 'Both CALLER_JWT_JWKS_URL and CALLER_JWT_SECRET are set. Caller JWTs are verified either with your identity provider\'s JWKS or with a shared secret: keep one.',
    });
  } else if (keysGiven.length === 0 && detailsGiven.length > 0) {
    issues.push({
      variables: [...detailsGiven, ...JWT_KEY_VARIABLES],
      message: `${detailsGiven.join(', ')} ${detailsGiven.length === 1 ? 'is' : 'are'} set but neither CALLER_JWT_JWKS_URL nor CALLER_JWT_SECRET is, so no JWT could be verified. Set one of them, or unset ${detailsGiven.length === 1 ? 'it' : 'them'}.`,
    });
  } else if (keysGiven.length === 1) {
    const missing = (['CALLER_JWT_ISSUER', 'CALLER_JWT_AUDIENCE'] as const).filter((name) => !present.has(name));
    if (missing.length > 0) {
      issues.push({
        variables: missing,
        message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: caller JWTs are only accepted with a pinned issuer and audience. Example: CALLER_JWT_ISSUER=https://login.example.com/ CALLER_JWT_AUDIENCE=zoom-graphql-gateway`,
      });
    } else {
      jwt = {
        ...(values.CALLER_JWT_JWKS_URL === undefined ? {} : { jwksUrl: values.CALLER_JWT_JWKS_URL }),
        ...(values.CALLER_JWT_SECRET === undefined ? {} : { secret: values.CALLER_JWT_SECRET }),
        issuer: values.CALLER_JWT_ISSUER!,
        audience: values.CALLER_JWT_AUDIENCE!,
        ...(values.CALLER_JWT_ALGORITHMS === undefined ? {} : { algorithms: values.CALLER_JWT_ALGORITHMS }),
        ...(values.CALLER_JWT_CLOCK_TOLERANCE_SECONDS === undefined ? {} : { clockToleranceSeconds: values.CALLER_JWT_CLOCK_TOLERANCE_SECONDS }),
        ...(values.CALLER_JWT_MAX_LIFETIME_SECONDS === undefined ? {} : { maxTokenLifetimeSeconds: values.CALLER_JWT_MAX_LIFETIME_SECONDS }),
        ...(values.CALLER_JWT_ROLE_CLAIM === undefined ? {} : { roleClaim: values.CALLER_JWT_ROLE_CLAIM }),
        memberBinding: {
          claim: values.CALLER_JWT_MEMBER_CLAIM ?? 'email',
          as: values.CALLER_JWT_MEMBER_CLAIM_TYPE === 'zoom_user_id' ? 'zoomUserId' : 'email',
        },
      };
    }
  }
  if (jwt !== null || apiKeys.length > 0) {
    try {
      resolveCallerAuthOptions({ ...(jwt === null ? {} : { jwt }), apiKeys });
    } catch (error) {
      // The authenticator's messages name the option and never a secret; map the option back to its variable.
      const message = (error as Error).message.replace(/^createCallerAuthenticator: /, '');
      const variables = message.startsWith('apiKeys') ? ['CALLER_API_KEYS'] : [...keysGiven, ...detailsGiven];
      issues.push({ variables, message: `${variables.join(', ')}: ${message}` });
      return { apiKeys: [], jwt: null };
    }
  }
  return { apiKeys, jwt };
}

const REDACTED = '[redacted]';

/**
 * A copy of the configuration that is safe to log: secrets replaced by `[redacted]`.
 * The frozen config itself also serialises (JSON, `util.inspect`, pino) to this view.
 */
export function redactConfig(config: GatewayConfig): Record<string, unknown> {
  const auth = config.zoom.auth;
  return {
    nodeEnv: config.nodeEnv,
    mode: config.mode,
    server: { ...config.server },
    log: { ...config.log },
    zoom: {
      ...config.zoom,
      retry: { ...config.zoom.retry },
      auth:
        auth === null
          ? null
          : auth.kind === 's2s'
            ? { kind: 's2s', accountId: auth.accountId, clientId: auth.clientId, clientSecret: REDACTED }
            : { kind: 'jwt', apiKey: auth.apiKey, apiSecret: REDACTED, tokenTtlSeconds: auth.tokenTtlSeconds },
    },
    sandbox: config.sandbox === null ? null : { ...config.sandbox },
    webhooks: { secretTokens: config.webhooks.secretTokens.map(() => REDACTED) },
    subscriptions: { ...config.subscriptions },
    callers: redactCallers(config.callers),
    limits: { ...config.limits, costBudget: { ...config.limits.costBudget } },
    store: redactStoreConfig(config.store),
    cache: { ...config.cache, ttlSeconds: { ...config.cache.ttlSeconds } },
    accessLog: { ...config.accessLog },
    cursors: { secret: config.cursors.secret === null ? null : REDACTED },
    connections: { ...config.connections },
    subscriptionLimits: { ...config.subscriptionLimits },
    readiness: { ...config.readiness, breaker: { ...config.readiness.breaker } },
    hosts: { ...config.hosts },
    recordingLinks: { ...config.recordingLinks, secret: config.recordingLinks.secret === null ? null : REDACTED },
    telemetry: config.telemetry,
  };
}

/** Key names and roles only (a hash is not a secret, but it is nobody's business either); the JWT secret redacted. */
function redactCallers(callers: CallerConfig): Record<string, unknown> {
  const jwt = callers.jwt;
  return {
    apiKeys: callers.apiKeys.map((key) => ({ name: key.name, role: key.role })),
    jwt: jwt === null ? null : { ...jwt, ...(jwt.secret === undefined ? {} : { secret: REDACTED }) },
  };
}

/** Deep-freezes the config and makes every way of printing it print the redacted view. */
function protect(config: GatewayConfig): GatewayConfig {
  const view = () => redactConfig(config);
  for (const target of [config, config.zoom] as object[]) {
    Object.defineProperty(target, 'toJSON', { value: target === config ? view : () => view().zoom, enumerable: false });
    Object.defineProperty(target, inspect.custom, {
      value: (_depth: number, options: object) => inspect(target === config ? view() : view().zoom, options),
      enumerable: false,
    });
  }
  // The callers section holds the JWT secret: printing it alone must redact too.
  Object.defineProperty(config.callers, 'toJSON', { value: () => view().callers, enumerable: false });
  Object.defineProperty(config.callers, inspect.custom, {
    value: (_depth: number, options: object) => inspect(view().callers, options),
    enumerable: false,
  });
  // The store section holds the Redis URL, which may carry a password.
  const storeView = () => (view() as { store: unknown }).store;
  Object.defineProperty(config.store, 'toJSON', { value: storeView, enumerable: false });
  Object.defineProperty(config.store, inspect.custom, {
    value: (_depth: number, options: object) => inspect(storeView(), options),
    enumerable: false,
  });
  const cursorsView = () => (view() as { cursors: unknown }).cursors;
  Object.defineProperty(config.cursors, 'toJSON', { value: cursorsView, enumerable: false });
  Object.defineProperty(config.cursors, inspect.custom, {
    value: (_depth: number, options: object) => inspect(cursorsView(), options),
    enumerable: false,
  });
  // The recording links section holds their signing key.
  const linksView = () => (view() as { recordingLinks: unknown }).recordingLinks;
  Object.defineProperty(config.recordingLinks, 'toJSON', { value: linksView, enumerable: false });
  Object.defineProperty(config.recordingLinks, inspect.custom, {
    value: (_depth: number, options: object) => inspect(linksView(), options),
    enumerable: false,
  });
  const webhooksView = () => (view() as { webhooks: unknown }).webhooks;
  Object.defineProperty(config.webhooks, 'toJSON', { value: webhooksView, enumerable: false });
  Object.defineProperty(config.webhooks, inspect.custom, {
    value: (_depth: number, options: object) => inspect(webhooksView(), options),
    enumerable: false,
  });
  if (config.zoom.auth) {
    const authView = () => (view().zoom as { auth: unknown }).auth;
    Object.defineProperty(config.zoom.auth, 'toJSON', { value: authView, enumerable: false });
    Object.defineProperty(config.zoom.auth, inspect.custom, {
      value: (_depth: number, options: object) => inspect(authView(), options),
      enumerable: false,
    });
  }
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export interface LoadConfigOptions {
  /** The real environment; default `process.env`. Its values always win over the file's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The dotenv file to read when it exists; default `.env` in the current directory. `null` reads none. */
  envFile?: string | null;
}

/**
 * Reads `.env` (when present) under the real environment and parses the result: the variables Node's
 * `process.loadEnvFile` would load, parsed with the same parser (`util.parseEnv`), but merged into a copy so
 * that a real variable always wins and `process.env` is left untouched.
 * @throws ConfigError for a bad value or an unreadable `.env`.
 */
export function loadConfig(options: LoadConfigOptions = {}): { config: GatewayConfig; envFile: string | null } {
  const env = options.env ?? process.env;
  const envFile = options.envFile === null ? null : resolve(options.envFile ?? '.env');
  let fileValues: Record<string, string | undefined> = {};
  let loadedFile: string | null = null;
  if (envFile !== null && existsSync(envFile)) {
    try {
      fileValues = parseEnv(readFileSync(envFile, 'utf8'));
      loadedFile = envFile;
    } catch (error) {
      throw new ConfigError([
        { variables: [], message: `cannot read ${envFile}: ${(error as Error).message}. Fix or remove the file.` },
      ]);
    }
  }
  const merged: Record<string, string | undefined> = { ...fileValues };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return { config: parseConfig(merged), envFile: loadedFile };
}

/**
 * The `--help` text: usage and every variable with its default and meaning, grouped, from `CONFIG_VARIABLES`.
 * @param width wrap descriptions to this many columns (default 100).
 */
export function formatConfigHelp(width = 100): string {
  const lines = [
    'zoom-graphql-gateway: a GraphQL gateway over the Zoom REST API v2, with an offline Zoom sandbox.',
    '',
    'Usage: zoom-graphql-gateway [--help]',
    '',
    'Configured by environment variables. A .env file in the working directory is read too;',
    'real environment variables win over it. With no Zoom credentials it runs against its',
    'embedded offline sandbox and says so.',
  ];
  const nameWidth = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length)) + 2;
  let group: ConfigGroup | undefined;
  for (const variable of CONFIG_VARIABLES) {
    if (variable.group !== group) {
      group = variable.group;
      lines.push('', `${group}:`);
    }
    const text = `${variable.description} Default: ${variable.defaultText ?? '(none)'}.`;
    const wrapped = wrap(text, Math.max(40, width - nameWidth - 2));
    wrapped.forEach((line, index) => {
      lines.push(`  ${(index === 0 ? variable.name : '').padEnd(nameWidth)}${line}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
