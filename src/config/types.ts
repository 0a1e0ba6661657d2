import type { ApiKeyEntry, JwtAuthOptions } from '../auth/options.ts';
import type { AccessLogConfig } from '../access-log/settings.ts';
import type { CacheConfig } from '../cache/settings.ts';
import type { ConnectionLimitsConfig } from '../connections/settings.ts';
import type { SubscriptionLimitsConfig } from '../connections/subscription-settings.ts';
import type { CorsConfig } from '../cors/settings.ts';
import type { HostsConfig } from '../hosts/settings.ts';
import type { ReadinessConfig } from '../readiness/settings.ts';
import type { CursorConfig } from '../graphql/settings.ts';
import type { RecordingLinksConfig } from '../recordings/settings.ts';
import type { ShaperConfig } from '../shaper/settings.ts';
import type { StoreConfig } from '../store/settings.ts';
import type { TelemetryConfig } from '../telemetry/settings.ts';

/** The shape of the parsed configuration, `GatewayConfig`, and of its core sections; features own their own slices. */

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
