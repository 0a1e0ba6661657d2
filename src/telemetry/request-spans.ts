import type { IncomingMessage } from 'node:http';
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths probed every few seconds by orchestrators: traced, they would only bury the requests worth seeing. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz']);

/** One span per HTTP request, started when the request arrives, continuing the caller's W3C `traceparent`. */
export interface RequestSpans {
  /** Starts the request's span and returns its trace id (also without a recording provider when `traceparent` came). */
  start(request: IncomingMessage): string | undefined;
  /** Runs `fn` (the rest of the request's handling) with the request's span as the active one. */
  within<T>(request: IncomingMessage, fn: () => T): T;
  /** Names the span after its route and ends it when the answer is sent or the connection drops. */
  track(request: FastifyRequest, reply: FastifyReply): void;
}

/**
 * The request's SERVER span. For `/graphql` it is the operation's span: the operation plugin names it after the
 * operation (`query Me`) and adds its attributes, and every resolver and Zoom call runs under it. WebSocket upgrades
 * and health probes get none.
 */
export function createRequestSpans(tracer: Tracer): RequestSpans {
  const spans = new WeakMap<IncomingMessage, { span: Span; context: Context }>();
  return {
    start(request) {
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (UNTRACED_PATHS.has(path) || request.headers.upgrade !== undefined) return undefined;
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const method = request.method ?? 'GET';
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
      spans.set(request, { span, context: trace.setSpan(parent, span) });
      const spanContext = span.spanContext();
      return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
    },
    within(request, fn) {
      const entry = spans.get(request);
      return entry === undefined ? fn() : context.with(entry.context, fn);
    },
    track(request, reply) {
      const entry = spans.get(request.raw);
      // A span the sampler dropped records nothing: no name, status or end to wait for.
      if (entry === undefined || !entry.span.isRecording()) return;
      const route = request.routeOptions.url;
      if (route !== undefined) {
        entry.span.setAttribute('http.route', route);
        entry.span.updateName(`${request.method} ${route}`);
      }
      reply.raw.once('close', () => {
        const status = reply.raw.statusCode;
        entry.span.setAttribute('http.response.status_code', status);
        if (status >= 500 || !reply.raw.writableFinished) entry.span.setStatus({ code: SpanStatusCode.ERROR });
        entry.span.end();
      });
    },
  };
}
