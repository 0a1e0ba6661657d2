import { beforeEach, describe, expect, it } from 'vitest';
import { refusalOf } from './model-answer.ts';
import { generateSandboxData, resolveDataOptions } from '../../src/sandbox/data.ts';
import { createSandboxModel } from '../../src/sandbox/model.ts';
import { SandboxHttpError, type SandboxChange, type SandboxModel } from '../../src/sandbox/types.ts';
import type { ZoomOperationId } from '../../src/zoom/operations.ts';
import type {
  ZoomErrorBody,
  ZoomMeeting,
  ZoomMeetingPage,
  ZoomParticipantPage,
  ZoomPastMeeting,
  ZoomRecordingPage,
  ZoomRegistrantPage,
  ZoomUser,
  ZoomUserPage,
} from '../../src/zoom/wire.ts';

const START = Date.UTC(2026, 10, 28, 15, 0, 0);
const MINUTE = 60_000;

let now = START;
let model: SandboxModel;
let changes: SandboxChange[];

function call<T = unknown>(operation: ZoomOperationId, params: Record<string, string> = {}, query: Record<string, string> = {}, body?: unknown): { status: number; body: T } {
  const response = model.handle({ operation, params, query: new URLSearchParams(query), body });
  return response as { status: number; body: T };
}

function fail(operation: ZoomOperationId, params: Record<string, string> = {}, query: Record<string, string> = {}, body?: unknown): { status: number; body: ZoomErrorBody } {
  return refusalOf(model, operation, params, query, body);
}

function walk<T>(operation: ZoomOperationId, key: string, params: Record<string, string>, query: Record<string, string>): T[] {
  const out: T[] = [];
  let token = '';
  for (let guard = 0; guard < 1_000; guard++) {
    const page = call<Record<string, unknown>>(operation, params, { ...query, ...(token ? { next_page_token: token } : {}) }).body;
    out.push(...(page[key] as T[]));
    token = page['next_page_token'] as string;
    if (token === '') return out;
  }
  throw new Error('pagination did not end');
}

const create = (body: Record<string, unknown>, userId = 'me') => call<ZoomMeeting>('meetingCreate', { userId }, {}, body).body;
const get = (id: number | string, query: Record<string, string> = {}) => call<ZoomMeeting>('meeting', { meetingId: String(id) }, query).body;
const listIds = (query: Record<string, string> = {}, userId = 'me') => walk<{ id: number }>('meetings', 'meetings', { userId }, { page_size: '300', ...query }).map((m) => m.id);

beforeEach(() => {
  now = START;
  model = createSandboxModel({ clock: () => now });
  changes = [];
  model.onChange((change) => changes.push(change));
});

describe('users', () => {
  it('lists active users by default, filters by status and role, and pages without duplicates or gaps', () => {
    const active = walk<ZoomUser>('users', 'users', {}, { page_size: '7' });
    expect(active.length).toBeGreaterThan(20);
    expect(active.every((u) => u.status === 'active')).toBe(true);
    expect(new Set(active.map((u) => u.id)).size).toBe(active.length);
    const all = [...active, ...walk<ZoomUser>('users', 'users', {}, { status: 'inactive' }), ...walk<ZoomUser>('users', 'users', {}, { status: 'pending' })];
    // 40 seeded users, one of them a pending user whose invitation expired: Zoom drops those from the lists.
    expect(all).toHaveLength(39);
    const owners = call<ZoomUserPage>('users', {}, { role_id: '0' }).body;
    expect(owners.users.map((u) => u.id)).toEqual([model.owner.id]);
    expect(owners.users[0]).not.toHaveProperty('host_key');
    expect(call<ZoomUserPage>('users', {}, { role_id: '0', include_fields: 'host_key' }).body.users[0]?.host_key).toMatch(/^\d{6}$/);
    expect(fail('users', {}, { status: 'gone' })).toEqual({ status: 400, body: { code: 300, message: 'Validation Failed.', errors: [{ field: 'status', message: 'Invalid field.' }] } });
  });

  it('gets a user by id, by email in any case, and `me` (the owner, an admin); unknown users are 1001', () => {
    const owner = model.owner;
    expect(owner.role_name).toBe('Owner');
    expect(call<ZoomUser>('user', { userId: 'me' }).body.id).toBe(owner.id);
    expect(call<ZoomUser>('user', { userId: owner.id }).body.email).toBe(owner.email);
    expect(call<ZoomUser>('user', { userId: owner.email.toUpperCase() }).body.id).toBe(owner.id);
    expect(call<ZoomUser>('user', { userId: owner.employee_unique_id! }, { search_by_unique_id: 'true' }).body.id).toBe(owner.id);
    expect(fail('user', { userId: 'nobody@northwindlabs.example' })).toEqual({ status: 404, body: { code: 1001, message: 'User does not exist: nobody@northwindlabs.example.' } });
    expect(model.resolveUserId('me')).toBe(owner.id);
    expect(model.resolveUserId(owner.email)).toBe(owner.id);
    expect(model.resolveUserId('ghost')).toBeUndefined();
  });

  it("reports a pending user's created_at as the time of the call, as the spec notes", () => {
    const pending = call<ZoomUserPage>('users', {}, { status: 'pending' }).body.users[0];
    expect(pending).toBeDefined();
    now = START + 5 * MINUTE;
    expect(call<ZoomUser>('user', { userId: pending!.id }).body.created_at).toBe('2026-11-28T15:05:00Z');
  });
});

describe('pending users and expired invitations', () => {
  it("drops a pending user from the account once the invitation is 30 days old; GET /users/{userId} answers 1120", () => {
    const pending = () => walk<ZoomUser>('users', 'users', {}, { status: 'pending', page_size: '300' });
    const live = pending()[0]!;
    const invited = Date.parse(live.user_created_at!);
    expect(START - invited).toBeLessThan(30 * 24 * 60 * MINUTE);
    now = invited + 30 * 24 * 60 * MINUTE;
    expect(call<ZoomUser>('user', { userId: live.id }).status).toBe(200);
    now += MINUTE;
    expect(pending().map((u) => u.id)).not.toContain(live.id);
    const expired = { status: 400, body: { code: 1120, message: 'A valid invitation to join the Zoom account was not found for this user.' } };
    expect(fail('user', { userId: live.id })).toEqual(expired);
    expect(fail('user', { userId: live.email.toUpperCase() })).toEqual(expired);
    expect(fail('meetings', { userId: live.id })).toMatchObject({ status: 404, body: { code: 1001 } });
    expect(model.resolveUserId(live.id)).toBeUndefined();
  });

  it('seeds an invitation that has already expired, which lists leave out', () => {
    const listed = new Set(walk<ZoomUser>('users', 'users', {}, { status: 'pending', page_size: '300' }).map((u) => u.email));
    const seeded = generateSandboxData(resolveDataOptions('small'), 'sandbox', START - (START % 86_400_000)).users.filter((u) => u.status === 'pending');
    const expired = seeded.filter((u) => !listed.has(u.email));
    expect(listed.size).toBeGreaterThan(0);
    expect(expired.length).toBeGreaterThan(0);
    for (const user of expired) expect(fail('user', { userId: user.email }).body.code).toBe(1120);
  });
});

describe('listing meetings', () => {
  it('lists scheduled meetings without instant ones; upcoming, previous and live partition by time and status', () => {
    const scheduled = walk<ZoomMeeting>('meetings', 'meetings', { userId: 'me' }, {});
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.some((m) => m.type === 1)).toBe(false);
    for (const m of scheduled) expect(m).not.toHaveProperty('settings');
    const upcoming = walk<ZoomMeeting>('meetings', 'meetings', { userId: 'me' }, { type: 'upcoming' });
    for (const m of upcoming.filter((x) => x.type === 2)) expect(Date.parse(m.start_time!) + m.duration! * MINUTE).toBeGreaterThanOrEqual(now);
    const previous = walk<ZoomMeeting>('meetings', 'meetings', { userId: 'me' }, { type: 'previous_meetings' });
    for (const m of previous.filter((x) => x.type === 2)) expect(Date.parse(m.start_time!)).toBeLessThan(now);
    expect(listIds({ type: 'live' })).toEqual([]);
    const target = scheduled.find((m) => m.type === 2)!;
    model.startMeeting(String(target.id));
    expect(listIds({ type: 'live' })).toEqual([target.id]);
    expect(listIds({ type: 'upcoming_meetings' })).toContain(target.id);
  });

  it('filters by from/to dates and validates them', () => {
    const all = walk<ZoomMeeting>('meetings', 'meetings', { userId: 'me' }, {});
    const inDecember = walk<ZoomMeeting>('meetings', 'meetings', { userId: 'me' }, { from: '2026-12-01', to: '2026-12-31' });
    expect(inDecember.length).toBeLessThan(all.length);
    for (const m of inDecember) expect(m.start_time! >= '2026-12-01' && m.start_time! < '2027-01-01').toBe(true);
    expect(fail('meetings', { userId: 'me' }, { from: '2026-02-30' }).body.errors).toEqual([{ field: 'from', message: 'Invalid field.' }]);
    expect(fail('meetings', { userId: 'me' }, { from: '2026-12-02', to: '2026-12-01' }).body.errors?.[0]?.field).toBe('to');
    expect(fail('meetings', { userId: 'me' }, { type: 'past' }).body.errors).toEqual([{ field: 'type', message: 'Invalid field.' }]);
    expect(fail('meetings', { userId: 'ghost' }).body.code).toBe(1001);
  });

  it('walks all pages exactly once even when a meeting is created mid-walk', () => {
    const before = listIds();
    const seen: number[] = [];
    let page = call<ZoomMeetingPage>('meetings', { userId: 'me' }, { page_size: '2' }).body;
    seen.push(...page.meetings.map((m) => m.id));
    const added = create({ topic: 'Mid-walk', start_time: '2027-01-15T10:00:00Z' });
    for (let guard = 0; page.next_page_token !== '' && guard < 100; guard++) {
      page = call<ZoomMeetingPage>('meetings', { userId: 'me' }, { page_size: '2', next_page_token: page.next_page_token }).body;
      seen.push(...page.meetings.map((m) => m.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before, added.id].sort());
  });

  it('expires page tokens after 15 minutes of the injected clock and forgets them on reset', () => {
    const first = call<ZoomUserPage>('users', {}, { page_size: '5' }).body;
    now += 15 * MINUTE - 1;
    expect(call<ZoomUserPage>('users', {}, { page_size: '5', next_page_token: first.next_page_token }).body.users).toHaveLength(5);
    now += 1;
    expect(fail('users', {}, { page_size: '5', next_page_token: first.next_page_token })).toEqual({ status: 400, body: { code: 300, message: 'The next page token is invalid or expired.' } });
    now = START;
    const again = call<ZoomUserPage>('users', {}, { page_size: '5' }).body;
    model.reset();
    expect(fail('users', {}, { next_page_token: again.next_page_token }).body.code).toBe(300);
    expect(fail('users', {}, { page_size: '301' }).body.errors).toEqual([{ field: 'page_size', message: 'Invalid field.' }]);
  });
});

describe('creating meetings', () => {
  it('creates a scheduled meeting from local time in its time zone and answers 201 with the full object', () => {
    const response = call<ZoomMeeting>('meetingCreate', { userId: 'me' }, {}, {
      topic: 'Launch review', type: 2, start_time: '2026-12-10T09:00:00', timezone: 'America/Los_Angeles', duration: 45, agenda: 'Go / no-go',
      password: 'abc@1', settings: { waiting_room: true, jbh_time: 5 },
    });
    expect(response.status).toBe(201);
    const meeting = response.body;
    expect(meeting).toMatchObject({
      topic: 'Launch review', type: 2, start_time: '2026-12-10T17:00:00Z', timezone: 'America/Los_Angeles', duration: 45,
      agenda: 'Go / no-go', password: 'abc@1', status: 'waiting', host_id: model.owner.id, host_email: model.owner.email,
      settings: { waiting_room: true, jbh_time: 5, approval_type: 2, audio: 'both' },
    });
    expect(String(meeting.id)).toMatch(/^\d{11}$/);
    expect(meeting.uuid).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(meeting.join_url).toBe(`https://us05web.zoom.us/j/${meeting.id}?pwd=${meeting.encrypted_password}`);
    expect(meeting.start_url).toMatch(new RegExp(`^https://us05web\\.zoom\\.us/s/${meeting.id}\\?zak=`));
    expect(get(meeting.id)).toEqual(meeting);
    expect(listIds()).toContain(meeting.id);
    expect(model.hostOf(String(meeting.id))).toBe(model.owner.id);
    expect(changes).toEqual([{ type: 'meeting.created', meeting, operatorId: model.owner.id }]);
    expect(meeting).not.toHaveProperty('registration_url');
    // registration_url is in the spec's create answer, not (yet) in the wire types.
    const withRegistration = create({ settings: { approval_type: 0 } }) as ZoomMeeting & { registration_url?: string };
    expect(withRegistration.registration_url).toMatch(/^https:\/\/us05web\.zoom\.us\/meeting\/register\/[A-Za-z0-9_-]{32}$/);
    expect((get(withRegistration.id) as typeof withRegistration).registration_url).toBe(withRegistration.registration_url);
  });

  it('creates every meeting type with Zoom defaults', () => {
    const instant = create({ type: 1 });
    expect(instant).toMatchObject({ type: 1, start_time: '2026-11-28T15:00:00Z', duration: 60, timezone: 'America/New_York' });
    expect(instant.topic).toBe(`${model.owner.display_name}'s Zoom Meeting`);
    expect(instant.password).toMatch(/^[A-Za-z0-9]{6}$/);
    expect(listIds()).not.toContain(instant.id);
    const noTime = create({ type: 3, start_time: '2026-12-01T10:00:00Z' });
    expect(noTime.type).toBe(3);
    expect(noTime).not.toHaveProperty('start_time');
    expect(create({}).type).toBe(2);
    const recurring = create({
      type: 8, start_time: '2026-12-01T10:00:00Z', timezone: 'UTC', recurrence: { type: 2, weekly_days: '3,5', end_times: 4 },
    });
    expect(recurring.occurrences?.map((o) => o.start_time)).toEqual(['2026-12-01T10:00:00Z', '2026-12-03T10:00:00Z', '2026-12-08T10:00:00Z', '2026-12-10T10:00:00Z']);
    expect(recurring.occurrences?.[0]).toEqual({ occurrence_id: String(Date.parse('2026-12-01T10:00:00Z')), start_time: '2026-12-01T10:00:00Z', duration: 60, status: 'available' });
  });

  it('validates the body like Zoom: code 300 with one entry per failing field', () => {
    const error = fail('meetingCreate', { userId: 'me' }, {}, {
      topic: 'x'.repeat(201), type: 4, duration: -5, timezone: 'Mars/Olympus', password: 'has space', start_time: 'next tuesday',
      recurrence: { type: 2, repeat_interval: 13 }, settings: { jbh_time: 3, approval_type: '0' },
    });
    expect(error.status).toBe(400);
    expect(error.body.code).toBe(300);
    expect(error.body.message).toBe('Validation Failed.');
    expect(error.body.errors?.map((e) => e.field).sort()).toEqual([
      'duration', 'password', 'recurrence.repeat_interval', 'recurrence.weekly_days', 'settings.approval_type', 'settings.jbh_time',
      'start_time', 'timezone', 'topic', 'type',
    ]);
    expect(fail('meetingCreate', { userId: 'me' }, {}, [1, 2]).body).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
    expect(fail('meetingCreate', { userId: 'me' }, {}, { type: 8 }).body.errors?.[0]?.field).toBe('recurrence');
    expect(fail('meetingCreate', { userId: 'me' }, {}, { type: 8, recurrence: { type: 1, end_times: 3, end_date_time: '2027-01-01T00:00:00Z' } }).body.errors?.[0]?.field).toBe('recurrence.end_date_time');
    expect(changes).toEqual([]);
  });

  it('applies schedule_for, refuses it for instant meetings, and answers 3161 for users who cannot host', () => {
    const colleague = call<ZoomUserPage>('users', {}, { page_size: '300' }).body.users.find((u) => u.id !== model.owner.id && u.type !== 99)!;
    expect(create({ schedule_for: colleague.email }).host_id).toBe(colleague.id);
    expect(fail('meetingCreate', { userId: 'me' }, {}, { type: 1, schedule_for: colleague.id }).body.code).toBe(3000);
    expect(fail('meetingCreate', { userId: 'me' }, {}, { schedule_for: 'ghost' }).body.code).toBe(300);
    expect(fail('meetingCreate', { userId: 'me' }, {}, { type: 8, pre_schedule: true, recurrence: { type: 1 } }).body.code).toBe(3000);
    const pending = call<ZoomUserPage>('users', {}, { status: 'pending' }).body.users[0]!;
    expect(fail('meetingCreate', { userId: pending.id }, {}, {})).toMatchObject({ status: 400, body: { code: 3161 } });
    expect(fail('meetingCreate', { userId: 'ghost' }, {}, {})).toMatchObject({ status: 404, body: { code: 1001 } });
  });
});

describe('changing meetings', () => {
  it('PATCH answers 204, is visible to later reads and emits only the changed fields', () => {
    const meeting = create({ topic: 'Before', start_time: '2026-12-05T10:00:00Z' });
    changes = [];
    const response = call('meetingUpdate', { meetingId: String(meeting.id) }, {}, { topic: 'After', settings: { mute_upon_entry: true, waiting_room: false } });
    expect(response).toEqual({ status: 204 });
    const after = get(meeting.id);
    expect(after.topic).toBe('After');
    expect(after.settings?.mute_upon_entry).toBe(true);
    expect(after.start_time).toBe(meeting.start_time);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'meeting.updated', changed: { topic: 'After', settings: { mute_upon_entry: true } }, operatorId: model.owner.id });
    expect((changes[0] as { changed: Record<string, unknown> }).changed).not.toHaveProperty('settings.waiting_room');
    expect(fail('meetingUpdate', { meetingId: String(meeting.id) }, {}, { settings: { audio: 'loud' } }).body.errors).toEqual([{ field: 'settings.audio', message: 'Invalid field.' }]);
    expect(fail('meetingUpdate', { meetingId: '12345678901' }, {}, {}).body).toEqual({ code: 3001, message: 'Meeting 12345678901 is not found or has expired.' });
  });

  it('ignores a past start_time for recurring meetings and turns a scheduled meeting into a recurring one', () => {
    const meeting = create({ type: 8, start_time: '2026-12-01T10:00:00Z', recurrence: { type: 1, end_times: 3 } });
    call('meetingUpdate', { meetingId: String(meeting.id) }, {}, { start_time: '2026-11-01T10:00:00Z', topic: 'Renamed' });
    expect(get(meeting.id, { show_previous_occurrences: 'true' }).occurrences?.[0]?.start_time).toBe('2026-12-01T10:00:00Z');
    const single = create({ start_time: '2026-12-02T10:00:00Z' });
    expect(fail('meetingUpdate', { meetingId: String(single.id) }, {}, { type: 8 }).body.errors?.[0]?.field).toBe('recurrence');
    call('meetingUpdate', { meetingId: String(single.id) }, {}, { type: 8, recurrence: { type: 1, end_times: 2 } });
    expect(get(single.id).occurrences).toHaveLength(2);
  });

  it('updates and deletes single occurrences', () => {
    const meeting = create({ type: 8, start_time: '2026-12-01T10:00:00Z', timezone: 'UTC', recurrence: { type: 1, end_times: 3 } });
    const [first, second] = meeting.occurrences!;
    call('meetingUpdate', { meetingId: String(meeting.id) }, { occurrence_id: second!.occurrence_id }, { duration: 15, topic: 'ignored for one occurrence' });
    const occurrence = get(meeting.id, { occurrence_id: second!.occurrence_id });
    expect(occurrence.duration).toBe(15);
    expect(occurrence.start_time).toBe(second!.start_time);
    expect(occurrence.topic).toBe(meeting.topic);
    expect(get(meeting.id).occurrences?.map((o) => o.duration)).toEqual([60, 15, 60]);
    changes = [];
    expect(call('meetingDelete', { meetingId: String(meeting.id) }, { occurrence_id: first!.occurrence_id })).toEqual({ status: 204 });
    expect(get(meeting.id).occurrences?.map((o) => o.occurrence_id)).not.toContain(first!.occurrence_id);
    expect(changes[0]).toMatchObject({ type: 'meeting.deleted', occurrenceId: first!.occurrence_id });
    expect(fail('meetingDelete', { meetingId: String(meeting.id) }, { occurrence_id: first!.occurrence_id }).body).toEqual({ code: 3000, message: 'Invalid occurrence_id.' });
    expect(fail('meeting', { meetingId: String(meeting.id) }, { occurrence_id: '1' }).body.code).toBe(3000);
  });

  it('DELETE answers 204 and 3001 afterwards; PUT status recover brings the meeting back', () => {
    const meeting = create({ start_time: '2026-12-05T10:00:00Z' });
    changes = [];
    expect(call('meetingDelete', { meetingId: String(meeting.id) })).toEqual({ status: 204 });
    expect(fail('meeting', { meetingId: String(meeting.id) }).status).toBe(404);
    expect(listIds()).not.toContain(meeting.id);
    expect(model.hostOf(String(meeting.id))).toBeUndefined();
    expect(changes.map((c) => c.type)).toEqual(['meeting.deleted']);
    expect(call('meetingStatus', { meetingId: String(meeting.id) }, {}, { action: 'recover' })).toEqual({ status: 204 });
    expect(get(meeting.id).topic).toBe(meeting.topic);
    expect(fail('meetingStatus', { meetingId: String(meeting.id) }, {}, { action: 'pause' }).body.errors).toEqual([{ field: 'action', message: 'Invalid field.' }]);
  });
});

describe('live meetings and past meetings', () => {
  it('runs a meeting: start, participants join and leave, end; then it is a past meeting with those participants', () => {
    const meeting = create({ topic: 'Standup', start_time: '2026-11-28T15:00:00Z' });
    const id = String(meeting.id);
    changes = [];
    expect(model.startMeeting(id).status).toBe('started');
    expect(fail('meetingUpdate', { meetingId: id }, {}, { topic: 'x' }).body.code).toBe(3000);
    expect(fail('meetingDelete', { meetingId: id }).body.code).toBe(3002);
    expect(fail('pastMeetingDetails', { meetingId: id }).status).toBe(404);
    model.participantJoined(id, { email: model.owner.email });
    now += 2 * MINUTE;
    model.participantJoined(id, { name: 'Visitor', email: 'visitor@example.com' });
    now += 3 * MINUTE;
    model.participantLeft(id);
    now += 5 * MINUTE;
    expect(call('meetingStatus', { meetingId: id }, {}, { action: 'end' })).toEqual({ status: 204 });
    expect(changes.map((c) => c.type)).toEqual([
      'meeting.started', 'meeting.participant_joined', 'meeting.participant_joined', 'meeting.participant_left', 'meeting.participant_left', 'meeting.ended',
    ]);
    const joined = changes[1] as Extract<SandboxChange, { participant: unknown }>;
    expect(joined.participant).toMatchObject({ user_name: model.owner.display_name, email: model.owner.email, at: '2026-11-28T15:00:00Z' });
    const past = call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: id }).body;
    expect(past).toMatchObject({ id: meeting.id, uuid: meeting.uuid, start_time: '2026-11-28T15:00:00Z', end_time: '2026-11-28T15:10:00Z', duration: 10, participants_count: 2, total_minutes: 13 });
    const participants = call<ZoomParticipantPage>('pastMeetingParticipants', { meetingId: meeting.uuid }).body.participants;
    expect(participants.map((p) => [p.name, p.duration])).toEqual([[model.owner.display_name, 600], ['Visitor', 180]]);
    expect(participants[0]?.id).toBe(model.owner.id);
    expect(get(id).status).toBe('waiting');
    expect(get(id).uuid).not.toBe(meeting.uuid);
  });

  it('refuses activity on a meeting that is not in progress, and ends an instant meeting for good', () => {
    const instant = create({ type: 1 });
    expect(() => model.participantJoined(String(instant.id))).toThrow(SandboxHttpError);
    expect(() => model.endMeeting(String(instant.id))).toThrow(/not in progress/);
    model.startMeeting(String(instant.id));
    expect(() => model.participantLeft(String(instant.id), 'nobody')).toThrow(/not in meeting/);
    model.endMeeting(String(instant.id));
    expect(fail('meeting', { meetingId: String(instant.id) }).body.code).toBe(3001);
    expect(call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: String(instant.id) }).body.participants_count).toBe(0);
  });

  it('answers 400 code 200 for past-meeting reports on a free account, before looking the meeting up', () => {
    const past = walk<{ uuid: string }>('recordingsList', 'meetings', { userId: 'me' }, { from: '2026-10-29', to: '2026-11-28' })[0]!;
    model = createSandboxModel({ clock: () => now, plan: 'free', accountId: 'free-acct' });
    const paidOnly = { status: 400, body: { code: 200, message: 'Only available for paid account: free-acct' } };
    expect(fail('pastMeetingDetails', { meetingId: past.uuid })).toEqual(paidOnly);
    expect(fail('pastMeetingParticipants', { meetingId: past.uuid })).toEqual(paidOnly);
    expect(fail('pastMeetingDetails', { meetingId: '12345678901' })).toEqual(paidOnly);
    expect(call('user', { userId: 'me' }).status).toBe(200);
    expect(() => createSandboxModel({ plan: 'gold' as never })).toThrow(/plan must be free or paid/);
  });

  it('answers 400 code 12702 for a past meeting that ended more than a year ago', () => {
    const past = walk<{ uuid: string; id: number }>('recordingsList', 'meetings', { userId: 'me' }, { from: '2026-10-29', to: '2026-11-28' })[0]!;
    const ended = Date.parse(call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: past.uuid }).body.end_time);
    now = ended + 365 * 24 * 60 * MINUTE;
    expect(call('pastMeetingParticipants', { meetingId: past.uuid }).status).toBe(200);
    now += MINUTE;
    const tooOld = { status: 400, body: { code: 12702, message: 'Can not access a meeting a year ago.' } };
    expect(fail('pastMeetingDetails', { meetingId: past.uuid })).toEqual(tooOld);
    expect(fail('pastMeetingParticipants', { meetingId: past.uuid })).toEqual(tooOld);
    // By id Zoom answers for the latest instance: every seeded one ended within a month of START.
    now = START + 400 * 24 * 60 * MINUTE;
    expect(fail('pastMeetingDetails', { meetingId: String(past.id) })).toEqual(tooOld);
  });

  it('finds seeded past meetings by id and by UUIDs that begin with "/" or contain "//"', () => {
    const recordings = walk<{ uuid: string; id: number }>('recordingsList', 'meetings', { userId: 'me' }, { from: '2026-10-29', to: '2026-11-28' });
    expect(recordings.length).toBeGreaterThan(0);
    const owner = model.owner.id;
    const slashed: string[] = [];
    for (const user of walk<ZoomUser>('users', 'users', {}, { page_size: '300' })) {
      for (const r of walk<{ uuid: string }>('recordingsList', 'meetings', { userId: user.id }, { from: '2026-10-29', to: '2026-11-28' })) {
        if (r.uuid.startsWith('/') || r.uuid.includes('//')) slashed.push(r.uuid);
      }
    }
    const anyPast = recordings[0]!;
    expect(call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: anyPast.uuid }).body.host_id).toBe(owner);
    expect(call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: String(anyPast.id) }).body.id).toBe(anyPast.id);
    for (const uuid of slashed) {
      const past = call<ZoomPastMeeting>('pastMeetingDetails', { meetingId: uuid }).body;
      expect(past.uuid).toBe(uuid);
      const participants = walk<{ name: string }>('pastMeetingParticipants', 'participants', { meetingId: uuid }, { page_size: '3' });
      expect(participants).toHaveLength(past.participants_count);
    }
    expect(fail('pastMeetingParticipants', { meetingId: '/not-a-real-uuid==' })).toEqual({ status: 404, body: { code: 3001, message: 'The meeting ID is invalid or the meeting has not ended.' } });
  });
});

describe('registrants', () => {
  it('lists approved registrants by default, filters by status, and is empty without registration', () => {
    let found: { id: number; pending: number } | undefined;
    for (const user of walk<ZoomUser>('users', 'users', {}, { page_size: '300' })) {
      for (const m of walk<ZoomMeeting>('meetings', 'meetings', { userId: user.id }, { page_size: '300' }).slice(0)) {
        if (found) break;
        if (get(m.id).settings?.approval_type !== 1) continue;
        const pending = call<ZoomRegistrantPage>('meetingRegistrants', { meetingId: String(m.id) }, { status: 'pending' }).body.total_records;
        if (pending > 0) found = { id: m.id, pending };
      }
      if (found) break;
    }
    expect(found).toBeDefined();
    const approved = call<ZoomRegistrantPage>('meetingRegistrants', { meetingId: String(found!.id) }).body;
    expect(approved.registrants.every((r) => r.status === 'approved')).toBe(true);
    const pending = call<ZoomRegistrantPage>('meetingRegistrants', { meetingId: String(found!.id) }, { status: 'pending' }).body;
    expect(pending.registrants.every((r) => r.status === 'pending')).toBe(true);
    expect(fail('meetingRegistrants', { meetingId: String(found!.id) }, { status: 'maybe' }).body.errors?.[0]?.field).toBe('status');
    const plain = create({ start_time: '2026-12-05T10:00:00Z' });
    expect(call<ZoomRegistrantPage>('meetingRegistrants', { meetingId: String(plain.id) }).body).toMatchObject({ total_records: 0, registrants: [], next_page_token: '' });
  });
});

describe('recordings', () => {
  it('defaults from/to to today and tomorrow, filters by date, and refuses ranges over a month', () => {
    const defaults = call<ZoomRecordingPage>('recordingsList', { userId: 'me' }).body;
    expect(defaults).toMatchObject({ from: '2026-11-28', to: '2026-11-29' });
    const month = call<ZoomRecordingPage>('recordingsList', { userId: 'me' }, { from: '2026-10-28', to: '2026-11-28' }).body;
    expect(month.meetings.length).toBeGreaterThan(0);
    for (const r of month.meetings) {
      expect(r.start_time >= '2026-10-28' && r.start_time < '2026-11-29').toBe(true);
      expect(r.host_id).toBe(model.owner.id);
      expect(r.recording_count).toBe(r.recording_files.length);
      expect(r.total_size).toBe(r.recording_files.reduce((s, f) => s + f.file_size, 0));
      expect(typeof r.type).toBe('string');
    }
    const dates = month.meetings.map((r) => r.start_time);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(fail('recordingsList', { userId: 'me' }, { from: '2026-10-27', to: '2026-11-28' })).toMatchObject({ status: 400, body: { code: 300, errors: [{ field: 'to' }] } });
    expect(fail('recordingsList', { userId: 'me' }, { from: '2026-11-28', to: '2026-11-01' }).body.code).toBe(300);
    expect(fail('recordingsList', { userId: 'me' }, { from: '28/11/2026' }).body.errors?.[0]?.field).toBe('from');
    expect(fail('recordingsList', { userId: 'ghost' }).body.code).toBe(1001);
    expect(call<ZoomRecordingPage>('recordingsList', { userId: 'me' }, { trash: 'true' }).body.meetings).toEqual([]);
  });
});

describe('reset and listeners', () => {
  it('restores the seeded data and stops notifying unsubscribed listeners', () => {
    const before = JSON.stringify(walk('meetings', 'meetings', { userId: 'me' }, { page_size: '300' }));
    const meeting = create({ topic: 'Temporary' });
    const seen: string[] = [];
    const unsubscribe = model.onChange((c) => seen.push(c.type));
    call('meetingDelete', { meetingId: String(meeting.id) });
    unsubscribe();
    create({ topic: 'Unheard' });
    expect(seen).toEqual(['meeting.deleted']);
    model.reset();
    expect(JSON.stringify(walk('meetings', 'meetings', { userId: 'me' }, { page_size: '300' }))).toBe(before);
  });

  it('builds the same data for the same seed and different data for another seed', () => {
    const a = createSandboxModel({ clock: () => START, data: { seed: 1 } });
    const b = createSandboxModel({ clock: () => START, data: { seed: 1 } });
    const c = createSandboxModel({ clock: () => START, data: { seed: 2 } });
    const dump = (m: SandboxModel) => JSON.stringify(m.handle({ operation: 'users', params: {}, query: new URLSearchParams({ page_size: '300' }), body: undefined }).body);
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });
});
