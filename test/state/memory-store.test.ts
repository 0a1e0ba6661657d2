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
