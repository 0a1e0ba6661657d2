import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { TRACER_NAME } from './tracing.ts';

/*
 * Spans of Zoom's webhook events on their way to subscribers, through the global OpenTelemetry API (no-ops until a
 * provider is registered: the SDK that OTEL_* start, or a test's). The receiving request's span is the parent of the
 * event's processing; each delivery to a subscription is a span of its own, linked to that processing through the
 * `traceparent` the event carries across the pub/sub (Redis included).
 */

const tracer = () => trace.getTracer(TRACER_NAME);

/** Runs the processing of one verified webhook event (invalidate, publish) as a CONSUMER span `process <event>`. */
export function traceWebhookProcessing<T>(zoomEvent: string, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(`process ${zoomEvent}`, { kind: SpanKind.CONSUMER, attributes: { 'zoom.webhook.event': zoomEvent } }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The event with the active span's `traceparent`, so its deliveries can link to where it came from. */
export function withTraceparent<E extends { traceparent?: string }>(event: E): E {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'] === undefined ? event : { ...event, traceparent: carrier['traceparent'] };
}

/** Records that `event` reached a subscription of `topic`: a span `deliver <topic>` linked to the event's processing. */
export function traceDelivery(topic: string, event: { traceparent?: string; zoomEvent: string }): void {
  const source = event.traceparent === undefined ? undefined : trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: event.traceparent }));
  const links: Link[] = source === undefined ? [] : [{ context: source }];
  tracer()
    .startSpan(`deliver ${topic}`, { kind: SpanKind.CONSUMER, links, attributes: { 'zoom.webhook.event': event.zoomEvent } }, ROOT_CONTEXT)
    .end();
}
