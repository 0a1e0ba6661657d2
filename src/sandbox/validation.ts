import { z } from 'zod';
import type { ZoomMeetingCreateBody, ZoomMeetingUpdateBody } from '../zoom/wire.ts';
import { ZOOM_MAX_OCCURRENCES, ZOOM_MAX_REPEAT_INTERVAL } from './recurrence.ts';
import { isKnownTimeZone, parseStartTime } from './time.ts';
import { INVALID_FIELD, validationFailed, zoomError, type ZoomFieldError } from './zoom-errors.ts';

/**
 * Validation of meeting write bodies as Zoom does it: every failing field becomes one `{field, message}` entry
 * of a 400 code 300 "Validation Failed." answer, with dotted paths (`settings.jbh_time`, `recurrence.weekly_days`).
 * Type and enum failures carry Zoom's generic "Invalid field."; rules that span fields say what is wrong.
 * Limits are the spec's (`ZoomMeetingAPISpec` meetingCreate/meetingUpdate request bodies).
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meetingCreate
 */

const intEnum = <const T extends readonly number[]>(values: T) =>
  z.number().refine((v): v is T[number] => values.includes(v), { message: INVALID_FIELD });

/** `yyyy-MM-ddTHH:mm:ss` with an optional `Z`/offset; the time zone is applied by the model. */
const startTime = z.string().refine((text) => parseStartTime(text, 'UTC') !== undefined, { message: INVALID_FIELD });

const recurrenceSchema = z
  .looseObject({
    type: intEnum([1, 2, 3] as const),
    repeat_interval: z.int().min(1).optional(),
    // "1" ... "7" (Sunday ... Saturday), several days comma-separated: "1,3".
    weekly_days: z.string().regex(/^[1-7](,[1-7])*$/).optional(),
    monthly_day: z.int().min(1).max(31).optional(),
    monthly_week: intEnum([-1, 1, 2, 3, 4] as const).optional(),
    monthly_week_day: intEnum([1, 2, 3, 4, 5, 6, 7] as const).optional(),
    end_times: z.int().min(1).max(ZOOM_MAX_OCCURRENCES).optional(),
    end_date_time: z.string().refine((t) => /Z$/.test(t) && parseStartTime(t, 'UTC') !== undefined, { message: INVALID_FIELD }).optional(),
  })
  .superRefine((r, ctx) => {
    const max = ZOOM_MAX_REPEAT_INTERVAL[r.type as 1 | 2 | 3];
    if (r.repeat_interval !== undefined && max !== undefined && r.repeat_interval > max) {
      ctx.addIssue({ code: 'custom', path: ['repeat_interval'], message: `The repeat interval for this recurrence type cannot exceed ${max}.` });
    }
    if (r.end_times !== undefined && r.end_date_time !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['end_date_time'], message: 'end_times and end_date_time cannot be used together.' });
    }
    if (r.type === 2 && r.weekly_days === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekly_days'], message: 'weekly_days is required for a weekly recurrence.' });
    }
    if (r.type === 3) {
      const byWeek = r.monthly_week !== undefined || r.monthly_week_day !== undefined;
      if (byWeek && (r.monthly_week === undefined || r.monthly_week_day === undefined)) {
        ctx.addIssue({ code: 'custom', path: [r.monthly_week === undefined ? 'monthly_week' : 'monthly_week_day'], message: 'monthly_week and monthly_week_day must be used together.' });
      }
      if (byWeek && r.monthly_day !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['monthly_day'], message: 'Use either monthly_day or monthly_week with monthly_week_day.' });
      }
    }
  });

const settingsSchema = z.looseObject({
  host_video: z.boolean().optional(),
  participant_video: z.boolean().optional(),
  join_before_host: z.boolean().optional(),
  jbh_time: intEnum([0, 5, 10] as const).optional(),
  mute_upon_entry: z.boolean().optional(),
  waiting_room: z.boolean().optional(),
  watermark: z.boolean().optional(),
  use_pmi: z.boolean().optional(),
  approval_type: intEnum([0, 1, 2] as const).optional(),
  registration_type: intEnum([1, 2, 3] as const).optional(),
  audio: z.enum(['both', 'telephony', 'voip', 'thirdParty']).optional(),
  auto_recording: z.enum(['local', 'cloud', 'none']).optional(),
  alternative_hosts: z.string().optional(),
  meeting_authentication: z.boolean().optional(),
  private_meeting: z.boolean().optional(),
  email_notification: z.boolean().optional(),
  encryption_type: z.enum(['enhanced_encryption', 'e2ee']).optional(),
  focus_mode: z.boolean().optional(),
  host_save_video_order: z.boolean().optional(),
  close_registration: z.boolean().optional(),
  show_share_button: z.boolean().optional(),
  allow_multiple_devices: z.boolean().optional(),
  registrants_confirmation_email: z.boolean().optional(),
  registrants_email_notification: z.boolean().optional(),
  calendar_type: intEnum([1, 2] as const).optional(),
  continuous_meeting_chat: z.looseObject({ enable: z.boolean().optional(), auto_add_invited_external_users: z.boolean().optional() }).optional(),
});

const meetingBodySchema = z.looseObject({
  topic: z.string().max(200).optional(),
  type: intEnum([1, 2, 3, 8] as const).optional(),
  start_time: startTime.optional(),
  duration: z.int().min(0).optional(),
  timezone: z.string().refine(isKnownTimeZone, { message: INVALID_FIELD }).optional(),
  agenda: z.string().max(2000).optional(),
  // "a maximum length of 10 characters and only ... alphanumeric characters and the @, -, _, and * characters".
  password: z.string().max(10).regex(/^[A-Za-z0-9@\-_*]*$/).optional(),
  default_password: z.boolean().optional(),
  pre_schedule: z.boolean().optional(),
  schedule_for: z.string().min(1).optional(),
  template_id: z.string().optional(),
  tracking_fields: z.array(z.looseObject({ field: z.string(), value: z.string().optional() })).optional(),
  recurrence: recurrenceSchema.optional(),
  settings: settingsSchema.optional(),
});

/** The fields a PATCH with `occurrence_id` may change (spec: agenda, start_time, duration and these settings). */
export const OCCURRENCE_UPDATABLE_SETTINGS = [
  'host_video', 'participant_video', 'join_before_host', 'mute_upon_entry', 'waiting_room', 'watermark', 'auto_recording',
] as const;

/** A validated meeting write body: the wire subset plus the spec fields the sandbox also honours. */
export type MeetingWriteInput = ZoomMeetingCreateBody & {
  template_id?: string;
  tracking_fields?: Array<{ field: string; value?: string }>;
};

/** Validates a `POST /users/{userId}/meetings` body; throws Zoom's 400 answer. Unknown fields pass through unused. */
export function parseMeetingCreateBody(body: unknown): MeetingWriteInput {
  return parseWith(meetingBodySchema, body) as MeetingWriteInput;
}

/** Validates a `PATCH /meetings/{meetingId}` body (the same rules, every field optional). */
export function parseMeetingUpdateBody(body: unknown): MeetingWriteInput & ZoomMeetingUpdateBody {
  return parseWith(meetingBodySchema, body) as MeetingWriteInput;
}

const statusBodySchema = z.looseObject({ action: z.enum(['end', 'recover']) });

/** Validates a `PUT /meetings/{meetingId}/status` body: `{"action": "end" | "recover"}`. */
export function parseMeetingStatusBody(body: unknown): { action: 'end' | 'recover' } {
  return parseWith(statusBodySchema, body);
}

/** Parses a JSON body with `schema`, answering every failing field as Zoom does (400 code 300, `errors[]`). */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw zoomError(400, 300, 'Request Body should be a valid JSON object.');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors: ZoomFieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.code === 'custom' && issue.message !== INVALID_FIELD ? issue.message : INVALID_FIELD });
  }
  throw validationFailed(errors);
}

/** Builds a code-300 error for one field (rules the model checks after parsing, e.g. a type 8 without recurrence). */
export function fieldError(field: string, message: string = INVALID_FIELD): ReturnType<typeof validationFailed> {
  return validationFailed([{ field, message }]);
}
