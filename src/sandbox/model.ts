import { randomBytes, randomUUID } from 'node:crypto';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../zoom/operations.ts';
import type {
  ZoomMeeting,
  ZoomMeetingListItem,
  ZoomMeetingSettings,
  ZoomMeetingType,
  ZoomOccurrence,
  ZoomParticipant,
  ZoomPastMeeting,
  ZoomRecordingMeeting,
  ZoomRegistrant,
  ZoomUser,
  ZoomUserListItem,
} from '../zoom/wire.ts';
import {
  canHost,
  DEFAULT_MEETING_SETTINGS,
  generateParticipants,
  generateRecordingFiles,
  generateRegistrants,
  generateSandboxData,
  resolveDataOptions,
  SANDBOX_WEB_HOST,
  ZOOM_INVITATION_TTL_DAYS,
  type SandboxDataPreset,
  type SeedMeeting,
  type SeedPastMeeting,
} from './data.ts';
import { createPaginator, sortKey, type Page } from './pagination.ts';
import { createSeededRandom, hashSeed, ALPHANUMERIC, BASE64URL } from './random.ts';
import { expandRecurrence } from './recurrence.ts';
import { addUtcMonths, DAY_MS, formatUtcDate, formatZoomTime, MINUTE_MS, parseStartTime, parseUtcDate, utcDayStart } from './time.ts';
import {
  SandboxHttpError,
  type Clock,
  type SandboxChange,
  type SandboxDataOptions,
  type SandboxModel,
  type SandboxRequest,
  type SandboxResponse,
} from './types.ts';
import { fieldError, OCCURRENCE_UPDATABLE_SETTINGS, parseMeetingCreateBody, parseMeetingStatusBody, parseMeetingUpdateBody } from './validation.ts';
import {
  hostingNotAllowed,
  INVALID_FIELD,
  meetingNotFound,
  paidAccountOnly,
  pastMeetingNotFound,
  userNotFound,
  validationFailed,
  zoomError,
} from './zoom-errors.ts';

/** Options of `createSandboxModel`. */
export interface SandboxModelOptions {
  /** Data sizes: a preset name or options over the `small` preset. Default `'small'`. */
  data?: Partial<SandboxDataOptions> | SandboxDataPreset;
  /** Epoch-millisecond clock for "now" (page token expiry, upcoming/previous, start times). Default `Date.now`. */
  clock?: Clock;
  /** The account id users carry (`account_id`) and recordings report. Default `'sandbox'`. */
  accountId?: string;
  /**
   * The account's plan: Zoom's free Basic plan or any paid one. On `free`, operations whose spec lists code 200
   * ("Only available for paid account") answer it: the past-meeting reports. Default `'paid'`.
   */
  plan?: SandboxAccountPlan;
}

/** Whether the account pays; Zoom gates some reports on it. */
export type SandboxAccountPlan = 'free' | 'paid';

/**
 * Zoom expires a non-recurring meeting 30 days after its scheduled time and a recurring one 365 days after its
 * last occurrence; expired meetings answer 3001 "is not found or has expired" and leave the lists.
 * @see https://support.zoom.us/hc/en-us/articles/201362373-Meeting-ID
 */
const EXPIRY_SCHEDULED_MS = 30 * DAY_MS;
const EXPIRY_RECURRING_MS = 365 * DAY_MS;

/** How far back the past-meeting reports reach: a year (taken as 365 days; Zoom does not say how it counts). */
const PAST_MEETING_REACH_MS = 365 * DAY_MS;

const MEETING_LIST_TYPES = ['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'] as const;
type MeetingListType = (typeof MEETING_LIST_TYPES)[number];

/**
 * Creates the in-memory Zoom behind the sandbox's HTTP shell: seeded data plus Zoom's behaviour for every
 * operation in `ZOOM_OPERATIONS` (parameters, defaults, validation, pagination, error codes, change events).
 * Building the `large` preset takes a second or two; everything after is synchronous and in memory.
 */
export function createSandboxModel(options: SandboxModelOptions = {}): SandboxModel {
  const clock = options.clock ?? Date.now;
  const accountId = options.accountId ?? 'sandbox';
  if (typeof accountId !== 'string' || accountId.length === 0) throw new TypeError('accountId must be a non-empty string');
  const dataOptions = resolveDataOptions(options.data);
  const plan = options.plan ?? 'paid';
  if (plan !== 'free' && plan !== 'paid') throw new TypeError(`plan must be free or paid; got ${JSON.stringify(plan)}`);
  const anchorMs = utcDayStart(clock());
  return new ZoomSandboxModel(dataOptions, accountId, anchorMs, clock, plan);
}

interface OccurrenceOverride {
  start_time?: string;
  duration?: number;
  agenda?: string;
  settings?: ZoomMeetingSettings;
}

interface LiveParticipant {
  participant_uuid: string;
  user_id: string;
  id: string;
  name: string;
  email?: string;
  joinMs: number;
  leaveMs?: number;
}

interface MeetingRecord extends SeedMeeting {
  seq: number;
  seeded: boolean;
  status: 'waiting' | 'started';
  tracking_fields?: Array<{ field: string; value: string }>;
  /** Created on first use: most meetings never have an occurrence deleted or edited. */
  deletedOccurrences?: Set<string>;
  occurrenceOverrides?: Map<string, OccurrenceOverride>;
  /** Start instants of all occurrences (type 8), computed on first use and dropped on every change. */
  occurrenceCache?: number[];
  live?: { uuid: string; startedMs: number; participants: LiveParticipant[] };
}

interface PastRecord {
  meeting: SeedPastMeeting;
  seq: number;
  /** Present for instances the sandbox ran itself (startMeeting/endMeeting); seeded ones are generated. */
  participants?: ZoomParticipant[];
}

class ZoomSandboxModel implements SandboxModel {
  private readonly listeners = new Set<(change: SandboxChange) => void>();
  private readonly paginator;
  private users: ZoomUser[] = [];
  private usersById = new Map<string, ZoomUser>();
  private usersByEmail = new Map<string, ZoomUser>();
  private userSeq = new Map<string, number>();
  private meetings = new Map<number, MeetingRecord>();
  private meetingsByHost = new Map<string, Set<number>>();
  private trash = new Map<number, MeetingRecord>();
  private pastByUuid = new Map<string, PastRecord>();
  private pastById = new Map<number, PastRecord[]>();
  private pastByHost = new Map<string, PastRecord[]>();
  private participantCache = new Map<string, ZoomParticipant[]>();
  private seq = 0;

  constructor(
    private readonly dataOptions: SandboxDataOptions,
    private readonly accountId: string,
    private readonly anchorMs: number,
    private readonly clock: Clock,
    private readonly plan: SandboxAccountPlan,
  ) {
    this.paginator = createPaginator(clock);
    this.load();
  }

  get owner(): ZoomUser {
    return structuredClone(this.users[0] as ZoomUser);
  }

  onChange(listener: (change: SandboxChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.paginator.reset();
    this.load();
  }

  hostOf(meetingId: string): string | undefined {
    return this.findMeeting(meetingId)?.host_id;
  }

  resolveUserId(userId: string): string | undefined {
    return this.findUser(userId)?.id;
  }

  handle(request: SandboxRequest): SandboxResponse {
    const op: ZoomOperationId = request.operation;
    switch (op) {
      case 'users': return this.listUsers(request.query);
      case 'user': return this.getUser(param(request, 'userId'), request.query);
      case 'meetings': return this.listMeetings(param(request, 'userId'), request.query);
      case 'meetingCreate': return this.createMeeting(param(request, 'userId'), request.body);
      case 'meeting': return this.getMeeting(param(request, 'meetingId'), request.query);
      case 'meetingUpdate': return this.updateMeeting(param(request, 'meetingId'), request.query, request.body);
      case 'meetingDelete': return this.deleteMeeting(param(request, 'meetingId'), request.query);
      case 'meetingStatus': return this.updateMeetingStatus(param(request, 'meetingId'), request.body);
      case 'pastMeetingDetails': return this.getPastMeeting(param(request, 'meetingId'));
      case 'pastMeetingParticipants': return this.listPastParticipants(param(request, 'meetingId'), request.query);
      case 'meetingRegistrants': return this.listRegistrants(param(request, 'meetingId'), request.query);
      case 'recordingsList': return this.listRecordings(param(request, 'userId'), request.query);
      default: {
        const unknown: never = op;
        throw new TypeError(`Unknown sandbox operation: ${String(unknown)}`);
      }
    }
  }

  // ---- Users ----

  private listUsers(query: URLSearchParams): SandboxResponse {
    const status = enumParam(query, 'status', ['active', 'inactive', 'pending'] as const, 'active');
    const roleId = query.get('role_id') ?? '';
    const includeHostKey = query.get('include_fields') === 'host_key';
    const now = this.clock();
    const items = this.users.filter((u) => u.status === status && (roleId === '' || u.role_id === roleId) && !invitationExpired(u, now));
    const page = this.paginate(items, (u) => sortKey(this.userSeq.get(u.id) ?? 0), query, 'users', `${status}|${roleId}`);
    return ok({ ...page.envelope, users: page.items.map((u) => userListItem(u, includeHostKey)) });
  }

  private getUser(userId: string, query: URLSearchParams): SandboxResponse {
    const byUniqueId = booleanParam(query, 'search_by_unique_id', false);
    const user = byUniqueId ? this.users.find((u) => u.employee_unique_id === userId) : this.findAnyUser(userId);
    if (!user) throw userNotFound(userId);
    if (invitationExpired(user, this.clock())) {
      throw zoomError(400, 1120, 'A valid invitation to join the Zoom account was not found for this user.');
    }
    const { host_key: _hostKey, ...detail } = structuredClone(user);
    // Spec note: a pending user's created_at "will also display the time at which the API call was made".
    if (user.status === 'pending') detail.created_at = formatZoomTime(this.clock());
    return ok(detail);
  }

  // ---- Meetings ----

  private listMeetings(userId: string, query: URLSearchParams): SandboxResponse {
    const user = this.requireUser(userId);
    const type = enumParam(query, 'type', MEETING_LIST_TYPES, 'scheduled');
    const from = dateParam(query, 'from');
    const to = dateParam(query, 'to');
    if (from !== undefined && to !== undefined && to < from) throw fieldError('to');
    if (!canHost(user)) throw hostingNotAllowed();
    const now = this.clock();
    const items: MeetingRecord[] = [];
    for (const id of this.meetingsByHost.get(user.id) ?? []) {
      const record = this.meetings.get(id);
      if (!record || record.type === 1 || this.isExpired(record, now) || !this.matchesListType(record, type, now)) continue;
      if (from !== undefined || to !== undefined) {
        if (record.start_time === undefined) continue;
        const day = utcDayStart(Date.parse(this.listStartTime(record, now) ?? record.start_time));
        if ((from !== undefined && day < from) || (to !== undefined && day > to)) continue;
      }
      items.push(record);
    }
    items.sort((a, b) => compare(meetingKey(a), meetingKey(b)));
    const scope = `${user.id}|${type}|${query.get('from') ?? ''}|${query.get('to') ?? ''}`;
    const page = this.paginate(items, meetingKey, query, 'meetings', scope);
    return ok({ ...page.envelope, meetings: page.items.map((r) => this.renderListItem(r, now)) });
  }

  private createMeeting(userId: string, body: unknown): SandboxResponse {
    let host = this.requireUser(userId);
    const input = parseMeetingCreateBody(body);
    const type: ZoomMeetingType = input.type ?? 2;
    if (input.schedule_for !== undefined) {
      const target = this.findUser(input.schedule_for);
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
    const now = this.clock();
    const timezone = input.timezone ?? host.timezone ?? 'UTC';
    let startMs: number | undefined;
    if (type === 1) startMs = now;
    else if (type !== 3) startMs = input.start_time === undefined ? now : (parseStartTime(input.start_time, timezone) as number);
    const random = createSeededRandom(hashSeed(`${this.dataOptions.seed}:created:${this.seq}`));
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
      seq: ++this.seq,
      seeded: false,
      status: 'waiting',
    };
    this.addMeeting(record);
    const meeting = this.render(record, { showPrevious: true });
    this.emit({ type: 'meeting.created', meeting, operatorId: this.operatorId() });
    return { status: 201, body: meeting };
  }

  private getMeeting(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.requireMeeting(meetingId);
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) this.requireOccurrence(record, occurrenceId);
    const showPrevious = booleanParam(query, 'show_previous_occurrences', false);
    return ok(this.render(record, { showPrevious, occurrenceId }));
  }

  private updateMeeting(meetingId: string, query: URLSearchParams, body: unknown): SandboxResponse {
    const record = this.requireMeeting(meetingId);
    const input = parseMeetingUpdateBody(body);
    if (record.status === 'started') {
      throw zoomError(400, 3000, 'You cannot update or delete meetings that have started using this method.');
    }
    const now = this.clock();
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) {
      this.requireOccurrence(record, occurrenceId);
      return this.updateOccurrence(record, occurrenceId, input);
    }
    let host = this.usersById.get(record.host_id);
    if (input.schedule_for !== undefined) {
      const target = this.findUser(input.schedule_for);
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

    const before = this.render(record, { showPrevious: true });
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
    if (host && host.id !== record.host_id) {
      this.meetingsByHost.get(record.host_id)?.delete(record.id);
      this.hostSet(host.id).add(record.id);
      record.host_id = host.id;
    }
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
    const after = this.render(record, { showPrevious: true });
    const changed = diff(before, after);
    if (Object.keys(changed).length > 0) {
      this.emit({ type: 'meeting.updated', meeting: after, changed, operatorId: this.operatorId() });
    }
    return { status: 204 };
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
      const meeting = this.render(record, { showPrevious: true, occurrenceId });
      // Zoom's meeting.updated for one occurrence names it in `occurrences`.
      this.emit({ type: 'meeting.updated', meeting, changed: { occurrences: [{ occurrence_id: occurrenceId, ...changed }] }, operatorId: this.operatorId() });
    }
    return { status: 204 };
  }

  private deleteMeeting(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.requireMeeting(meetingId);
    booleanParam(query, 'schedule_for_reminder', false);
    booleanParam(query, 'cancel_meeting_reminder', false);
    if (record.status === 'started') throw zoomError(400, 3002, 'Sorry, you cannot delete this meeting since it is in progress.');
    // The spec's 3007 "cannot delete this meeting since it has ended" has no state here: an instant meeting is gone
    // once it ends (3001), a scheduled or recurring one is waiting again, and Zoom does not say which it refuses.
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) {
      this.requireOccurrence(record, occurrenceId);
      const meeting = this.render(record, { showPrevious: true, occurrenceId });
      (record.deletedOccurrences ??= new Set()).add(occurrenceId);
      this.emit({ type: 'meeting.deleted', meeting, occurrenceId, operatorId: this.operatorId() });
      return { status: 204 };
    }
    const meeting = this.render(record, { showPrevious: true });
    this.removeMeeting(record);
    // Deleted meetings can be recovered (PUT .../status {"action":"recover"}), as from Zoom's trash.
    this.trash.set(record.id, record);
    this.emit({ type: 'meeting.deleted', meeting, operatorId: this.operatorId() });
    return { status: 204 };
  }

  private updateMeetingStatus(meetingId: string, body: unknown): SandboxResponse {
    const { action } = parseMeetingStatusBody(body);
    if (action === 'recover') {
      const deleted = /^\d+$/.test(meetingId) ? this.trash.get(Number(meetingId)) : undefined;
      if (deleted) {
        this.trash.delete(deleted.id);
        this.addMeeting(deleted);
        this.emit({ type: 'meeting.created', meeting: this.render(deleted, { showPrevious: true }), operatorId: this.operatorId() });
        return { status: 204 };
      }
      this.requireMeeting(meetingId);
      return { status: 204 };
    }
    const record = this.requireMeeting(meetingId);
    // The spec defines no error for ending a meeting that is not in progress; the sandbox treats it as a no-op.
    if (record.status === 'started') this.end(record);
    return { status: 204 };
  }

  // ---- Past meetings ----

  private getPastMeeting(meetingId: string): SandboxResponse {
    this.requirePaidAccount();
    const past = this.requirePast(meetingId);
    const participants = this.participantsOf(past);
    const totalSeconds = participants.reduce((sum, p) => sum + p.duration, 0);
    const { recorded: _recorded, ...fields } = past.meeting;
    const body: ZoomPastMeeting = { ...fields, total_minutes: Math.round(totalSeconds / 60), participants_count: participants.length };
    return ok(body);
  }

  private listPastParticipants(meetingId: string, query: URLSearchParams): SandboxResponse {
    this.requirePaidAccount();
    const past = this.requirePast(meetingId);
    const participants = this.participantsOf(past).map((p, index) => ({ index, p }));
    const page = this.paginate(participants, (e) => sortKey(e.index), query, 'pastMeetingParticipants', past.meeting.uuid);
    return ok({ ...page.envelope, participants: page.items.map((e) => ({ ...e.p })) });
  }

  // ---- Registrants ----

  private listRegistrants(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.requireMeeting(meetingId);
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) this.requireOccurrence(record, occurrenceId);
    // Spec: status "default": "approved".
    const status = enumParam(query, 'status', ['pending', 'approved', 'denied'] as const, 'approved');
    const all = this.registrantsOf(record).map((r, index) => ({ index, r }));
    const items = all.filter((e) => e.r.status === status);
    const page = this.paginate(items, (e) => sortKey(e.index), query, 'meetingRegistrants', `${record.id}|${status}|${occurrenceId ?? ''}`);
    return ok({ ...page.envelope, registrants: page.items.map((e) => ({ ...e.r })) });
  }

  // ---- Recordings ----

  private listRecordings(userId: string, query: URLSearchParams): SandboxResponse {
    const user = this.requireUser(userId);
    const today = utcDayStart(this.clock());
    const fromParam = dateParam(query, 'from');
    const toParam = dateParam(query, 'to');
    // Spec: with neither, from is today and to tomorrow ("2020-06-30" and "2020-07-01"); with only from, to is today.
    const from = fromParam ?? (toParam === undefined ? today : toParam);
    const to = toParam ?? (fromParam === undefined ? today + DAY_MS : Math.max(today, from));
    if (to < from) throw fieldError('to', 'The to date cannot be earlier than the from date.');
    // Spec: "The maximum range can be a month."
    if (to > addUtcMonths(from, 1)) throw fieldError('to', 'The date range between from and to cannot be more than one month.');
    const trash = booleanParam(query, 'trash', false);
    const meetingIdFilter = query.get('meeting_id');
    if (meetingIdFilter !== null && !/^\d+$/.test(meetingIdFilter)) throw fieldError('meeting_id');
    const recorded = trash
      ? []
      : (this.pastByHost.get(user.id) ?? []).filter((p) => {
          if (!p.meeting.recorded) return false;
          if (meetingIdFilter !== null && String(p.meeting.id) !== meetingIdFilter) return false;
          const day = utcDayStart(Date.parse(p.meeting.start_time));
          return day >= from && day <= to;
        });
    recorded.sort((a, b) => compare(recordingKey(a), recordingKey(b)));
    const scope = `${user.id}|${formatUtcDate(from)}|${formatUtcDate(to)}|${trash}|${meetingIdFilter ?? ''}`;
    const page = this.paginate(recorded, recordingKey, query, 'recordingsList', scope);
    return ok({ from: formatUtcDate(from), to: formatUtcDate(to), ...page.envelope, meetings: page.items.map((p) => this.renderRecording(p)) });
  }

  // ---- Simulated live activity ----

  startMeeting(meetingId: string): ZoomMeeting {
    const record = this.requireMeeting(meetingId);
    if (record.status !== 'started') {
      record.status = 'started';
      record.live = { uuid: record.uuid, startedMs: this.clock(), participants: [] };
      this.emit({ type: 'meeting.started', meeting: this.render(record, { showPrevious: true }), operatorId: record.host_id });
    }
    return this.render(record, { showPrevious: true });
  }

  endMeeting(meetingId: string): ZoomMeeting {
    const record = this.requireMeeting(meetingId);
    if (record.status !== 'started') throw notInProgress(meetingId);
    return this.end(record);
  }

  participantJoined(meetingId: string, participant: { name?: string; email?: string } = {}): void {
    const record = this.requireMeeting(meetingId);
    if (!record.live) throw notInProgress(meetingId);
    const now = this.clock();
    const colleague = participant.email === undefined ? undefined : this.usersByEmail.get(participant.email.toLowerCase());
    const live: LiveParticipant = {
      participant_uuid: randomUUID().toUpperCase(),
      user_id: String(16_778_240 + record.live.participants.length * 1_024),
      id: colleague?.id ?? '',
      name: participant.name ?? colleague?.display_name ?? `Guest ${record.live.participants.length + 1}`,
      ...(participant.email === undefined ? {} : { email: participant.email }),
      joinMs: now,
    };
    record.live.participants.push(live);
    this.emitParticipant('meeting.participant_joined', record, live, now);
  }

  participantLeft(meetingId: string, participantUuid?: string): void {
    const record = this.requireMeeting(meetingId);
    if (!record.live) throw notInProgress(meetingId);
    const present = record.live.participants.filter((p) => p.leaveMs === undefined);
    const leaving = participantUuid === undefined ? present[present.length - 1] : present.find((p) => p.participant_uuid === participantUuid);
    if (!leaving) {
      throw zoomError(400, 300, participantUuid === undefined ? `Nobody is in meeting ${meetingId}.` : `Participant ${participantUuid} is not in meeting ${meetingId}.`);
    }
    const now = this.clock();
    leaving.leaveMs = now;
    this.emitParticipant('meeting.participant_left', record, leaving, now);
  }

  // ---- Internals ----

  private load(): void {
    const seed = generateSandboxData(this.dataOptions, this.accountId, this.anchorMs);
    this.users = seed.users;
    this.usersById = new Map(seed.users.map((u) => [u.id, u]));
    this.usersByEmail = new Map(seed.users.map((u) => [u.email.toLowerCase(), u]));
    this.userSeq = new Map(seed.users.map((u, index) => [u.id, index]));
    this.meetings = new Map();
    this.meetingsByHost = new Map();
    this.trash = new Map();
    this.pastByUuid = new Map();
    this.pastById = new Map();
    this.pastByHost = new Map();
    this.participantCache = new Map();
    this.seq = 0;
    // The seed objects become the records (no copy): load() regenerates them, so nothing else holds them.
    for (const meeting of seed.meetings) {
      const record = meeting as MeetingRecord;
      record.seq = ++this.seq;
      record.seeded = true;
      record.status = 'waiting';
      this.addMeeting(record);
    }
    for (const past of seed.pastMeetings) this.addPast({ meeting: past, seq: ++this.seq });
  }

  private addMeeting(record: MeetingRecord): void {
    this.meetings.set(record.id, record);
    this.hostSet(record.host_id).add(record.id);
  }

  private removeMeeting(record: MeetingRecord): void {
    this.meetings.delete(record.id);
    this.meetingsByHost.get(record.host_id)?.delete(record.id);
  }

  private hostSet(hostId: string): Set<number> {
    let set = this.meetingsByHost.get(hostId);
    if (!set) this.meetingsByHost.set(hostId, (set = new Set()));
    return set;
  }

  private addPast(past: PastRecord): void {
    this.pastByUuid.set(past.meeting.uuid, past);
    const byId = this.pastById.get(past.meeting.id) ?? [];
    byId.push(past);
    this.pastById.set(past.meeting.id, byId);
    const byHost = this.pastByHost.get(past.meeting.host_id) ?? [];
    byHost.push(past);
    this.pastByHost.set(past.meeting.host_id, byHost);
  }

  /** A user on the account by id, email or `me`; one whose invitation expired is no longer on it. */
  private findUser(userId: string): ZoomUser | undefined {
    const user = this.findAnyUser(userId);
    return user && !invitationExpired(user, this.clock()) ? user : undefined;
  }

  /** Like `findUser`, but also a pending user whose invitation expired (GET /users/{userId} tells them apart). */
  private findAnyUser(userId: string): ZoomUser | undefined {
    if (userId === 'me') return this.users[0];
    return this.usersById.get(userId) ?? this.usersByEmail.get(userId.toLowerCase());
  }

  private requireUser(userId: string): ZoomUser {
    const user = this.findUser(userId);
    if (!user) throw userNotFound(userId);
    return user;
  }

  private findMeeting(meetingId: string): MeetingRecord | undefined {
    if (!/^\d{1,19}$/.test(meetingId)) return undefined;
    const record = this.meetings.get(Number(meetingId));
    if (!record || this.isExpired(record, this.clock())) return undefined;
    return record;
  }

  private requireMeeting(meetingId: string): MeetingRecord {
    const record = this.findMeeting(meetingId);
    if (!record) throw meetingNotFound(meetingId);
    return record;
  }

  private requireOccurrence(record: MeetingRecord, occurrenceId: string): void {
    const exists = record.type === 8
      && !record.deletedOccurrences?.has(occurrenceId)
      && this.occurrencesOf(record).some((ms) => String(ms) === occurrenceId);
    if (!exists) throw zoomError(400, 3000, 'Invalid occurrence_id.');
  }

  /**
   * Past-meeting reports need a paid plan (the participants report's prerequisites: "Paid account on a Pro or
   * higher plan"); both operations list 400 code 200 for a free account. Checked before the meeting, as an
   * account-level gate.
   * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/pastMeetingParticipants
   */
  private requirePaidAccount(): void {
    if (this.plan === 'free') throw paidAccountOnly(this.accountId);
  }

  /**
   * The latest ended instance for a numeric id, or the instance with that UUID. Both past-meeting operations list
   * 400 code 12702 "Can not access a meeting a year ago" for an instance that ended more than a year before now.
   */
  private requirePast(meetingId: string): PastRecord {
    let past: PastRecord | undefined;
    if (/^\d{1,19}$/.test(meetingId)) {
      const instances = this.pastById.get(Number(meetingId)) ?? [];
      for (const candidate of instances) if (!past || candidate.meeting.end_time > past.meeting.end_time) past = candidate;
    } else {
      past = this.pastByUuid.get(meetingId);
    }
    if (!past) throw pastMeetingNotFound();
    if (this.clock() - Date.parse(past.meeting.end_time) > PAST_MEETING_REACH_MS) {
      throw zoomError(400, 12702, 'Can not access a meeting a year ago.');
    }
    return past;
  }

  private participantsOf(past: PastRecord): ZoomParticipant[] {
    if (past.participants) return past.participants;
    let cached = this.participantCache.get(past.meeting.uuid);
    if (!cached) {
      cached = generateParticipants(this.dataOptions.seed, past.meeting, this.users);
      if (this.participantCache.size > 2_000) this.participantCache.clear();
      this.participantCache.set(past.meeting.uuid, cached);
    }
    return cached;
  }

  private registrantsOf(record: MeetingRecord): ZoomRegistrant[] {
    if (!record.seeded || !requiresRegistration(record)) return [];
    return generateRegistrants(this.dataOptions.seed, record, this.dataOptions.registrantsPerMeeting);
  }

  private occurrencesOf(record: MeetingRecord): number[] {
    if (record.type !== 8 || !record.recurrence || record.start_time === undefined) return [];
    record.occurrenceCache ??= expandRecurrence(Date.parse(record.start_time), record.timezone, record.recurrence);
    return record.occurrenceCache;
  }

  private availableOccurrences(record: MeetingRecord): ZoomOccurrence[] {
    return this.occurrencesOf(record)
      .filter((ms) => !record.deletedOccurrences?.has(String(ms)))
      .map((ms) => {
        const override = record.occurrenceOverrides?.get(String(ms));
        return {
          occurrence_id: String(ms),
          start_time: override?.start_time ?? formatZoomTime(ms),
          duration: override?.duration ?? record.duration,
          status: 'available',
        };
      });
  }

  private isExpired(record: MeetingRecord, now: number): boolean {
    if (record.status === 'started' || record.start_time === undefined) return false;
    if (record.type === 8) {
      const occurrences = this.occurrencesOf(record);
      const last = occurrences[occurrences.length - 1] ?? Date.parse(record.start_time);
      return last + EXPIRY_RECURRING_MS < now;
    }
    return Date.parse(record.start_time) + record.duration * MINUTE_MS + EXPIRY_SCHEDULED_MS < now;
  }

  private matchesListType(record: MeetingRecord, type: MeetingListType, now: number): boolean {
    switch (type) {
      case 'scheduled': return true;
      case 'live': return record.status === 'started';
      case 'upcoming':
      case 'upcoming_meetings':
        if (record.status === 'started' || record.type === 3) return true;
        if (record.type === 8) return this.availableOccurrences(record).some((o) => Date.parse(o.start_time) + (o.duration ?? 0) * MINUTE_MS >= now);
        return record.start_time !== undefined && Date.parse(record.start_time) + record.duration * MINUTE_MS >= now;
      case 'previous_meetings':
        if (record.type === 3 || record.start_time === undefined) return false;
        if (record.type === 8) return this.availableOccurrences(record).some((o) => Date.parse(o.start_time) < now);
        return Date.parse(record.start_time) + record.duration * MINUTE_MS < now;
    }
  }

  /** A list item's start_time: the next occurrence of a recurring meeting (the last one when all are past). */
  private listStartTime(record: MeetingRecord, now: number): string | undefined {
    if (record.type !== 8) return record.start_time;
    const occurrences = this.availableOccurrences(record);
    const next = occurrences.find((o) => Date.parse(o.start_time) + (o.duration ?? 0) * MINUTE_MS >= now) ?? occurrences[occurrences.length - 1];
    return next?.start_time ?? record.start_time;
  }

  private renderListItem(record: MeetingRecord, now: number): ZoomMeetingListItem {
    const start = this.listStartTime(record, now);
    return {
      uuid: record.uuid,
      id: record.id,
      host_id: record.host_id,
      topic: record.topic,
      type: record.type,
      ...(start === undefined ? {} : { start_time: start }),
      duration: record.duration,
      timezone: record.timezone,
      ...(record.agenda ? { agenda: record.agenda } : {}),
      created_at: record.created_at,
      join_url: joinUrl(record),
      ...(record.settings.use_pmi ? { pmi: String(this.usersById.get(record.host_id)?.pmi ?? '') } : {}),
    };
  }

  private render(record: MeetingRecord, view: { showPrevious: boolean; occurrenceId?: string | undefined }): ZoomMeeting {
    const now = this.clock();
    const host = this.usersById.get(record.host_id);
    const override = view.occurrenceId === undefined ? undefined : record.occurrenceOverrides?.get(view.occurrenceId);
    let startTime = record.start_time;
    let duration = record.duration;
    let occurrences: ZoomOccurrence[] | undefined;
    if (record.type === 8) {
      const all = this.availableOccurrences(record);
      occurrences = view.showPrevious ? all : all.filter((o) => Date.parse(o.start_time) + (o.duration ?? 0) * MINUTE_MS >= now);
      const chosen = view.occurrenceId === undefined
        ? all.find((o) => Date.parse(o.start_time) + (o.duration ?? 0) * MINUTE_MS >= now) ?? all[all.length - 1]
        : all.find((o) => o.occurrence_id === view.occurrenceId);
      if (chosen) {
        startTime = chosen.start_time;
        duration = chosen.duration ?? duration;
      }
    }
    const settings: ZoomMeetingSettings = { ...structuredClone(DEFAULT_MEETING_SETTINGS), ...structuredClone(record.settings), ...(override?.settings ?? {}) };
    return {
      uuid: record.live?.uuid ?? record.uuid,
      id: record.id,
      host_id: record.host_id,
      ...(host ? { host_email: host.email } : {}),
      assistant_id: '',
      topic: record.topic,
      type: record.type,
      status: record.status,
      ...(startTime === undefined ? {} : { start_time: startTime }),
      duration,
      timezone: record.timezone,
      agenda: override?.agenda ?? record.agenda,
      created_at: record.created_at,
      start_url: `${SANDBOX_WEB_HOST}/s/${record.id}?zak=${zak(record)}`,
      join_url: joinUrl(record),
      password: record.password,
      h323_password: record.h323_password,
      encrypted_password: record.encrypted_password,
      pre_schedule: record.pre_schedule,
      ...(requiresRegistration(record) ? { registration_url: registrationUrl(record) } : {}),
      ...(occurrences ? { occurrences } : {}),
      ...(record.recurrence ? { recurrence: { ...record.recurrence } } : {}),
      settings,
      ...(record.tracking_fields ? { tracking_fields: record.tracking_fields.map((f) => ({ ...f, visible: true })) } : {}),
    } as ZoomMeeting;
  }

  private renderRecording(past: PastRecord): ZoomRecordingMeeting {
    const files = generateRecordingFiles(this.dataOptions.seed, past.meeting);
    return {
      uuid: past.meeting.uuid,
      id: past.meeting.id,
      account_id: this.accountId,
      host_id: past.meeting.host_id,
      topic: past.meeting.topic,
      // A string on the wire, unlike the meeting's numeric `type`.
      type: String(past.meeting.type),
      start_time: past.meeting.start_time,
      duration: past.meeting.duration,
      total_size: files.reduce((sum, f) => sum + f.file_size, 0),
      recording_count: files.length,
      recording_play_passcode: createSeededRandom(hashSeed(`${this.dataOptions.seed}:passcode:${past.meeting.uuid}`)).string(32, ALPHANUMERIC),
      recording_files: files,
    };
  }

  private end(record: MeetingRecord): ZoomMeeting {
    const live = record.live;
    const now = this.clock();
    if (!live) return this.render(record, { showPrevious: true });
    for (const p of live.participants) {
      if (p.leaveMs === undefined) {
        p.leaveMs = now;
        this.emitParticipant('meeting.participant_left', record, p, now);
      }
    }
    const endedView = this.render(record, { showPrevious: true });
    const host = this.usersById.get(record.host_id);
    const participants: ZoomParticipant[] = live.participants.map((p) => ({
      id: p.id,
      name: p.name,
      user_id: p.user_id,
      ...(p.email ? { user_email: p.email } : { user_email: '' }),
      join_time: formatZoomTime(p.joinMs),
      leave_time: formatZoomTime(p.leaveMs ?? now),
      duration: Math.max(0, Math.round(((p.leaveMs ?? now) - p.joinMs) / 1000)),
      failover: false,
      status: 'in_meeting',
    }));
    this.addPast({
      seq: ++this.seq,
      participants,
      meeting: {
        id: record.id,
        uuid: live.uuid,
        host_id: record.host_id,
        topic: record.topic,
        type: record.type,
        start_time: formatZoomTime(live.startedMs),
        end_time: formatZoomTime(now),
        duration: Math.max(1, Math.ceil((now - live.startedMs) / MINUTE_MS)),
        participants_count: participants.length,
        user_name: host?.display_name ?? '',
        user_email: host?.email ?? '',
        ...(host?.dept ? { dept: host.dept } : {}),
        source: 'Zoom',
        recorded: record.settings.auto_recording === 'cloud',
      },
    });
    delete record.live;
    record.status = 'waiting';
    // Each instance of a meeting has its own UUID; the next one gets a fresh one.
    record.uuid = newUuid();
    // An instant meeting is gone once it ends.
    if (record.type === 1) this.removeMeeting(record);
    this.emit({ type: 'meeting.ended', meeting: endedView, operatorId: record.host_id });
    return endedView;
  }

  private emitParticipant(type: 'meeting.participant_joined' | 'meeting.participant_left', record: MeetingRecord, p: LiveParticipant, at: number): void {
    this.emit({
      type,
      meeting: this.render(record, { showPrevious: true }),
      participant: { user_id: p.user_id, user_name: p.name, ...(p.email ? { email: p.email } : {}), participant_uuid: p.participant_uuid, at: formatZoomTime(at) },
      operatorId: record.host_id,
    });
  }

  private emit(change: SandboxChange): void {
    let failure: unknown;
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        failure ??= error;
      }
    }
    // Every listener has seen the change; a listener's bug still surfaces instead of vanishing.
    if (failure !== undefined) throw failure;
  }

  private operatorId(): string {
    // Server-to-Server OAuth apps act as the account (its owner), not as a particular host.
    return (this.users[0] as ZoomUser).id;
  }

  private newMeetingNumber(random: ReturnType<typeof createSeededRandom>): number {
    for (let attempt = 0; attempt < 1_000; attempt++) {
      const value = random.int(10_000_000_000, 99_999_999_999);
      if (!this.meetings.has(value) && !this.trash.has(value) && !this.pastById.has(value)) return value;
    }
    throw new Error('Could not allocate a free meeting id');
  }

  private paginate<T>(items: readonly T[], keyOf: (item: T) => string, query: URLSearchParams, op: ZoomOperationId, scope: string): Page<T> {
    const withPageNumber = op === 'users' || op === 'meetings' || op === 'meetingRegistrants';
    return this.paginator.page(items, keyOf, query, { scope: `${op}|${scope}`, withPageNumber });
  }
}

// ---- Helpers ----

/** A pending user who did not accept the invitation within Zoom's 30 days (see `ZOOM_INVITATION_TTL_DAYS`). */
function invitationExpired(user: ZoomUser, now: number): boolean {
  if (user.status !== 'pending') return false;
  const invited = Date.parse(user.user_created_at ?? user.created_at ?? '');
  return Number.isFinite(invited) && now - invited > ZOOM_INVITATION_TTL_DAYS * DAY_MS;
}

function ok(body: unknown): SandboxResponse {
  return { status: 200, body };
}

function param(request: SandboxRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined || value === '') {
    throw new TypeError(`Sandbox request for ${ZOOM_OPERATIONS[request.operation].path} is missing path parameter ${name}`);
  }
  return value;
}

function enumParam<const T extends readonly string[]>(query: URLSearchParams, name: string, values: T, fallback: T[number]): T[number] {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!values.includes(raw)) throw validationFailed([{ field: name, message: INVALID_FIELD }]);
  return raw;
}

function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw validationFailed([{ field: name, message: INVALID_FIELD }]);
}

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = parseUtcDate(raw);
  if (ms === undefined) throw validationFailed([{ field: name, message: INVALID_FIELD }]);
  return ms;
}

function meetingKey(record: MeetingRecord): string {
  return sortKey(record.start_time === undefined ? Date.parse(record.created_at) : Date.parse(record.start_time), record.seq);
}

const FAR_FUTURE_MS = 9_999_999_999_999;
/** Newest recordings first. */
function recordingKey(past: PastRecord): string {
  return sortKey(FAR_FUTURE_MS - Date.parse(past.meeting.start_time), past.seq);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function requiresRegistration(record: { type: ZoomMeetingType; settings: ZoomMeetingSettings }): boolean {
  return record.type !== 1 && (record.settings.approval_type === 0 || record.settings.approval_type === 1);
}

function joinUrl(record: MeetingRecord): string {
  return `${SANDBOX_WEB_HOST}/j/${record.id}?pwd=${record.encrypted_password}`;
}

/** A stand-in for the host's ZAK token in `start_url` (opaque to clients; never a real credential). */
function zak(record: MeetingRecord): string {
  return createSeededRandom(hashSeed(`zak:${record.id}:${record.uuid}`)).string(48, BASE64URL);
}

/** The meeting's registration page (stable per meeting id, like Zoom's). */
function registrationUrl(record: MeetingRecord): string {
  return `${SANDBOX_WEB_HOST}/meeting/register/${createSeededRandom(hashSeed(`register:${record.id}`)).string(32, BASE64URL)}`;
}

function newUuid(): string {
  return randomBytes(16).toString('base64');
}

function userListItem(user: ZoomUser, includeHostKey: boolean): ZoomUserListItem {
  const item: ZoomUserListItem = {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: user.display_name,
    email: user.email,
    type: user.type,
    pmi: user.pmi,
    timezone: user.timezone,
    verified: user.verified,
    dept: user.dept,
    created_at: user.created_at,
    user_created_at: user.user_created_at,
    ...(user.last_login_time ? { last_login_time: user.last_login_time } : {}),
    ...(user.last_client_version ? { last_client_version: user.last_client_version } : {}),
    status: user.status,
    role_id: user.role_id,
    group_ids: [...(user.group_ids ?? [])],
    employee_unique_id: user.employee_unique_id,
  };
  if (includeHostKey && user.host_key) item.host_key = user.host_key;
  return item;
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

function notInProgress(meetingId: string): SandboxHttpError {
  return zoomError(400, 3000, `Meeting ${meetingId} is not in progress.`);
}
