import type { ZoomMeeting, ZoomMeetingListItem, ZoomMeetingSettings, ZoomMeetingType, ZoomOccurrence } from '../../zoom/wire.ts';
import { canHost, DEFAULT_MEETING_SETTINGS, SANDBOX_WEB_HOST, type SeedMeeting } from '../data.ts';
import { sortKey } from '../pagination.ts';
import { createSeededRandom, hashSeed, BASE64URL } from '../random.ts';
import { expandRecurrence } from '../recurrence.ts';
import { DAY_MS, formatZoomTime, MINUTE_MS, utcDayStart } from '../time.ts';
import type { SandboxResponse } from '../types.ts';
import { fieldError } from '../validation.ts';
import { hostingNotAllowed, meetingNotFound, zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import { booleanParam, compare, dateParam, enumParam, isMeetingNumber, ok } from './params.ts';
import type { UsersResource } from './users.ts';

/**
 * Zoom expires a non-recurring meeting 30 days after its scheduled time and a recurring one 365 days after its
 * last occurrence; expired meetings answer 3001 "is not found or has expired" and leave the lists.
 * @see https://support.zoom.us/hc/en-us/articles/201362373-Meeting-ID
 */
const EXPIRY_SCHEDULED_MS = 30 * DAY_MS;
const EXPIRY_RECURRING_MS = 365 * DAY_MS;

const MEETING_LIST_TYPES = ['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'] as const;
type MeetingListType = (typeof MEETING_LIST_TYPES)[number];

export interface OccurrenceOverride {
  start_time?: string;
  duration?: number;
  agenda?: string;
  settings?: ZoomMeetingSettings;
}

export interface LiveParticipant {
  participant_uuid: string;
  user_id: string;
  id: string;
  name: string;
  email?: string;
  joinMs: number;
  leaveMs?: number;
}

/** A scheduled meeting as the sandbox stores it. */
export interface MeetingRecord extends SeedMeeting {
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

/** What `render` shows: previous occurrences or not, and optionally one occurrence's view. */
export interface MeetingView {
  showPrevious: boolean;
  occurrenceId?: string | undefined;
}

/**
 * Zoom's scheduled meetings: the store (by id, by host, the trash of deleted ones), lookups with expiry, the
 * occurrences of recurring meetings, the wire rendering, and the read operations (list, get). Writes live in
 * `meeting-writes.ts`, simulated live activity in `live-meetings.ts`.
 */
export class MeetingsResource {
  private meetings = new Map<number, MeetingRecord>();
  private byHost = new Map<string, Set<number>>();
  /** Deleted meetings, recoverable with PUT .../status {"action":"recover"} as from Zoom's trash. */
  readonly trash = new Map<number, MeetingRecord>();

  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
  ) {}

  load(seeded: SeedMeeting[]): void {
    this.meetings = new Map();
    this.byHost = new Map();
    this.trash.clear();
    // The seed objects become the records (no copy): load() regenerates them, so nothing else holds them.
    for (const meeting of seeded) {
      const record = meeting as MeetingRecord;
      record.seq = this.ctx.nextSeq();
      record.seeded = true;
      record.status = 'waiting';
      this.add(record);
    }
  }

  add(record: MeetingRecord): void {
    this.meetings.set(record.id, record);
    this.hostSet(record.host_id).add(record.id);
  }

  remove(record: MeetingRecord): void {
    this.meetings.delete(record.id);
    this.byHost.get(record.host_id)?.delete(record.id);
  }

  /** Moves a meeting to another host. */
  reassign(record: MeetingRecord, hostId: string): void {
    this.byHost.get(record.host_id)?.delete(record.id);
    this.hostSet(hostId).add(record.id);
    record.host_id = hostId;
  }

  /** Whether a meeting number is in use by a live or trashed meeting. */
  hasNumber(id: number): boolean {
    return this.meetings.has(id) || this.trash.has(id);
  }

  find(meetingId: string): MeetingRecord | undefined {
    if (!isMeetingNumber(meetingId)) return undefined;
    const record = this.meetings.get(Number(meetingId));
    if (!record || this.isExpired(record, this.ctx.clock())) return undefined;
    return record;
  }

  require(meetingId: string): MeetingRecord {
    const record = this.find(meetingId);
    if (!record) throw meetingNotFound(meetingId);
    return record;
  }

  requireOccurrence(record: MeetingRecord, occurrenceId: string): void {
    const exists = record.type === 8
      && !record.deletedOccurrences?.has(occurrenceId)
      && this.occurrencesOf(record).some((ms) => String(ms) === occurrenceId);
    if (!exists) throw zoomError(400, 3000, 'Invalid occurrence_id.');
  }

  /** GET /users/{userId}/meetings */
  list(userId: string, query: URLSearchParams): SandboxResponse {
    const user = this.users.require(userId);
    const type = enumParam(query, 'type', MEETING_LIST_TYPES, 'scheduled');
    const from = dateParam(query, 'from');
    const to = dateParam(query, 'to');
    if (from !== undefined && to !== undefined && to < from) throw fieldError('to');
    if (!canHost(user)) throw hostingNotAllowed();
    const now = this.ctx.clock();
    const items: MeetingRecord[] = [];
    for (const id of this.byHost.get(user.id) ?? []) {
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
    const page = this.ctx.paginate(items, meetingKey, query, 'meetings', scope);
    return ok({ ...page.envelope, meetings: page.items.map((r) => this.renderListItem(r, now)) });
  }

  /** GET /meetings/{meetingId} */
  get(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.require(meetingId);
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) this.requireOccurrence(record, occurrenceId);
    const showPrevious = booleanParam(query, 'show_previous_occurrences', false);
    return ok(this.render(record, { showPrevious, occurrenceId }));
  }

  occurrencesOf(record: MeetingRecord): number[] {
    if (record.type !== 8 || !record.recurrence || record.start_time === undefined) return [];
    record.occurrenceCache ??= expandRecurrence(Date.parse(record.start_time), record.timezone, record.recurrence);
    return record.occurrenceCache;
  }

  availableOccurrences(record: MeetingRecord): ZoomOccurrence[] {
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

  render(record: MeetingRecord, view: MeetingView): ZoomMeeting {
    const now = this.ctx.clock();
    const host = this.users.byIdOrUndefined(record.host_id);
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

  private hostSet(hostId: string): Set<number> {
    let set = this.byHost.get(hostId);
    if (!set) this.byHost.set(hostId, (set = new Set()));
    return set;
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
      ...(record.settings.use_pmi ? { pmi: String(this.users.byIdOrUndefined(record.host_id)?.pmi ?? '') } : {}),
    };
  }
}

/** Whether attendees register first (approval type 0 automatic or 1 manual); instant meetings never do. */
export function requiresRegistration(record: { type: ZoomMeetingType; settings: ZoomMeetingSettings }): boolean {
  return record.type !== 1 && (record.settings.approval_type === 0 || record.settings.approval_type === 1);
}

function meetingKey(record: MeetingRecord): string {
  return sortKey(record.start_time === undefined ? Date.parse(record.created_at) : Date.parse(record.start_time), record.seq);
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
