import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore } from '../../src/webhooks/memory-replay-store.ts';

const HOUR = 60 * 60 * 1000;

describe('createMemoryReplayStore', () => {
  it('reports a fingerprint as new once, then as a replay until its TTL passes', async () => {
    let now = 1_000_000;
    const store = createMemoryReplayStore({ now: () => now });
    expect(await store.rememberIfNew('a', 3 * HOUR)).toBe(true);
    expect(await store.rememberIfNew('a', 3 * HOUR)).toBe(false);
    now += 3 * HOUR - 1;
    expect(await store.rememberIfNew('a', 3 * HOUR)).toBe(false);
    now += 2;
    expect(await store.rememberIfNew('a', 3 * HOUR)).toBe(true);
  });

  it('never lets two concurrent calls both see a fingerprint as new', async () => {
    const store = createMemoryReplayStore();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.rememberIfNew('same', HOUR)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stays within maxEntries by forgetting the oldest fingerprints', async () => {
    const store = createMemoryReplayStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) expect(await store.rememberIfNew(key, HOUR)).toBe(true);
    expect(await store.rememberIfNew('d', HOUR)).toBe(false);
    expect(await store.rememberIfNew('a', HOUR)).toBe(true);
  });

  it('refuses bad sizes and TTLs with a message naming the option', async () => {
    expect(() => createMemoryReplayStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    await expect(createMemoryReplayStore().rememberIfNew('a', 0)).rejects.toThrow(/ttlMs/);
  });
});
