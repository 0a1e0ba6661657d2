import type { ClusterLimit } from './cluster-limit.ts';
import { createKeyedLimit } from './keyed-limit.ts';

/** Why a subscription got no place. */
export type SubscriptionCapReason = 'PER_CONNECTION' | 'PER_CALLER';

/** The live subscriptions of one connection. */
export interface ConnectionSubscriptions {
  /** A place for subscription `id`, or why there is none. Taking an id that holds one already changes nothing. */
  take(id: string): Promise<SubscriptionCapReason | undefined>;
  /** Gives back `id`'s place, if it holds one. */
  release(id: string): void;
  /** Gives back every place of the connection (it closed). */
  releaseAll(): void;
}

export interface SubscriptionCaps {
  /** The subscriptions of a new connection of `callerKey` (no per-caller cap without one). */
  connection(callerKey: string | undefined): ConnectionSubscriptions;
}

/**
 * Caps on live subscriptions, per connection and per caller over all its connections (issue 10 item 4: one member
 * held 2,000 subscriptions on one connection). Checked before a subscription starts, so a refused one costs no
 * Zoom call; a place is given back when its subscription completes, errs, or its connection closes. With `perCaller`
 * (a {@link ClusterLimit} on the shared store) the caller's cap holds over every instance on it, not per instance.
 */
export function createSubscriptionCaps(
  limits: { readonly maxPerConnection: number; readonly maxPerCaller: number },
  perCaller?: Pick<ClusterLimit, 'acquire'>,
): SubscriptionCaps {
  const local = createKeyedLimit(limits.maxPerCaller);
  const acquire = perCaller === undefined ? async (key: string) => local.acquire(key) : (key: string) => perCaller.acquire(key);
  return {
    connection(callerKey) {
      /** Places held, and places being taken (counted against the connection's cap already). */
      const held = new Map<string, () => void>();
      const taking = new Map<string, { isCancelled: boolean }>();
      return {
        async take(id) {
          if (held.has(id) || taking.has(id)) return undefined;
          if (held.size + taking.size >= limits.maxPerConnection) return 'PER_CONNECTION';
          if (callerKey === undefined) {
            held.set(id, () => undefined);
            return undefined;
          }
          const attempt = { isCancelled: false };
          taking.set(id, attempt);
          let release: (() => void) | undefined;
          try {
            release = await acquire(callerKey);
          } finally {
            taking.delete(id);
          }
          if (release === undefined) return 'PER_CALLER';
          // Released (the connection closed) while the place was being taken: give it straight back.
          if (attempt.isCancelled) release();
          else held.set(id, release);
          return undefined;
        },
        release(id) {
          held.get(id)?.();
          held.delete(id);
          const attempt = taking.get(id);
          if (attempt !== undefined) attempt.isCancelled = true;
        },
        releaseAll() {
          for (const release of held.values()) release();
          held.clear();
          for (const attempt of taking.values()) attempt.isCancelled = true;
        },
      };
    },
  };
}
