import { context, trace, TraceFlags, type Context } from '@opentelemetry/api';

/**
 * Whether the work running now (`active`, its context, when the caller has it already) is under a span the sampler chose not to record (`OTEL_TRACES_SAMPLER`, or a
 * caller's `traceparent` flagged not sampled). Its children would not be recorded either (every standard sampler
 * decides a trace as a whole: parent-based ones follow the parent, ratio ones hash the trace id), so the gateway does
 * not make them: a span the SDK drops still costs its making and a context switch, which would leave sampling
 * cutting the spans exported but hardly the CPU (bench/telemetry.ts).
 */
export function underUnsampledSpan(active: Context = context.active()): boolean {
  const span = trace.getSpan(active);
  return span !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0;
}
