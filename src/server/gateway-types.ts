import type { TracerProvider } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { CacheEvent } from '../cache/index.ts';
import type { CostTracker } from '../cost/cost-tracker.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { CacheInvalidator } from '../graphql/context.ts';
import type { RateShaper } from '../shaper/index.ts';
import type { SharedStore } from '../state/store.ts';
import type { PubSub } from '../state/pubsub.ts';
import type { SharedState } from '../store/index.ts';
import type { GraphiqlExample } from './graphiql.ts';
import type { PlayableLinks } from '../recordings/index.ts';
import type { ScopeReport } from '../scopes/index.ts';
import type { ReadinessOptions } from './health.ts';
import type { SubscriptionServerOptions } from './subscriptions.ts';
import type { GatewayWebhooksOptions } from './webhooks.ts';
import type { GatewayZoomClient } from './zoom-client.ts';

/** The GraphQL endpoint's path. */
export const GRAPHQL_PATH = '/graphql';

export interface GatewayDeps {
  /** The Zoom client. Default: created from `config.zoom` (which must then carry `auth`). Closed with the gateway either way. */
  zoom?: GatewayZoomClient;
  /** Default: `buildGatewaySchema()`. Tests pass small schemas. */
  schema?: GraphQLSchema;
  /** Default: a pino logger at `config.log.level` on stdout. */
  logger?: Logger;
  /** Tabs preloaded in GraphiQL. Default: `GRAPHIQL_EXAMPLES` (the README's examples). */
  examples?: readonly GraphiqlExample[];
  /** Readiness probe tuning (interval, timeout, clock); its `checks` default to the Zoom token and the Zoom breaker (src/readiness). */
  readiness?: Partial<ReadinessOptions>;
  /** Closed after the server and the Zoom client on `close()`, in order (e.g. the embedded sandbox). */
  closeAfter?: ReadonlyArray<{ close(): Promise<void> }>;
  /**
   * The process-wide pub/sub between the webhook receiver and subscriptions. Default: the shared state's (Redis
   * when `REDIS_URL` is set, else in memory), bounded by `config.subscriptions.maxQueuedEvents`; one passed in is left open.
   */
  pubsub?: PubSub<GatewayEvent>;
  /**
   * Everything several instances share: key-value store, pub/sub, webhook replay store. Default: created from
   * `config.store` (Redis when `REDIS_URL` is set, else process memory) and closed with the gateway; one passed in
   * is left open. `store` and `pubsub`, when passed, take precedence over its parts.
   */
  sharedState?: SharedState;
  /**
   * Drops shared-cache entries that writes and webhook events make stale. Default: the shared cache's own
   * (src/cache, `config.cache`), or none when `CACHE_ENABLED=false`.
   */
  invalidate?: CacheInvalidator;
  /** Told of every cache hit, miss, single-flight join and invalidation (telemetry). Exceptions it throws are ignored. */
  onCacheEvent?: (event: CacheEvent) => void;
  /**
   * graphql-ws tuning and the seam for caller authentication of WebSocket connections: `authenticateConnection`
   * runs once per connection at `connection_init` and its result (e.g. `{ caller }`) joins every operation's
   * context; `validationRules` are added to subscription document validation.
   */
  subscriptions?: Pick<SubscriptionServerOptions, 'authenticateConnection' | 'validationRules' | 'maxBufferedBytes' | 'keepAliveMs'>;
  /** Webhook receiver tuning (clock, replay store, ...), used when `config.webhooks.secretTokens` is not empty. */
  webhooks?: GatewayWebhooksOptions['receiver'];
  /**
   * Attributes Zoom calls to requests for `extensions.cost.actual`. Default: a new tracker, given to the Zoom client
   * created here as its `onCall`. Pass one when passing `zoom`, and create that client with `onCall: tracker.onCall`.
   */
  costTracker?: CostTracker;
  /**
   * Process-wide state several instances may share (the Zoom token, the rate shaper's windows, daily counts and 429
   * holds, the cache's versions and, with Redis, its answers). Default: the shared state's store.
   */
  store?: SharedStore;
  /** Spans go here instead of a provider started from `OTEL_*` (tests: an in-memory exporter). Register it globally too. */
  tracerProvider?: TracerProvider;
  /**
   * Keeps Zoom calls within the plan's rate limits and queues callers fairly. Default: created from `config.shaper`
   * on `store`, given to the Zoom client created here. A `zoom` passed in keeps its own limiter; contexts still
   * carry each operation's caller through it.
   */
  shaper?: RateShaper;
}

/** A running gateway. */
export interface Gateway {
  readonly app: FastifyInstance;
  /** Base URL it listens on, e.g. `http://127.0.0.1:4000` (the GraphQL endpoint is `${url}/graphql`). */
  readonly url: string;
  /** Where Prometheus scrapes `/metrics` (`${metricsUrl}/metrics`), when `METRICS_PORT` is set. */
  readonly metricsUrl?: string;
  /** The pub/sub that webhook events are published to and subscriptions read from. */
  readonly pubsub: PubSub<GatewayEvent>;
  /** Where the state shared with other instances lives (`memory` or `redis`) and how Redis is doing. */
  readonly sharedState: Pick<SharedState, 'kind' | 'health'>;
  /** The development admin API key generated at start (outside production, see `createGatewayAuthenticator`). */
  readonly developmentApiKey?: string;
  /** `POST` here for a development JWT (sandbox mode with no callers configured, src/devtoken). */
  readonly devTokenUrl?: string;
  /**
   * Compares the scopes granted to the Zoom token with those the gateway's operations need, logging a warning that
   * names what is missing (`startGateway` runs it once at start; `/readyz` repeats it). Fetches a token if none is
   * cached; rejects with the token endpoint's `ZoomError` when none can be had.
   */
  checkScopes(): Promise<ScopeReport>;
  /** Signs playable recording links served by this gateway's `/recordings/...` route (the GraphQL field to come). */
  readonly recordingLinks: PlayableLinks;
  /**
   * Graceful shutdown, idempotent: stop accepting connections, let in-flight requests finish (closing what is
   * still open after `config.server.shutdownTimeoutMs`), stop Apollo, close the Zoom client, then `closeAfter`.
   */
  close(): Promise<void>;
}

/** Thrown when the gateway cannot listen (port in use, address not available). */
export class GatewayListenError extends Error {
  override readonly name = 'GatewayListenError';
  readonly code: string;
  constructor(code: string, message: string, cause: unknown) {
    super(message, { cause });
    this.code = code;
  }
}
