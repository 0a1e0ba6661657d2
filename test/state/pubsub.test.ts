import { describe, expect, it } from 'vitest';
import { createMemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { PubSubError } from '../../src/state/pubsub.ts';

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = await iterator.next();
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

describe('createMemoryPubSub', () => {
  it('delivers payloads to every subscriber of the topic in publish order', async () => {
    const pubsub = createMemoryPubSub<number>();
    const a = pubsub.subscribe('meetings');
    const b = pubsub.subscribe('meetings');
    for (const n of [1, 2, 3]) await pubsub.publish('meetings', n);
    expect(await take(a, 3)).toEqual([1, 2, 3]);
    expect(await take(b, 3)).toEqual([1, 2, 3]);
  });

  it('delivers to a subscriber already waiting in next()', async () => {
    const pubsub = createMemoryPubSub<string>();
    const sub = pubsub.subscribe('t');
    const pending = sub.next();
    await pubsub.publish('t', 'hello');
    expect(await pending).toEqual({ done: false, value: 'hello' });
  });

  it('keeps topics apart and does not replay events published before subscribing', async () => {
    const pubsub = createMemoryPubSub<string>();
    await pubsub.publish('users', 'early');
    const users = pubsub.subscribe('users');
    const meetings = pubsub.subscribe('meetings');
    await pubsub.publish('meetings', 'm1');
    await pubsub.publish('users', 'u1');
    expect(await take(users, 1)).toEqual(['u1']);
    expect(await take(meetings, 1)).toEqual(['m1']);
  });

  it('works with for await and cleans up when the loop breaks', async () => {
    const pubsub = createMemoryPubSub<number>();
    const sub = pubsub.subscribe('t');
    for (const n of [1, 2, 3]) await pubsub.publish('t', n);
    const seen: number[] = [];
    for await (const n of sub) {
      seen.push(n);
      if (n === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(pubsub.subscriberCount('t')).toBe(0);
  });

  it('drops a subscriber that stops reading past the bound, without affecting the others', async () => {
    const pubsub = createMemoryPubSub<number>({ maxQueuedPerSubscriber: 3 });
    const slow = pubsub.subscribe('t');
    const fast = pubsub.subscribe('t');
    const fastSeen: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      await pubsub.publish('t', n);
      fastSeen.push(...(await take(fast, 1)));
    }
    expect(fastSeen).toEqual([1, 2, 3, 4, 5]);
    expect(pubsub.subscriberCount('t')).toBe(1);
    // The dropped subscriber's queue was freed: it learns why at once, then it is done.
    const error = await slow.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PubSubError);
    expect((error as PubSubError).code).toBe('SUBSCRIBER_OVERFLOW');
    expect(await slow.next()).toEqual({ done: true, value: undefined });
  });

  it('keeps a subscriber that reads before the bound is reached', async () => {
    const pubsub = createMemoryPubSub<number>({ maxQueuedPerSubscriber: 2 });
    const sub = pubsub.subscribe('t');
    const seen: number[] = [];
    for (let n = 1; n <= 10; n += 2) {
      await pubsub.publish('t', n);
      await pubsub.publish('t', n + 1);
      seen.push(...(await take(sub, 2)));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pubsub.subscriberCount('t')).toBe(1);
  });

  it('ends the iterator and removes the listener when the signal aborts', async () => {
    const pubsub = createMemoryPubSub<number>();
    const controller = new AbortController();
    const sub = pubsub.subscribe('t', { signal: controller.signal });
    const pending = sub.next();
    expect(pubsub.subscriberCount('t')).toBe(1);
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(pubsub.subscriberCount('t')).toBe(0);
    await pubsub.publish('t', 1);
    expect(await sub.next()).toEqual({ done: true, value: undefined });
  });

  it('does not register a subscription whose signal is already aborted', async () => {
    const pubsub = createMemoryPubSub<number>();
    const sub = pubsub.subscribe('t', { signal: AbortSignal.abort() });
    expect(pubsub.subscriberCount('t')).toBe(0);
    expect(await sub.next()).toEqual({ done: true, value: undefined });
  });

  it('removes the subscription on return() and lets pending next() finish', async () => {
    const pubsub = createMemoryPubSub<number>();
    const sub = pubsub.subscribe('t');
    const pending = sub.next();
    await sub.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(pubsub.subscriberCount('t')).toBe(0);
  });

  it('ends every subscription on close() and refuses new work', async () => {
    const pubsub = createMemoryPubSub<number>();
    const sub = pubsub.subscribe('t');
    const pending = sub.next();
    await pubsub.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(() => pubsub.subscribe('t')).toThrow(PubSubError);
    await expect(pubsub.publish('t', 1)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('refuses a bad bound', () => {
    expect(() => createMemoryPubSub({ maxQueuedPerSubscriber: 0 })).toThrow(/maxQueuedPerSubscriber/);
  });
});
