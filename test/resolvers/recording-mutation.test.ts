import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKeys } from '../../src/events/cache-keys.ts';
import type { ZoomRecordingPage } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/**
 * Recording writes: trash, delete and recover a recording or one file, and change its settings. Each checks its
 * input before any call, reads the instance once, writes once, and drops the cache entries its webhook would.
 */
describe('recording mutations', () => {
  let gateway: TestGateway;
  let invalidated: string[][] = [];
  let recording: ZoomRecordingPage['meetings'][number];

  const run = (query: string, variables?: Record<string, unknown>) =>
    gateway.execute(query, variables, { invalidate: (keys) => void invalidated.push(keys) });

  beforeAll(async () => {
    gateway = await startTestGateway();
    const page = gateway.sandbox.model.handle({
      operation: 'recordingsList', params: { userId: 'me' }, query: new URLSearchParams({ from: '2025-12-16', to: '2026-01-15' }), body: undefined,
    }).body as ZoomRecordingPage;
    recording = page.meetings.find((meeting) => meeting.recording_files.length >= 3)!;
    expect(recording).toBeDefined();
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
    invalidated = [];
  });

  const WRITE_RESULT = 'id fileId recording { uuid recordingCount files { id playUrl } }';

  it('trashes one file: the recording reads without it, its host list and the instance are invalidated', async () => {
    const file = recording.recording_files[1]!;
    const result = await run(
      `mutation ($id: ID!, $fileId: ID) { trashRecording(id: $id, fileId: $fileId) { ${WRITE_RESULT} } }`,
      { id: recording.uuid, fileId: file.id },
    );
    expect(result.errors).toBeUndefined();
    const written = result.data?.trashRecording;
    expect(written).toMatchObject({ id: recording.uuid, fileId: file.id, recording: { uuid: recording.uuid, recordingCount: recording.recording_count - 1 } });
    expect(written.recording.files.map((f: { id: string }) => f.id)).not.toContain(file.id);
    // The instance (host and NOT_FOUND before the write), the write, the recording read back.
    expect(gateway.stats.count('pastMeetingDetails')).toBe(1);
    expect(gateway.stats.count('recordingFileDelete')).toBe(1);
    expect(gateway.stats.count('meetingRecordings')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(3);
    expect(new URLSearchParams(gateway.stats.log().find((entry) => entry.operation === 'recordingFileDelete')?.query).get('action')).toBe('trash');
    expect(invalidated).toEqual([expect.arrayContaining([
      cacheKeys.recording(recording.uuid), cacheKeys.recording(String(recording.id)), cacheKeys.userRecordings(recording.host_id),
    ])]);

    const recovered = await run(
      `mutation ($id: ID!, $fileId: ID) { recoverRecording(id: $id, fileId: $fileId) { ${WRITE_RESULT} } }`,
      { id: recording.uuid, fileId: file.id },
    );
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.recoverRecording.recording.recordingCount).toBe(recording.recording_count);
    expect(gateway.stats.count('recordingFileRecover')).toBe(1);
  });

  it('trashes every file: the recording is null; recovering brings all of them back', async () => {
    const trashed = await run(`mutation ($id: ID!) { trashRecording(id: $id) { ${WRITE_RESULT} } }`, { id: recording.uuid });
    expect(trashed.errors).toBeUndefined();
    expect(trashed.data?.trashRecording).toEqual({ id: recording.uuid, fileId: null, recording: null });
    expect(gateway.stats.count('meetingRecordingsDelete')).toBe(1);
    const recovered = await run(`mutation ($id: ID!) { recoverRecording(id: $id) { ${WRITE_RESULT} } }`, { id: recording.uuid });
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.recoverRecording.recording.recordingCount).toBe(recording.recording_count);
    expect(gateway.stats.count('meetingRecordingsRecover')).toBe(1);
  });

  it('deletes one file for good: it cannot be recovered (NOT_FOUND)', async () => {
    const file = recording.recording_files.at(-1)!;
    const deleted = await run('mutation ($id: ID!, $fileId: ID) { deleteRecording(id: $id, fileId: $fileId) { fileId } }', { id: recording.uuid, fileId: file.id });
    expect(deleted.errors).toBeUndefined();
    expect(new URLSearchParams(gateway.stats.log().find((entry) => entry.operation === 'recordingFileDelete')?.query).get('action')).toBe('delete');
    const recovered = await run('mutation ($id: ID!, $fileId: ID) { recoverRecording(id: $id, fileId: $fileId) { fileId } }', { id: recording.uuid, fileId: file.id });
    expect(recovered.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('updates the settings and answers them as Zoom now has them', async () => {
    const result = await run(
      `mutation ($id: ID!, $input: RecordingSettingsInput!) { updateRecordingSettings(id: $id, input: $input) {
        shareRecording viewerDownload password onDemand approvalType topic } }`,
      { id: String(recording.id), input: { shareRecording: 'INTERNALLY', viewerDownload: false, password: 'abc12345', approvalType: 'MANUAL', topic: 'Board review' } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateRecordingSettings).toEqual({
      shareRecording: 'INTERNALLY', viewerDownload: false, password: 'abc12345', onDemand: false, approvalType: 'MANUAL', topic: 'Board review',
    });
    const patch = gateway.stats.log().find((entry) => entry.operation === 'recordingSettingsUpdate');
    expect(patch).toBeDefined();
    expect(gateway.stats.count('recordingSettingsUpdate')).toBe(1);
    expect(gateway.stats.count('recordingSettings')).toBe(1);
    expect(invalidated.flat()).toContain(cacheKeys.recordingSettings(String(recording.id)));
  });

  it.each([
    ['a malformed id', 'mutation { trashRecording(id: "../x") { id } }', ['id']],
    ['a malformed file id', `mutation { deleteRecording(id: "123456789", fileId: "a/b") { id } }`, ['fileId']],
    ['an empty settings input', 'mutation { updateRecordingSettings(id: "123456789", input: {}) { topic } }', ['input']],
    ['a passcode without a digit', 'mutation { updateRecordingSettings(id: "123456789", input: { password: "abcdefghi" }) { topic } }', ['input', 'password']],
    ['a null setting', 'mutation { updateRecordingSettings(id: "123456789", input: { topic: null }) { topic } }', ['input', 'topic']],
    ['a 201-character topic', `mutation { updateRecordingSettings(id: "123456789", input: { topic: "${'x'.repeat(201)}" }) { topic } }`, ['input', 'topic']],
  ])('refuses %s with BAD_USER_INPUT and its path, before any Zoom call', async (_title, query, path) => {
    const result = await run(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((result.errors?.[0]?.extensions?.problems as Array<{ path: unknown }>)[0]?.path).toEqual(path);
    expect(gateway.stats.apiCalls()).toBe(0);
    expect(invalidated).toEqual([]);
  });
});
