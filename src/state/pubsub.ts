/**
 * Topic-based publish/subscribe between the webhook receiver and GraphQL subscriptions.
 *
 * The in-memory implementation is `createMemoryPubSub()` (src/state/memory-pubsub.ts); a Redis implementation
 * fits the same interface so an event received by one gateway instance reaches subscribers on every instance.
 * Payloads must be plain JSON-serialisable data and are treated as immutable: a shared implementation serialises
 * them, the in-memory one hands the same object to every subscriber.
 */
export interface PubSub<TPayload = unknown> {
  /** Delivers `payload` to every current subscriber of `topic`; resolves once it is queued for each of them. */
  publish(topic: string, payload: TPayload): Promise<void>;
  /**
   * Subscribes to `topic` from this call on (events published before it are not replayed). The iterator yields
   * payloads in publish order and ends when `return()` is called or `signal` aborts; either releases the
   * subscription at once. A subscriber that falls too far behind is dropped: its iterator throws
   * `PubSubError` with code `SUBSCRIBER_OVERFLOW`.
   */
  subscribe(topic: string, options?: { signal?: AbortSignal }): AsyncIterableIterator<TPayload>;
  /** Ends every subscription (their iterators finish) and refuses new ones. */
  close(): Promise<void>;
}

/**
 * - `SUBSCRIBER_OVERFLOW`: the subscriber stopped reading and its queue passed the bound; it was dropped.
 * - `CLOSED`: `subscribe` or `publish` after `close()`.
 */
export type PubSubErrorCode = 'SUBSCRIBER_OVERFLOW' | 'CLOSED';

/** The one error type of the pub/sub boundary. */
export class PubSubError extends Error {
  override readonly name = 'PubSubError';
  readonly code: PubSubErrorCode;
  constructor(code: PubSubErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
