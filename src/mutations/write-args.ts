import { GatewayError } from '../graphql/errors.ts';
import type { InputProblem } from './input-problem.ts';

/** A write's GraphQL arguments as graphql-js hands them to a resolver. */
export type WriteArgs = Readonly<Record<string, unknown>>;

/**
 * Runs `parse` once per arguments object (graphql-js builds one per field it executes). A member's write is
 * checked by its access rule before the ownership reads, and the resolver then gets the same result; an admin's
 * goes straight to the resolver, which checks it there. A refusal is not kept: the field ends with it.
 */
export function oncePerArgs<T>(parse: (args: WriteArgs) => T): (args: WriteArgs) => T {
  const parsed = new WeakMap<WriteArgs, T>();
  return (args) => {
    if (parsed.has(args)) return parsed.get(args)!;
    const result = parse(args);
    parsed.set(args, result);
    return result;
  };
}

/** An id argument through its one parser in `graphql/ids.ts`, its refusal as an input problem. */
export function checkId(
  problems: InputProblem[],
  argument: string,
  value: unknown,
  parse: (value: string, argument: string) => string,
  message: string,
): string | undefined {
  if (typeof value === 'string') {
    try {
      return parse(value, argument);
    } catch (error) {
      if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT') throw error;
    }
  }
  problems.push({ path: [argument], code: 'INVALID_FORMAT', message });
  return undefined;
}

/** Throws `BAD_USER_INPUT` listing every problem with its path; the message names the first few. */
export function throwIfAny(problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  const shown = problems
    .slice(0, 3)
    .map((problem) => `${problem.path.join('.')}: ${problem.message}`)
    .join(' ');
  const more = problems.length > 3 ? ` (${problems.length - 3} more in extensions.problems)` : '';
  throw new GatewayError('BAD_USER_INPUT', `Invalid input. ${shown}${more}`, {
    argument: String(problems[0]!.path[0]),
    problems: problems.map((problem) => ({ path: [...problem.path], code: problem.code, message: problem.message })),
  });
}
