import { context, createContextKey, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import type { CostMap } from '../cost/cost-map.ts';
import { underUnsampledSpan } from './sampled.ts';

/**
 * The span of one resolver that may call Zoom, made only once it does: `resolve Type.field`, started back when the
 * resolver started. A resolver the shared cache answered, or that failed before reaching Zoom, makes none: the issue's
 * "a span per resolver only where it calls Zoom", and on a warm answer most of the cost of tracing.
 */
class ResolverSpan {
  private span: Span | undefined;
  private spanContext: Context | undefined;
  private ended = false;

  constructor(
    private readonly tracer: Tracer,
    readonly name: string,
    readonly attributes: Attributes,
    /** The context the resolver was called in: its span (the operation's) is this one's parent. */
    private readonly parent: Context,
    /** `performance.now()` when the resolver started. */
    private readonly startTime: number,
  ) {}

  /** The context to start a child under (a Zoom attempt): the resolver's span, made now if it was not yet. */
  within(): Context {
    // Past the resolver's end (work it started and left behind) there is no span to open: its parent takes the child.
    if (this.ended && this.spanContext === undefined) return this.parent;
    if (this.spanContext === undefined) {
      this.span = this.tracer.startSpan(this.name, { attributes: this.attributes, startTime: this.startTime }, this.parent);
      this.spanContext = trace.setSpan(this.parent, this.span);
    }
    return this.spanContext;
  }

  /** The resolver's span if it was made: where its cache misses are noted. */
  get made(): Span | undefined {
    return this.span;
  }

  end(failed: boolean): void {
    this.ended = true;
    if (this.span === undefined) return;
    if (failed) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}

const RESOLVER = createContextKey('zoom-graphql-gateway resolver span');

/**
 * The context a Zoom attempt's span starts under: the span of the resolver it is made for (made now if this is the
 * resolver's first call), else the active one (the operation, a webhook's processing).
 */
export function zoomCallParent(active: Context = context.active()): Context {
  const resolver = active.getValue(RESOLVER) as ResolverSpan | undefined;
  return resolver === undefined ? active : resolver.within();
}

/**
 * Where a note about the read running now belongs (a cache hit, join or miss): the resolver's span when it has one,
 * else the active span (the operation's) with the field named, so that a warm answer costs no resolver spans.
 * `zoomFollows` (a miss: a Zoom call comes next) makes the resolver's span now, so the note sits with the call.
 */
export function readNoteTarget(zoomFollows: boolean): { span: Span | undefined; attributes: Attributes } {
  const active = context.active();
  const resolver = active.getValue(RESOLVER) as ResolverSpan | undefined;
  if (resolver === undefined) return { span: trace.getSpan(active), attributes: {} };
  if (zoomFollows) resolver.within();
  const made = resolver.made;
  return made === undefined
    ? { span: trace.getSpan(active), attributes: { 'graphql.field.coordinate': resolver.attributes['graphql.field.coordinate'] ?? '' } }
    : { span: made, attributes: {} };
}

/**
 * Gives each resolver that calls Zoom (a field the cost map names an `operation` for) a span of its own,
 * `resolve Type.field`, once it calls Zoom, so its Zoom calls (and the DataLoader batches it starts) nest under it.
 * Every other field stays as it is: a span per field would bury the calls in thousands of spans. Under a span the
 * sampler dropped, the resolver runs as it is too (see {@link underUnsampledSpan}).
 * Attributes: the field and the Zoom operation only, never arguments or values. Changes `schema` in place.
 */
export function traceZoomResolvers(schema: GraphQLSchema, costMap: CostMap, tracer: Tracer): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      // A field the cost map names on an interface (`MeetingEvent.meeting`) calls Zoom on every type implementing it.
      const operation = [type, ...type.getInterfaces()]
        .map((owner) => costMap[`${owner.name}.${field.name}`]?.operation)
        .find((candidate) => candidate !== undefined);
      if (operation === undefined) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const name = `resolve ${coordinate}`;
      const attributes = Object.freeze({ 'graphql.field.coordinate': coordinate, 'zoom.operation': operation });
      field.resolve = (source, args, graphqlContext, info) => {
        const parent = context.active();
        if (underUnsampledSpan(parent)) return resolve(source, args, graphqlContext, info);
        const span = new ResolverSpan(tracer, name, attributes, parent, performance.now());
        let result: unknown;
        try {
          result = context.with(parent.setValue(RESOLVER, span), () => resolve(source, args, graphqlContext, info));
        } catch (error) {
          span.end(true);
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (value) => {
              span.end(false);
              return value;
            },
            (error: unknown) => {
              span.end(true);
              throw error;
            },
          );
        }
        span.end(false);
        return result;
      };
    }
  }
  return schema;
}
