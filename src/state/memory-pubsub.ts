import { PubSubError, type PubSub } from './pubsub.ts';

/** Default per-subscriber queue bound, in payloads. */
export const DEFAULT_MAX_QUEUED_PER_SUBSCRIBER = 256;

export interface MemoryPubSubOptions {
  /**
   * Most payloads queued for one subscriber that is not reading. One more and the subscriber is dropped (its
   * queue freed, its iterator throws `SUBSCRIBER_OVERFLOW`); the publisher and other subscribers never wait.
   * Default 256.
   */
  maxQueuedPerSubscriber?: number;
}

/** A process-local `PubSub` with a bounded queue per subscriber. Also exposes `subscriberCount` for tests and metrics. */
export interface MemoryPubSub<TPayload> extends PubSub<TPayload> {
  /** Live subscriptions on `topic`. */
  subscriberCount(topic: string): number;
}

/** Creates an in-memory `PubSub`. */
export function createMemoryPubSub<TPayload = unknown>(options: MemoryPubSubOptions = {}): MemoryPubSub<TPayload> {
  const maxQueued = options.maxQueuedPerSubscriber ?? DEFAULT_MAX_QUEUED_PER_SUBSCRIBER;
  if (!Number.isInteger(maxQueued) || maxQueued < 1) {
    throw new TypeError(`createMemoryPubSub: maxQueuedPerSubscriber must be a positive integer, got ${String(maxQueued)}`);
  }
  const topics = new Map<string, Set<Subscription<TPayload>>>();
  let closed = false;

  const detach = (topic: string, subscription: Subscription<TPayload>): void => {
    const set = topics.get(topic);
    if (set === undefined) return;
    set.delete(subscription);
    if (set.size === 0) topics.delete(topic);
  };

  return {
    async publish(topic, payload) {
      if (closed) throw new PubSubError('CLOSED', 'publish after the pub/sub was closed');
      const set = topics.get(topic);
      if (set === undefined) return;
      // Copy: an overflowing subscriber removes itself while we iterate.
      for (const subscription of [...set]) subscription.deliver(payload);
    },

    subscribe(topic, { signal } = {}) {
      if (closed) throw new PubSubError('CLOSED', 'subscribe after the pub/sub was closed');
      const subscription = new Subscription<TPayload>(maxQueued, () => detach(topic, subscription), signal);
      if (!subscription.isFinished) {
        let set = topics.get(topic);
        if (set === undefined) {
          set = new Set();
          topics.set(topic, set);
        }
        set.add(subscription);
      }
      return subscription.iterator;
    },

    async close() {
      closed = true;
      for (const set of [...topics.values()]) for (const subscription of [...set]) subscription.end();
      topics.clear();
    },

    subscriberCount(topic) {
      return topics.get(topic)?.size ?? 0;
    },
  };
}

/**
 * A pending `next()`. Only ever resolved: a reader is waiting only while the queue is empty, so the queue cannot
 * overflow then, and an overflow is reported on the reader's next pull.
 */
type Waiter<T> = (result: IteratorResult<T>) => void;

/** One subscriber: a bounded queue plus at most one waiting `next()` (an iterator is pulled sequentially). */
class Subscription<T> {
  readonly iterator: AsyncIterableIterator<T>;
  private readonly queue: T[] = [];
  private readonly waiters: Array<Waiter<T>> = [];
  private failure: PubSubError | undefined;
  private finished = false;
  private readonly onAbort = (): void => this.end();

  constructor(
    private readonly maxQueued: number,
    private readonly detach: () => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal?.aborted) this.finished = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });

    this.iterator = {
      next: () => this.next(),
      return: async (): Promise<IteratorResult<T>> => {
        this.end();
        return { done: true, value: undefined };
      },
      throw: async (error?: unknown): Promise<IteratorResult<T>> => {
        this.end();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  get isFinished(): boolean {
    return this.finished;
  }

  deliver(payload: T): void {
    if (this.finished) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter({ done: false, value: payload });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.fail(
        new PubSubError(
          'SUBSCRIBER_OVERFLOW',
          `Subscriber dropped: it fell more than ${this.maxQueued} events behind.`,
        ),
      );
      return;
    }
    this.queue.push(payload);
  }

  /** Ends normally: queued payloads are discarded, waiting and later `next()` calls resolve done. */
  end(): void {
    this.finished = true;
    this.queue.length = 0;
    this.failure = undefined;
    this.release();
    for (const waiter of this.waiters.splice(0)) waiter({ done: true, value: undefined });
  }

  private fail(error: PubSubError): void {
    this.finished = true;
    // Free the memory now; the reader learns why on its next pull.
    this.queue.length = 0;
    this.failure = error;
    this.release();
  }

  private release(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.detach();
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.queue.shift() as T });
    if (this.failure !== undefined) {
      const failure = this.failure;
      // Reported once; afterwards the iterator is simply done.
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
