import { propagation, SpanKind } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GraphQLError, parse } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventSubscribe } from '../../src/telemetry/event-operations.ts';
import { createGatewayMetrics } from '../../src/telemetry/metrics.ts';
import { moved, parseExposition } from './scrape.ts';

const WEBHOOK_TRACE = '0af7651916cd43dd8448eb211c80319c';
const WEBHOOK_SPAN = 'b7ad6b7169203331';

/** A subscription whose events are given, and whose `ok` field fails for an event that says so. */
const schema = makeExecutableSchema({
  typeDefs: 'type Query { x: Int } type Event { ok: Boolean } type Subscription { events: Event }',
  resolvers: {
    Subscription: {
      events: {
        subscribe: async function* () {
          yield { zoomEvent: 'meeting.created', traceparent: `00-${WEBHOOK_TRACE}-${WEBHOOK_SPAN}-01`, fail: false };
          yield { zoomEvent: 'meeting.deleted', fail: true };
        },
        resolve: (event: unknown) => event,
      },
    },
    Event: {
      ok: (event: { fail: boolean }) => {
        if (event.fail) throw new GraphQLError('gone', { extensions: { code: 'MEETING_NOT_FOUND' } });
        return true;
      },
    },
  },
});

describe('subscription events as operations', () => {
  // As the SDK sets it when OTEL_* turn tracing on: the event's traceparent is read through the global propagator.
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it('gives each event a span linked to its webhook and counts it with its outcome', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const metrics = createGatewayMetrics({ processMetrics: false });
    const subscribe = createEventSubscribe({ tracer: provider.getTracer('test'), metrics });
    const before = parseExposition(await metrics.scrape());
    const stream = await subscribe({ schema, document: parse('subscription Watch { events { ok } }'), contextValue: { caller: { role: 'member' } } });
    if (!(Symbol.asyncIterator in stream)) throw new Error('expected a stream');
    const results = [];
    for await (const result of stream) results.push(result);
    expect(results.map((result) => result.errors?.[0]?.extensions?.['code'] ?? 'OK')).toEqual(['OK', 'MEETING_NOT_FOUND']);

    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => [span.name, span.kind, span.status.code])).toEqual([
      ['subscription Watch', SpanKind.CONSUMER, 0],
      ['subscription Watch', SpanKind.CONSUMER, 2],
    ]);
    expect(spans[0]!.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([[WEBHOOK_TRACE, WEBHOOK_SPAN]]);
    expect(spans[0]!.spanContext().traceId).not.toBe(WEBHOOK_TRACE);
    expect(spans[0]!.attributes).toEqual({
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': 'Watch',
      'zoom_gateway.caller.role': 'member',
      'zoom.webhook.event': 'meeting.created',
    });
    expect(spans[1]!.links).toEqual([]);
    expect(spans[1]!.attributes['graphql.error.code']).toBe('MEETING_NOT_FOUND');

    const after = parseExposition(await metrics.scrape());
    const ops = 'zoom_gateway_graphql_operations_total';
    expect(moved(before, after, ops, { operation: 'Watch', type: 'subscription', outcome: 'OK' })).toBe(1);
    expect(moved(before, after, ops, { operation: 'Watch', type: 'subscription', outcome: 'MEETING_NOT_FOUND' })).toBe(1);
  });

  it('is graphql-js subscribe itself when neither metrics nor traces are on', async () => {
    const { subscribe } = await import('graphql');
    expect(createEventSubscribe({})).toBe(subscribe);
  });
});
