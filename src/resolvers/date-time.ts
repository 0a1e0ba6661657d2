import { GraphQLScalarType, Kind } from 'graphql';
import { GatewayError } from '../graphql/errors.ts';

/** RFC 3339 date-time with a zone designator, as Zoom writes them (`2024-03-05T14:30:00Z`, fractions allowed). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function invalid(value: unknown): GatewayError {
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
  return new GatewayError(
    'BAD_USER_INPUT',
    `A DateTime must be an RFC 3339 date-time with a time zone, e.g. "2024-03-05T14:30:00Z"; got ${shown}.`,
  );
}

/** The `DateTime` scalar: Zoom's ISO 8601 strings pass through unchanged; `Date` objects serialise as UTC ISO. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  // The same text as schema/common.graphql's (the SDL is the source; test/server/schema-sdl.test.ts compares them).
  description:
    'An instant in time as an ISO 8601 / RFC 3339 date-time string in UTC, for example `2024-03-05T14:30:00Z`,\nexactly as Zoom reports it.',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (isDateTime(value)) return value;
    throw new TypeError(`DateTime cannot represent ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value}.`);
  },
  parseValue(value) {
    if (isDateTime(value)) return value;
    throw invalid(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isDateTime(ast.value)) return ast.value;
    throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});
