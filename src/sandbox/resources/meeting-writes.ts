import type { ZoomMeeting, ZoomMeetingSettings, ZoomMeetingType } from '../../zoom/wire.ts';
import { canHost } from '../data.ts';
import { createSeededRandom, hashSeed, ALPHANUMERIC } from '../random.ts';
import { formatZoomTime, parseStartTime } from '../time.ts';
import type { SandboxHttpError, SandboxResponse } from '../types.ts';
import {
  fieldError,
  OCCURRENCE_UPDATABLE_SETTINGS,
  parseMeetingCreateBody,
  parseMeetingStatusBody,
  parseMeetingUpdateBody,
} from '../validation.ts';
import { hostingNotAllowed, zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import type { LiveMeetings } from './live-meetings.ts';
import type { MeetingRecord, MeetingsResource, OccurrenceOverride } from './meetings.ts';
import { booleanParam, newUuid, NO_CONTENT } from './params.ts';
import type { PastMeetingsResource } from './past-meetings.ts';
import type { UsersResource } from './users.ts';

/** Zoom's meeting writes: create, update (a meeting or one occurrence), delete (to the trash) and status. */
export class MeetingWrites {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
    private readonly meetings: MeetingsResource,
    private readonly past: PastMeetingsResource,
    private readonly live: LiveMeetings,
  ) {}

  /** POST /users/{userId}/meetings */
  create(userId: string, body: unknown): SandboxResponse {
    let host = this.users.require(userId);
    const input = parseMeetingCreateBody(body);
    const type: ZoomMeetingType = input.type ?? 2;
    if (input.schedule_for !== undefined) {
      const target = this.users.find(input.schedule_for);
      if (!target) throw scheduleForInvalid();
      if (type === 1 && target.id !== host.id) {
        throw zoomError(400, 3000, 'Instant meetings do not support the schedule_for parameter; you cannot schedule an instant meeting for another user.');
      }
      host = target;
    }
    if (!canHost(host)) throw hostingNotAllowed();
    if (input.pre_schedule === true && type !== 2 && type !== 3) throw preScheduleNotAllowed();
    if (type === 8 && input.recurrence === undefined) {
      throw fieldError('recurrence', 'A recurring meeting with a fixed time (type 8) needs a recurrence.');
    }
    const now = this.ctx.clock();
    const timezone = input.timezone ?? host.timezone ?? 'UTC';
    let startMs: number | undefined;
    if (type === 1) startMs = now;
    else if (type !== 3) startMs = input.start_time === undefined ? now : (parseStartTime(input.start_time, timezone) as number);
    const seq = this.ctx.nextSeq();
    const random = createSeededRandom(hashSeed(`${this.ctx.dataOptions.seed}:created:${seq - 1}`));
    const settings = pickSettings(input.settings ?? {});
    const id = this.newMeetingNumber(random);
    const record: MeetingRecord = {
      id,
      uuid: newUuid(),
      host_id: host.id,
      topic: input.topic ?? `${host.display_name ?? host.first_name ?? host.email}'s Zoom Meeting`,
      type,
      ...(startMs === undefined ? {} : { start_time: formatZoomTime(startMs) }),
      duration: input.duration ?? 60,
      timezone,
      agenda: input.agenda ?? '',
      created_at: formatZoomTime(now),
      password: input.password ?? random.string(6, ALPHANUMERIC),
      encrypted_password: random.string(32, ALPHANUMERIC),
      h323_password: String(random.int(100_000, 999_999)),
      pre_schedule: input.pre_schedule ?? false,
      ...(type === 8 || type === 3 ? (input.recurrence ? { recurrence: { ...input.recurrence } } : {}) : {}),
      settings,
      ...(input.tracking_fields ? { tracking_fields: input.tracking_fields.map((f) => ({ field: f.field, value: f.value ?? '' })) } : {}),
      seq,
      seeded: false,
      status: 'waiting',
    };
    this.meetings.add(record);
    const meeting = this.meetings.render(record, { showPrevious: true });
    this.ctx.emit({ type: 'meeting.created', meeting, operatorId: this.users.owner.id });
    return { status: 201, body: meeting };
  }

  /** PATCH /meetings/{meetingId} */
  update(meetingId: string, query: URLSearchParams, body: unknown): SandboxResponse {
    const record = this.meetings.require(meetingId);
    const input = parseMeetingUpdateBody(body);
    if (record.status === 'started') {
      throw zoomError(400, 3000, 'You cannot update or delete meetings that have started using this method.');
    }
    const now = this.ctx.clock();
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) {
      this.meetings.requireOccurrence(record, occurrenceId);
      return this.updateOccurrence(record, occurrenceId, input);
    }
    let host = this.users.byIdOrUndefined(record.host_id);
    if (input.schedule_for !== undefined) {
      const target = this.users.find(input.schedule_for);
      if (!target) throw scheduleForInvalid();
      if (!canHost(target)) throw hostingNotAllowed();
      host = target;
    }
    const type: ZoomMeetingType = input.type ?? record.type;
    if (type === 1 && input.schedule_for !== undefined && host?.id !== record.host_id) {
      throw zoomError(400, 3000, 'Instant meetings do not support the "schedule_for" parameter. You cannot schedule an instant meeting for another user.');
    }
    if (input.pre_schedule === true && type !== 2 && type !== 3) throw preScheduleNotAllowed();
    const recurrence = input.recurrence ?? record.recurrence;
    if (type === 8 && recurrence === undefined) {
      throw fieldError('recurrence', 'A recurring meeting with a fixed time (type 8) needs a recurrence.');
    }

    const before = this.meetings.render(record, { showPrevious: true });
    const timezone = input.timezone ?? record.timezone;
    let startTime = record.start_time;
    if (input.start_time !== undefined && type !== 3) {
      const startMs = parseStartTime(input.start_time, timezone) as number;
      // Spec: "The start_time value must be a future date. If the value is omitted or a date in the past, the API
      // ignores this value and does not update any recurring meetings."
      if (!(type === 8 && startMs < now)) startTime = formatZoomTime(startMs);
    } else if (startTime === undefined && type !== 3) {
      startTime = formatZoomTime(now);
    }
    if (host && host.id !== record.host_id) this.meetings.reassign(record, host.id);
    record.type = type;
    record.timezone = timezone;
    if (type === 3) delete record.start_time;
    else if (startTime !== undefined) record.start_time = startTime;
    if (input.topic !== undefined) record.topic = input.topic;
    if (input.agenda !== undefined) record.agenda = input.agenda;
    if (input.duration !== undefined) record.duration = input.duration;
    if (input.password !== undefined) record.password = input.password;
    if (input.pre_schedule !== undefined) record.pre_schedule = input.pre_schedule;
    if (type === 8 || type === 3) {
      if (input.recurrence !== undefined) record.recurrence = { ...input.recurrence };
    } else {
      delete record.recurrence;
    }
    if (input.settings) record.settings = { ...record.settings, ...pickSettings(input.settings) };
    if (input.tracking_fields) record.tracking_fields = input.tracking_fields.map((f) => ({ field: f.field, value: f.value ?? '' }));
    delete record.occurrenceCache;
    const after = this.meetings.render(record, { showPrevious: true });
    const changed = diff(before, after);
    if (Object.keys(changed).length > 0) {
      this.ctx.emit({ type: 'meeting.updated', meeting: after, changed, operatorId: this.users.owner.id });
    }
    return NO_CONTENT;
  }

  /** DELETE /meetings/{meetingId} */
  delete(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.meetings.require(meetingId);
    booleanParam(query, 'schedule_for_reminder', false);
    booleanParam(query, 'cancel_meeting_reminder', false);
    if (record.status === 'started') throw zoomError(400, 3002, 'Sorry, you cannot delete this meeting since it is in progress.');
    // The spec's 3007 "cannot delete this meeting since it has ended" has no state here: an instant meeting is gone
    // once it ends (3001), a scheduled or recurring one is waiting again, and Zoom does not say which it refuses.
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) {
      this.meetings.requireOccurrence(record, occurrenceId);
      const meeting = this.meetings.render(record, { showPrevious: true, occurrenceId });
      (record.deletedOccurrences ??= new Set()).add(occurrenceId);
      this.ctx.emit({ type: 'meeting.deleted', meeting, occurrenceId, operatorId: this.users.owner.id });
      return NO_CONTENT;
    }
    const meeting = this.meetings.render(record, { showPrevious: true });
    this.meetings.remove(record);
    // Deleted meetings can be recovered (PUT .../status {"action":"recover"}), as from Zoom's trash.
    this.meetings.trash.set(record.id, record);
    this.ctx.emit({ type: 'meeting.deleted', meeting, operatorId: this.users.owner.id });
    return NO_CONTENT;
  }

  /** PUT /meetings/{meetingId}/status */
  updateStatus(meetingId: string, body: unknown): SandboxResponse {
    const { action } = parseMeetingStatusBody(body);
    if (action === 'recover') {
      const deleted = /^\d+$/.test(meetingId) ? this.meetings.trash.get(Number(meetingId)) : undefined;
      if (deleted) {
        this.meetings.trash.delete(deleted.id);
        this.meetings.add(deleted);
        this.ctx.emit({ type: 'meeting.created', meeting: this.meetings.render(deleted, { showPrevious: true }), operatorId: this.users.owner.id });
        return NO_CONTENT;
      }
      this.meetings.require(meetingId);
      return NO_CONTENT;
    }
    const record = this.meetings.require(meetingId);
    // The spec defines no error for ending a meeting that is not in progress; the sandbox treats it as a no-op.
    if (record.status === 'started') this.live.end(record);
    return NO_CONTENT;
  }

  private updateOccurrence(record: MeetingRecord, occurrenceId: string, input: ReturnType<typeof parseMeetingUpdateBody>): SandboxResponse {
    const override: OccurrenceOverride = { ...(record.occurrenceOverrides?.get(occurrenceId) ?? {}) };
    const changed: Record<string, unknown> = {};
    if (input.start_time !== undefined) {
      override.start_time = formatZoomTime(parseStartTime(input.start_time, input.timezone ?? record.timezone) as number);
      changed['start_time'] = override.start_time;
    }
    if (input.duration !== undefined) changed['duration'] = override.duration = input.duration;
    if (input.agenda !== undefined) changed['agenda'] = override.agenda = input.agenda;
    if (input.settings) {
      const allowed: ZoomMeetingSettings = {};
      for (const key of OCCURRENCE_UPDATABLE_SETTINGS) if (input.settings[key] !== undefined) allowed[key] = input.settings[key] as never;
      if (Object.keys(allowed).length > 0) {
        override.settings = { ...(override.settings ?? {}), ...allowed };
        changed['settings'] = allowed;
      }
    }
    (record.occurrenceOverrides ??= new Map()).set(occurrenceId, override);
    if (Object.keys(changed).length > 0) {
      const meeting = this.meetings.render(record, { showPrevious: true, occurrenceId });
      // Zoom's meeting.updated for one occurrence names it in `occurrences`.
      this.ctx.emit({ type: 'meeting.updated', meeting, changed: { occurrences: [{ occurrence_id: occurrenceId, ...changed }] }, operatorId: this.users.owner.id });
    }
    return NO_CONTENT;
  }

  private newMeetingNumber(random: ReturnType<typeof createSeededRandom>): number {
    for (let attempt = 0; attempt < 1_000; attempt++) {
      const value = random.int(10_000_000_000, 99_999_999_999);
      if (!this.meetings.hasNumber(value) && !this.past.hasMeetingId(value)) return value;
    }
    throw new Error('Could not allocate a free meeting id');
  }
}

/** Settings as stored: only keys that are set, copied so later edits to the input cannot reach the store. */
function pickSettings(settings: ZoomMeetingSettings): ZoomMeetingSettings {
  const out: ZoomMeetingSettings = {};
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) out[key] = structuredClone(value);
  return out;
}

/** Top-level fields whose value changed, with their new values; for `settings`, only the changed settings. */
function diff(before: ZoomMeeting, after: ZoomMeeting): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'start_url' || key === 'occurrences') continue;
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (key === 'settings') {
      const s: Record<string, unknown> = {};
      const sa = (a ?? {}) as Record<string, unknown>;
      const sb = (b ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(sa), ...Object.keys(sb)])) if (JSON.stringify(sa[k]) !== JSON.stringify(sb[k])) s[k] = sb[k];
      if (Object.keys(s).length > 0) changed['settings'] = s;
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changed[key] = b;
    }
  }
  return changed;
}

function scheduleForInvalid(): SandboxHttpError {
  return zoomError(400, 300, 'The value that you entered for the schedule_for field is invalid. Enter a valid value and try again.');
}

function preScheduleNotAllowed(): SandboxHttpError {
  return zoomError(400, 3000, 'Prescheduling is only available for scheduled meetings (type 2) and recurring meetings with no fixed time (type 3).');
}
