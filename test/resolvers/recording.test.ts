import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomMeetingRecording, ZoomRecordingPage, ZoomRecordingSettings } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { expectedRecording } from './recording-shape.ts';

/** The recording library a meeting page shows: a meeting's and an instance's recording, its settings, playable links. */

const RANGE = { from: '2025-12-16', to: '2026-01-15' };

const RECORDING_FIELDS = /* GraphQL */ `
  fragment RecordingFields on Recording {
    uuid meetingId topic startTime duration totalSize recordingCount playPasscode host { id }
    files { id recordingStart recordingEnd fileType fileExtension fileSize playUrl downloadUrl recordingType }
  }
`;

describe('Meeting.recording, PastMeeting.recording, Meeting.recordingSettings', () => {
  let gateway: TestGateway;
  /** A meeting of `me` whose latest recorded instance is its last ended one. */
  let meetingId: string;

  const wire = <T>(operation: 'meetingRecordings' | 'recordingSettings' | 'recordingsList', params: Record<string, string>, query = new URLSearchParams()): T =>
    gateway.sandbox.model.handle({ operation, params, query, body: undefined }).body as T;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const page = wire<ZoomRecordingPage>('recordingsList', { userId: 'me' }, new URLSearchParams(RANGE));
    const listed = await gateway.execute('{ me { meetings(first: 300) { nodes { id lastInstance { uuid } } } } }');
    const meetings = listed.data?.me.meetings.nodes as Array<{ id: string; lastInstance: { uuid: string } | null }>;
    const recordedUuids = new Set(page.meetings.map((recording) => recording.uuid));
    meetingId = meetings.find((meeting) => meeting.lastInstance !== null && recordedUuids.has(meeting.lastInstance.uuid))?.id ?? '';
    expect(meetingId).not.toBe('');
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it("answers a meeting's recording as Zoom's GET /meetings/{id}/recordings has it, with the gateway's own play links", async () => {
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { id recording { ...RecordingFields } lastInstance { uuid recording { uuid recordingCount } } } }
      ${RECORDING_FIELDS}`,
      { id: meetingId },
    );
    expect(result.errors).toBeUndefined();
    const recording = wire<ZoomMeetingRecording>('meetingRecordings', { meetingId });
    const meeting = result.data?.meeting;
    expect(meeting.recording).toEqual(expectedRecording(recording));
    // The link names neither Zoom's host nor its download URL in the clear.
    for (const file of meeting.recording.files) expect(file.playUrl).not.toContain('zoom');
    expect(meeting.lastInstance.recording).toEqual({ uuid: recording.uuid, recordingCount: recording.recording_count });
    // The meeting, its recording, its host and its last instance: that instance's recording is the one already read
    // (the loader remembers recordings by UUID), so it costs nothing more.
    expect(gateway.stats.count('meetingRecordings')).toBe(1);
    expect(gateway.stats.count('user')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(4);
  });

  it('answers every recording setting, with one Light call', async () => {
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { recordingSettings { shareRecording recordingAuthentication authenticationOption
        authenticationDomains viewerDownload password onDemand approvalType sendEmailToHost showSocialShareButtons topic } } }`,
      { id: meetingId },
    );
    expect(result.errors).toBeUndefined();
    const settings = wire<ZoomRecordingSettings>('recordingSettings', { meetingId });
    const orNull = <T>(value: T | undefined) => (value === undefined || value === '' ? null : value);
    expect(result.data?.meeting.recordingSettings).toEqual({
      shareRecording: settings.share_recording?.toUpperCase(),
      recordingAuthentication: settings.recording_authentication,
      authenticationOption: orNull(settings.authentication_option),
      authenticationDomains: orNull(settings.authentication_domains),
      viewerDownload: settings.viewer_download,
      password: settings.password,
      onDemand: settings.on_demand,
      approvalType: { 0: 'AUTOMATIC', 1: 'MANUAL', 2: 'NO_REGISTRATION' }[settings.approval_type ?? 2],
      sendEmailToHost: settings.send_email_to_host,
      showSocialShareButtons: settings.show_social_share_buttons,
      topic: settings.topic,
    });
    expect(gateway.stats.count('recordingSettings')).toBe(1);
  });

  it('is null without an error for a meeting never recorded', async () => {
    const listed = await gateway.execute('{ me { meetings(first: 300) { nodes { id lastInstance { uuid } } } } }');
    const unrecorded = (listed.data?.me.meetings.nodes as Array<{ id: string; lastInstance: unknown }>).find(
      (meeting) => meeting.lastInstance === null,
    );
    expect(unrecorded).toBeDefined();
    const result = await gateway.execute('query ($id: ID!) { meeting(id: $id) { recording { uuid } recordingSettings { topic } } }', { id: unrecorded?.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toEqual({ recording: null, recordingSettings: null });
  });

  it('the recordings page costs one user read and one list call, whatever the number of files and links', async () => {
    const result = await gateway.execute(
      'query ($from: Date, $to: Date) { me { recordings(first: 30, from: $from, to: $to) { nodes { uuid files { playUrl } } } } }',
      RANGE,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.me.recordings.nodes as Array<{ files: Array<{ playUrl: string }> }>;
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.flatMap((node) => node.files).every((file) => file.playUrl.startsWith('/recordings/'))).toBe(true);
    expect(gateway.stats.count('user')).toBe(1);
    expect(gateway.stats.count('recordingsList')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(2);
  });
});

describe('Meeting.history', () => {
  let gateway: TestGateway;
  /** The sandbox's meeting held most often (twice, in the small data set). */
  let meetingId: string;
  let instances: Array<{ uuid: string; start_time: string }>;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const listed = await gateway.execute('{ users(first: 300) { nodes { meetings(first: 300) { nodes { id } } } } }');
    instances = [];
    for (const user of listed.data?.users.nodes as Array<{ meetings: { nodes: Array<{ id: string }> } }>) {
      for (const { id } of user.meetings.nodes) {
        const body = gateway.sandbox.model.handle({ operation: 'pastMeetingInstances', params: { meetingId: id }, query: new URLSearchParams(), body: undefined });
        const found = (body.body as { meetings?: Array<{ uuid: string; start_time: string }> }).meetings ?? [];
        if (body.status === 200 && found.length > instances.length) {
          meetingId = id;
          instances = [...found].sort((a, b) => b.start_time.localeCompare(a.start_time));
        }
      }
    }
    expect(instances.length).toBeGreaterThan(1);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('lists every ended instance newest first in one call; UUIDs and starts cost nothing more', async () => {
    const result = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { history(first: 300) { totalCount pageInfo { hasNextPage endCursor } nodes { uuid startTime id meetingId } } } }',
      { id: meetingId },
    );
    expect(result.errors).toBeUndefined();
    const history = result.data?.meeting.history;
    expect(history.totalCount).toBe(instances.length);
    expect(history.nodes).toEqual(instances.map((instance) => ({ uuid: instance.uuid, startTime: instance.start_time, id: instance.uuid, meetingId })));
    expect(history.pageInfo.hasNextPage).toBe(false);
    expect(gateway.stats.count('pastMeetingInstances')).toBe(1);
    expect(gateway.stats.count('pastMeetingDetails')).toBe(0);
    expect(gateway.stats.apiCalls()).toBe(2);
  });

  it('pages with cursors, and each node resolves to its PastMeeting with participants: one detail and one list per instance', async () => {
    const first = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { history(first: 1) { edges { cursor node { uuid } } pageInfo { hasNextPage endCursor } } } }',
      { id: meetingId },
    );
    expect(first.errors).toBeUndefined();
    const page = first.data?.meeting.history;
    expect(page.edges.map((edge: { node: { uuid: string } }) => edge.node.uuid)).toEqual(instances.slice(0, 1).map((i) => i.uuid));
    expect(page.pageInfo.hasNextPage).toBe(true);
    gateway.stats.reset();
    const next = await gateway.execute(
      `query ($id: ID!, $after: String) { meeting(id: $id) { history(first: 1, after: $after) { nodes {
        uuid topic type endTime duration totalMinutes participantsCount hostName hostEmail department source host { id }
        participants(first: 5) { totalCount nodes { name } } recording { uuid } } } } }`,
      { id: meetingId, after: page.pageInfo.endCursor },
    );
    expect(next.errors).toBeUndefined();
    const [node] = next.data?.meeting.history.nodes;
    const detail = gateway.sandbox.model.handle({ operation: 'pastMeetingDetails', params: { meetingId: instances[1]!.uuid }, query: new URLSearchParams(), body: undefined }).body as Record<string, unknown>;
    expect(node).toMatchObject({ uuid: instances[1]!.uuid, topic: detail['topic'], endTime: detail['end_time'], duration: detail['duration'], totalMinutes: detail['total_minutes'], participantsCount: detail['participants_count'] });
    expect(node.participants.totalCount).toBe(detail['participants_count']);
    // The meeting, its instances, the one instance's detail (for all its detail fields), its participants, its
    // recording and its host.
    expect(gateway.stats.count('pastMeetingDetails')).toBe(1);
    expect(gateway.stats.count('pastMeetingParticipants')).toBe(1);
    expect(gateway.stats.count('pastMeetingInstances')).toBe(1);
  });
});
