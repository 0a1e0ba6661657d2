import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { zoomCallParent } from '../telemetry/resolver-spans.ts';
import { underUnsampledSpan } from '../telemetry/sampled.ts';
import type { HttpMethod, RateLimitCategory, ZoomOperationId } from './operations.ts';

/** What an attempt's span is told when it starts. Never a path (it holds user ids, emails, meeting ids) or a token. */
export interface AttemptInfo {
  operation: ZoomOperationId;
  method: HttpMethod;
  category: RateLimitCategory;
  /** 1 for the first attempt of a call. */
  attempt: number;
  /** Milliseconds this attempt waited for the rate limiter (the shaper's queue, a 429 hold). */
  queueWaitMs: number;
}

/** One attempt's CLIENT span: the headers that carry it to Zoom, and its end. */
export interface AttemptSpan {
  /** `traceparent` (and `tracestate`) of this attempt, to send with it. */
  readonly headers: Readonly<Record<string, string>>;
  end(outcome: { status?: number; failure?: string }): void;
}

const UNTRACED: AttemptSpan = Object.freeze({ headers: Object.freeze({}), end: () => undefined });

/**
 * Starts the span of one Zoom attempt (`zoom <operation>`, kind CLIENT) under the resolver's span or else the
 * active one (the operation, a webhook's processing), and the W3C headers that continue it at Zoom. Without a tracer it costs nothing.
 */
export function startAttemptSpan(tracer: Tracer | undefined, info: AttemptInfo): AttemptSpan {
  if (tracer === undefined) return UNTRACED;
  const active = context.active();
  if (underUnsampledSpan(active)) {
    // Zoom still hears of the trace, flagged not sampled, as W3C trace context asks of a caller that records nothing.
    const headers: Record<string, string> = {};
    propagation.inject(active, headers);
    return { headers, end: UNTRACED.end };
  }
  // Under the span of the resolver the call is made for, which is made with its first call.
  const parent = zoomCallParent(active);
  const span = tracer.startSpan(`zoom ${info.operation}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': info.method,
      'zoom.operation': info.operation,
      'zoom.rate_limit.category': info.category,
      'zoom.attempt': info.attempt,
      'zoom.queue_wait_ms': Math.round(info.queueWaitMs),
    },
  }, parent);
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return {
    headers,
    end({ status, failure }) {
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (failure !== undefined) span.setAttribute('zoom.failure', failure);
      if (failure !== undefined || (status !== undefined && status >= 400)) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
