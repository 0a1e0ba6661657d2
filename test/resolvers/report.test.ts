import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWindows } from '../../src/zoom/report-windows.ts';
import type { ZoomDailyReport, ZoomReportMeetingPage, ZoomReportParticipantPage } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/**
 * Reports: a user's meeting history over any range (Zoom's one-month windows merged), a meeting's attendance report
 * and the daily usage. The test clock is 2026-01-15, so Zoom's reports reach back to 2025-07-15.
 */
const RANGE = { from: '2025-07-15', to: '2026-01-15' };

describe('reports', () => {
  let gateway: TestGateway;
  let userId: string;

  const handle = <T>(operation: string, params: Record<string, string>, query: Record<string, string>): T =>
    gateway.sandbox.model.handle({ operation: operation as never, params, query: new URLSearchParams(query), body: undefined }).body as T;

  /** Every row of Zoom's report over the range, window by window, page by page (from the model: not counted). */
  function reportRows(user: string, range: { from: string; to: string }): ZoomReportMeetingPage['meetings'] {
    const rows: ZoomReportMeetingPage['meetings'] = [];
    for (const window of reportWindows(range.from, range.to)) {
      let token = '';
      for (let page = 0; page < 100; page++) {
        const body = handle<ZoomReportMeetingPage>('reportMeetings', { userId: user }, { ...window, page_size: '300', ...(token ? { next_page_token: token } : {}) });
        rows.push(...body.meetings);
        token = body.next_page_token;
        if (!token) break;
      }
    }
    return rows;
  }

  beforeAll(async () => {
    gateway = await startTestGateway();
    const users = await gateway.execute('{ users(first: 300) { nodes { id } } }');
    const ids = (users.data?.users.nodes as Array<{ id: string }>).map((user) => user.id);
    userId = ids.map((id) => ({ id, rows: reportRows(id, RANGE).length })).sort((a, b) => b.rows - a.rows)[0]!.id;
    expect(reportRows(userId, RANGE).length).toBeGreaterThan(2);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('meetingHistory over six months: one Heavy call per month window, merged oldest first, report fields free', async () => {
    const result = await gateway.execute(
      `query ($id: ID!, $from: Date!, $to: Date!) { user(id: $id) { meetingHistory(from: $from, to: $to, first: 300) {
        pageInfo { hasNextPage endCursor } nodes { uuid id topic type startTime endTime duration totalMinutes participantsCount hostName hostEmail source host { id } } } } }`,
      { id: userId, ...RANGE },
    );
    expect(result.errors).toBeUndefined();
    const rows = reportRows(userId, RANGE);
    const history = result.data?.user.meetingHistory;
    expect(history.nodes.map((node: { uuid: string }) => node.uuid)).toEqual(rows.map((row) => row.uuid));
    expect(history.nodes[0]).toMatchObject({
      id: rows[0]!.uuid, topic: rows[0]!.topic, startTime: rows[0]!.start_time, endTime: rows[0]!.end_time,
      duration: rows[0]!.duration, totalMinutes: rows[0]!.total_minutes, participantsCount: rows[0]!.participants_count, host: { id: userId },
    });
    expect(history.pageInfo.hasNextPage).toBe(false);
    const windows = reportWindows(RANGE.from, RANGE.to);
    expect(windows).toHaveLength(7);
    // The user, then one report call per window: no call per meeting for what the report already says.
    expect(gateway.stats.count('reportMeetings')).toBe(windows.length);
    expect(gateway.stats.count('pastMeetingDetails')).toBe(0);
    expect(gateway.stats.apiCalls()).toBe(1 + windows.length);
    const queried = gateway.stats.log().filter((entry) => entry.operation === 'reportMeetings').map((entry) => {
      const query = new URLSearchParams(entry.query);
      return { from: query.get('from'), to: query.get('to') };
    });
    expect(queried).toEqual(windows);
  });

  it('pages across windows with cursors: every meeting once, in order, each page within its estimate', async () => {
    const rows = reportRows(userId, RANGE);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      gateway.stats.reset();
      const result: any = await gateway.execute(
        `query ($id: ID!, $from: Date!, $to: Date!, $after: String) { user(id: $id) { meetingHistory(from: $from, to: $to, first: 1, after: $after) {
          edges { cursor node { uuid } } pageInfo { hasNextPage endCursor } } } }`,
        { id: userId, ...RANGE, after },
      );
      expect(result.errors).toBeUndefined();
      const connection = result.data.user.meetingHistory;
      seen.push(...connection.edges.map((edge: { node: { uuid: string } }) => edge.node.uuid));
      expect(gateway.stats.count('reportMeetings')).toBeLessThanOrEqual(7);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.map((row) => row.uuid));
  });

  it.each([
    ['a from older than six months', { from: '2025-07-14', to: '2025-08-01' }, 'from'],
    ['a reversed range', { from: '2026-01-10', to: '2026-01-01' }, 'to'],
  ])('refuses %s with BAD_USER_INPUT before any Zoom call', async (_title, range, argument) => {
    const result = await gateway.execute(
      'query ($from: Date!, $to: Date!) { me { meetingHistory(from: $from, to: $to) { nodes { uuid } } } }',
      range,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(gateway.stats.count('reportMeetings')).toBe(0);
  });

  it("a meeting's attendance report: the instance and one Heavy call, every field as Zoom's report has it", async () => {
    const uuid = reportRows(userId, RANGE).find((row) => row.participants_count > 2)!.uuid;
    const result = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { attendanceReport(first: 300) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id } }
        nodes { id zoomUserId name userId email registrantId joinTime leaveTime duration failover status customerKey breakoutRoomId } } } }`,
      { uuid },
    );
    expect(result.errors).toBeUndefined();
    const report = handle<ZoomReportParticipantPage>('reportMeetingParticipants', { meetingId: uuid }, { page_size: '300' });
    const orNull = <T>(value: T | undefined) => (value === undefined || value === '' ? null : value);
    expect(result.data?.pastMeeting.attendanceReport.totalCount).toBe(report.total_records);
    // One id per row, so a normalized cache keeps every row (a rejoin is a row of its own).
    const rowIds = (result.data?.pastMeeting.attendanceReport.nodes as Array<{ id: string }>).map((row) => row.id);
    expect(new Set(rowIds).size).toBe(rowIds.length);
    expect(result.data?.pastMeeting.attendanceReport.nodes).toEqual(report.participants.map((row) => ({
      id: `${uuid}_${row.user_id || row.id || row.name}_${row.join_time}_report`,
      zoomUserId: orNull(row.participant_user_id) ?? orNull(row.id),
      name: row.name,
      userId: orNull(row.user_id),
      email: orNull(row.user_email),
      registrantId: orNull(row.registrant_id),
      joinTime: row.join_time,
      leaveTime: row.leave_time,
      duration: row.duration,
      failover: row.failover ?? null,
      status: row.status === undefined ? null : row.status.toUpperCase(),
      customerKey: orNull(row.customer_key),
      breakoutRoomId: orNull(row.bo_mtg_id),
    })));
    expect(gateway.stats.count('pastMeetingDetails')).toBe(1);
    expect(gateway.stats.count('reportMeetingParticipants')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(2);
  });

  it("dailyUsage answers Zoom's daily report for a month within reach, with one Heavy call", async () => {
    const result = await gateway.execute('{ dailyUsage(year: 2025, month: 12) { year month days { date newUsers meetings participants meetingMinutes } } }');
    expect(result.errors).toBeUndefined();
    const report = handle<ZoomDailyReport>('reportDaily', {}, { year: '2025', month: '12' });
    expect(result.data?.dailyUsage).toEqual({
      year: 2025,
      month: 12,
      days: report.dates.map((day) => ({ date: day.date, newUsers: day.new_users, meetings: day.meetings, participants: day.participants, meetingMinutes: day.meeting_minutes })),
    });
    expect(result.data?.dailyUsage.days).toHaveLength(31);
    expect(gateway.stats.count('reportDaily')).toBe(1);
  });

  it.each([
    ['a month older than six', 2025, 6, 'year'],
    ['a future month', 2026, 2, 'month'],
    ['month 13', 2026, 13, 'month'],
  ])('dailyUsage refuses %s with BAD_USER_INPUT before any call', async (_title, year, month, argument) => {
    const result = await gateway.execute('query ($y: Int!, $m: Int!) { dailyUsage(year: $y, month: $m) { year } }', { y: year, m: month });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(gateway.stats.apiCalls()).toBe(0);
  });
});

describe('reports on a free Zoom account', () => {
  it('are ZOOM_PLAN_REQUIRED, as Zoom refuses them', async () => {
    // The sandbox's free rate-limit preset makes its account a free one too.
    const gateway = await startTestGateway({ sandbox: { rateLimits: 'free' } });
    try {
      const result = await gateway.execute('{ dailyUsage(year: 2026, month: 1) { year } me { meetingHistory(from: "2026-01-01", to: "2026-01-15") { nodes { uuid } } } }');
      expect(result.errors?.map((error) => error.extensions?.code).sort()).toEqual(['ZOOM_PLAN_REQUIRED', 'ZOOM_PLAN_REQUIRED']);
    } finally {
      await gateway.close();
    }
  });
});
