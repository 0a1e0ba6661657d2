import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TRACER_NAME } from './tracing.ts';

/*
 * Spans of Zoom's webhook events on their way to subscribers, through the global OpenTelemetry API (no-ops until a
 * provider is registered: the SDK that OTEL_* start, or a test's). The receiving request's span is the parent of the
 * event's processing; each subscription's execution of the event is an operation span of its own
 * (src/telemetry/event-operations.ts), linked to that processing through the `traceparent` the event carries across
 * the pub/sub (Redis included).
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
