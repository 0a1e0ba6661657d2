import { parseMeetingId, parseUserKey } from '../graphql/ids.ts';
import { parseOccurrenceObjectId } from '../graphql/object-ids.ts';
import type { InputProblem } from './input-problem.ts';
import { checkId, oncePerArgs, throwIfAny } from './write-args.ts';
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
  const occurrenceId = checkOccurrenceId(problems, args['occurrenceId'], meetingId);
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
  const occurrenceId = checkOccurrenceId(problems, args['occurrenceId'], meetingId);
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

function checkMeetingId(problems: InputProblem[], value: unknown): string | undefined {
  return checkId(problems, 'id', value, parseMeetingId, 'Must be a numeric Zoom meeting id.');
}

/**
 * Zoom's occurrence ids are the occurrence's start in epoch milliseconds ("1648194360000" in the spec's
 * `occurrence_id` examples); anything else Zoom refuses as an invalid occurrence_id (code 3000). The graph's own
 * `Occurrence.id` (`<meetingId>_<occurrenceId>`) is accepted too, so an app can pass back the id it was given, as
 * long as it names the meeting being changed.
 */
function checkOccurrenceId(problems: InputProblem[], value: unknown, meetingId: string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' ? value.trim() : '';
  if (/^\d{1,19}$/.test(id)) return id;
  const composed = parseOccurrenceObjectId(id);
  if (composed !== undefined) {
    if (meetingId === undefined || composed.meetingId === meetingId) return composed.occurrenceId;
    problems.push({ path: ['occurrenceId'], code: 'INVALID_FORMAT', message: `This occurrence belongs to meeting ${composed.meetingId}, not ${meetingId}.` });
    return undefined;
  }
  problems.push({
    path: ['occurrenceId'],
    code: 'INVALID_FORMAT',
    message: 'Must be a numeric occurrence id (its start in epoch milliseconds, e.g. 1648194360000) or an `Occurrence.id`.',
  });
  return undefined;
}

export type { WriteArgs } from './write-args.ts';
