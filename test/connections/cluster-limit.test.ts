import { afterEach, describe, expect, it } from 'vitest';
import { createClusterLimit, type ClusterLimit } from '../../src/connections/cluster-limit.ts';
import { createMemoryStore } from '../../src/state/memory-store.ts';
import type { SharedStore } from '../../src/state/store.ts';

/*
 * Issue 10 item 4 with Redis: a caller's subscriptions are capped over every instance, not per instance. Two limits
 * on one store stand for two instances on one Redis; the clock is the test's, so epochs turn when it says.
 */
const EPOCH_MS = 60_000;
let limits: ClusterLimit[] = [];
afterEach(() => {
  for (const limit of limits) limit.close();
  limits = [];
});

function instances(count: number, max: number, store: SharedStore = createMemoryStore()) {
  const clock = { now: 1_800_000_000_000 };
  const made = Array.from({ length: count }, () => createClusterLimit({ store, max, keyPrefix: 'subs:', epochMs: EPOCH_MS, now: () => clock.now }));
  limits.push(...made);
  return { clock, made };
}

describe('a per-caller ceiling over every instance on one store', () => {
  it('counts the places of every instance together, and a release makes room on any instance', async () => {
    const { made: [a, b] } = instances(2, 3);
    const held = [await a!.acquire('alice'), await a!.acquire('alice'), await b!.acquire('alice')];
    expect(held.every((release) => release !== undefined)).toBe(true);
    expect(await b!.acquire('alice')).toBeUndefined();
    expect(await a!.acquire('alice')).toBeUndefined();
    // Another key has its own places.
    expect(await b!.acquire('bob')).toBeDefined();
    held[0]!();
    held[0]!(); // once, however often it is called
    expect(await b!.acquire('alice')).toBeDefined();
    expect(await a!.acquire('alice')).toBeUndefined();
    expect([a!.localCount('alice'), b!.localCount('alice')]).toEqual([1, 2]);
  });

  it('keeps counting a live instance\'s places into the next epoch, and stops counting a dead one\'s within it', async () => {
    const { clock, made: [a, b, c] } = instances(3, 4);
    for (let i = 0; i < 2; i++) expect(await a!.acquire('alice')).toBeDefined();
    for (let i = 0; i < 2; i++) expect(await c!.acquire('alice')).toBeDefined();
    expect(await b!.acquire('alice')).toBeUndefined();
    // C dies: its timer stops, nothing renews its places. A lives on and renews in the epoch's last quarter.
    c!.close();
    clock.now = (Math.floor(clock.now / EPOCH_MS) + 1) * EPOCH_MS - EPOCH_MS / 8;
    await a!.refresh();
    expect(await b!.acquire('alice')).toBeUndefined(); // the old epoch still counts C's two
    clock.now += EPOCH_MS / 4; // the next epoch: A's two count, C's do not
    const more = [await b!.acquire('alice'), await b!.acquire('alice')];
    expect(more.every((release) => release !== undefined)).toBe(true);
    expect(await b!.acquire('alice')).toBeUndefined();
  });

  it('falls back to each instance\'s own ceiling when the store fails, and says so once', async () => {
    const failing = createMemoryStore();
    const errors: unknown[] = [];
    failing.increment = async () => {
      throw new Error('store down');
    };
    const clock = { now: 1_800_000_000_000 };
    const limit = createClusterLimit({ store: failing, max: 2, keyPrefix: 'subs:', now: () => clock.now, onStoreError: (error) => errors.push(error) });
    limits.push(limit);
    expect(await limit.acquire('alice')).toBeDefined();
    expect(await limit.acquire('alice')).toBeDefined();
    expect(await limit.acquire('alice')).toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
