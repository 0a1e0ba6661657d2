import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { underUnsampledSpan } from './sampled.ts';
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import type { CostMap } from '../cost/cost-map.ts';

/**
 * Gives each resolver that calls Zoom (a field the cost map names an `operation` for) a span of its own,
 * `resolve Type.field`, active while it runs, so its Zoom calls (and the DataLoader batches it starts) nest under it.
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
      const attributes = { 'graphql.field.coordinate': coordinate, 'zoom.operation': operation };
      field.resolve = (source, args, context, info) =>
        underUnsampledSpan() ? resolve(source, args, context, info) : tracer.startActiveSpan(name, { attributes }, (span) => {
          const fail = (error: unknown): never => {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw error;
          };
          let result: unknown;
          try {
            result = resolve(source, args, context, info);
          } catch (error) {
            return fail(error);
          }
          if (result instanceof Promise) {
            return result.then((value) => {
              span.end();
              return value;
            }, fail);
          }
          span.end();
          return result;
        });
    }
  }
  return schema;
}
