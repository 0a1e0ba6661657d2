import { context, propagation, ROOT_CONTEXT, trace, TraceFlags, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeContextManager } from '../../src/async-scope/index.ts';
import type { CostMap } from '../../src/cost/cost-map.ts';
import { traceZoomResolvers } from '../../src/telemetry/resolver-spans.ts';
import { underUnsampledSpan } from '../../src/telemetry/sampled.ts';
import { startAttemptSpan } from '../../src/zoom/attempt-span.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const parent = (flags: number): Span => trace.wrapSpanContext({ traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: flags });
const under = <T>(flags: number, fn: () => T): T => context.with(trace.setSpan(ROOT_CONTEXT, parent(flags)), fn);

/** A real tracer that counts the spans it is asked for. */
function countingTracer(): { tracer: Tracer; started: () => number } {
  const real = new BasicTracerProvider().getTracer('test');
  let started = 0;
  const tracer: Tracer = {
    startSpan: (...args: Parameters<Tracer['startSpan']>) => {
      started++;
      return real.startSpan(...args);
    },
    startActiveSpan: ((...args: unknown[]) => {
      started++;
      return (real.startActiveSpan as (...all: unknown[]) => unknown)(...args);
    }) as Tracer['startActiveSpan'],
  };
  return { tracer, started: () => started };
}

beforeAll(() => {
  context.setGlobalContextManager(scopeContextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  context.disable();
  propagation.disable();
});

describe('work under a span the sampler dropped', () => {
  it('is told apart from work under a sampled span or none', () => {
    expect(underUnsampledSpan()).toBe(false);
    expect(under(TraceFlags.SAMPLED, underUnsampledSpan)).toBe(false);
    expect(under(TraceFlags.NONE, underUnsampledSpan)).toBe(true);
  });

  it('runs a Zoom-calling resolver without a span of its own, and one under a sampled span with one once it calls Zoom', async () => {
    const { tracer, started } = countingTracer();
    const info = { operation: 'user', method: 'GET', category: 'Light', attempt: 1, queueWaitMs: 0 } as const;
    let calls = true;
    const schema = traceZoomResolvers(new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { me: { type: GraphQLString, resolve: async () => {
        await Promise.resolve();
        if (calls) startAttemptSpan(tracer, info).end({ status: 200 });
        return 'me';
      } } } }),
    }), { 'Query.me': { operation: 'user' } } as unknown as CostMap, tracer);
    expect((await under(TraceFlags.NONE, () => graphql({ schema, source: '{ me }' }))).data).toEqual({ me: 'me' });
    expect(started()).toBe(0);
    // Sampled: the resolver's span, made with its Zoom call, and the call's.
    expect((await under(TraceFlags.SAMPLED, () => graphql({ schema, source: '{ me }' }))).data).toEqual({ me: 'me' });
    expect(started()).toBe(2);
    // A resolver that calls nothing (the cache answered) has no span.
    calls = false;
    expect((await under(TraceFlags.SAMPLED, () => graphql({ schema, source: '{ me }' }))).data).toEqual({ me: 'me' });
    expect(started()).toBe(2);
  });

  it('makes no span for a Zoom attempt, but still sends Zoom the trace, flagged not sampled', () => {
    const { tracer, started } = countingTracer();
    const info = { operation: 'user', method: 'GET', category: 'Light', attempt: 1, queueWaitMs: 0 } as const;
    const unsampled = under(TraceFlags.NONE, () => startAttemptSpan(tracer, info));
    expect(started()).toBe(0);
    expect(unsampled.headers).toEqual({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-00` });
    unsampled.end({ status: 200 });
    const sampled = under(TraceFlags.SAMPLED, () => startAttemptSpan(tracer, info));
    expect(started()).toBe(1);
    expect(sampled.headers['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    sampled.end({ status: 200 });
  });
});
