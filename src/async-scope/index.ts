import { AsyncLocalStorage } from 'node:async_hooks';
import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * The gateway's one AsyncLocalStorage: what belongs to the request whose work is running now (its Zoom-call tally,
 * the caller its Zoom calls are shaped for, its log ids) and, with tracing on, the OpenTelemetry context (its span).
 *
 * Why one: on Node 20 every AsyncLocalStorage that has run copies its value onto every promise and other async
 * resource the process creates, so each store is paid for on all the work of every request. Measured on a warm
 * 30x10 answer, three stores of the gateway's own took a fifth of its CPU; OpenTelemetry's context manager made a
 * fourth as soon as tracing was on. Here the values of the gateway and the trace context share one frame.
 *
 * The trace context and the gateway's values are kept apart in the frame: OpenTelemetry starts new roots (a request
 * continuing its caller's `traceparent`, a subscription event's own trace) from contexts of its own, which must not
 * drop the request's tally or caller, and a gateway value set inside a span keeps the span.
 */
class ScopeFrame {
  constructor(
    /** OpenTelemetry's active context (the span), as {@link scopeContextManager} is told. */
    readonly trace: Context,
    /** The gateway's values, keyed by {@link ScopeKey}s, in an immutable context of their own. */
    readonly values: Context,
  ) {}
}

const EMPTY = new ScopeFrame(ROOT_CONTEXT, ROOT_CONTEXT);
const storage = new AsyncLocalStorage<ScopeFrame>();

/** The key of one kind of value in the scope; each module that keeps one makes its own. */
export type ScopeKey<T> = symbol & { readonly __scopeValue?: T };

/** A key of its own for a kind of value (a key per instance where a module may be created more than once). */
export function createScopeKey<T>(description: string): ScopeKey<T> {
  return createContextKey(description) as ScopeKey<T>;
}

/** Runs `fn` with `value` under `key` for it and all the asynchronous work it starts; other values stay as they are. */
export function runInScope<T, R>(key: ScopeKey<T>, value: T, fn: () => R): R {
  const frame = storage.getStore() ?? EMPTY;
  return storage.run(new ScopeFrame(frame.trace, frame.values.setValue(key, value)), fn);
}

/** The value under `key` of the work running now, if any. */
export function scopeValue<T>(key: ScopeKey<T>): T | undefined {
  return storage.getStore()?.values.getValue(key) as T | undefined;
}

/**
 * OpenTelemetry's context manager over the same store, for the tracing SDK to register (src/telemetry/tracing.ts),
 * so that tracing adds no store of its own. It is the library's AsyncLocalStorage manager (whose `bind` of functions
 * and event emitters it keeps) with the active context read from and written to the frame.
 */
class ScopeContextManager extends AsyncLocalStorageContextManager {
  override active(): Context {
    return storage.getStore()?.trace ?? ROOT_CONTEXT;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const frame = storage.getStore() ?? EMPTY;
    const callback = thisArg == null ? fn : fn.bind(thisArg);
    return storage.run(new ScopeFrame(context, frame.values), callback, ...args);
  }

  /** Makes `context` active for the rest of the current execution (the library's experimental `attach`). */
  override attach(context: Context): { dispose(): void } {
    const previous = storage.getStore() ?? EMPTY;
    storage.enterWith(new ScopeFrame(context, previous.values));
    let disposed = false;
    return {
      dispose() {
        if (disposed) return;
        disposed = true;
        storage.enterWith(previous);
      },
    };
  }

  override enable(): this {
    return this;
  }

  /** Does nothing: the store is the gateway's and lives as long as the process (a test's `context.disable()`). */
  override disable(): this {
    return this;
  }
}

/** The context manager the tracing SDK is registered with; one per process, as the store is. */
export const scopeContextManager = new ScopeContextManager();
