import { isEmailAddress, isZoomUserId } from '../zoom/ids.ts';
import { isIanaTimeZone, parseMeetingDateTime } from './date-time.ts';
import type { InputProblem, InputProblemCode } from './input-problem.ts';
import {
  ZOOM_APPROVAL_TYPES,
  ZOOM_AUDIO_TYPES,
  ZOOM_AUTO_RECORDINGS,
  ZOOM_MEETING_TYPES,
  ZOOM_MONTHLY_WEEKS,
  ZOOM_RECURRENCE_TYPES,
  ZOOM_WEEKDAYS,
  type CreateMeetingInput,
  type RecurrenceInput,
  type UpdateMeetingInput,
} from './meeting-input.ts';

/**
 * Zoom's limits for meeting writes, from the `POST /users/{userId}/meetings` and `PATCH /meetings/{meetingId}`
 * request schemas of the Zoom Meeting API spec (field descriptions in brackets).
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meetingCreate
 */
export const MEETING_INPUT_LIMITS = Object.freeze({
  /** `topic` maxLength. */
  topicMaxLength: 200,
  /** `agenda` maxLength ("a maximum length of 2,000 characters"). */
  agendaMaxLength: 2000,
  /** `password` maxLength ("a maximum length of 10 characters"). */
  passwordMaxLength: 10,
  /** `duration` in minutes. The spec gives no bound; Zoom's scheduler offers at most 24 hours. */
  durationMinMinutes: 1,
  durationMaxMinutes: 24 * 60,
  /** `recurrence.end_times` maximum ("The maximum number of recurring is 60"). */
  endTimesMax: 60,
  /** `recurrence.repeat_interval` maximum per type ("90 days", "12 weeks", "3 months"). */
  repeatIntervalMax: Object.freeze({ 1: 90, 2: 12, 3: 3 } as const satisfies Record<RecurrenceInput['type'], number>),
  /** `settings.jbh_time` enum, minutes. */
  joinBeforeHostMinutes: Object.freeze([0, 5, 10] as const),
});

/** "only contain alphanumeric characters and the @, -, _, and * characters" (`password`). */
const PASSWORD_CHARACTERS = /^[A-Za-z0-9@\-_*]*$/;

/**
 * What `PATCH /meetings/{meetingId}?occurrence_id=` may change: "agenda, start_time, duration, or settings
 * {host_video, participant_video, join_before_host, mute_upon_entry, waiting_room, watermark, auto_recording}".
 */
const OCCURRENCE_FIELDS = new Set(['agenda', 'startTime', 'duration', 'settings']);
const OCCURRENCE_SETTINGS = new Set(['hostVideo', 'participantVideo', 'joinBeforeHost', 'muteUponEntry', 'waitingRoom', 'watermark', 'autoRecording']);

const BOOLEAN_SETTINGS = ['hostVideo', 'participantVideo', 'joinBeforeHost', 'muteUponEntry', 'waitingRoom', 'watermark', 'meetingAuthentication'] as const;

type Path = ReadonlyArray<string | number>;

/**
 * Checks a `CreateMeetingInput` the way Zoom would and returns every problem (empty when valid), so the
 * resolver can answer `BAD_USER_INPUT` before any Zoom call. Paths start at `input`.
 */
export function validateCreateMeetingInput(input: CreateMeetingInput, options: { argumentName?: string } = {}): InputProblem[] {
  const problems = new Problems();
  const root = [options.argumentName ?? 'input'];
  if (!isObject(input)) {
    problems.add(root, 'INVALID_TYPE', 'Must be an object.');
    return problems.list;
  }
  checkMeetingFields(input, root, problems);
  if (input.type === ZOOM_MEETING_TYPES.RECURRING_FIXED_TIME && !isGiven(input.recurrence)) {
    problems.add([...root, 'recurrence'], 'REQUIRED', 'A recurring meeting with a fixed time (RECURRING_FIXED_TIME) needs a recurrence.');
  }
  if (isGiven(input.defaultPassword)) {
    if (typeof input.defaultPassword !== 'boolean') {
      problems.add([...root, 'defaultPassword'], 'INVALID_TYPE', 'Must be a boolean.');
    } else if (input.defaultPassword && isGiven(input.password)) {
      problems.add([...root, 'defaultPassword'], 'CONFLICT', 'Give either a password or defaultPassword: true, not both.');
    }
  }
  return problems.list;
}

/** Options of `validateUpdateMeetingInput`. */
export interface ValidateUpdateMeetingOptions {
  /** The occurrence being changed, when only one occurrence of a recurring meeting is: fewer fields may change. */
  occurrenceId?: string | null;
  /** Name of the GraphQL argument the paths start at. Default `input`. */
  argumentName?: string;
}

/**
 * Checks an `UpdateMeetingInput` the way Zoom would and returns every problem (empty when valid). At least one
 * field must be given; with `occurrenceId`, only the fields Zoom lets a single occurrence change.
 */
export function validateUpdateMeetingInput(input: UpdateMeetingInput, options: ValidateUpdateMeetingOptions = {}): InputProblem[] {
  const problems = new Problems();
  const root = [options.argumentName ?? 'input'];
  if (!isObject(input)) {
    problems.add(root, 'INVALID_TYPE', 'Must be an object.');
    return problems.list;
  }
  const given = Object.entries(input).filter(([, value]) => isGiven(value));
  if (given.length === 0) {
    problems.add(root, 'REQUIRED', 'Give at least one field to change.');
    return problems.list;
  }
  if ('defaultPassword' in input && isGiven((input as CreateMeetingInput).defaultPassword)) {
    problems.add([...root, 'defaultPassword'], 'NOT_ALLOWED', 'defaultPassword only applies when a meeting is created.');
  }
  if (isGiven(options.occurrenceId)) {
    for (const [key] of given) {
      if (!OCCURRENCE_FIELDS.has(key)) {
        problems.add([...root, key], 'NOT_ALLOWED', 'A single occurrence can only change agenda, startTime, duration and some settings.');
      }
    }
    if (isObject(input.settings)) {
      for (const [key, value] of Object.entries(input.settings)) {
        if (isGiven(value) && !OCCURRENCE_SETTINGS.has(key)) {
          problems.add(
            [...root, 'settings', key],
            'NOT_ALLOWED',
            `A single occurrence can only change these settings: ${[...OCCURRENCE_SETTINGS].join(', ')}.`,
          );
        }
      }
    }
  }
  checkMeetingFields(input, root, problems);
  return problems.list;
}

function checkMeetingFields(input: UpdateMeetingInput, root: Path, problems: Problems): void {
  const at = (...rest: Array<string | number>): Path => [...root, ...rest];
  checkString(input.topic, at('topic'), problems, { maxLength: MEETING_INPUT_LIMITS.topicMaxLength });
  checkEnum(input.type, ZOOM_MEETING_TYPES, at('type'), problems);
  const start = checkDateTime(input.startTime, at('startTime'), problems);
  checkInteger(input.duration, at('duration'), problems, MEETING_INPUT_LIMITS.durationMinMinutes, MEETING_INPUT_LIMITS.durationMaxMinutes);
  if (checkString(input.timezone, at('timezone'), problems) && !isIanaTimeZone(input.timezone as string)) {
    problems.add(at('timezone'), 'INVALID_FORMAT', 'Must be an IANA time zone id, e.g. America/Los_Angeles or UTC.');
  }
  checkString(input.agenda, at('agenda'), problems, { maxLength: MEETING_INPUT_LIMITS.agendaMaxLength });
  if (checkString(input.password, at('password'), problems, { maxLength: MEETING_INPUT_LIMITS.passwordMaxLength })) {
    if (!PASSWORD_CHARACTERS.test(input.password as string)) {
      problems.add(at('password'), 'INVALID_VALUE', 'May only contain letters, digits and the characters @ - _ *.');
    }
  }
  // A user id or email; never a keyword such as `me` (src/zoom/ids.ts), which names whoever the token acts for.
  if (checkString(input.scheduleFor, at('scheduleFor'), problems) && !isScheduleFor((input.scheduleFor as string).trim())) {
    problems.add(at('scheduleFor'), 'INVALID_VALUE', 'Must be a user id or email address.');
  }
  if (isGiven(input.recurrence)) {
    if (isGiven(input.type) && input.type !== ZOOM_MEETING_TYPES.RECURRING_FIXED_TIME) {
      problems.add(at('recurrence'), 'NOT_ALLOWED', 'Only a recurring meeting with a fixed time (RECURRING_FIXED_TIME) has a recurrence.');
    }
    checkRecurrence(input.recurrence, at('recurrence'), start, problems);
  }
  if (isGiven(input.settings)) checkSettings(input.settings, at('settings'), problems);
}

function checkRecurrence(recurrence: unknown, path: Path, start: ReturnType<typeof parseMeetingDateTime>, problems: Problems): void {
  if (!isObject(recurrence)) {
    problems.add(path, 'INVALID_TYPE', 'Must be an object.');
    return;
  }
  const at = (key: string): Path => [...path, key];
  const r = recurrence as Record<string, unknown>;
  let type: 'DAILY' | 'WEEKLY' | 'MONTHLY' | undefined;
  if (!isGiven(r['type'])) problems.add(at('type'), 'REQUIRED', 'A recurrence needs a type: DAILY, WEEKLY or MONTHLY.');
  else if (checkEnum(r['type'], ZOOM_RECURRENCE_TYPES, at('type'), problems)) type = nameOf(ZOOM_RECURRENCE_TYPES, r['type']);

  const maxInterval =
    type === undefined ? Math.max(...Object.values(MEETING_INPUT_LIMITS.repeatIntervalMax)) : MEETING_INPUT_LIMITS.repeatIntervalMax[ZOOM_RECURRENCE_TYPES[type]];
  checkInteger(r['repeatInterval'], at('repeatInterval'), problems, 1, maxInterval);

  const weeklyDays = r['weeklyDays'];
  if (isGiven(weeklyDays)) {
    if (type !== undefined && type !== 'WEEKLY') {
      problems.add(at('weeklyDays'), 'NOT_ALLOWED', 'Only a WEEKLY recurrence has weeklyDays.');
    }
    if (!Array.isArray(weeklyDays)) {
      problems.add(at('weeklyDays'), 'INVALID_TYPE', 'Must be a list of weekdays.');
    } else {
      if (weeklyDays.length === 0 && type === 'WEEKLY') {
        problems.add(at('weeklyDays'), 'REQUIRED', 'A WEEKLY recurrence needs at least one weekday.');
      }
      const seen = new Set<unknown>();
      weeklyDays.forEach((day: unknown, index) => {
        if (!checkEnum(day, ZOOM_WEEKDAYS, [...at('weeklyDays'), index], problems)) return;
        if (seen.has(day)) problems.add([...at('weeklyDays'), index], 'INVALID_VALUE', `${nameOf(ZOOM_WEEKDAYS, day)} is listed twice.`);
        seen.add(day);
      });
    }
  } else if (type === 'WEEKLY') {
    problems.add(at('weeklyDays'), 'REQUIRED', 'A WEEKLY recurrence needs at least one weekday.');
  }

  for (const key of ['monthlyDay', 'monthlyWeek', 'monthlyWeekDay']) {
    if (isGiven(r[key]) && type !== undefined && type !== 'MONTHLY') {
      problems.add(at(key), 'NOT_ALLOWED', `Only a MONTHLY recurrence has ${key}.`);
    }
  }
  checkInteger(r['monthlyDay'], at('monthlyDay'), problems, 1, 31);
  checkEnum(r['monthlyWeek'], ZOOM_MONTHLY_WEEKS, at('monthlyWeek'), problems);
  checkEnum(r['monthlyWeekDay'], ZOOM_WEEKDAYS, at('monthlyWeekDay'), problems);
  const hasWeek = isGiven(r['monthlyWeek']);
  const hasWeekDay = isGiven(r['monthlyWeekDay']);
  if (hasWeek !== hasWeekDay) {
    problems.add(at(hasWeek ? 'monthlyWeekDay' : 'monthlyWeek'), 'REQUIRED', 'monthlyWeek and monthlyWeekDay go together.');
  }
  if (isGiven(r['monthlyDay']) && (hasWeek || hasWeekDay)) {
    problems.add(at('monthlyDay'), 'CONFLICT', 'Give either monthlyDay or monthlyWeek with monthlyWeekDay, not both.');
  }

  checkInteger(r['endTimes'], at('endTimes'), problems, 1, MEETING_INPUT_LIMITS.endTimesMax);
  const end = checkDateTime(r['endDateTime'], at('endDateTime'), problems);
  if (isGiven(r['endTimes']) && isGiven(r['endDateTime'])) {
    problems.add(at('endDateTime'), 'CONFLICT', 'Give either endTimes or endDateTime, not both.');
  }
  if (end !== undefined) {
    if (end.kind === 'local') {
      problems.add(at('endDateTime'), 'INVALID_FORMAT', 'Must be in UTC or carry an offset, e.g. 2025-06-30T15:00:00Z.');
    } else if (start?.kind === 'absolute' && end.epochMs <= start.epochMs) {
      problems.add(at('endDateTime'), 'OUT_OF_RANGE', 'Must be after startTime.');
    }
  }
}

function checkSettings(settings: unknown, path: Path, problems: Problems): void {
  if (!isObject(settings)) {
    problems.add(path, 'INVALID_TYPE', 'Must be an object.');
    return;
  }
  const s = settings as Record<string, unknown>;
  const at = (key: string): Path => [...path, key];
  for (const key of BOOLEAN_SETTINGS) {
    if (isGiven(s[key]) && typeof s[key] !== 'boolean') problems.add(at(key), 'INVALID_TYPE', 'Must be a boolean.');
  }
  const jbh = s['joinBeforeHostMinutes'];
  if (isGiven(jbh) && !(MEETING_INPUT_LIMITS.joinBeforeHostMinutes as readonly unknown[]).includes(jbh)) {
    problems.add(at('joinBeforeHostMinutes'), 'INVALID_VALUE', 'Must be 0 (any time), 5 or 10.');
  }
  checkEnum(s['approvalType'], ZOOM_APPROVAL_TYPES, at('approvalType'), problems);
  checkEnum(s['audio'], ZOOM_AUDIO_TYPES, at('audio'), problems);
  checkEnum(s['autoRecording'], ZOOM_AUTO_RECORDINGS, at('autoRecording'), problems);
  const hosts = s['alternativeHosts'];
  if (isGiven(hosts)) {
    if (!Array.isArray(hosts)) {
      problems.add(at('alternativeHosts'), 'INVALID_TYPE', 'Must be a list of user ids or email addresses.');
    } else {
      hosts.forEach((host: unknown, index) => {
        // Zoom joins them with ";" on the wire, so one entry must not contain it.
        if (typeof host !== 'string' || host.trim() === '' || host.includes(';')) {
          problems.add([...at('alternativeHosts'), index], 'INVALID_VALUE', 'Must be one user id or email address.');
        }
      });
    }
  }
}

function checkString(value: unknown, path: Path, problems: Problems, options: { maxLength?: number } = {}): boolean {
  if (!isGiven(value)) return false;
  if (typeof value !== 'string') {
    problems.add(path, 'INVALID_TYPE', 'Must be a string.');
    return false;
  }
  // Zoom counts characters, not UTF-16 units: an emoji is one.
  const length = [...value].length;
  if (options.maxLength !== undefined && length > options.maxLength) {
    problems.add(path, 'TOO_LONG', `Must be at most ${options.maxLength} characters (got ${length}).`);
    return false;
  }
  return true;
}

function checkInteger(value: unknown, path: Path, problems: Problems, min: number, max: number): boolean {
  if (!isGiven(value)) return false;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(path, 'INVALID_TYPE', 'Must be an integer.');
    return false;
  }
  if (value < min || value > max) {
    problems.add(path, 'OUT_OF_RANGE', `Must be between ${min} and ${max} (got ${value}).`);
    return false;
  }
  return true;
}

/** Checks a Zoom enum value (what the GraphQL enum resolves to); the message names the GraphQL values. */
function checkEnum(value: unknown, allowed: Readonly<Record<string, unknown>>, path: Path, problems: Problems): boolean {
  if (!isGiven(value)) return false;
  if (!Object.values(allowed).includes(value)) {
    problems.add(path, 'INVALID_VALUE', `Must be one of ${Object.keys(allowed).join(', ')}.`);
    return false;
  }
  return true;
}

function nameOf<K extends string>(table: Readonly<Record<K, unknown>>, value: unknown): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}

function checkDateTime(value: unknown, path: Path, problems: Problems): ReturnType<typeof parseMeetingDateTime> {
  if (!checkString(value, path, problems)) return undefined;
  const parsed = parseMeetingDateTime(value as string);
  if (parsed === undefined) {
    problems.add(path, 'INVALID_FORMAT', 'Must be an ISO 8601 date-time: 2025-03-31T12:02:00Z (UTC), or 2025-03-31T12:02:00 in `timezone`.');
  }
  return parsed;
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Problems {
  readonly list: InputProblem[] = [];
  add(path: Path, code: InputProblemCode, message: string): void {
    this.list.push({ path: [...path], code, message });
  }
}

function isScheduleFor(value: string): boolean {
  return isZoomUserId(value) || isEmailAddress(value);
}
