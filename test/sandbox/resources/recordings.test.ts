import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxModel } from '../../../src/sandbox/model.ts';
import { sandboxFileBytes } from '../../../src/sandbox/downloads.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { type SandboxChange, type SandboxModel } from '../../../src/sandbox/types.ts';
import type { ZoomOperationId } from '../../../src/zoom/operations.ts';
import type { ZoomErrorBody, ZoomMeeting, ZoomMeetingRecording, ZoomRecordingPage } from '../../../src/zoom/wire.ts';
import { fetchToken } from '../fake-model.ts';
import { refusalOf } from '../model-answer.ts';

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);
const WINDOW = { from: '2026-10-29', to: '2026-11-28' };

let now = NOW;
let model: SandboxModel;
let changes: SandboxChange[];

function call<T>(operation: ZoomOperationId, params: Record<string, string>, query: Record<string, string> = {}, body?: unknown): { status: number; body: T } {
  return model.handle({ operation, params, query: new URLSearchParams(query), body }) as { status: number; body: T };
}

function fail(operation: ZoomOperationId, params: Record<string, string> = {}, query: Record<string, string> = {}, body?: unknown): { status: number; body: ZoomErrorBody } {
  return refusalOf(model, operation, params, query, body);
}

/** A recorded instance of the owner, with its files. */
function ownRecording(): ZoomMeetingRecording {
  const page = call<ZoomRecordingPage>('recordingsList', { userId: 'me' }, { ...WINDOW, page_size: '300' }).body;
  const first = page.meetings[0];
  if (!first) throw new Error('the owner has no recordings in the window');
  return first;
}

beforeEach(() => {
  now = NOW;
  model = createSandboxModel({ clock: () => now, data: { users: 30 } });
  changes = [];
  model.onChange((change) => changes.push(change));
});

describe('sandbox recordings library', () => {
  it('trashes a meeting recording (out of the library, into trash=true), recovers it, and announces each step', () => {
    const recording = ownRecording();
    expect(call('meetingRecordingsDelete', { meetingId: recording.uuid }).status).toBe(204);
    expect(fail('meetingRecordings', { meetingId: recording.uuid })).toMatchObject({ status: 404, body: { code: 3301 } });
    const trash = call<ZoomRecordingPage>('recordingsList', { userId: 'me' }, { ...WINDOW, trash: 'true', page_size: '300' }).body;
    const trashed = trash.meetings.find((m) => m.uuid === recording.uuid);
    expect(trashed?.recording_files.map((f) => f.deleted_time)).toEqual(recording.recording_files.map(() => '2026-11-28T15:00:00Z'));
    expect(call('meetingRecordingsRecover', { meetingUUID: recording.uuid }, {}, { action: 'recover' }).status).toBe(204);
    expect(call<ZoomMeetingRecording>('meetingRecordings', { meetingId: recording.uuid }).body.recording_files).toEqual(recording.recording_files);
    expect(changes.map((c) => [c.type, c.type.startsWith('recording.') ? (c as { recording: ZoomMeetingRecording }).recording.recording_count : 0])).toEqual([
      ['recording.trashed', recording.recording_count],
      ['recording.recovered', recording.recording_count],
    ]);
  });

  it('deletes one file for good: it leaves the library and the trash, and cannot be recovered', () => {
    const recording = ownRecording();
    const file = recording.recording_files[0]!;
    expect(call('recordingFileDelete', { meetingId: recording.uuid, recordingId: file.id }, { action: 'delete' }).status).toBe(204);
    const left = call<ZoomMeetingRecording>('meetingRecordings', { meetingId: recording.uuid }).body;
    expect(left.recording_files.map((f) => f.id)).not.toContain(file.id);
    expect(left.total_size).toBe(recording.total_size - file.file_size);
    expect(fail('recordingFileRecover', { meetingId: recording.uuid, recordingId: file.id }, {}, { action: 'recover' }).body.code).toBe(3301);
    expect(changes.map((c) => c.type)).toEqual(['recording.deleted']);
  });

  it('empties the trash after 30 days', () => {
    const recording = ownRecording();
    call('meetingRecordingsDelete', { meetingId: recording.uuid });
    now += 31 * 86_400_000;
    expect(fail('meetingRecordingsRecover', { meetingUUID: recording.uuid }, {}, { action: 'recover' }).body.code).toBe(3301);
  });

  it('keeps recording settings per meeting and refuses an invalid password', () => {
    const recording = ownRecording();
    expect(call('recordingSettingsUpdate', { meetingId: recording.uuid }, {}, { share_recording: 'internally', password: 'abc12345' }).status).toBe(204);
    expect(call('recordingSettings', { meetingId: recording.uuid }).body).toMatchObject({ share_recording: 'internally', password: 'abc12345', viewer_download: true });
    expect(fail('recordingSettingsUpdate', { meetingId: recording.uuid }, {}, { password: 'short' }).body).toMatchObject({ code: 300, errors: [{ field: 'password' }] });
  });

  it('announces recording.completed when a cloud-recorded meeting ends, and lists it', () => {
    const meeting = call<ZoomMeeting>('meetingCreate', { userId: 'me' }, {}, { topic: 'Recorded', type: 1, settings: { auto_recording: 'cloud' } }).body;
    model.startMeeting(String(meeting.id));
    now += 30 * 60_000;
    model.endMeeting(String(meeting.id));
    expect(changes.map((c) => c.type).slice(-2)).toEqual(['meeting.ended', 'recording.completed']);
    const completed = changes.at(-1) as { recording: ZoomMeetingRecording };
    expect(call<ZoomMeetingRecording>('meetingRecordings', { meetingId: completed.recording.uuid }).body.recording_files).toEqual(completed.recording.recording_files);
  });
});

describe('sandbox past meeting instances', () => {
  it('lists every ended instance oldest first; an unheld meeting has none; an unknown one is 404', () => {
    const meeting = call<ZoomMeeting>('meetingCreate', { userId: 'me' }, {}, { topic: 'Weekly', type: 3 }).body;
    const id = String(meeting.id);
    expect(call('pastMeetingInstances', { meetingId: id }).body).toEqual({ meetings: [] });
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) {
      uuids.push(model.startMeeting(id).uuid);
      now += 60 * 60_000;
      model.endMeeting(id);
      now += 86_400_000;
    }
    expect(call<{ meetings: Array<{ uuid: string }> }>('pastMeetingInstances', { meetingId: id }).body.meetings.map((m) => m.uuid)).toEqual(uuids);
    expect(fail('pastMeetingInstances', { meetingId: '12345678901' }).status).toBe(404);
  });
});

describe('sandbox reports', () => {
  it("refuses a window over a month, one older than Zoom's six months, and answers only meetings of two or more", () => {
    expect(fail('reportMeetings', { userId: 'me' }, { from: '2026-09-01', to: '2026-11-28' }).body).toMatchObject({ code: 300, errors: [{ field: 'to' }] });
    expect(fail('reportMeetings', { userId: 'me' }, { from: '2026-05-01', to: '2026-05-20' }).body).toMatchObject({ code: 300, errors: [{ field: 'from' }] });
    expect(fail('reportMeetings', { userId: 'me' }, { to: '2026-11-20' }).body).toMatchObject({ code: 300, errors: [{ field: 'from' }] });
    const page = call<{ meetings: Array<{ participants_count: number }>; total_records: number }>('reportMeetings', { userId: 'me' }, { ...WINDOW, page_size: '300' }).body;
    expect(page.total_records).toBeGreaterThan(0);
    expect(page.meetings.every((m) => m.participants_count >= 2)).toBe(true);
  });

  it('the attendance report carries participant_user_id, which the past-participants list lacks', () => {
    const recording = ownRecording();
    const report = call<{ participants: Array<Record<string, unknown>> }>('reportMeetingParticipants', { meetingId: recording.uuid }, { page_size: '300' }).body;
    const past = call<{ participants: Array<Record<string, unknown>> }>('pastMeetingParticipants', { meetingId: recording.uuid }, { page_size: '300' }).body;
    expect(report.participants.map((p) => p['name'])).toEqual(past.participants.map((p) => p['name']));
    expect(report.participants.every((p) => 'participant_user_id' in p)).toBe(true);
    expect(past.participants.some((p) => 'participant_user_id' in p)).toBe(false);
  });

  it('the daily report counts the month day by day', () => {
    const report = call<{ year: number; month: number; dates: Array<{ date: string; meetings: number }> }>('reportDaily', {}, { year: '2026', month: '11' }).body;
    expect(report.dates).toHaveLength(30);
    expect(report.dates[0]?.date).toBe('2026-11-01');
    expect(report.dates.reduce((sum, d) => sum + d.meetings, 0)).toBeGreaterThan(0);
  });
});

describe('sandbox recording downloads', () => {
  let sandbox: Sandbox;
  let bearer: string;
  let file: { download_url: string; file_size: number };
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, rateLimits: 'unlimited', tokenTtlSeconds: 86_400, data: { users: 30 } });
    bearer = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
    const page = await (await fetch(`${sandbox.apiUrl}/users/me/recordings?from=${WINDOW.from}&to=${WINDOW.to}`, { headers: { authorization: bearer } })).json() as ZoomRecordingPage;
    file = page.meetings[0]!.recording_files[0]!;
  });
  afterAll(() => sandbox.close());

  it('download_url needs the token and redirects to a signed storage URL on the sandbox', async () => {
    expect(file.download_url.startsWith(`${sandbox.url}/rec/download/`)).toBe(true);
    expect((await fetch(file.download_url, { redirect: 'manual' })).status).toBe(401);
    const redirect = await fetch(file.download_url, { redirect: 'manual', headers: { authorization: bearer } });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(`${sandbox.url}/rec/cdn/`)).toBe(true);
    // Storage refuses a request that still carries the API token, and a tampered signature.
    expect((await fetch(location, { headers: { authorization: bearer, range: 'bytes=0-0' } })).status).toBe(400);
    const tampered = location.replace(/signature=(.)/, (_, c: string) => `signature=${c === '0' ? '1' : '0'}`);
    expect((await fetch(tampered, { headers: { range: 'bytes=0-0' } })).status).toBe(403);
    const token = file.download_url.slice(file.download_url.lastIndexOf('/') + 1);
    const partial = await fetch(location, { headers: { range: 'bytes=1000-1999' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 1000-1999/${file.file_size}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(sandboxFileBytes(token, 1000, 2000))).toBe(true);
    const beyond = await fetch(location, { headers: { range: `bytes=${file.file_size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.file_size}`);
    expect(sandbox.stats.count('download', 302)).toBe(1);
  });
});
