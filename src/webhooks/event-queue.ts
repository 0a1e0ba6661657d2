/**
 * A bounded first-in-first-out queue that hands items to one consumer, one at a time, after the current I/O turn.
 * The webhook route answers Zoom first and lets this queue run the (possibly slow) consumer afterwards; order of
 * arrival is kept, so `meeting.created` reaches subscribers before the `meeting.updated` that follows it.
 */
export interface EventQueue<T> {
  /** Adds an item; returns `false` (and drops nothing already queued) when the queue is full. */
  push(item: T): boolean;
  /** Items waiting or being consumed. */
  readonly size: number;
  /** Whether `push` would refuse an item now. */
  readonly isFull: boolean;
  /** Resolves once every queued item has been consumed. */
  onIdle(): Promise<void>;
}

export interface EventQueueOptions<T> {
  /** Most items waiting or in progress. A positive integer. */
  maxSize: number;
  /** Called with each item, in order; the next item waits for its promise to settle. */
  consume: (item: T) => void | Promise<void>;
  /** Called when `consume` throws or rejects; the queue moves on to the next item. */
  onError: (error: unknown, item: T) => void;
}

/** Creates an `EventQueue`. The consumer runs in a `setImmediate` callback, never inside `push`. */
export function createEventQueue<T>(options: EventQueueOptions<T>): EventQueue<T> {
  const { maxSize, consume, onError } = options;
  if (!Number.isInteger(maxSize) || maxSize < 1) {
    throw new TypeError(`createEventQueue: maxSize must be a positive integer, got ${String(maxSize)}`);
  }
  const items: T[] = [];
  let running = false;
  let idleWaiters: Array<() => void> = [];

  const run = async (): Promise<void> => {
    // Bounded: each turn removes one item, and push() refuses past maxSize.
    while (items.length > 0) {
      const item = items[0] as T;
      try {
        await consume(item);
      } catch (error) {
        try {
          onError(error, item);
        } catch {
          // An error reporter that throws must not stop the queue.
        }
      }
      items.shift();
    }
    running = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  return {
    push(item) {
      if (items.length >= maxSize) return false;
      items.push(item);
      if (!running) {
        running = true;
        setImmediate(() => void run());
      }
      return true;
    },
    get size() {
      return items.length;
    },
    get isFull() {
      return items.length >= maxSize;
    },
    onIdle() {
      if (!running && items.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
