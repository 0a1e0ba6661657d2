import { createScopeKey, runInScope, scopeValue } from '../async-scope/index.ts';
import type { Caller } from '../auth/caller.ts';
import type { PaginatedOperationId, ZoomCall, ZoomClient } from '../zoom/client-types.ts';
import type { ZoomOperationId } from '../zoom/operations.ts';

/** Who a Zoom call is made for, as the shaper queues it: one flow per `key`, weighted by `role`. */
export interface ShaperCaller {
  /** `jwt:<sub>` or `api-key:<name>`; `system` for calls made outside any caller's operation (webhook lookups). */
  readonly key: string;
  readonly role: 'admin' | 'member' | 'system';
}

/** The flow of calls made outside any caller's operation. */
export const SYSTEM_CALLER: ShaperCaller = Object.freeze({ key: 'system', role: 'system' });

/**
 * Carries the caller of the current operation to each Zoom call it makes through async context
 * (src/async-scope), as the cost tracker carries a request's tally: resolvers, DataLoader batches and pagination
 * keep it without any of them passing it along.
 */
export interface CallerScope {
  /** The caller of the Zoom call being made now; {@link SYSTEM_CALLER} outside any. */
  current(): ShaperCaller;
  /** Runs `fn` with `caller` as the caller of every Zoom call it makes. */
  run<T>(caller: Caller | undefined, fn: () => T): T;
  /** A client whose calls (and pages) are made for `caller`, e.g. the one an operation's context holds. */
  bind(client: ZoomClient, caller: Caller | undefined): ZoomClient;
}

export function createCallerScope(): CallerScope {
  const callerKey = createScopeKey<ShaperCaller>('shaper caller');
  const run = <T>(caller: Caller | undefined, fn: () => T): T => runInScope(callerKey, shaperCallerOf(caller), fn);
  return {
    current: () => scopeValue(callerKey) ?? SYSTEM_CALLER,
    run,
    bind(client, caller) {
      const flow = shaperCallerOf(caller);
      const within = <T>(fn: () => T): T => runInScope(callerKey, flow, fn);
      return {
        call: <Op extends ZoomOperationId>(operation: Op, call?: ZoomCall<Op>) => within(() => client.call(operation, call)),
        paginate<Op extends PaginatedOperationId>(operation: Op, call?: ZoomCall<Op> & { pageSize?: number }) {
          // A generator's body runs in the context of whoever calls next(): each step is run in the caller's.
          const pages = within(() => client.paginate(operation, call));
          const iterator: ReturnType<ZoomClient['paginate']> = {
            next: (...args) => within(() => pages.next(...args)),
            return: (value) => within(() => pages.return?.(value) ?? Promise.resolve({ done: true, value })),
            throw: (error) => within(() => pages.throw?.(error) ?? Promise.reject(error)),
            [Symbol.asyncIterator]: () => iterator,
          };
          return iterator as never;
        },
      };
    },
  };
}

/** The shaper's view of an authenticated caller. */
export function shaperCallerOf(caller: Caller | undefined): ShaperCaller {
  return caller === undefined ? SYSTEM_CALLER : { key: `${caller.kind}:${caller.subject}`, role: caller.role };
}
