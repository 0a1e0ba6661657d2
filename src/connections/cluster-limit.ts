import type { SharedStore } from '../state/store.ts';

/** Options of {@link createClusterLimit}. */
export interface ClusterLimitOptions {
  /** Where the instances count together: the shared state's store (Redis for a cluster, memory for one process). */
  readonly store: SharedStore;
  /** Most places one key may hold over every instance on the store (a positive integer). */
  readonly max: number;
  /** Prefix of the store keys, e.g. `subs:caller:`. */
  readonly keyPrefix: string;
  /** Length of an epoch in milliseconds: how long the places of a dead instance go on counting, at most twice it. Default 60 s. */
  readonly epochMs?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** The store failed: the limit counts this instance's places alone until it answers. Called once per failure. */
  readonly onStoreError?: (error: unknown) => void;
}

/** A count per key with a ceiling over every instance sharing one store. */
export interface ClusterLimit {
  /** One place for `key`, or `undefined` when `key` already holds `max` over all instances. */
  acquire(key: string): Promise<(() => void) | undefined>;
  /** Places `key` holds on this instance. */
  localCount(key: string): number;
  /** Renews this instance's places in the store now, as its timer does every eighth of an epoch. */
  refresh(): Promise<void>;
  /** Stops renewing this instance's places in the store (at shutdown; they lapse within two epochs). */
  close(): void;
}

/** Defaults of {@link ClusterLimitOptions}. */
export const CLUSTER_LIMIT_DEFAULTS = Object.freeze({ epochMs: 60_000 });

/**
 * A per-key ceiling over every instance sharing one store, with places that die with their instance.
 *
 * Counts live in one store key per key and epoch (`<prefix><key>:<epoch>`, kept two epochs). In the last quarter of
 * each epoch every live instance adds the places it holds to the next epoch's key (a timer every eighth of an epoch,
 * or the first acquire or release after that point), and from then on adds its changes to both; so when an epoch
 * begins its keys already count every live instance's places, and none of a dead one's. An acquire adds 1 and is
 * refused, taking it back, when the sum passes `max`; a release subtracts 1. A plain shared counter would keep a dead
 * instance's places for ever; here they stop counting within an epoch and a quarter. Without the store (it failed)
 * the ceiling holds per instance, never less.
 */
export function createClusterLimit(options: ClusterLimitOptions): ClusterLimit {
  const { store, max, keyPrefix } = options;
  if (!(Number.isInteger(max) && max > 0)) throw new TypeError(`createClusterLimit: max must be a positive whole number, got ${String(max)}`);
  const epochMs = options.epochMs ?? CLUSTER_LIMIT_DEFAULTS.epochMs;
  if (!(Number.isInteger(epochMs) && epochMs >= 8)) throw new TypeError(`createClusterLimit: epochMs must be a whole number >= 8, got ${String(epochMs)}`);
  const now = options.now ?? Date.now;
  const ttlMs = 2 * epochMs;
  const local = new Map<string, number>();
  /** Per epoch: this instance's places added to its keys (resolved, or the store failed). */
  const renewals = new Map<number, Promise<void>>();
  let isFailing = false;

  const keyOf = (key: string, epoch: number) => `${keyPrefix}${key}:${epoch}`;
  const failed = (error: unknown): void => {
    if (!isFailing) options.onStoreError?.(error);
    isFailing = true;
  };
  const add = async (key: string, epoch: number, by: number): Promise<number> => {
    const total = await store.increment(keyOf(key, epoch), { by, ttlMs });
    isFailing = false;
    return total;
  };

  /** Adds this instance's places, as they are when it is called, to `epoch`'s keys, once. */
  function renew(epoch: number): Promise<void> {
    let done = renewals.get(epoch);
    if (done === undefined) {
      const held = [...local];
      done = Promise.all(held.map(([key, count]) => add(key, epoch, count))).then(() => undefined, failed);
      renewals.set(epoch, done);
      for (const old of renewals.keys()) if (old < epoch - 1) renewals.delete(old);
    }
    return done;
  }

  /**
   * The epoch whose count decides now, and every epoch a change must go to (the next one too, once renewed). Call it
   * before changing `local`: the renewals read `local` first, so the change reaches the store after them.
   */
  function epochs(): { at: number; targets: number[] } {
    const time = now();
    const at = Math.floor(time / epochMs);
    void renew(at);
    if (time >= (at + 1) * epochMs - epochMs / 4) void renew(at + 1);
    return { at, targets: renewals.has(at + 1) ? [at, at + 1] : [at] };
  }

  const change = (key: string, by: number): void => {
    const left = (local.get(key) ?? 0) + by;
    if (left > 0) local.set(key, left);
    else local.delete(key);
  };
  const send = (key: string, targets: readonly number[], by: number): void => {
    for (const epoch of targets) void renewals.get(epoch)!.then(() => add(key, epoch, by)).catch(failed);
  };

  const timer = setInterval(() => void epochs(), Math.max(1, Math.floor(epochMs / 8)));
  timer.unref();

  function releaser(key: string): () => void {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const { targets } = epochs();
      change(key, -1);
      send(key, targets, -1);
    };
  }

  return {
    async acquire(key) {
      if ((local.get(key) ?? 0) >= max) return undefined;
      const { at, targets } = epochs();
      change(key, 1);
      send(key, targets.filter((epoch) => epoch !== at), 1);
      let total: number;
      try {
        await renewals.get(at);
        total = await add(key, at, 1);
      } catch (error) {
        // No shared count: this instance's own places decide, as they did above.
        failed(error);
        return releaser(key);
      }
      if (total > max) {
        change(key, -1);
        send(key, targets, -1);
        return undefined;
      }
      return releaser(key);
    },
    localCount: (key) => local.get(key) ?? 0,
    refresh: async () => {
      const { targets } = epochs();
      await Promise.all(targets.map((epoch) => renewals.get(epoch)));
    },
    close() {
      clearInterval(timer);
    },
  };
}
