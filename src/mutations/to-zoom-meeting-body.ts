import type { ZoomMeetingCreateBody, ZoomMeetingSettings, ZoomMeetingUpdateBody, ZoomRecurrence } from '../zoom/wire.ts';
import { parseMeetingDateTime } from './date-time.ts';
import type { CreateMeetingInput, MeetingSettingsInput, RecurrenceInput, UpdateMeetingInput } from './meeting-input.ts';

// Enum values arrive as Zoom's own values (see meeting-input.ts), so they pass straight through.

/**
 * The `POST /users/{userId}/meetings` body for a `CreateMeetingInput` that passed `validateCreateMeetingInput`.
 * Only given fields are sent (absent and null alike), so Zoom's defaults apply to the rest.
 */
export function toZoomMeetingCreateBody(input: CreateMeetingInput): ZoomMeetingCreateBody {
  const body: ZoomMeetingCreateBody = toZoomMeetingUpdateBody(input);
  if (isGiven(input.defaultPassword)) body.default_password = input.defaultPassword;
  return body;
}

/**
 * The `PATCH /meetings/{meetingId}` body for an `UpdateMeetingInput` that passed `validateUpdateMeetingInput`.
 * Only given fields are sent: PATCH changes exactly those.
 */
export function toZoomMeetingUpdateBody(input: UpdateMeetingInput): ZoomMeetingUpdateBody {
  const body: ZoomMeetingUpdateBody = {};
  if (isGiven(input.topic)) body.topic = input.topic;
  if (isGiven(input.type)) body.type = input.type;
  if (isGiven(input.startTime)) body.start_time = zoomDateTime(input.startTime, 'startTime');
  if (isGiven(input.duration)) body.duration = input.duration;
  if (isGiven(input.timezone)) body.timezone = input.timezone;
  if (isGiven(input.agenda)) body.agenda = input.agenda;
  if (isGiven(input.password)) body.password = input.password;
  if (isGiven(input.scheduleFor)) body.schedule_for = input.scheduleFor;
  if (isGiven(input.recurrence)) body.recurrence = toZoomRecurrence(input.recurrence);
  if (isGiven(input.settings)) body.settings = toZoomSettings(input.settings);
  return body;
}

function toZoomRecurrence(input: RecurrenceInput): ZoomRecurrence {
  const recurrence: ZoomRecurrence = { type: input.type };
  if (isGiven(input.repeatInterval)) recurrence.repeat_interval = input.repeatInterval;
  // Zoom wants "1,3" (Sunday and Tuesday), in day order.
  if (isGiven(input.weeklyDays) && input.weeklyDays.length > 0) {
    recurrence.weekly_days = [...new Set(input.weeklyDays)].sort((a, b) => a - b).join(',');
  }
  if (isGiven(input.monthlyDay)) recurrence.monthly_day = input.monthlyDay;
  if (isGiven(input.monthlyWeek)) recurrence.monthly_week = input.monthlyWeek;
  if (isGiven(input.monthlyWeekDay)) recurrence.monthly_week_day = input.monthlyWeekDay;
  if (isGiven(input.endTimes)) recurrence.end_times = input.endTimes;
  if (isGiven(input.endDateTime)) recurrence.end_date_time = zoomDateTime(input.endDateTime, 'recurrence.endDateTime');
  return recurrence;
}

function toZoomSettings(input: MeetingSettingsInput): ZoomMeetingSettings {
  const settings: ZoomMeetingSettings = {};
  if (isGiven(input.hostVideo)) settings.host_video = input.hostVideo;
  if (isGiven(input.participantVideo)) settings.participant_video = input.participantVideo;
  if (isGiven(input.joinBeforeHost)) settings.join_before_host = input.joinBeforeHost;
  if (isGiven(input.joinBeforeHostMinutes)) settings.jbh_time = input.joinBeforeHostMinutes as 0 | 5 | 10;
  if (isGiven(input.muteUponEntry)) settings.mute_upon_entry = input.muteUponEntry;
  if (isGiven(input.waitingRoom)) settings.waiting_room = input.waitingRoom;
  if (isGiven(input.watermark)) settings.watermark = input.watermark;
  if (isGiven(input.approvalType)) settings.approval_type = input.approvalType;
  if (isGiven(input.audio)) settings.audio = input.audio;
  if (isGiven(input.autoRecording)) settings.auto_recording = input.autoRecording;
  // "A semicolon-separated list of the meeting's alternative hosts' email addresses or IDs."
  if (isGiven(input.alternativeHosts)) settings.alternative_hosts = input.alternativeHosts.map((host) => host.trim()).join(';');
  if (isGiven(input.meetingAuthentication)) settings.meeting_authentication = input.meetingAuthentication;
  return settings;
}

function zoomDateTime(text: string, field: string): string {
  const parsed = parseMeetingDateTime(text);
  // Validation runs first; reaching this means a caller skipped it, which is a programming error.
  if (parsed === undefined) throw new TypeError(`${field} was not validated: not an ISO 8601 date-time`);
  return parsed.zoom;
}

function isGiven<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
