import { createKeyedLimit } from './keyed-limit.ts';

/** Why a subscription got no place. */
export type SubscriptionCapReason = 'PER_CONNECTION' | 'PER_CALLER';

/** The live subscriptions of one connection. */
export interface ConnectionSubscriptions {
  /** A place for subscription `id`, or why there is none. Taking an id that holds one already changes nothing. */
  take(id: string): SubscriptionCapReason | undefined;
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
 * Zoom call; a place is given back when its subscription completes, errs, or its connection closes.
 */
export function createSubscriptionCaps(limits: { readonly maxPerConnection: number; readonly maxPerCaller: number }): SubscriptionCaps {
  const perCaller = createKeyedLimit(limits.maxPerCaller);
  return {
    connection(callerKey) {
      const held = new Map<string, () => void>();
      return {
        take(id) {
          if (held.has(id)) return undefined;
          if (held.size >= limits.maxPerConnection) return 'PER_CONNECTION';
          const release = callerKey === undefined ? () => undefined : perCaller.acquire(callerKey);
          if (release === undefined) return 'PER_CALLER';
          held.set(id, release);
          return undefined;
        },
        release(id) {
          held.get(id)?.();
          held.delete(id);
        },
        releaseAll() {
          for (const release of held.values()) release();
          held.clear();
        },
      };
    },
  };
}
