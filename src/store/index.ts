import type { Logger } from 'pino';
import type { GatewayEvent } from '../events/types.ts';
import { createMemoryPubSub, type MemoryPubSub } from '../state/memory-pubsub.ts';
import { createMemoryStore } from '../state/memory-store.ts';
import type { SharedStore } from '../state/store.ts';
import { createMemoryReplayStore } from '../webhooks/memory-replay-store.ts';
import type { ReplayStore } from '../webhooks/replay-store.ts';
import { createCommandBreaker, withFallback } from './fallback.ts';
import { createRedisConnections, describeRedisError, REDIS_CLIENT_DEFAULTS } from './redis-client.ts';
import { createRedisPubSub } from './redis-pubsub.ts';
import { createRedisStore } from './redis-store.ts';
import { createStoreReplayStore } from './replay-store.ts';
import type { StoreConfig } from './settings.ts';

export { createRedisConnections, type RedisConnections } from './redis-client.ts';
export { createRedisPubSub } from './redis-pubsub.ts';
export { createRedisStore } from './redis-store.ts';
export { createStoreReplayStore } from './replay-store.ts';

/**
 * After a Redis command fails on a connection that looks up (a stall: each command would wait the full command
 * timeout), requests use this process's state for this long, in milliseconds, before one tries Redis again.
 */
const PAUSE_AFTER_FAILED_COMMAND_MS = 2_000;

/** How the shared state is doing, for `/readyz`. `reason` is a stable code; `message` never holds a credential. */
export type SharedStateHealth =
  | { status: 'ok' }
  /** Redis has not answered since start: this instance shares nothing yet (`/readyz` 503). */
  | { status: 'unavailable'; reason: 'REDIS_UNAVAILABLE'; message: string }
  /** Redis was lost while running: the instance serves from its own state (`/readyz` 200, degraded). */
  | { status: 'degraded'; reason: 'REDIS_UNAVAILABLE'; message: string };

/** The process-wide state an instance may share with others: in memory, or on Redis when `REDIS_URL` is set. */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** Key-value store with TTLs and atomic counters (Zoom token, back-off holds, cache, rate shaping). */
  readonly store: SharedStore;
  /** Webhook events to subscriptions, across instances. */
  readonly pubsub: MemoryPubSub<GatewayEvent>;
  /** Webhook deliveries already accepted by any instance. */
  readonly replayStore: ReplayStore;
  health(): SharedStateHealth;
  /** Ends subscriptions and disconnects from Redis. Idempotent. */
  close(): Promise<void>;
}

export interface SharedStateOptions {
  logger: Logger;
  /** Bound of each subscriber's queue (`SUBSCRIPTION_MAX_QUEUED_EVENTS`). Default: the pub/sub's own. */
  maxQueuedPerSubscriber?: number;
  /** How long start-up waits for a first Redis connection before serving from process state, in milliseconds. Default 2 000. */
  connectWaitMs?: number;
}

/**
 * The one face of `src/store`: process memory when `config.redis` is null (one instance, as before), otherwise
 * Redis with every part falling back to process memory while Redis is unusable. Start-up waits briefly for Redis
 * but never fails on it: an unreachable Redis shows in {@link SharedState.health}, and the connection keeps
 * retrying in the background.
 */
export async function createSharedState(config: StoreConfig, options: SharedStateOptions): Promise<SharedState> {
  const pubsubOptions = options.maxQueuedPerSubscriber === undefined ? {} : { maxQueuedPerSubscriber: options.maxQueuedPerSubscriber };
  const localStore = createMemoryStore();
  const localReplay = createMemoryReplayStore();
  if (config.redis === null) {
    const pubsub = createMemoryPubSub<GatewayEvent>(pubsubOptions);
    return {
      kind: 'memory',
      store: localStore,
      pubsub,
      replayStore: localReplay,
      health: () => ({ status: 'ok' }),
      close: () => pubsub.close(),
    };
  }

  const { keyPrefix } = config.redis;
  const connections = createRedisConnections(config.redis, { logger: options.logger });
  const logger = options.logger.child({ component: 'redis' });
  const link = createCommandBreaker({
    isConnected: connections.isUp,
    pauseMs: PAUSE_AFTER_FAILED_COMMAND_MS,
    onFailing: (error) => logger.warn({ err: describeRedisError(error) }, 'Redis commands are failing (timeouts): token, back-off and webhook dedupe fall back to this process until Redis answers'),
    onRecovered: () => logger.info('Redis answers again: shared state resumes'),
  });
  const { isUp } = link;
  const remote = createRedisStore(connections.commands, { keyPrefix });
  const store = withFallback(remote, localStore, link);
  const replayStore = withFallback(createStoreReplayStore(remote), localReplay, link);
  const pubsub = createRedisPubSub<GatewayEvent>({ ...pubsubOptions, commands: connections.commands, subscriber: connections.subscriber, keyPrefix, isUp });
  const connectWaitMs = options.connectWaitMs ?? REDIS_CLIENT_DEFAULTS.connectTimeoutMs;
  // Serving before the subscription is in place would miss other instances' first events: wait for both, briefly.
  await Promise.all([connections.whenReady(connectWaitMs), pubsub.whenSubscribed(connectWaitMs)]);

  let closing: Promise<void> | undefined;
  return {
    kind: 'redis',
    store,
    pubsub,
    replayStore,
    health() {
      if (connections.isUp()) {
        return link.isPaused()
          ? { status: 'degraded', reason: 'REDIS_UNAVAILABLE', message: 'Redis (REDIS_URL) does not answer in time: serving from this instance\'s own state until it does' }
          : { status: 'ok' };
      }
      return connections.state() === 'connecting'
        ? { status: 'unavailable', reason: 'REDIS_UNAVAILABLE', message: 'Redis (REDIS_URL) has not answered since start: this instance shares no state yet' }
        : { status: 'degraded', reason: 'REDIS_UNAVAILABLE', message: 'Redis (REDIS_URL) was lost: serving from this instance\'s own state until it returns' };
    },
    close() {
      closing ??= pubsub.close().finally(() => connections.close());
      return closing;
    },
  };
}

