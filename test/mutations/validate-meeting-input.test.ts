import { describe, expect, it } from 'vitest';
import type { CreateMeetingInput, UpdateMeetingInput } from '../../src/mutations/meeting-input.ts';
import { validateCreateMeetingInput, validateUpdateMeetingInput } from '../../src/mutations/validate-meeting-input.ts';

// Enum fields hold Zoom's values, as resolvers receive them: the schema's enum resolvers map GraphQL names to
// them (RECURRING_FIXED_TIME -> 8, WEEKLY -> 2, TUESDAY -> 3, CLOUD -> 'cloud', NO_REGISTRATION -> 2).
const valid: CreateMeetingInput = {
  topic: 'Weekly sync',
  type: 8,
  startTime: '2025-04-01T15:00:00Z',
  duration: 45,
  timezone: 'Europe/Berlin',
  agenda: 'Status, risks, next steps',
  password: 'ab@-_*12',
  recurrence: { type: 2, repeatInterval: 1, weeklyDays: [3, 5], endTimes: 10 },
  settings: {
    hostVideo: true,
    participantVideo: false,
    joinBeforeHost: true,
    joinBeforeHostMinutes: 5,
    muteUponEntry: true,
    waitingRoom: false,
    autoRecording: 'cloud',
    approvalType: 2,
    audio: 'voip',
    alternativeHosts: ['alt@example.com', 'KDcuGIm1QgePTO8WbOqwIQ'],
  },
};

/** The problems of a create, as `path.join('.') -> code`. */
function createProblems(input: Record<string, unknown>): Array<[string, string]> {
  return validateCreateMeetingInput(input as CreateMeetingInput).map((p) => [p.path.join('.'), p.code]);
}

describe('validateCreateMeetingInput', () => {
  it('accepts a complete, valid input', () => {
    expect(validateCreateMeetingInput(valid)).toEqual([]);
  });

  it('accepts an empty input: Zoom fills in defaults', () => {
    expect(validateCreateMeetingInput({})).toEqual([]);
  });

  it('treats null like absent', () => {
    expect(validateCreateMeetingInput({ topic: null, duration: null, recurrence: null, settings: null })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['topic over 200 characters', { topic: 'x'.repeat(201) }, 'input.topic', 'TOO_LONG'],
    ['agenda over 2000 characters', { agenda: 'x'.repeat(2001) }, 'input.agenda', 'TOO_LONG'],
    ['password over 10 characters', { password: 'abcdefghijk' }, 'input.password', 'TOO_LONG'],
    ['password with a forbidden character', { password: 'abc$12' }, 'input.password', 'INVALID_VALUE'],
    ['password with a space', { password: 'ab 12' }, 'input.password', 'INVALID_VALUE'],
    ['duration 0', { duration: 0 }, 'input.duration', 'OUT_OF_RANGE'],
    ['duration over a day', { duration: 1441 }, 'input.duration', 'OUT_OF_RANGE'],
    ['fractional duration', { duration: 30.5 }, 'input.duration', 'INVALID_TYPE'],
    ['unknown meeting type', { type: 5 }, 'input.type', 'INVALID_VALUE'],
    ['start time that is not a date-time', { startTime: 'tomorrow 3pm' }, 'input.startTime', 'INVALID_FORMAT'],
    ['start time on 30 February', { startTime: '2025-02-30T10:00:00Z' }, 'input.startTime', 'INVALID_FORMAT'],
    ['start time at 24:00', { startTime: '2025-03-01T24:00:00Z' }, 'input.startTime', 'INVALID_FORMAT'],
    ['unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'input.timezone', 'INVALID_FORMAT'],
    ['offset instead of a time zone', { timezone: '+02:00' }, 'input.timezone', 'INVALID_FORMAT'],
    ['blank scheduleFor', { scheduleFor: '  ' }, 'input.scheduleFor', 'INVALID_VALUE'],
    ['a fixed-time recurring meeting without recurrence', { type: 8 }, 'input.recurrence', 'REQUIRED'],
    ['recurrence on a scheduled meeting', { type: 2, recurrence: { type: 1 } }, 'input.recurrence', 'NOT_ALLOWED'],
    ['recurrence on a no-fixed-time meeting', { type: 3, recurrence: { type: 1 } }, 'input.recurrence', 'NOT_ALLOWED'],
    ['password and defaultPassword', { password: 'abc', defaultPassword: true }, 'input.defaultPassword', 'CONFLICT'],
  ])('refuses %s', (_name, input, path, code) => {
    expect(createProblems(input)).toEqual([[path, code]]);
  });

  it('accepts the boundaries', () => {
    expect(
      validateCreateMeetingInput({
        topic: 'x'.repeat(200),
        agenda: 'y'.repeat(2000),
        password: 'A1@-_*b2c3',
        duration: 1440,
        timezone: 'Asia/Calcutta',
        startTime: '2024-02-29T23:59:59',
      }),
    ).toEqual([]);
    expect(validateCreateMeetingInput({ duration: 1, timezone: 'UTC', startTime: '2025-03-31T14:02:00+02:00' })).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateCreateMeetingInput({ topic: '🎉'.repeat(200) })).toEqual([]);
  });

  it('returns every problem at once, each with its path', () => {
    const problems = validateCreateMeetingInput({
      topic: 'x'.repeat(300),
      password: 'bad pass!',
      type: 8,
      startTime: '2025-06-01T10:00:00Z',
      recurrence: { type: 2, repeatInterval: 13, weeklyDays: [], monthlyDay: 3, endTimes: 61, endDateTime: '2025-07-01T00:00:00Z' },
      settings: { joinBeforeHostMinutes: 7, alternativeHosts: ['ok@example.com', 'a;b'] },
    } as CreateMeetingInput);
    expect(problems.map((p) => p.path)).toEqual([
      ['input', 'topic'],
      ['input', 'password'],
      ['input', 'recurrence', 'repeatInterval'],
      ['input', 'recurrence', 'weeklyDays'],
      ['input', 'recurrence', 'monthlyDay'],
      ['input', 'recurrence', 'endTimes'],
      ['input', 'recurrence', 'endDateTime'],
      ['input', 'settings', 'joinBeforeHostMinutes'],
      ['input', 'settings', 'alternativeHosts', 1],
    ]);
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(5);
  });

  it('names the GraphQL enum values in messages', () => {
    const [typeProblem] = validateCreateMeetingInput({ recurrence: { type: 4 as 1 } });
    expect(typeProblem?.message).toBe('Must be one of DAILY, WEEKLY, MONTHLY.');
    const [dayProblem] = validateCreateMeetingInput({ recurrence: { type: 2, weeklyDays: [2, 2] } });
    expect(dayProblem?.message).toBe('MONDAY is listed twice.');
  });

  it('refuses a non-object input', () => {
    expect(createProblems(null as unknown as Record<string, unknown>)).toEqual([['input', 'INVALID_TYPE']]);
  });

  it('uses the given argument name as the path root', () => {
    expect(validateCreateMeetingInput({ duration: 0 }, { argumentName: 'meeting' })[0]?.path).toEqual(['meeting', 'duration']);
  });
});

describe('validateCreateMeetingInput: recurrence', () => {
  const recurring = (recurrence: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    createProblems({ type: 8, startTime: '2025-06-01T10:00:00Z', recurrence, ...extra });

  it.each<[string, Record<string, unknown>]>([
    ['daily every 90 days', { type: 1, repeatInterval: 90, endTimes: 60 }],
    ['weekly every 12 weeks', { type: 2, repeatInterval: 12, weeklyDays: [2] }],
    ['monthly on day 31 every 3 months', { type: 3, repeatInterval: 3, monthlyDay: 31 }],
    ['monthly on the last Friday', { type: 3, monthlyWeek: -1, monthlyWeekDay: 6 }],
    ['ending on a UTC date-time', { type: 1, endDateTime: '2025-07-01T10:00:00Z' }],
    ['ending on an offset date-time', { type: 1, endDateTime: '2025-07-01T12:00:00+02:00' }],
  ])('accepts %s', (_name, recurrence) => {
    expect(recurring(recurrence)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no type', { repeatInterval: 1 }, 'input.recurrence.type', 'REQUIRED'],
    ['unknown type', { type: 4 }, 'input.recurrence.type', 'INVALID_VALUE'],
    ['daily interval over 90', { type: 1, repeatInterval: 91 }, 'input.recurrence.repeatInterval', 'OUT_OF_RANGE'],
    ['weekly interval over 12', { type: 2, repeatInterval: 13, weeklyDays: [2] }, 'input.recurrence.repeatInterval', 'OUT_OF_RANGE'],
    ['monthly interval over 3', { type: 3, repeatInterval: 4, monthlyDay: 1 }, 'input.recurrence.repeatInterval', 'OUT_OF_RANGE'],
    ['interval 0', { type: 1, repeatInterval: 0 }, 'input.recurrence.repeatInterval', 'OUT_OF_RANGE'],
    ['weekly without days', { type: 2 }, 'input.recurrence.weeklyDays', 'REQUIRED'],
    ['weekly with an unknown day', { type: 2, weeklyDays: [2, 9] }, 'input.recurrence.weeklyDays.1', 'INVALID_VALUE'],
    ['weekly with a day twice', { type: 2, weeklyDays: [2, 2] }, 'input.recurrence.weeklyDays.1', 'INVALID_VALUE'],
    ['weekly days on a daily recurrence', { type: 1, weeklyDays: [2] }, 'input.recurrence.weeklyDays', 'NOT_ALLOWED'],
    ['monthly day 0', { type: 3, monthlyDay: 0 }, 'input.recurrence.monthlyDay', 'OUT_OF_RANGE'],
    ['monthly day 32', { type: 3, monthlyDay: 32 }, 'input.recurrence.monthlyDay', 'OUT_OF_RANGE'],
    ['monthly day on a weekly recurrence', { type: 2, weeklyDays: [2], monthlyDay: 2 }, 'input.recurrence.monthlyDay', 'NOT_ALLOWED'],
    ['monthly week without weekday', { type: 3, monthlyWeek: 1 }, 'input.recurrence.monthlyWeekDay', 'REQUIRED'],
    ['monthly weekday without week', { type: 3, monthlyWeekDay: 2 }, 'input.recurrence.monthlyWeek', 'REQUIRED'],
    ['monthly day and week', { type: 3, monthlyDay: 3, monthlyWeek: 1, monthlyWeekDay: 2 }, 'input.recurrence.monthlyDay', 'CONFLICT'],
    ['end times 0', { type: 1, endTimes: 0 }, 'input.recurrence.endTimes', 'OUT_OF_RANGE'],
    ['end times over 60', { type: 1, endTimes: 61 }, 'input.recurrence.endTimes', 'OUT_OF_RANGE'],
    ['end times and end date-time', { type: 1, endTimes: 3, endDateTime: '2025-07-01T10:00:00Z' }, 'input.recurrence.endDateTime', 'CONFLICT'],
    ['end date-time in local time', { type: 1, endDateTime: '2025-07-01T10:00:00' }, 'input.recurrence.endDateTime', 'INVALID_FORMAT'],
    ['end date-time before the start', { type: 1, endDateTime: '2025-05-01T10:00:00Z' }, 'input.recurrence.endDateTime', 'OUT_OF_RANGE'],
    ['end date-time that is not a date', { type: 1, endDateTime: 'never' }, 'input.recurrence.endDateTime', 'INVALID_FORMAT'],
  ])('refuses %s', (_name, recurrence, path, code) => {
    expect(recurring(recurrence)).toEqual([[path, code]]);
  });
});

describe('validateCreateMeetingInput: settings', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['join-before-host minutes not 0/5/10', { joinBeforeHostMinutes: 15 }, 'input.settings.joinBeforeHostMinutes', 'INVALID_VALUE'],
    ['unknown auto recording', { autoRecording: 'disk' }, 'input.settings.autoRecording', 'INVALID_VALUE'],
    ['unknown approval type', { approvalType: 7 }, 'input.settings.approvalType', 'INVALID_VALUE'],
    ['unknown audio', { audio: 'pigeon' }, 'input.settings.audio', 'INVALID_VALUE'],
    ['a non-boolean flag', { waitingRoom: 'yes' }, 'input.settings.waitingRoom', 'INVALID_TYPE'],
    ['an empty alternative host', { alternativeHosts: ['a@example.com', ' '] }, 'input.settings.alternativeHosts.1', 'INVALID_VALUE'],
  ])('refuses %s', (_name, settings, path, code) => {
    expect(createProblems({ settings })).toEqual([[path, code]]);
  });
});

describe('validateUpdateMeetingInput', () => {
  const updateProblems = (input: Record<string, unknown>, occurrenceId?: string) =>
    validateUpdateMeetingInput(input as UpdateMeetingInput, { occurrenceId }).map((p) => [p.path.join('.'), p.code]);

  it('accepts a partial update', () => {
    expect(validateUpdateMeetingInput({ topic: 'Renamed', settings: { waitingRoom: true } })).toEqual([]);
  });

  it('refuses an update that changes nothing', () => {
    expect(updateProblems({})).toEqual([['input', 'REQUIRED']]);
    expect(updateProblems({ topic: null })).toEqual([['input', 'REQUIRED']]);
  });

  it('applies the same field rules as create', () => {
    expect(updateProblems({ topic: 'x'.repeat(201), duration: -5 })).toEqual([
      ['input.topic', 'TOO_LONG'],
      ['input.duration', 'OUT_OF_RANGE'],
    ]);
  });

  it('allows a recurrence change without a type (the meeting may already be recurring)', () => {
    expect(updateProblems({ recurrence: { type: 1, endTimes: 5 } })).toEqual([]);
  });

  it('refuses defaultPassword, which only applies to creation', () => {
    expect(updateProblems({ defaultPassword: true })).toEqual([['input.defaultPassword', 'NOT_ALLOWED']]);
  });

  it('limits a single-occurrence update to what Zoom lets an occurrence change', () => {
    expect(updateProblems({ agenda: 'a', startTime: '2025-06-01T10:00:00Z', duration: 30, settings: { muteUponEntry: true, autoRecording: 'none' } }, '1748772000000')).toEqual([]);
    expect(updateProblems({ topic: 'new', settings: { approvalType: 1, waitingRoom: true } }, '1748772000000')).toEqual([
      ['input.topic', 'NOT_ALLOWED'],
      ['input.settings.approvalType', 'NOT_ALLOWED'],
    ]);
  });
});
