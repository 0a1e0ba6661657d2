import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Tracer } from '@opentelemetry/api';
import { createSourceEventStream, execute, getOperationAST, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { createCostTally, type CostCounts } from '../cost/cost-tally.ts';
import type { CostTracker } from '../cost/cost-tracker.ts';
import type { GatewayMetrics } from './metrics.ts';

/** graphql-js's `subscribe`, as graphql-ws and graphql-sse call it. */
export type SubscribeFunction = (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult>;

/** Options of {@link createEventSubscribe}. */
export interface EventSubscribeOptions {
  /** Each event's execution gets a span from it. */
  tracer?: Tracer | undefined;
  /** Each event's execution is recorded as an operation of type `subscription`. */
  metrics?: GatewayMetrics | undefined;
  /** Counts each event's Zoom calls (its actual cost) in a tally of its own. */
  costTracker?: CostTracker | undefined;
}

/** What an event published by the gateway (src/events) may carry: the webhook it came from, its trace. */
interface TracedEvent {
  readonly zoomEvent?: unknown;
  readonly traceparent?: unknown;
}

/**
 * graphql-js's `subscribe` with each event's execution recorded as an operation of its own, as an HTTP operation is
 * (src/telemetry/use-operation-spans.ts, use-operation-telemetry.ts): the subscription is one long-lived request,
 * but each event it delivers is resolved anew (its `meeting { ... }` read from Zoom), and that is the work to see.
 * - a CONSUMER span `subscription <name>`, linked to the processing of the webhook that produced the event (through
 *   the `traceparent` the event carries across the pub/sub, Redis included), under which the event's resolvers and
 *   Zoom calls nest; attributes as an HTTP operation's: name, type, the caller's role, the actual Zoom calls, the
 *   first error code, never the caller's identity, the event's ids or the variables;
 * - `zoom_gateway_graphql_operations_total{type="subscription"}` with the event's outcome, its duration, and the
 *   Zoom calls it made.
 * Without a tracer and metrics it is graphql-js's `subscribe` itself.
 */
export function createEventSubscribe(options: EventSubscribeOptions): SubscribeFunction {
  const { tracer, metrics, costTracker } = options;
  if (tracer === undefined && metrics === undefined) return subscribe;
  return async (args) => {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const operationName = getOperationAST(args.document, args.operationName)?.name?.value;
    const role = (args.contextValue as { caller?: { role?: unknown } } | undefined)?.caller?.role;
    const operation: Attributes = {
      'graphql.operation.type': 'subscription',
      ...(operationName === undefined ? {} : { 'graphql.operation.name': operationName }),
      'zoom_gateway.caller.role': typeof role === 'string' ? role : 'none',
    };
    const spanName = operationName === undefined ? 'subscription' : `subscription ${operationName}`;

    const executeEvent = async (payload: unknown): Promise<ExecutionResult> => {
      const startedAt = performance.now();
      const tally = costTracker === undefined ? undefined : createCostTally();
      const run = (): Promise<ExecutionResult> => {
        const executing = async () => execute({ ...args, rootValue: payload });
        return tally === undefined ? executing() : costTracker!.run(tally, executing);
      };
      const result = tracer === undefined ? await run() : await traceEvent(tracer, spanName, operation, payload as TracedEvent, run, tally);
      metrics?.recordOperation({
        name: operationName,
        type: 'subscription',
        outcome: outcomeOf(result),
        durationSeconds: (performance.now() - startedAt) / 1000,
        ...(tally === undefined ? {} : { actualCalls: totalCalls(tally.snapshot()) }),
      });
      return result;
    };
    return mapEvents(stream, executeEvent);
  };
}

async function traceEvent(
  tracer: Tracer,
  name: string,
  operation: Attributes,
  event: TracedEvent | null | undefined,
  run: () => Promise<ExecutionResult>,
  tally: ReturnType<typeof createCostTally> | undefined,
): Promise<ExecutionResult> {
  const source = typeof event?.traceparent === 'string' ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: event.traceparent })) : undefined;
  const links: Link[] = source === undefined ? [] : [{ context: source }];
  const attributes = typeof event?.zoomEvent === 'string' ? { ...operation, 'zoom.webhook.event': event.zoomEvent } : operation;
  // A trace of its own, linked to the webhook's: one event reaches many subscriptions, each resolved apart.
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, links, attributes }, ROOT_CONTEXT, async (span) => {
    try {
      const result = await run();
      if (tally !== undefined) span.setAttributes(costAttributes(tally.snapshot()));
      if (result.errors !== undefined && result.errors.length > 0) {
        span.setAttribute('graphql.error.code', outcomeOf(result));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `OK`, or the first error's code as the HTTP operations are recorded. */
function outcomeOf(result: ExecutionResult): string {
  if (result.errors === undefined || result.errors.length === 0) return 'OK';
  const code = result.errors[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

function costAttributes(counts: CostCounts): Attributes {
  return {
    'zoom_gateway.cost.actual.light': counts.light,
    'zoom_gateway.cost.actual.medium': counts.medium,
    'zoom_gateway.cost.actual.heavy': counts.heavy,
  };
}

function totalCalls(counts: CostCounts): number {
  return counts.light + counts.medium + counts.heavy;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * The source's events, each executed by `map`, as graphql-js's own `mapAsyncIterator` does: `return()` ends the
 * source at once (it releases the pub/sub subscription), and an execution that throws ends it too.
 */
function mapEvents(source: AsyncIterable<unknown>, map: (payload: unknown) => Promise<ExecutionResult>): AsyncGenerator<ExecutionResult, void, void> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async (): Promise<void> => {
    try {
      await iterator.return?.();
    } catch {
      // The execution's error is the one to report.
    }
  };
  const mapped = async (next: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult, void>> => {
    if (next.done === true) return { done: true, value: undefined };
    try {
      return { done: false, value: await map(next.value) };
    } catch (error) {
      await close();
      throw error;
    }
  };
  const self: AsyncGenerator<ExecutionResult, void, void> = {
    next: async () => mapped(await iterator.next()),
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return self;
    },
  };
  return self;
}
