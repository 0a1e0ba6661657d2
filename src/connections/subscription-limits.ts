import { GraphQLError } from 'graphql';
import type { Caller } from '../auth/caller.ts';
import { createSubscriptionAdmission, type AdmissionRefusal, type SubscriptionAdmissionLimits } from './subscription-admission.ts';
import { createClusterLimit } from './cluster-limit.ts';
import { createSubscriptionCaps, type ConnectionSubscriptions } from './subscription-caps.ts';
import type { SharedStore } from '../state/store.ts';

/** Every place a graphql-ws server hands out: connections (authenticated or not yet) and live subscriptions. */
export type SubscriptionLimitsOptions = SubscriptionAdmissionLimits & { readonly maxPerConnection: number; readonly maxPerCaller: number };

/** One socket's places, from its upgrade to its close. */
export interface ConnectionLimits {
  /**
   * At `connection_init`, once its caller is known: true when the connection may take an authenticated place. False
   * after the socket has been told why (`tryLater`), when every place or its caller's share is taken (the caller's
   * share over every instance on the shared store).
   */
  admit(caller: Caller | undefined): Promise<boolean>;
  /** A place for subscription `id`, or the `TOO_MANY_SUBSCRIPTIONS` error to answer it with. */
  take(id: string): Promise<GraphQLError | undefined>;
  /** Gives back subscription `id`'s place (it completed, ended or failed). */
  release(id: string): void;
  /** Gives back every place of the socket (it closed); once, however often it is called. */
  leave(): void;
}

export interface SubscriptionLimits {
  /** Whether every authenticated place is taken: a new upgrade is refused before it becomes a socket. */
  readonly full: boolean;
  /** Sockets holding a place, authenticated or not yet. */
  readonly open: number;
  /**
   * A new socket from `address`. `tryLater(reason)` closes it with "try again later" (1013): when a newer socket
   * evicts it before it authenticated, or when it is refused at `admit`.
   */
  arrive(address: string, tryLater: (reason: string) => void): ConnectionLimits;
  /** Stops renewing this instance's places in the shared store (at shutdown). */
  close(): void;
}

interface LimitsLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  debug(message: string): void;
}

const CLOSE_REASONS: Readonly<Record<AdmissionRefusal | 'EVICTED', string>> = Object.freeze({
  TOO_MANY_CONNECTIONS: 'Too many connections',
  TOO_MANY_CALLER_CONNECTIONS: 'Too many connections for this caller',
  EVICTED: 'Too many unauthenticated connections',
});

/** The close reason of a socket refused because every authenticated place is taken. */
export const TOO_MANY_CONNECTIONS_REASON = CLOSE_REASONS.TOO_MANY_CONNECTIONS;

/**
 * The connection and subscription limits of a graphql-ws server (issue 12 item 1, issue 10 item 4), one face over
 * `createSubscriptionAdmission` (who holds a connection) and `createSubscriptionCaps` (how many subscriptions):
 * a caller is the API key name or JWT subject (`kind:subject`); a connection without a caller has no per-caller cap.
 */
export function createSubscriptionLimits(options: SubscriptionLimitsOptions, logger: LimitsLogger, store?: SharedStore): SubscriptionLimits {
  const { maxPerConnection, maxPerCaller, ...admissionLimits } = options;
  // A caller's connections and subscriptions are counted in the shared store, so with Redis the caps hold over every
  // instance; without a store, per instance.
  const clusterLimit = (max: number, what: string) => store === undefined ? undefined : createClusterLimit({
    store,
    max,
    keyPrefix: `caps:${what}:`,
    onStoreError: (error) => logger.warn({ err: error }, `subscription caps: the shared store failed; counting this instance's ${what} alone`),
  });
  const connectionsPerCaller = clusterLimit(admissionLimits.maxConnectionsPerCaller, 'connections');
  const subscriptionsPerCaller = clusterLimit(maxPerCaller, 'subscriptions');
  const admission = createSubscriptionAdmission(admissionLimits, connectionsPerCaller);
  const caps = createSubscriptionCaps({ maxPerConnection, maxPerCaller }, subscriptionsPerCaller);
  return {
    get full() {
      return admission.full;
    },
    get open() {
      return admission.authenticated + admission.anonymous;
    },
    arrive(address, tryLater) {
      const ticket = admission.arrive(address, () => {
        logger.debug('unauthenticated subscription socket evicted by a newer one');
        tryLater(CLOSE_REASONS.EVICTED);
      });
      let subscriptions: ConnectionSubscriptions | undefined;
      return {
        async admit(caller) {
          const callerKey = caller === undefined ? undefined : `${caller.kind}:${caller.subject}`;
          const refusal = await ticket.authenticate(callerKey);
          if (refusal !== undefined) {
            logger.info({ reason: refusal }, 'subscription connection refused');
            tryLater(CLOSE_REASONS[refusal]);
            return false;
          }
          subscriptions = caps.connection(callerKey);
          return true;
        },
        async take(id) {
          // graphql-ws passes subscribe messages of acknowledged (admitted) connections only.
          const capped = subscriptions === undefined ? 'PER_CONNECTION' : await subscriptions.take(id);
          if (capped === undefined) return undefined;
          return new GraphQLError(
            capped === 'PER_CONNECTION'
              ? 'Too many subscriptions on this connection: complete one before starting another.'
              : 'Too many subscriptions for this caller: complete one before starting another.',
            { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', reason: capped } },
          );
        },
        release(id) {
          subscriptions?.release(id);
        },
        leave() {
          ticket.leave();
          subscriptions?.releaseAll();
        },
      };
    },
    close() {
      connectionsPerCaller?.close();
      subscriptionsPerCaller?.close();
    },
  };
}
