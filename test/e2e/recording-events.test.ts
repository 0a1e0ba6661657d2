import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { collect, postGraphql, startE2EGateway, waitUntil, wsClient, type E2EGateway } from './helpers.ts';

/**
 * Recording writes through the gateway reach `recordingEvents` subscribers: the sandbox sends Zoom's signed
 * `recording.trashed` / `recording.recovered` webhooks, and each event resolves its recording as Zoom has it then.
 */
const RECORDING_EVENTS = `subscription ($filter: RecordingEventFilter) {
  recordingEvents(filter: $filter) {
    type meetingId meetingUuid hostId operatorId operator fileIds occurredAt
    recording { uuid recordingCount files { id playUrl } }
  }
}`;

let e2e: E2EGateway;
let client: Client;

beforeAll(async () => {
  e2e = await startE2EGateway();
  client = wsClient(e2e.graphqlUrl);
});
afterAll(async () => {
  await client.dispose();
  await e2e.close();
});

describe('recordingEvents', () => {
  it('a trashed file arrives as TRASHED with its id, a recovered one as RECOVERED, each with the recording as it is then', async () => {
    const DAY_MS = 86_400_000;
    const range = { from: new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) };
    const listed = await postGraphql(
      e2e.graphqlUrl,
      'query ($from: Date, $to: Date) { me { id recordings(first: 30, from: $from, to: $to) { nodes { uuid meetingId recordingCount files { id } } } } }',
      range,
    );
    expect(listed.body.errors).toBeUndefined();
    const hostId = listed.body.data.me.id as string;
    const recording = (listed.body.data.me.recordings.nodes as Array<{ uuid: string; meetingId: string; recordingCount: number; files: Array<{ id: string }> }>)
      .find((node) => node.files.length >= 2)!;
    expect(recording).toBeDefined();
    const file = recording.files[0]!.id;

    const events = collect(client, RECORDING_EVENTS, { filter: { hostId, types: ['TRASHED', 'RECOVERED'] } });
    await waitUntil(() => e2e.pubsub.subscriberCount(RECORDING_EVENTS_TOPIC) === 1, 'the subscription is live');

    const trashed = await postGraphql(e2e.graphqlUrl, 'mutation ($id: ID!, $fileId: ID) { trashRecording(id: $id, fileId: $fileId) { fileId } }', { id: recording.uuid, fileId: file });
    expect(trashed.body.errors).toBeUndefined();
    await waitUntil(() => events.received.length === 1, 'the trashed event arrives');
    const recovered = await postGraphql(e2e.graphqlUrl, 'mutation ($id: ID!, $fileId: ID) { recoverRecording(id: $id, fileId: $fileId) { fileId } }', { id: recording.uuid, fileId: file });
    expect(recovered.body.errors).toBeUndefined();
    await waitUntil(() => events.received.length === 2, 'the recovered event arrives');
    events.stop();

    const [first, second] = events.received.map((result) => {
      expect(result.errors).toBeUndefined();
      return result.data.recordingEvents;
    });
    expect(first).toMatchObject({ type: 'TRASHED', meetingId: recording.meetingId, meetingUuid: recording.uuid, hostId, fileIds: [file] });
    expect(first.recording.recordingCount).toBe(recording.recordingCount - 1);
    expect(first.recording.files.map((f: { id: string }) => f.id)).not.toContain(file);
    expect(second).toMatchObject({ type: 'RECOVERED', meetingUuid: recording.uuid, fileIds: [file] });
    expect(second.recording.recordingCount).toBe(recording.recordingCount);
    expect(second.recording.files.every((f: { playUrl: string }) => f.playUrl.startsWith('/recordings/'))).toBe(true);
  });
});
