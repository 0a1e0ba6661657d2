import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../../src/sandbox/index.ts';
import type { ZoomMeeting, ZoomPastMeeting } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

interface Listed { id: string; type: string }

describe('Meeting', () => {
  let gateway: TestGateway;
  let meetings: Listed[];

  /** The meeting as Zoom answers `GET /meetings/{id}`, straight from the sandbox model (no HTTP, not counted). */
  const wire = (id: string): ZoomMeeting =>
    gateway.sandbox.model.handle({ operation: 'meeting', params: { meetingId: id }, query: new URLSearchParams(), body: undefined })
      .body as ZoomMeeting;

  /** The meeting's latest ended instance as Zoom answers `GET /past_meetings/{id}`, or undefined on Zoom's 404. */
  const pastWire = (id: string): ZoomPastMeeting | undefined => {
    try {
      return gateway.sandbox.model.handle({ operation: 'pastMeetingDetails', params: { meetingId: id }, query: new URLSearchParams(), body: undefined })
        .body as ZoomPastMeeting;
    } catch (error) {
      if (error instanceof SandboxHttpError && error.status === 404) return undefined;
      throw error;
    }
  };

  beforeAll(async () => {
    gateway = await startTestGateway();
    const result = await gateway.execute('{ users(first: 300) { nodes { meetings(first: 50) { nodes { id type } } } } }');
    meetings = (result.data?.users.nodes as Array<{ meetings: { nodes: Listed[] } }>).flatMap((user) => user.meetings.nodes);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('maps settings to typed enums and lists', async () => {
    const withSettings = meetings.find((meeting) => wire(meeting.id).settings?.alternative_hosts);
    expect(withSettings).toBeDefined();
    const id = withSettings?.id ?? '';
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { settings {
        hostVideo participantVideo joinBeforeHost joinBeforeHostMinutes muteUponEntry waitingRoom watermark usePmi
        approvalType registrationType audio autoRecording alternativeHosts meetingAuthentication privateMeeting
        emailNotification encryptionType focusMode } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    const settings = wire(id).settings ?? {};
    const approval = { 0: 'AUTOMATIC', 1: 'MANUAL', 2: 'NO_REGISTRATION' } as const;
    expect(result.data?.meeting.settings).toMatchObject({
      waitingRoom: settings.waiting_room ?? null,
      approvalType: settings.approval_type === undefined ? null : approval[settings.approval_type],
      alternativeHosts: (settings.alternative_hosts ?? '').split(/[;,]/).filter(Boolean),
    });
  });

  it('maps recurrence and occurrences of a recurring meeting', async () => {
    const recurring = meetings.find((meeting) => meeting.type === 'RECURRING_FIXED_TIME');
    expect(recurring).toBeDefined();
    const id = recurring?.id ?? '';
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) {
        recurrence { type repeatInterval weeklyDays monthlyDay monthlyWeek monthlyWeekDay endTimes endDateTime }
        occurrences { id startTime duration status } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    const zoom = wire(id);
    expect(result.data?.meeting.recurrence.type).toBe({ 1: 'DAILY', 2: 'WEEKLY', 3: 'MONTHLY' }[zoom.recurrence?.type ?? 1]);
    expect(result.data?.meeting.occurrences.map((o: { id: string }) => o.id)).toEqual(
      (zoom.occurrences ?? []).map((o) => o.occurrence_id),
    );
    expect(gateway.stats.apiCalls()).toBe(1);
  });

  it('a meeting with no detail-only field selected costs only its list call', async () => {
    const result = await gateway.execute('{ me { meetings(first: 50) { nodes { id uuid topic type startTime duration timezone agenda createdAt joinUrl pmi } } } }');
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.count('meeting')).toBe(0);
  });

  it('registrants lists with a status filter and walks pages', async () => {
    const withRegistrants = meetings.find((meeting) => wire(meeting.id).settings?.approval_type !== 2);
    expect(withRegistrants).toBeDefined();
    const id = withRegistrants?.id ?? '';
    const all = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { registrants(first: 300) { totalCount nodes { id email firstName status createdAt customQuestions { title value } } } } }',
      { id },
    );
    expect(all.errors).toBeUndefined();
    const everyone = all.data?.meeting.registrants.nodes as Array<{ id: string; status: string }>;
    expect(everyone.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const next: { data?: any } = await gateway.execute(
        'query ($id: ID!, $after: String) { meeting(id: $id) { registrants(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }',
        { id, after },
      );
      seen.push(...next.data.meeting.registrants.nodes.map((r: { id: string }) => r.id));
      if (!next.data.meeting.registrants.pageInfo.hasNextPage) break;
      after = next.data.meeting.registrants.pageInfo.endCursor;
    }
    expect(seen).toEqual(everyone.map((registrant) => registrant.id));
    gateway.stats.reset();
    await gateway.execute('query ($id: ID!) { meeting(id: $id) { registrants(status: PENDING) { totalCount } } }', { id });
    const query = gateway.stats.log().find((entry) => entry.operation === 'meetingRegistrants')?.query;
    expect(new URLSearchParams(query).get('status')).toBe('pending');
  });

  it('lastInstance is null without an error for a meeting not held yet (Zoom answers 404)', async () => {
    const neverHeld = meetings.find((meeting) => pastWire(meeting.id) === undefined);
    expect(neverHeld).toBeDefined();
    const result = await gateway.execute('query ($id: ID!) { meeting(id: $id) { id topic lastInstance { uuid } } }', { id: neverHeld?.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toEqual({ id: neverHeld?.id, topic: wire(neverHeld?.id ?? '').topic, lastInstance: null });
    // The null is Zoom's answer, not a call left out.
    expect(gateway.stats.count('pastMeetingDetails', 404)).toBe(1);
  });

  it('lastInstance is the latest ended instance of a meeting that was held', async () => {
    const held = meetings.find((meeting) => pastWire(meeting.id) !== undefined);
    expect(held).toBeDefined();
    const id = held?.id ?? '';
    const result = await gateway.execute('query ($id: ID!) { meeting(id: $id) { lastInstance { id uuid endTime } } }', { id });
    expect(result.errors).toBeUndefined();
    const past = pastWire(id);
    expect(result.data?.meeting.lastInstance).toEqual({ id, uuid: past?.uuid, endTime: past?.end_time });
  });
});
