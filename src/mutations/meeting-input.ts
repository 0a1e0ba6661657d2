import type { ZoomMeetingSettings, ZoomMeetingType, ZoomRecurrence } from '../zoom/wire.ts';

/**
 * The meeting write inputs of `schema/mutation.graphql`, as resolvers receive them: absent or null when not
 * given, and every enum already as Zoom's own value, because the schema's enum resolvers (src/resolvers/enums.ts)
 * give each GraphQL enum value its Zoom value (`RECURRING_FIXED_TIME` arrives as `8`, `CLOUD` as `'cloud'`).
 * The tables below name those values for messages and tests.
 */

export type MeetingTypeValue = 'INSTANT' | 'SCHEDULED' | 'RECURRING_NO_FIXED_TIME' | 'RECURRING_FIXED_TIME';
export type RecurrenceTypeValue = 'DAILY' | 'WEEKLY' | 'MONTHLY';
export type WeekdayValue = 'SUNDAY' | 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY';
export type MonthlyWeekValue = 'LAST' | 'FIRST' | 'SECOND' | 'THIRD' | 'FOURTH';
export type RegistrationApprovalValue = 'AUTOMATIC' | 'MANUAL' | 'NO_REGISTRATION';
export type AudioTypeValue = 'BOTH' | 'TELEPHONY' | 'VOIP' | 'THIRD_PARTY';
export type AutoRecordingValue = 'LOCAL' | 'CLOUD' | 'NONE';

/** `RecurrenceInput`. */
export interface RecurrenceInput {
  type: ZoomRecurrence['type'];
  repeatInterval?: number | null;
  /** Zoom day numbers, 1 = Sunday ... 7 = Saturday. */
  weeklyDays?: ReadonlyArray<NonNullable<ZoomRecurrence['monthly_week_day']>> | null;
  monthlyDay?: number | null;
  monthlyWeek?: ZoomRecurrence['monthly_week'] | null;
  monthlyWeekDay?: ZoomRecurrence['monthly_week_day'] | null;
  endTimes?: number | null;
  endDateTime?: string | null;
}

/** `MeetingSettingsInput`. */
export interface MeetingSettingsInput {
  hostVideo?: boolean | null;
  participantVideo?: boolean | null;
  joinBeforeHost?: boolean | null;
  joinBeforeHostMinutes?: number | null;
  muteUponEntry?: boolean | null;
  waitingRoom?: boolean | null;
  watermark?: boolean | null;
  approvalType?: ZoomMeetingSettings['approval_type'] | null;
  audio?: ZoomMeetingSettings['audio'] | null;
  autoRecording?: ZoomMeetingSettings['auto_recording'] | null;
  alternativeHosts?: readonly string[] | null;
  meetingAuthentication?: boolean | null;
}

/** `UpdateMeetingInput`: every field optional; only the given ones change. */
export interface UpdateMeetingInput {
  topic?: string | null;
  type?: ZoomMeetingType | null;
  startTime?: string | null;
  duration?: number | null;
  timezone?: string | null;
  agenda?: string | null;
  password?: string | null;
  recurrence?: RecurrenceInput | null;
  settings?: MeetingSettingsInput | null;
  scheduleFor?: string | null;
}

/** `CreateMeetingInput`. */
export interface CreateMeetingInput extends UpdateMeetingInput {
  defaultPassword?: boolean | null;
}

/** Zoom's meeting `type` per `MeetingType` value. */
export const ZOOM_MEETING_TYPES = Object.freeze({
  INSTANT: 1,
  SCHEDULED: 2,
  RECURRING_NO_FIXED_TIME: 3,
  RECURRING_FIXED_TIME: 8,
} as const satisfies Record<MeetingTypeValue, number>);

/** Zoom's `recurrence.type` per `RecurrenceType` value. */
export const ZOOM_RECURRENCE_TYPES = Object.freeze({ DAILY: 1, WEEKLY: 2, MONTHLY: 3 } as const satisfies Record<RecurrenceTypeValue, number>);

/** Zoom's day numbers: 1 = Sunday ... 7 = Saturday. */
export const ZOOM_WEEKDAYS = Object.freeze({
  SUNDAY: 1,
  MONDAY: 2,
  TUESDAY: 3,
  WEDNESDAY: 4,
  THURSDAY: 5,
  FRIDAY: 6,
  SATURDAY: 7,
} as const satisfies Record<WeekdayValue, number>);

/** Zoom's `monthly_week`: -1 is the last week. */
export const ZOOM_MONTHLY_WEEKS = Object.freeze({ LAST: -1, FIRST: 1, SECOND: 2, THIRD: 3, FOURTH: 4 } as const satisfies Record<MonthlyWeekValue, number>);

/** Zoom's `settings.approval_type`. */
export const ZOOM_APPROVAL_TYPES = Object.freeze({ AUTOMATIC: 0, MANUAL: 1, NO_REGISTRATION: 2 } as const satisfies Record<RegistrationApprovalValue, number>);

/** Zoom's `settings.audio`. */
export const ZOOM_AUDIO_TYPES = Object.freeze({
  BOTH: 'both',
  TELEPHONY: 'telephony',
  VOIP: 'voip',
  THIRD_PARTY: 'thirdParty',
} as const satisfies Record<AudioTypeValue, string>);

/** Zoom's `settings.auto_recording`. */
export const ZOOM_AUTO_RECORDINGS = Object.freeze({ LOCAL: 'local', CLOUD: 'cloud', NONE: 'none' } as const satisfies Record<AutoRecordingValue, string>);
