import type { ZoomParticipant, ZoomPastMeeting, ZoomPastMeetingInstances } from '../../zoom/wire.ts';
import { generateParticipants, type SeedPastMeeting } from '../data.ts';
import { sortKey } from '../pagination.ts';
import { DAY_MS } from '../time.ts';
import type { SandboxResponse } from '../types.ts';
import { meetingNotFound, paidAccountOnly, pastMeetingNotFound, zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import { isMeetingNumber, ok } from './params.ts';
import type { UsersResource } from './users.ts';

/** How far back the past-meeting reports reach: a year (taken as 365 days; Zoom does not say how it counts). */
const PAST_MEETING_REACH_MS = 365 * DAY_MS;

/** One ended instance of a meeting. */
export interface PastRecord {
  meeting: SeedPastMeeting;
  seq: number;
  /** Present for instances the sandbox ran itself (startMeeting/endMeeting); seeded ones are generated. */
  participants?: ZoomParticipant[];
}

/**
 * Zoom's past meetings: every ended instance (by UUID, by meeting id, by host), their participants, and the rules
 * of the past-meeting reports (a paid plan, a year's reach).
 */
export class PastMeetingsResource {
  private byUuid = new Map<string, PastRecord>();
  private byId = new Map<number, PastRecord[]>();
  private byHost = new Map<string, PastRecord[]>();
  private participantCache = new Map<string, ZoomParticipant[]>();

  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
  ) {}

  load(seeded: SeedPastMeeting[]): void {
    this.byUuid = new Map();
    this.byId = new Map();
    this.byHost = new Map();
    this.participantCache = new Map();
    for (const past of seeded) this.add({ meeting: past, seq: this.ctx.nextSeq() });
  }

  add(past: PastRecord): void {
    this.byUuid.set(past.meeting.uuid, past);
    const byId = this.byId.get(past.meeting.id) ?? [];
    byId.push(past);
    this.byId.set(past.meeting.id, byId);
    const byHost = this.byHost.get(past.meeting.host_id) ?? [];
    byHost.push(past);
    this.byHost.set(past.meeting.host_id, byHost);
  }

  /** Whether a meeting number was ever used by an ended instance (new meetings must not reuse it). */
  hasMeetingId(id: number): boolean {
    return this.byId.has(id);
  }

  /** Every ended instance hosted by a user, in load order. */
  ofHost(hostId: string): readonly PastRecord[] {
    return this.byHost.get(hostId) ?? [];
  }

  /** Every ended instance of a meeting number, in load order. */
  ofMeeting(id: number): readonly PastRecord[] {
    return this.byId.get(id) ?? [];
  }

  /** Every ended instance on the account. */
  all(): Iterable<PastRecord> {
    return this.byUuid.values();
  }

  byUuidOrUndefined(uuid: string): PastRecord | undefined {
    return this.byUuid.get(uuid);
  }

  /** GET /past_meetings/{meetingId} */
  get(meetingId: string): SandboxResponse {
    this.requirePaidAccount();
    const past = this.require(meetingId);
    const participants = this.participantsOf(past);
    const totalSeconds = participants.reduce((sum, p) => sum + p.duration, 0);
    const { recorded: _recorded, ...fields } = past.meeting;
    const body: ZoomPastMeeting = { ...fields, total_minutes: Math.round(totalSeconds / 60), participants_count: participants.length };
    return ok(body);
  }

  /**
   * GET /past_meetings/{meetingId}/instances: every ended instance of a meeting number, oldest first (the spec
   * defines no paging). A number Zoom never knew answers 404 (the spec lists no code; 3001 as for meetings); a
   * meeting that exists but was never held answers an empty list.
   * @param isKnownMeeting whether a meeting (live or trashed) has this number
   */
  listInstances(meetingId: string, isKnownMeeting: (id: number) => boolean): SandboxResponse {
    if (!isMeetingNumber(meetingId)) throw meetingNotFound(meetingId);
    const id = Number(meetingId);
    const instances = [...this.ofMeeting(id)].sort((a, b) => (a.meeting.start_time < b.meeting.start_time ? -1 : a.meeting.start_time > b.meeting.start_time ? 1 : a.seq - b.seq));
    if (instances.length === 0 && !isKnownMeeting(id)) throw meetingNotFound(meetingId);
    const body: ZoomPastMeetingInstances = { meetings: instances.map((p) => ({ uuid: p.meeting.uuid, start_time: p.meeting.start_time })) };
    return ok(body);
  }

  /** GET /past_meetings/{meetingId}/participants */
  listParticipants(meetingId: string, query: URLSearchParams): SandboxResponse {
    this.requirePaidAccount();
    const past = this.require(meetingId);
    const participants = this.participantsOf(past).map((p, index) => ({ index, p }));
    const page = this.ctx.paginate(participants, (e) => sortKey(e.index), query, 'pastMeetingParticipants', past.meeting.uuid);
    return ok({ ...page.envelope, participants: page.items.map((e) => ({ ...e.p })) });
  }

  /**
   * Past-meeting reports need a paid plan (the participants report's prerequisites: "Paid account on a Pro or
   * higher plan"); both operations list 400 code 200 for a free account. Checked before the meeting, as an
   * account-level gate.
   * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/pastMeetingParticipants
   */
  requirePaidAccount(): void {
    if (this.ctx.plan === 'free') throw paidAccountOnly(this.ctx.accountId);
  }

  /**
   * The latest ended instance for a numeric id, or the instance with that UUID. Both past-meeting operations list
   * 400 code 12702 "Can not access a meeting a year ago" for an instance that ended more than a year before now.
   */
  require(meetingId: string): PastRecord {
    let past: PastRecord | undefined;
    if (isMeetingNumber(meetingId)) {
      for (const candidate of this.ofMeeting(Number(meetingId))) if (!past || candidate.meeting.end_time > past.meeting.end_time) past = candidate;
    } else {
      past = this.byUuid.get(meetingId);
    }
    if (!past) throw pastMeetingNotFound();
    if (this.ctx.clock() - Date.parse(past.meeting.end_time) > PAST_MEETING_REACH_MS) {
      throw zoomError(400, 12702, 'Can not access a meeting a year ago.');
    }
    return past;
  }

  participantsOf(past: PastRecord): ZoomParticipant[] {
    if (past.participants) return past.participants;
    let cached = this.participantCache.get(past.meeting.uuid);
    if (!cached) {
      cached = generateParticipants(this.ctx.dataOptions.seed, past.meeting, this.users.all);
      if (this.participantCache.size > 2_000) this.participantCache.clear();
      this.participantCache.set(past.meeting.uuid, cached);
    }
    return cached;
  }
}
