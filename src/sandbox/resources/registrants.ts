import type { ZoomRegistrant } from '../../zoom/wire.ts';
import { generateRegistrants } from '../data.ts';
import { sortKey } from '../pagination.ts';
import type { SandboxResponse } from '../types.ts';
import type { ResourceContext } from './context.ts';
import { requiresRegistration, type MeetingRecord, type MeetingsResource } from './meetings.ts';
import { enumParam, ok } from './params.ts';

/** Zoom's meeting registrants: generated for seeded meetings that take registration, filtered by status. */
export class RegistrantsResource {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly meetings: MeetingsResource,
  ) {}

  /** GET /meetings/{meetingId}/registrants */
  list(meetingId: string, query: URLSearchParams): SandboxResponse {
    const record = this.meetings.require(meetingId);
    const occurrenceId = query.get('occurrence_id') ?? undefined;
    if (occurrenceId !== undefined) this.meetings.requireOccurrence(record, occurrenceId);
    // Spec: status "default": "approved".
    const status = enumParam(query, 'status', ['pending', 'approved', 'denied'] as const, 'approved');
    const all = this.registrantsOf(record).map((r, index) => ({ index, r }));
    const items = all.filter((e) => e.r.status === status);
    const page = this.ctx.paginate(items, (e) => sortKey(e.index), query, 'meetingRegistrants', `${record.id}|${status}|${occurrenceId ?? ''}`);
    return ok({ ...page.envelope, registrants: page.items.map((e) => ({ ...e.r })) });
  }

  private registrantsOf(record: MeetingRecord): ZoomRegistrant[] {
    if (!record.seeded || !requiresRegistration(record)) return [];
    return generateRegistrants(this.ctx.dataOptions.seed, record, this.ctx.dataOptions.registrantsPerMeeting);
  }
}
