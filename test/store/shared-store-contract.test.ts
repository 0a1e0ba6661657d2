import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import type { SharedStore } from '../../src/state/store.ts';
import { createTestRedisStore } from '../helpers/redis.ts';

/** Waits for real time to pass (TTL expiry on Redis is Redis's own clock); outcomes are asserted, never durations. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One contract, two implementations: whatever the memory store promises, the Redis store keeps, and vice versa. */
const implementations: Array<[string, () => { store: SharedStore; cleanup(): Promise<void> }]> = [
  ['memory', () => ({ store: createMemoryStore(), cleanup: async () => undefined })],
  ['redis', () => createTestRedisStore()],
];

describe.each(implementations)('SharedStore contract: %s', (_name, create) => {
  let cleanup: (() => Promise<void>) | undefined;
  const open = (): SharedStore => {
    const created = create();
    cleanup = created.cleanup;
    return created.store;
  };
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('stores, replaces and deletes; absent keys are undefined', async () => {
    const store = open();
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', 'a');
    await store.set('k', 'b');
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    await store.delete('never-there');
    expect(await store.get('k')).toBeUndefined();
  });

  it('keeps values byte for byte (unicode, JSON, empty string)', async () => {
    const store = open();
    for (const value of ['', 'é€😀', JSON.stringify({ a: [1, 'x'] }), ' spaced \n lines ']) {
      await store.set('v', value);
      expect(await store.get('v')).toBe(value);
    }
  });

  it('getMany answers in order with undefined for absent keys, and [] for no keys', async () => {
    const store = open();
    await store.set('a', '1');
    await store.set('c', '3');
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(['1', undefined, '3']);
    expect(await store.getMany([])).toEqual([]);
  });

  it('expires entries after their TTL; set without TTL replaces an earlier TTL', async () => {
    const store = open();
    await store.set('short', 'v', { ttlMs: 30 });
    await store.set('long', 'v', { ttlMs: 60_000 });
    await store.set('kept', 'v', { ttlMs: 30 });
    await store.set('kept', 'w');
    await pause(120);
    expect(await store.getMany(['short', 'long', 'kept'])).toEqual([undefined, 'v', 'w']);
  });

  it('refuses TTLs that are not positive integers, before touching anything', async () => {
    const store = open();
    await expect(store.set('k', 'v', { ttlMs: 0 })).rejects.toThrow(RangeError);
    await expect(store.set('k', 'v', { ttlMs: 1.5 })).rejects.toThrow(/ttlMs/);
    await expect(store.setIfAbsent('k', 'v', { ttlMs: -1 })).rejects.toThrow(RangeError);
    await expect(store.increment('k', { by: 1.5 })).rejects.toThrow(TypeError);
    expect(await store.get('k')).toBeUndefined();
  });

  it('setIfAbsent: of many concurrent callers exactly one wins; the loser leaves value and TTL alone', async () => {
    const store = open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => store.setIfAbsent('lock', `holder-${n}`, { ttlMs: 60_000 })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `holder-${results.indexOf(true)}`;
    expect(await store.get('lock')).toBe(winner);
    expect(await store.setIfAbsent('lock', 'late', { ttlMs: 60_000 })).toBe(false);
    expect(await store.get('lock')).toBe(winner);
  });

  it('setIfAbsent succeeds again once the entry expired', async () => {
    const store = open();
    expect(await store.setIfAbsent('lock', 'a', { ttlMs: 30 })).toBe(true);
    await pause(100);
    expect(await store.setIfAbsent('lock', 'b', { ttlMs: 60_000 })).toBe(true);
    expect(await store.get('lock')).toBe('b');
  });

  it('increment counts from 0, adds negative steps and is atomic under concurrency', async () => {
    const store = open();
    expect(await store.increment('c')).toBe(1);
    expect(await store.increment('c', { by: 4 })).toBe(5);
    expect(await store.increment('c', { by: -7 })).toBe(-2);
    const all = await Promise.all(Array.from({ length: 50 }, () => store.increment('n')));
    expect(new Set(all).size).toBe(50);
    expect(await store.get('n')).toBe('50');
  });

  it('increment sets the TTL only when it creates the key', async () => {
    const store = open();
    // 400 ms: the second call must come before the first TTL ends, even on a loaded machine.
    expect(await store.increment('created', { ttlMs: 400 })).toBe(1);
    expect(await store.increment('created', { ttlMs: 60_000 })).toBe(2);
    await store.set('forever', '10');
    expect(await store.increment('forever', { ttlMs: 40 })).toBe(11);
    await pause(600);
    expect(await store.get('created')).toBeUndefined();
    expect(await store.get('forever')).toBe('11');
  });

  it('increment refuses a value that is not an integer, and leaves it', async () => {
    const store = open();
    await store.set('s', 'text');
    await expect(store.increment('s')).rejects.toThrow(TypeError);
    expect(await store.get('s')).toBe('text');
  });

  it('deleteIfEquals removes only while the expected value is held', async () => {
    const store = open();
    await store.set('lock', 'mine');
    expect(await store.deleteIfEquals('lock', 'theirs')).toBe(false);
    expect(await store.get('lock')).toBe('mine');
    expect(await store.deleteIfEquals('lock', 'mine')).toBe(true);
    expect(await store.get('lock')).toBeUndefined();
    expect(await store.deleteIfEquals('lock', 'mine')).toBe(false);
  });
});
