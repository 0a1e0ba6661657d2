import { beforeAll, describe, expect, it } from 'vitest';
import { generateSandboxData, resolveDataOptions, ZOOM_INVITATION_TTL_DAYS } from '../../src/sandbox/data.ts';
import { createSandboxModel } from '../../src/sandbox/model.ts';
import { utcDayStart } from '../../src/sandbox/time.ts';
import { SandboxHttpError, type SandboxModel, type SandboxResponse } from '../../src/sandbox/types.ts';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../../src/zoom/operations.ts';
import type { ZoomMeeting, ZoomMeetingPage, ZoomUserPage } from '../../src/zoom/wire.ts';
import { loadOpenApiValidator, specAvailable, specPath, type OpenApiValidator } from '../helpers/openapi.ts';

/**
 * Contract test: for every operation in ZOOM_OPERATIONS, the model's answers (success and every error status the
 * spec defines for that operation) validate against the operation's response in Zoom's OpenAPI spec.
 */

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);

interface Case {
  status: number;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Why this answer's Zoom code is not among those the spec's description lists for the status. */
  undocumentedCodeBecause?: string;
  /** Ask a model of a free (Basic) account instead of the paid one. */
  freeAccount?: boolean;
}

/** Spec statuses the model cannot produce, with the reason (429s come from the HTTP shell's rate limiter). */
const UNREACHABLE: Partial<Record<ZoomOperationId, Record<string, string>>> = {
  meetingCreate: { '429': 'rate limits are the HTTP shell' },
  meetingUpdate: { '429': 'rate limits are the HTTP shell' },
  // The spec files Zoom's code 200 "You do not have the right permission" under HTTP 200 for these writes; a
  // permission refusal has no state in the sandbox (the S2S app acts as the account).
  meetingRecordingsDelete: { '200': 'a permission refusal filed under HTTP 200; no permission state in the sandbox' },
  recordingFileDelete: { '200': 'a permission refusal filed under HTTP 200; no permission state in the sandbox' },
  meetingRecordingsRecover: { '200': 'a permission refusal filed under HTTP 200; no permission state in the sandbox' },
};

const VALIDATION_CODE = 'a value that fails validation is code 300 on every Zoom operation; this one lists only its business codes';
const NO_CODES_LISTED = 'the spec gives this 404 no codes; the sandbox answers Zoom\'s 3301 (no recording) or 3001 (no meeting)';

/**
 * Fields real Zoom sends that the spec's schema for that answer does not declare. Anything else undeclared is
 * a typo or an invented field and fails the test.
 */
const ALLOWED_UNDECLARED: Partial<Record<ZoomOperationId, string[]>> = {
  // Zoom's create answer carries the same identity fields as GET /meetings/{meetingId}; the 201 schema omits them.
  meetingCreate: ['uuid', 'host_id', 'status', 'encrypted_password'],
  // Zoom's meeting answer links the registration page of a meeting that requires registration, as on create.
  meeting: ['registration_url'],
};

describe.skipIf(!specAvailable())(`sandbox model vs Zoom OpenAPI spec (${specPath()})`, () => {
  let validator: OpenApiValidator;
  let model: SandboxModel;
  let freeModel: SandboxModel;
  let ids: {
    meeting: string; recurring: string; occurrence: string; registration: string;
    pastUuid: string; pastId: string; noLicenseUser: string; expiredInvitation: string;
    trashUuid: string; fileId: string;
  };

  const call = (operation: ZoomOperationId, c: Omit<Case, 'status'>): SandboxResponse => {
    try {
      return (c.freeAccount === true ? freeModel : model).handle({ operation, params: c.params ?? {}, query: new URLSearchParams(c.query ?? {}), body: c.body });
    } catch (error) {
      if (error instanceof SandboxHttpError) return { status: error.status, body: error.body };
      throw error;
    }
  };

  beforeAll(() => {
    validator = loadOpenApiValidator();
    model = createSandboxModel({ clock: () => NOW, data: { users: 60 } });
    freeModel = createSandboxModel({ clock: () => NOW, data: { users: 60 }, plan: 'free' });
    const users = (call('users', { query: { page_size: '300' } }).body as ZoomUserPage).users;
    const inactive = (call('users', { query: { status: 'inactive', page_size: '300' } }).body as ZoomUserPage).users;
    const noLicense = [...users, ...inactive].find((u) => u.type === 99);
    if (!noLicense) throw new Error('seed data lacks a user without a Meetings license (type 99)');
    const meetings = (call('meetings', { params: { userId: 'me' }, query: { page_size: '300' } }).body as ZoomMeetingPage).meetings;
    const plain = meetings.find((m) => m.type === 2);
    const recurring = meetings.find((m) => m.type === 8);
    if (!plain || !recurring) throw new Error('seed data lacks type 2 or type 8 meetings for the owner');
    const full = call('meeting', { params: { meetingId: String(recurring.id) }, query: { show_previous_occurrences: 'true' } }).body as ZoomMeeting;
    const occurrence = full.occurrences?.[0]?.occurrence_id;
    if (!occurrence) throw new Error('recurring meeting has no occurrences');
    let registration: string | undefined;
    let past: { uuid: string; id: string } | undefined;
    let trash: string | undefined;
    for (const user of users) {
      const own = (call('meetings', { params: { userId: user.id }, query: { page_size: '300' } }).body as ZoomMeetingPage | undefined)?.meetings ?? [];
      for (const m of own) {
        if (registration) break;
        const detail = call('meeting', { params: { meetingId: String(m.id) } }).body as ZoomMeeting;
        const regs = call('meetingRegistrants', { params: { meetingId: String(m.id) } }).body as { total_records: number };
        if (detail.settings?.approval_type === 0 && regs.total_records > 0) registration = String(m.id);
      }
      const recordings = call('recordingsList', { params: { userId: user.id }, query: { from: '2026-10-29', to: '2026-11-28' } }).body as { meetings?: Array<{ uuid: string; id: number }> };
      for (const recording of recordings.meetings ?? []) {
        if (!past) past = { uuid: recording.uuid, id: String(recording.id) };
        else if (!trash && recording.id !== Number(past.id)) trash = recording.uuid;
      }
      if (registration && past && trash) break;
    }
    if (!registration || !past || !trash) throw new Error('seed data lacks a meeting with registrants or two recorded past meetings');
    const recording = call('meetingRecordings', { params: { meetingId: past.uuid } }).body as { recording_files: Array<{ id: string }> };
    const fileId = recording.recording_files[0]?.id;
    if (!fileId) throw new Error('recorded meeting has no files');
    // Lists leave out a user whose invitation expired, so read the seed the model was built from.
    const expired = generateSandboxData(resolveDataOptions({ users: 60 }), 'sandbox', utcDayStart(NOW)).users
      .find((u) => u.status === 'pending' && NOW - Date.parse(u.user_created_at ?? '') > ZOOM_INVITATION_TTL_DAYS * 86_400_000);
    if (!expired) throw new Error('seed data lacks a pending user whose invitation expired');
    ids = {
      meeting: String(plain.id), recurring: String(recurring.id), occurrence, registration,
      pastUuid: past.uuid, pastId: past.id, noLicenseUser: noLicense.id, expiredInvitation: expired.id,
      trashUuid: trash, fileId,
    };
  });

  // Cases per operation; functions because ids are only known after beforeAll.
  const cases = (): Record<ZoomOperationId, Case[]> => ({
    users: [
      { status: 200 },
      { status: 200, query: { status: 'inactive', page_size: '5' } },
      { status: 200, query: { role_id: '0', include_fields: 'host_key' } },
    ],
    user: [
      { status: 200, params: { userId: 'me' } },
      { status: 400, params: { userId: ids.expiredInvitation } },
      { status: 404, params: { userId: 'nobody@northwindlabs.example' } },
    ],
    meetings: [
      { status: 200, params: { userId: 'me' } },
      { status: 200, params: { userId: 'me' }, query: { type: 'upcoming', page_size: '2' } },
      { status: 200, params: { userId: 'me' }, query: { type: 'previous_meetings' } },
      { status: 200, params: { userId: 'me' }, query: { type: 'live' } },
      { status: 400, params: { userId: ids.noLicenseUser } },
      { status: 404, params: { userId: 'ghost' } },
    ],
    meetingCreate: [
      { status: 201, params: { userId: 'me' }, body: { topic: 'Contract: scheduled', type: 2, start_time: '2026-12-03T10:00:00Z', duration: 30 } },
      { status: 201, params: { userId: 'me' }, body: { topic: 'Contract: instant', type: 1 } },
      { status: 201, params: { userId: 'me' }, body: { topic: 'Contract: no fixed time', type: 3 } },
      {
        status: 201, params: { userId: 'me' },
        body: {
          topic: 'Contract: recurring', type: 8, start_time: '2026-12-01T09:30:00', timezone: 'Asia/Tokyo',
          recurrence: { type: 3, monthly_week: 1, monthly_week_day: 2, end_times: 3 }, settings: { approval_type: 1, waiting_room: true },
          tracking_fields: [{ field: 'cost_center', value: 'R&D' }],
        },
      },
      { status: 400, params: { userId: 'me' }, body: { type: 8, settings: { jbh_time: 7 } } },
      { status: 400, params: { userId: 'me' }, body: { type: 1, schedule_for: 'nobody-here' } },
      { status: 404, params: { userId: 'ghost' }, body: { topic: 'x' } },
    ],
    meeting: [
      { status: 200, params: { meetingId: ids.meeting } },
      { status: 200, params: { meetingId: ids.recurring }, query: { occurrence_id: ids.occurrence } },
      { status: 200, params: { meetingId: ids.recurring }, query: { show_previous_occurrences: 'true' } },
      { status: 200, params: { meetingId: ids.registration } },
      { status: 400, params: { meetingId: ids.recurring }, query: { occurrence_id: '42' } },
      { status: 404, params: { meetingId: '12345678901' } },
    ],
    meetingUpdate: [
      { status: 204, params: { meetingId: ids.meeting }, body: { agenda: 'Updated by the contract test', settings: { mute_upon_entry: true } } },
      { status: 400, params: { meetingId: ids.meeting }, body: { duration: 'long' } },
      { status: 404, params: { meetingId: '12345678901' }, body: { topic: 'x' } },
    ],
    meetingDelete: [
      { status: 204, params: { meetingId: ids.recurring }, query: { occurrence_id: ids.occurrence } },
      { status: 400, params: { meetingId: ids.recurring }, query: { occurrence_id: ids.occurrence } },
      { status: 404, params: { meetingId: '12345678901' } },
    ],
    meetingStatus: [
      { status: 204, params: { meetingId: ids.meeting }, body: { action: 'end' } },
      {
        status: 400, params: { meetingId: ids.meeting }, body: { action: 'pause' },
        undocumentedCodeBecause: 'a body that fails validation is code 300 on every Zoom operation; this one lists only its business codes',
      },
      {
        status: 404, params: { meetingId: '12345678901' }, body: { action: 'end' },
        undocumentedCodeBecause: 'an unknown meeting is 3001 everywhere on Zoom; this operation lists only 1001 (unknown host)',
      },
    ],
    pastMeetingDetails: [
      { status: 200, params: { meetingId: ids.pastUuid } },
      { status: 200, params: { meetingId: ids.pastId } },
      { status: 400, params: { meetingId: ids.pastUuid }, freeAccount: true },
      { status: 404, params: { meetingId: '12345678901' } },
    ],
    pastMeetingParticipants: [
      { status: 200, params: { meetingId: ids.pastUuid }, query: { page_size: '2' } },
      { status: 400, params: { meetingId: ids.pastUuid }, freeAccount: true },
      { status: 404, params: { meetingId: 'AAAAAAAAAAAAAAAAAAAAAA==' } },
    ],
    meetingRegistrants: [
      { status: 200, params: { meetingId: ids.registration } },
      { status: 200, params: { meetingId: ids.registration }, query: { status: 'pending' } },
      { status: 400, params: { meetingId: ids.recurring }, query: { occurrence_id: '42' } },
      {
        status: 404, params: { meetingId: '12345678901' },
        undocumentedCodeBecause: 'an unknown meeting is 3001 everywhere on Zoom; this operation lists only 1001 (unknown host)',
      },
    ],
    recordingsList: [
      { status: 200, params: { userId: 'me' } },
      { status: 200, params: { userId: 'me' }, query: { from: '2026-10-29', to: '2026-11-28', page_size: '1' } },
      { status: 404, params: { userId: 'ghost' } },
    ],
    meetingRecordings: [
      { status: 200, params: { meetingId: ids.pastUuid } },
      { status: 200, params: { meetingId: ids.pastId }, query: { include_fields: 'download_access_token', ttl: '3600' } },
      { status: 400, params: { meetingId: ids.pastUuid }, query: { include_fields: 'download_access_token', ttl: '0' }, undocumentedCodeBecause: VALIDATION_CODE },
      { status: 404, params: { meetingId: '12345678901' } },
    ],
    // Runs before the recovers below: they bring back what these trash.
    meetingRecordingsDelete: [
      { status: 204, params: { meetingId: ids.trashUuid } },
      { status: 400, params: { meetingId: ids.pastUuid }, query: { action: 'shred' }, undocumentedCodeBecause: VALIDATION_CODE },
      { status: 404, params: { meetingId: ids.trashUuid } },
    ],
    recordingFileDelete: [
      { status: 204, params: { meetingId: ids.pastUuid, recordingId: ids.fileId } },
      { status: 400, params: { meetingId: ids.pastUuid, recordingId: ids.fileId }, query: { action: 'shred' }, undocumentedCodeBecause: VALIDATION_CODE },
      { status: 404, params: { meetingId: ids.pastUuid, recordingId: ids.fileId } },
    ],
    meetingRecordingsRecover: [
      { status: 204, params: { meetingUUID: ids.trashUuid }, body: { action: 'recover' } },
      { status: 400, params: { meetingUUID: ids.trashUuid }, body: { action: 'restore' }, undocumentedCodeBecause: VALIDATION_CODE },
      { status: 404, params: { meetingUUID: ids.trashUuid }, body: { action: 'recover' } },
    ],
    recordingFileRecover: [
      { status: 204, params: { meetingId: ids.pastUuid, recordingId: ids.fileId }, body: { action: 'recover' } },
      { status: 400, params: { meetingId: ids.pastUuid, recordingId: ids.fileId }, body: {}, undocumentedCodeBecause: VALIDATION_CODE },
      { status: 404, params: { meetingId: ids.pastUuid, recordingId: ids.fileId }, body: { action: 'recover' } },
    ],
    recordingSettings: [
      { status: 200, params: { meetingId: ids.pastUuid } },
      { status: 404, params: { meetingId: '12345678901' }, undocumentedCodeBecause: NO_CODES_LISTED },
    ],
    recordingSettingsUpdate: [
      { status: 204, params: { meetingId: ids.pastUuid }, body: { share_recording: 'internally', viewer_download: false, password: 'abc12345' } },
      { status: 404, params: { meetingId: '12345678901' }, body: { on_demand: true }, undocumentedCodeBecause: NO_CODES_LISTED },
    ],
    pastMeetingInstances: [
      { status: 200, params: { meetingId: ids.pastId } },
      { status: 200, params: { meetingId: ids.meeting } },
      { status: 404, params: { meetingId: '12345678901' }, undocumentedCodeBecause: NO_CODES_LISTED },
    ],
    reportMeetingParticipants: [
      { status: 200, params: { meetingId: ids.pastUuid }, query: { page_size: '2' } },
      { status: 200, params: { meetingId: ids.pastId }, query: { include_fields: 'registrant_id' } },
      { status: 400, params: { meetingId: ids.pastUuid }, freeAccount: true },
      { status: 404, params: { meetingId: '12345678901' } },
    ],
    reportMeetings: [
      { status: 200, params: { userId: 'me' }, query: { from: '2026-10-29', to: '2026-11-28', page_size: '2' } },
      { status: 200, params: { userId: 'me' }, query: { from: '2026-10-29', to: '2026-11-28', type: 'pastJoined' } },
      { status: 400, params: { userId: 'me' }, query: { from: '2026-09-01', to: '2026-11-28' } },
      { status: 400, params: { userId: 'me' }, query: { from: '2026-01-01', to: '2026-01-31' } },
      { status: 400, params: { userId: 'me' }, query: { from: '2026-10-29', to: '2026-11-28' }, freeAccount: true },
      { status: 404, params: { userId: 'ghost' }, query: { from: '2026-10-29', to: '2026-11-28' } },
    ],
    reportDaily: [
      { status: 200 },
      { status: 200, query: { year: '2026', month: '10' } },
      { status: 400, query: { year: '2026', month: '3' } },
      { status: 400, freeAccount: true },
    ],
  });

  it('has cases for every operation and every status the spec defines for it', () => {
    const all = cases();
    for (const [operation, op] of Object.entries(ZOOM_OPERATIONS) as Array<[ZoomOperationId, (typeof ZOOM_OPERATIONS)[ZoomOperationId]]>) {
      const spec = validator.operation(op.method, op.path);
      expect(spec.operationId, `${op.method} ${op.path}`).toBe(op.id);
      expect(op.scopes, `${op.id}: scopes as the spec's security lists them`).toEqual(spec.scopes);
      const covered = new Set(all[operation].map((c) => String(c.status)));
      const unreachable = UNREACHABLE[operation] ?? {};
      const missing = spec.statuses.filter((s) => !covered.has(s) && !(s in unreachable));
      expect(missing, `${operation}: spec statuses without a case`).toEqual([]);
    }
  });

  for (const operation of Object.keys(ZOOM_OPERATIONS) as ZoomOperationId[]) {
    it(`${operation}: every answer validates against the spec`, () => {
      const op = ZOOM_OPERATIONS[operation];
      for (const c of cases()[operation]) {
        const response = call(operation, c);
        const label = `${operation} ${JSON.stringify({ params: c.params, query: c.query })} -> ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
        expect(response.status, label).toBe(c.status);
        const result = validator.validateResponse(op.method, op.path, response.status, response.body);
        expect(result.errors, label).toEqual([]);
        expect(result.valid, label).toBe(true);
        const allowed = new Set(ALLOWED_UNDECLARED[operation] ?? []);
        expect(result.undeclared.filter((path) => !allowed.has(path)), `${label}: fields the spec does not declare`).toEqual([]);
        if (response.status >= 400) {
          const code = (response.body as { code: number }).code;
          if (c.undocumentedCodeBecause === undefined) expect(result.documentedCodes, label).toContain(code);
          else expect(result.documentedCodes, `${label}: now documented, drop the exception`).not.toContain(code);
        }
      }
    });
  }

  describe('the validator can fail', () => {
    it('rejects a user whose type is a string', () => {
      const body = call('user', { params: { userId: 'me' } }).body as Record<string, unknown>;
      const result = validator.validateResponse('GET', '/users/{userId}', 200, { ...body, type: '2' });
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('/type');
    });

    it('rejects a meeting page whose ids are strings and whose start_time is not a date-time', () => {
      const page = call('meetings', { params: { userId: 'me' } }).body as ZoomMeetingPage;
      const broken = { ...page, meetings: page.meetings.map((m) => ({ ...m, id: String(m.id), start_time: 'tomorrow' })) };
      const result = validator.validateResponse('GET', '/users/{userId}/meetings', 200, broken);
      expect(result.valid).toBe(false);
      expect(result.errors.some((e) => e.includes('/meetings/0/id'))).toBe(true);
      expect(result.errors.some((e) => e.includes('/meetings/0/start_time'))).toBe(true);
    });

    it('rejects an error body without a message, a status the spec does not define, and a body on a 204', () => {
      expect(validator.validateResponse('GET', '/users/{userId}', 404, { code: 1001 }).valid).toBe(false);
      expect(validator.validateResponse('GET', '/users', 404, { code: 1001, message: 'x' }).valid).toBe(false);
      expect(validator.validateResponse('DELETE', '/meetings/{meetingId}', 204, { ok: true }).valid).toBe(false);
    });

    it('reports undeclared (typo) fields and resolves concrete /v2 paths', () => {
      const body = call('user', { params: { userId: 'me' } }).body as Record<string, unknown>;
      const result = validator.validateResponse('GET', '/v2/users/me', 200, { ...body, frist_name: 'typo' });
      expect(result.valid).toBe(true);
      expect(result.undeclared).toEqual(['frist_name']);
    });

    it('rejects an enum value the spec does not list', () => {
      const page = call('meetingRegistrants', { params: { meetingId: ids.registration } }).body as { registrants: Array<Record<string, unknown>> };
      const broken = { ...page, registrants: page.registrants.map((r) => ({ ...r, status: 'maybe' })) };
      expect(validator.validateResponse('GET', '/meetings/{meetingId}/registrants', 200, broken).valid).toBe(false);
    });
  });
});
