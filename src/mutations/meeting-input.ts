import type { ZoomMeetingSettings, ZoomMeetingType, ZoomRecurrence } from '../zoom/wire.ts';

/**
 * The meeting write inputs of `schema/mutation.graphql`, as resolvers receive them: absent or null when not
 * given, and every enum already as Zoom's own value, because the schema's enum resolvers (src/resolvers/enums.ts)
 * give each GraphQL enum value its Zoom value (`RECURRING_FIXED_TIME` arrives as `8`, `CLOUD` as `'cloud'`).
 * The tables below name those values for messages and tests.
 */

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

/**
 * Zoom's value per GraphQL enum value. These are the schema's own enum tables (src/resolvers/enums.ts), so the
 * validator and the schema cannot disagree on a value.
 */
export {
  AudioType as ZOOM_AUDIO_TYPES,
  AutoRecording as ZOOM_AUTO_RECORDINGS,
  MeetingType as ZOOM_MEETING_TYPES,
  MonthlyWeek as ZOOM_MONTHLY_WEEKS,
  RecurrenceType as ZOOM_RECURRENCE_TYPES,
  RegistrationApproval as ZOOM_APPROVAL_TYPES,
  Weekday as ZOOM_WEEKDAYS,
} from '../resolvers/enums.ts';
