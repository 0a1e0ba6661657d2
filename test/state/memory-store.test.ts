import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/state/memory-store.ts';

describe('createMemoryStore', () => {
  it('stores, replaces and deletes string values', async () => {
    const store = createMemoryStore();
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', 'a');
    await store.set('k', 'b');
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
  it('expires entries by the injected clock', async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    await store.set('k', 'v', { ttlMs: 500 });
    now = 1499;
    expect(await store.get('k')).toBe('v');
    now = 1500;
    expect(await store.get('k')).toBeUndefined();
  });
  it('rejects a TTL that is not a positive integer', async () => {
    const store = createMemoryStore();
    await expect(store.set('k', 'v', { ttlMs: 0 })).rejects.toThrow(/ttlMs/);
    await expect(store.set('k', 'v', { ttlMs: 1.5 })).rejects.toThrow(/ttlMs/);
  });
});

describe('createMemoryStore: atomic operations', () => {
  it('setIfAbsent stores once until the entry expires', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const results = await Promise.all([1, 2, 3].map((n) => store.setIfAbsent('lock', `holder-${n}`, { ttlMs: 100 })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('lock')).toBe('holder-1');
    now = 100;
    expect(await store.setIfAbsent('lock', 'holder-4', { ttlMs: 100 })).toBe(true);
    await expect(store.setIfAbsent('x', 'v', { ttlMs: 0 })).rejects.toThrow(/ttlMs/);
  });
  it('increment counts from 0, keeps the first TTL and refuses a non-integer value', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    expect(await store.increment('c', { ttlMs: 1000 })).toBe(1);
    now = 900;
    expect(await store.increment('c', { by: 4, ttlMs: 1000 })).toBe(5);
    now = 1000;
    expect(await store.increment('c')).toBe(1);
    expect(await store.increment('c', { by: -3 })).toBe(-2);
    await store.set('s', 'text');
    await expect(store.increment('s')).rejects.toThrow(TypeError);
  });
  it('deleteIfEquals removes only the expected value; getMany reads in order', async () => {
    const store = createMemoryStore();
    await store.set('lock', 'mine');
    expect(await store.deleteIfEquals('lock', 'theirs')).toBe(false);
    expect(await store.getMany(['lock', 'none'])).toEqual(['mine', undefined]);
    expect(await store.deleteIfEquals('lock', 'mine')).toBe(true);
    expect(await store.get('lock')).toBeUndefined();
  });
});
