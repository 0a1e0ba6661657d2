import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createMemoryPubSub, type MemoryPubSub, type MemoryPubSubOptions } from '../state/memory-pubsub.ts';
import { PubSubError } from '../state/pubsub.ts';

/** Options of {@link createRedisPubSub}. */
export interface RedisPubSubOptions extends MemoryPubSubOptions {
  /** Publishes (the instance's command connection). */
  commands: Redis;
  /** This instance's one subscriber connection, used for nothing else. */
  subscriber: Redis;
  /** Prepended to every channel (`REDIS_KEY_PREFIX`). */
  keyPrefix: string;
  /** Whether `commands` is usable now; while not, publishing reaches this instance's subscribers only. */
  isUp: () => boolean;
}

/** The pub/sub plus a way to wait until this instance receives other instances' events. */
export interface RedisPubSub<TPayload> extends MemoryPubSub<TPayload> {
  /** Resolves `true` once the pattern subscription is in place, `false` after `timeoutMs` without it. Never rejects. */
  whenSubscribed(timeoutMs: number): Promise<boolean>;
}

/** What travels on a channel: the publishing instance and the payload. */
interface Envelope {
  from: string;
  payload: unknown;
}

/**
 * A `PubSub` shared by every instance on one Redis. Each instance holds one subscriber connection with one pattern
 * subscription (`<prefix>pubsub:*`) and fans events out locally through the in-memory pub/sub, which keeps its
 * bounded queue per subscriber. A publish goes to this instance's subscribers directly and to Redis for the
 * others, which skip their own echo: each subscriber on each instance gets an event once, and this instance's own
 * subscribers keep getting events while Redis is down. Payloads travel as JSON.
 */
export function createRedisPubSub<TPayload>(options: RedisPubSubOptions): RedisPubSub<TPayload> {
  const { commands, subscriber, keyPrefix, isUp } = options;
  const local = createMemoryPubSub<TPayload>(options.maxQueuedPerSubscriber === undefined ? {} : { maxQueuedPerSubscriber: options.maxQueuedPerSubscriber });
  const instanceId = randomUUID();
  const channelPrefix = `${keyPrefix}pubsub:`;
  let closed = false;
  let isSubscribed = false;
  const waiters = new Set<() => void>();

  const subscribe = (): void => {
    subscriber.psubscribe(`${channelPrefix}*`).then(
      () => {
        isSubscribed = true;
        for (const wake of [...waiters]) wake();
      },
      () => undefined,
    );
  };
  // A lost connection loses the subscription with it; `ready` after reconnecting subscribes again.
  subscriber.on('close', () => {
    isSubscribed = false;
  });
  const onMessage = (_pattern: string, channel: string, message: string): void => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === instanceId || closed) return;
    void local.publish(channel.slice(channelPrefix.length), envelope.payload as TPayload).catch(() => undefined);
  };
  // The connection may not be ready yet (or come back later): subscribe on every `ready`.
  subscriber.on('ready', subscribe);
  subscriber.on('pmessage', onMessage);
  if (subscriber.status === 'ready') subscribe();

  return {
    async publish(topic, payload) {
      if (closed) throw new PubSubError('CLOSED', 'publish after the pub/sub was closed');
      await local.publish(topic, payload);
      if (!isUp()) return;
      const envelope: Envelope = { from: instanceId, payload };
      // Other instances miss this event if Redis fails right now; this instance's subscribers already have it.
      await commands.publish(`${channelPrefix}${topic}`, JSON.stringify(envelope)).catch(() => undefined);
    },
    subscribe(topic, subscribeOptions) {
      return local.subscribe(topic, subscribeOptions);
    },
    async close() {
      closed = true;
      subscriber.off('ready', subscribe);
      subscriber.off('pmessage', onMessage);
      await local.close();
    },
    subscriberCount(topic) {
      return local.subscriberCount(topic);
    },
    whenSubscribed(timeoutMs) {
      if (isSubscribed) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (value: boolean): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(value);
        };
        const wake = (): void => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        timer.unref();
        waiters.add(wake);
      });
    },
  };
}
