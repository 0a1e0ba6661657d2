import { Writable } from 'node:stream';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { scopeContextManager } from '../../src/async-scope/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { collect, E2E_API_KEY, waitUntil, wsClient } from '../e2e/helpers.ts';

const API_KEY = E2E_API_KEY;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN_ID = 'b7ad6b7169203331';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let started: StartedGateway;
const lines: string[] = [];

beforeAll(async () => {
  // Sets the W3C propagator and the gateway's context manager, as src/telemetry/tracing.ts does when OTEL_* turn
  // tracing on: spans and the gateway's request values share one store.
  provider.register({ contextManager: scopeContextManager });
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: '0',
    SANDBOX_RATE_LIMITS: 'unlimited',
    CALLER_API_KEYS: `tracing:admin:${createHash('sha256').update(API_KEY).digest('hex')}`,
  });
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  started = await startGateway(config, { tracerProvider: provider, logger: createLogger({ level: 'info', destination }) });
});
afterAll(async () => {
  await started?.gateway.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

async function graphql(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${started.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...headers },
    body: JSON.stringify({ query }),
  });
  return { requestId: response.headers.get('x-request-id')!, body: (await response.json()) as { data?: any; errors?: any[] } };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** The spans of one trace, once the operation's span has ended (it ends when the answer is written). */
async function finishedTrace(traceId: string): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100; i++) {
    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    if (spans.some((span) => span.kind === SpanKind.SERVER)) return spans;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no finished server span in trace ${traceId}`);
}

describe('traces', () => {
  it('continues the caller\'s traceparent with one span per Zoom call under the operation span', async () => {
    const sandbox = started.sandbox!;
    const logBefore = sandbox.stats.log().length;
    const answer = await graphql('query Nested { users(first: 2) { nodes { id email meetings(first: 2) { nodes { id topic } } } } }', {
      traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
    });
    expect(answer.body.errors).toBeUndefined();
    const users = answer.body.data.users.nodes as Array<{ id: string; email: string; meetings: { nodes: Array<{ id: string }> } }>;
    expect(users).toHaveLength(2);

    const spans = await finishedTrace(TRACE_ID);
    const root = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(root.name).toBe('query Nested');
    expect(parentOf(root)).toBe(PARENT_SPAN_ID);
    expect(root.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Nested',
      'zoom_gateway.caller.role': 'admin',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      'zoom_gateway.cost.actual.medium': 3,
    });
    expect(root.attributes['zoom_gateway.cost.estimated.medium']).toBeGreaterThanOrEqual(3);

    // One GET /users and one GET /users/{id}/meetings per user: three Zoom calls, three attempt spans.
    const zoomSpans = spans.filter((span) => span.kind === SpanKind.CLIENT);
    const calls = sandbox.stats.log().slice(logBefore).filter((entry) => entry.operation !== 'oauth');
    expect(calls).toHaveLength(3);
    expect(zoomSpans.map((span) => span.name).sort()).toEqual(['zoom meetings', 'zoom meetings', 'zoom users']);
    const byId = new Map(spans.map((span) => [idOf(span), span]));
    for (const span of zoomSpans) {
      expect(span.attributes).toMatchObject({ 'zoom.rate_limit.category': 'Medium', 'zoom.attempt': 1, 'http.response.status_code': 200, 'http.request.method': 'GET' });
      expect(typeof span.attributes['zoom.queue_wait_ms']).toBe('number');
      // Its parent is the resolver that called Zoom, whose parent is the operation.
      const resolver = byId.get(parentOf(span)!)!;
      expect(resolver.name).toMatch(/^resolve (Query\.users|User\.meetings)$/);
      expect(parentOf(resolver)).toBe(idOf(root));
    }
    // Zoom received each attempt's own traceparent.
    expect(calls.map((entry) => entry.traceparent).sort()).toEqual(zoomSpans.map((span) => `00-${TRACE_ID}-${idOf(span)}-01`).sort());

    // The request's log lines carry the same trace id.
    const requestLines = lines.filter((line) => line.includes(answer.requestId)).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(line['traceId']).toBe(TRACE_ID);

    // Nothing that names a user or a meeting, nor a credential, is in any span.
    const text = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, links: span.links })));
    for (const user of users) {
      expect(text).not.toContain(user.id);
      expect(text).not.toContain(user.email);
      for (const meeting of user.meetings.nodes) expect(text).not.toContain(String(meeting.id));
    }
    for (const secret of [API_KEY, sandbox.credentials.clientSecret, sandbox.credentials.clientId]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/bearer/i);
  });

  it('records nothing under a caller\'s traceparent flagged not sampled, and tells Zoom so', async () => {
    const sandbox = started.sandbox!;
    const logBefore = sandbox.stats.log().length;
    const traceId = '2'.repeat(32);
    const answer = await graphql('query Unsampled { users(first: 3) { nodes { meetings(first: 1) { nodes { id } } } } }', {
      traceparent: `00-${traceId}-${PARENT_SPAN_ID}-00`,
    });
    expect(answer.body.errors).toBeUndefined();
    // The four Zoom calls (a page of users, their meetings) were made, each carrying the caller's trace, not
    // sampled, with no span of the gateway's.
    const calls = sandbox.stats.log().slice(logBefore).filter((entry) => entry.operation !== 'oauth');
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    // A sampled request after it is traced as before, so its spans are exported by now and the unsampled one's would be.
    await graphql('{ me { id } }', { traceparent: `00-${'3'.repeat(32)}-${PARENT_SPAN_ID}-01` });
    await finishedTrace('3'.repeat(32));
    expect(exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)).toEqual([]);
  });

  it('starts a new trace without a traceparent, and the logs carry its id', async () => {
    const answer = await graphql('{ me { id } }');
    expect(answer.body.errors).toBeUndefined();
    const traceId = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['requestId'] === answer.requestId)?.['traceId'] as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = await finishedTrace(traceId);
    const root = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(root.name).toBe('query');
    expect(root.parentSpanContext).toBeUndefined();
    expect(spans.filter((span) => span.kind === SpanKind.CLIENT).map((span) => span.name)).toEqual(['zoom user']);
  });

  it('notes a cache miss on the span of the resolver that then calls Zoom, and an answer from the cache on the operation span, with no resolver or Zoom span', async () => {
    const listed = await graphql('{ users(first: 1) { nodes { id } } }');
    const id = listed.body.data.users.nodes[0].id as string;
    const traces = ['2'.repeat(32), '3'.repeat(32)];
    for (const traceId of traces) {
      expect((await graphql(`query One { user(id: "${id}") { id } }`, { traceparent: `00-${traceId}-${PARENT_SPAN_ID}-01` })).body.errors).toBeUndefined();
    }
    const [first, second] = await Promise.all(traces.map(finishedTrace));
    const resolverOf = (spans: ReadableSpan[]) => spans.find((span) => span.name === 'resolve Query.user');
    expect(resolverOf(first!)!.events.map((event) => [event.name, event.attributes])).toEqual([['cache miss', { 'zoom.operation': 'user', 'zoom.cache.cause': 'absent' }]]);
    expect(first!.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(1);
    const call = first!.find((span) => span.kind === SpanKind.CLIENT)!;
    expect(parentOf(call)).toBe(idOf(resolverOf(first!)!));
    // The cached answer: the resolver called nothing, so it has no span; the operation's names the field.
    expect(resolverOf(second!)).toBeUndefined();
    expect(second!.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(0);
    const operation = second!.find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.events.map((event) => [event.name, event.attributes]))
      .toEqual([['cache hit', { 'graphql.field.coordinate': 'Query.user', 'zoom.operation': 'user' }]]);
  });

  /** Posts a signed `meeting.created` for `meetingId` as Zoom would, continuing the trace `traceId`. */
  async function deliverCreated(meetingId: number, traceId: string): Promise<void> {
    const raw = JSON.stringify({
      event: 'meeting.created', event_ts: Date.now(),
      payload: { account_id: 'acct', object: { id: meetingId, uuid: `u${meetingId}`, host_id: 'h1', topic: 'Traced', type: 2 } },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${started.gateway.url}/webhooks/zoom`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': signZoomWebhook(started.sandbox!.credentials.webhookSecretToken, timestamp, Buffer.from(raw)),
        traceparent: `00-${traceId}-${PARENT_SPAN_ID}-01`,
      },
      body: raw,
    });
    expect(response.status).toBe(200);
  }

  /** A meeting the sandbox has, so that an event's `meeting { topic }` is read from Zoom. */
  async function someMeetingId(): Promise<number> {
    const listed = await graphql('{ users(first: 1) { nodes { meetings(first: 1) { nodes { id } } } } }');
    return Number(listed.body.data.users.nodes[0].meetings.nodes[0].id);
  }

  /** The event's execution span, its trace's other spans, and the webhook processing span it links to. */
  async function eventTrace(webhookTraceId: string, name: string) {
    await waitUntil(() => exporter.getFinishedSpans().some((span) => span.name === name), `the span ${name} ends`);
    const spans = exporter.getFinishedSpans();
    const processing = spans.find((span) => span.name === 'process meeting.created' && span.spanContext().traceId === webhookTraceId)!;
    const event = spans.find((span) => span.name === name)!;
    const inTrace = spans.filter((span) => span !== event && span.spanContext().traceId === event.spanContext().traceId);
    return { spans, processing, event, inTrace };
  }

  it('traces a webhook event from the delivery through its processing to each subscription it reaches, each event an operation', async () => {
    const meetingId = await someMeetingId();
    const pubsub = started.gateway.pubsub as MemoryPubSub<never>;
    const client = wsClient(`${started.gateway.url}/graphql`);
    const events = collect(client, 'subscription Live { meetingEvents { __typename meetingId meeting { topic } } }');
    try {
      await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the subscription is live');
      exporter.reset();
      await deliverCreated(meetingId, '4'.repeat(32));
      await waitUntil(() => events.received.length === 1, 'the event arrives');
    } finally {
      events.stop();
      await client.dispose();
    }
    expect(events.received[0]?.errors).toBeUndefined();
    const { spans, processing, event, inTrace } = await eventTrace('4'.repeat(32), 'subscription Live');
    const received = spans.find((span) => span.kind === SpanKind.SERVER && span.spanContext().traceId === '4'.repeat(32))!;
    expect(received.name).toBe('POST /webhooks/zoom');
    expect(parentOf(received)).toBe(PARENT_SPAN_ID);
    expect(parentOf(processing)).toBe(idOf(received));

    // The event's execution: a trace of its own, linked to the processing that published it.
    expect(event.kind).toBe(SpanKind.CONSUMER);
    expect(event.spanContext().traceId).not.toBe('4'.repeat(32));
    expect(event.parentSpanContext).toBeUndefined();
    expect(event.links.map((link) => link.context.spanId)).toEqual([idOf(processing)]);
    expect(event.attributes).toMatchObject({
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': 'Live',
      'zoom_gateway.caller.role': 'admin',
      'zoom.webhook.event': 'meeting.created',
    });
    expect(event.status.code).toBe(0); // UNSET: no error
    // The resolver that read the meeting from Zoom nests under it, and its Zoom call under the resolver.
    // MeetingEvent.meeting calls Zoom (the cost map names it on the interface): traced on the type that answered.
    const resolver = inTrace.find((span) => span.name === 'resolve MeetingCreatedEvent.meeting')!;
    expect(parentOf(resolver)).toBe(idOf(event));
    for (const call of inTrace.filter((span) => span.kind === SpanKind.CLIENT)) expect(parentOf(call)).toBe(idOf(resolver));
    expect(event.attributes['zoom_gateway.cost.actual.light']! as number + (event.attributes['zoom_gateway.cost.actual.medium'] as number))
      .toBe(inTrace.filter((span) => span.kind === SpanKind.CLIENT).length);
    // Nothing that names the meeting.
    expect(JSON.stringify([event.name, event.attributes, inTrace.map((span) => span.attributes)])).not.toContain(String(meetingId));
  });

  it('gives each event delivered over Server-Sent Events an operation span too', async () => {
    const pubsub = started.gateway.pubsub as MemoryPubSub<never>;
    const abort = new AbortController();
    const response = await fetch(`${started.gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: 'subscription OverSse { meetingEvents { meetingId } }' }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    try {
      await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the stream is live');
      exporter.reset();
      await deliverCreated(85550002222, '5'.repeat(32));
      const { processing, event } = await eventTrace('5'.repeat(32), 'subscription OverSse');
      expect(event.links.map((link) => link.context.spanId)).toEqual([idOf(processing)]);
      expect(event.attributes).toMatchObject({ 'graphql.operation.type': 'subscription', 'zoom.webhook.event': 'meeting.created' });
    } finally {
      abort.abort();
    }
    await waitUntil(() => pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the stream is released');
  });

  it('marks a failed operation and its Zoom attempts, each retry a span of its own', async () => {
    const sandbox = started.sandbox!;
    sandbox.faults.addErrors({ status: 503, times: 1 });
    try {
      const answer = await graphql('query Retried { me { id } }', { traceparent: `00-${'1'.repeat(32)}-${PARENT_SPAN_ID}-01` });
      expect(answer.body.errors).toBeUndefined();
    } finally {
      sandbox.faults.clear();
    }
    const attempts = (await finishedTrace('1'.repeat(32))).filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.map((span) => [span.attributes['zoom.attempt'], span.attributes['http.response.status_code']])).toEqual([[1, 503], [2, 200]]);
    expect(attempts[0]!.status.code).toBe(2); // ERROR
  });
});
