import type { ClusterLimit } from './cluster-limit.ts';
import { createKeyedLimit } from './keyed-limit.ts';

/** The places of graphql-ws connections (issue 12 item 1). */
export interface SubscriptionAdmissionLimits {
  /** Most authenticated connections in all (`SUBSCRIPTION_MAX_CONNECTIONS`). */
  readonly maxConnections: number;
  /** Most authenticated connections of one caller. */
  readonly maxConnectionsPerCaller: number;
  /** Most sockets not yet authenticated from one remote address. */
  readonly anonymousPerAddress: number;
  /** Most sockets not yet authenticated in all. */
  readonly anonymousMax: number;
}

/** Why an authenticated connection got no place: the total or its caller's share is taken. */
export type AdmissionRefusal = 'TOO_MANY_CONNECTIONS' | 'TOO_MANY_CALLER_CONNECTIONS';

/** One socket's place, from its upgrade to its close. */
export interface AdmissionTicket {
  /**
   * At `connection_init`, once its caller is known: gives back the anonymous place and takes an authenticated one
   * (in all and for `callerKey`; no per-caller cap without one). A refusal leaves the socket holding nothing; so does
   * a socket evicted meanwhile, refused as `TOO_MANY_CONNECTIONS`.
   */
  authenticate(callerKey: string | undefined): Promise<AdmissionRefusal | undefined>;
  /** Gives back whatever place the socket holds; once, however often it is called. */
  leave(): void;
}

/** What `createSubscriptionAdmission` returns. */
export interface SubscriptionAdmission {
  /** Whether every authenticated place is taken, so a new socket could not get one (refused at the upgrade). */
  readonly full: boolean;
  /**
   * A new socket from `address` takes an anonymous place. When its address's or the total anonymous allowance is
   * taken, the oldest anonymous socket (of that address, then of all) is evicted through its `evict` callback: a
   * new socket always gets its chance to authenticate, so sockets that never do cannot keep callers out.
   */
  arrive(address: string, evict: () => void): AdmissionTicket;
  /** Sockets holding an anonymous place now. */
  readonly anonymous: number;
  /** Connections holding an authenticated place now. */
  readonly authenticated: number;
}

interface Pending {
  readonly address: string;
  readonly evict: () => void;
  state: 'anonymous' | 'authenticated' | 'gone';
}

/**
 * Admission of graphql-ws connections. A socket counts against `maxConnections` only once authenticated: before,
 * it holds one of a small anonymous allowance (per address and in all) for at most the init timeout. Issue 12
 * item 1: 100 sockets that never sent `connection_init` had an admin's connection refused 8 times out of 8. With
 * `perCaller` (a {@link ClusterLimit} on the shared store) a caller's connections are counted over every instance.
 */
export function createSubscriptionAdmission(
  limits: SubscriptionAdmissionLimits,
  perCaller?: Pick<ClusterLimit, 'acquire'>,
): SubscriptionAdmission {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`createSubscriptionAdmission: ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  // Insertion-ordered: the first entry is the oldest.
  const anonymous = new Set<Pending>();
  const anonymousByAddress = new Map<string, Set<Pending>>();
  const local = createKeyedLimit(limits.maxConnectionsPerCaller);
  const acquire = perCaller === undefined ? async (key: string) => local.acquire(key) : (key: string) => perCaller.acquire(key);
  let authenticated = 0;

  const forget = (pending: Pending): void => {
    anonymous.delete(pending);
    const ofAddress = anonymousByAddress.get(pending.address);
    ofAddress?.delete(pending);
    if (ofAddress?.size === 0) anonymousByAddress.delete(pending.address);
  };
  const evictOldest = (among: Set<Pending>): void => {
    const oldest = among.values().next().value;
    if (oldest === undefined) return;
    forget(oldest);
    oldest.state = 'gone';
    oldest.evict();
  };

  return {
    get full() {
      return authenticated >= limits.maxConnections;
    },
    get anonymous() {
      return anonymous.size;
    },
    get authenticated() {
      return authenticated;
    },
    arrive(address, evict) {
      const ofAddress = anonymousByAddress.get(address) ?? new Set<Pending>();
      if (ofAddress.size >= limits.anonymousPerAddress) evictOldest(ofAddress);
      if (anonymous.size >= limits.anonymousMax) evictOldest(anonymous);
      const pending: Pending = { address, evict, state: 'anonymous' };
      anonymous.add(pending);
      ofAddress.add(pending);
      anonymousByAddress.set(address, ofAddress);
      let releaseCaller: (() => void) | undefined;
      return {
        async authenticate(callerKey) {
          if (pending.state !== 'anonymous') return 'TOO_MANY_CONNECTIONS';
          forget(pending);
          if (authenticated >= limits.maxConnections) {
            pending.state = 'gone';
            return 'TOO_MANY_CONNECTIONS';
          }
          // The place in all is taken before the caller's is asked for, so connections admitted meanwhile cannot pass it.
          authenticated += 1;
          pending.state = 'authenticated';
          if (callerKey === undefined) return undefined;
          const release = await acquire(callerKey);
          if (release === undefined) {
            if (pending.state === 'authenticated') authenticated -= 1;
            pending.state = 'gone';
            return 'TOO_MANY_CALLER_CONNECTIONS';
          }
          // The socket left while its caller's place was being taken: give that place straight back.
          if (pending.state === 'authenticated') releaseCaller = release;
          else release();
          return undefined;
        },
        leave() {
          if (pending.state === 'anonymous') forget(pending);
          else if (pending.state === 'authenticated') {
            authenticated -= 1;
            releaseCaller?.();
          }
          pending.state = 'gone';
        },
      };
    },
  };
}
