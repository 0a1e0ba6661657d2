import { GatewayError } from '../graphql/errors.ts';
import { parseMeetingId, parseUserKey } from '../graphql/ids.ts';
import type { InputProblem } from './input-problem.ts';
import type { CreateMeetingInput, UpdateMeetingInput } from './meeting-input.ts';
import { validateCreateMeetingInput, validateUpdateMeetingInput } from './validate-meeting-input.ts';

/** `createMeeting`'s arguments, checked: `hostKey` is the trimmed `userId` (default `me`). */
export interface CreateMeetingArgs {
  readonly hostKey: string;
  readonly input: CreateMeetingInput;
}

/** `updateMeeting`'s arguments, checked, ids trimmed. */
export interface UpdateMeetingArgs {
  readonly meetingId: string;
  readonly occurrenceId: string | undefined;
  readonly input: UpdateMeetingInput;
}

/** `deleteMeeting`'s arguments, checked, ids trimmed. */
export interface DeleteMeetingArgs {
  readonly meetingId: string;
  readonly occurrenceId: string | undefined;
}

/** `endMeeting`'s arguments, checked, id trimmed. */
export interface EndMeetingArgs {
  readonly meetingId: string;
}

/** A write's GraphQL arguments as graphql-js hands them to a resolver. */
export type WriteArgs = Readonly<Record<string, unknown>>;

/**
 * Checks `createMeeting`'s arguments the way Zoom would, before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem with its path (`extensions.problems`).
 */
export const parseCreateMeetingArgs = oncePerArgs((args): CreateMeetingArgs => {
  const problems: InputProblem[] = [];
  const hostKey = checkId(problems, 'userId', args['userId'] ?? 'me', parseUserKey, 'Must be a Zoom user id, an email address or `me`.');
  problems.push(...validateCreateMeetingInput(args['input'] as CreateMeetingInput));
  throwIfAny(problems);
  return { hostKey: hostKey!, input: args['input'] as CreateMeetingInput };
});

/**
 * Checks `updateMeeting`'s arguments the way Zoom would, before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem with its path (`extensions.problems`).
 */
export const parseUpdateMeetingArgs = oncePerArgs((args): UpdateMeetingArgs => {
  const problems: InputProblem[] = [];
  const meetingId = checkMeetingId(problems, args['id']);
  const occurrenceId = checkOccurrenceId(problems, args['occurrenceId']);
  problems.push(...validateUpdateMeetingInput(args['input'] as UpdateMeetingInput, { occurrenceId: args['occurrenceId'] as string | null | undefined }));
  throwIfAny(problems);
  return { meetingId: meetingId!, occurrenceId, input: args['input'] as UpdateMeetingInput };
});

/**
 * Checks `deleteMeeting`'s arguments before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem with its path (`extensions.problems`).
 */
export const parseDeleteMeetingArgs = oncePerArgs((args): DeleteMeetingArgs => {
  const problems: InputProblem[] = [];
  const meetingId = checkMeetingId(problems, args['id']);
  const occurrenceId = checkOccurrenceId(problems, args['occurrenceId']);
  throwIfAny(problems);
  return { meetingId: meetingId!, occurrenceId };
});

/**
 * Checks `endMeeting`'s argument before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` with the problem's path (`extensions.problems`).
 */
export const parseEndMeetingArgs = oncePerArgs((args): EndMeetingArgs => {
  const problems: InputProblem[] = [];
  const meetingId = checkMeetingId(problems, args['id']);
  throwIfAny(problems);
  return { meetingId: meetingId! };
});

/**
 * Runs `parse` once per arguments object (graphql-js builds one per field it executes). A member's write is
 * checked by its access rule before the ownership reads, and the resolver then gets the same result; an admin's
 * goes straight to the resolver, which checks it there. A refusal is not kept: the field ends with it.
 */
function oncePerArgs<T>(parse: (args: WriteArgs) => T): (args: WriteArgs) => T {
  const parsed = new WeakMap<WriteArgs, T>();
  return (args) => {
    if (parsed.has(args)) return parsed.get(args)!;
    const result = parse(args);
    parsed.set(args, result);
    return result;
  };
}

function checkMeetingId(problems: InputProblem[], value: unknown): string | undefined {
  return checkId(problems, 'id', value, parseMeetingId, 'Must be a numeric Zoom meeting id.');
}

/**
 * Zoom's occurrence ids are the occurrence's start in epoch milliseconds ("1648194360000" in the spec's
 * `occurrence_id` examples); anything else Zoom refuses as an invalid occurrence_id (code 3000).
 */
function checkOccurrenceId(problems: InputProblem[], value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' ? value.trim() : '';
  if (/^\d{1,19}$/.test(id)) return id;
  problems.push({ path: ['occurrenceId'], code: 'INVALID_FORMAT', message: 'Must be a numeric occurrence id (its start in epoch milliseconds, e.g. 1648194360000).' });
  return undefined;
}

/** An id argument through its one parser in `graphql/ids.ts`, its refusal as an input problem. */
function checkId(
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
function throwIfAny(problems: readonly InputProblem[]): void {
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
