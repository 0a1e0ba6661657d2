import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomRestClient } from '../../src/zoom/index.ts';
import type { SecuredGateway } from '../security/secured-gateway.ts';
import { startCachedGateway, type CachedGateway } from './cached-gateway.ts';

/**
 * Recordings in the shared cache: a recordings page reloaded costs no Zoom call; a trash through the gateway, or
 * one made by another app and announced by Zoom's recording.trashed webhook, drops what it changed.
 */
const DAY_MS = 86_400_000;
const RANGE = { from: new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) };
const PAGE = 'query ($from: Date, $to: Date) { me { recordings(first: 30, from: $from, to: $to) { nodes { uuid recordingCount files { id } } } } }';

let cached: CachedGateway | undefined;
let gw: SecuredGateway;
let zoomDirect: ZoomRestClient;

beforeAll(async () => {
  cached = await startCachedGateway();
  ({ gw, zoomDirect } = cached);
});
afterAll(async () => {
  await cached?.close();
});
beforeEach(() => {
  gw.sandbox.stats.reset();
});

type Node = { uuid: string; recordingCount: number; files: Array<{ id: string }> };
const nodesOf = (body: any): Node[] => body.data.me.recordings.nodes;

describe('recordings in the shared cache', () => {
  it('a reloaded recordings page and meeting recording cost no call; a trash through the gateway shows at once', async () => {
    const first = await gw.graphql(PAGE, 'member', RANGE);
    expect(first.body.errors).toBeUndefined();
    const recording = nodesOf(first.body).find((node) => node.files.length >= 2)!;
    const read = `{ pastMeeting(id: "${recording.uuid}") { recording { recordingCount } } }`;
    await gw.graphql(read, 'member');
    gw.sandbox.stats.reset();
    await gw.graphql(PAGE, 'member', RANGE);
    await gw.graphql(read, 'member');
    expect(gw.sandbox.stats.count('recordingsList')).toBe(0);
    expect(gw.sandbox.stats.count('meetingRecordings')).toBe(0);

    const trashed = await gw.graphql(`mutation { trashRecording(id: "${recording.uuid}", fileId: "${recording.files[0]!.id}") { recording { recordingCount } } }`, 'member');
    expect(trashed.body.errors).toBeUndefined();
    expect(trashed.body.data.trashRecording.recording.recordingCount).toBe(recording.recordingCount - 1);
    const after = await gw.graphql(read, 'member');
    expect(after.body.data.pastMeeting.recording.recordingCount).toBe(recording.recordingCount - 1);
    const page = await gw.graphql(PAGE, 'member', RANGE);
    expect(nodesOf(page.body).find((node) => node.uuid === recording.uuid)?.recordingCount).toBe(recording.recordingCount - 1);
  });

  it("another app's trash reaches the gateway as recording.trashed and drops the cached recording", async () => {
    const listed = nodesOf((await gw.graphql(PAGE, 'member', RANGE)).body);
    const recording = listed.find((node) => node.files.length >= 2 && node.recordingCount === node.files.length)!;
    const read = `{ pastMeeting(id: "${recording.uuid}") { recording { recordingCount } } }`;
    expect((await gw.graphql(read, 'member')).body.data.pastMeeting.recording.recordingCount).toBe(recording.recordingCount);
    await zoomDirect.call('recordingFileDelete', { path: { meetingId: recording.uuid, recordingId: recording.files[1]!.id } });
    // Bounded wait for the signed webhook to arrive and invalidate.
    let count = recording.recordingCount;
    for (let attempt = 0; attempt < 100 && count === recording.recordingCount; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      count = (await gw.graphql(read, 'member')).body.data.pastMeeting.recording.recordingCount;
    }
    expect(count).toBe(recording.recordingCount - 1);
  });
});
