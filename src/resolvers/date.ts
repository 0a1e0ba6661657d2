import { GraphQLScalarType, Kind } from 'graphql';
import { GatewayError } from '../graphql/errors.ts';

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so `2024-02-30` is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function invalid(value: unknown): GatewayError {
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
  return new GatewayError('BAD_USER_INPUT', `A Date must be a calendar date written YYYY-MM-DD, e.g. "2024-03-05"; got ${shown}.`);
}

/** The `Date` scalar: a calendar date as `YYYY-MM-DD`, the format Zoom's `from`/`to` parameters take. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  // The same text as schema/common.graphql's (the SDL is the source; test/server/schema-sdl.test.ts compares them).
  description: 'A calendar date as `YYYY-MM-DD`, for example `2024-03-05`. Zoom interprets dates in the account\'s time zone.',
  serialize(value) {
    if (isCalendarDate(value)) return value;
    throw new TypeError('Date cannot represent a value that is not a YYYY-MM-DD calendar date.');
  },
  parseValue(value) {
    if (isCalendarDate(value)) return value;
    throw invalid(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isCalendarDate(ast.value)) return ast.value;
    throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});
