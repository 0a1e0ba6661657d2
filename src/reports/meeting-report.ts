import type { GatewayContext } from '../graphql/context.ts';
import { toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { GatewayError } from '../graphql/errors.ts';
import { checkReportRange, dailyReportReach, reportWindows } from '../zoom/report-windows.ts';
import type { ZoomDailyReport, ZoomPastMeeting, ZoomPastMeetingSummary, ZoomReportMeeting } from '../zoom/wire.ts';
import { resolveWindowedConnection, type WindowedConnection } from './windowed-connection.ts';

/** Zoom's past meeting `type` values the schema's `PastMeetingType` names; the report may carry others (webinars). */
const PAST_MEETING_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 7, 8]);

/**
 * A user's meeting report over `from`..`to`, any length within Zoom's six months: checked before any call
 * (`BAD_USER_INPUT` naming the argument), split into one-month windows and merged into one connection. Each meeting
 * becomes a past meeting summary hosted by the user, primed in the loader, so the report's own fields cost nothing.
 * @see https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/users/{userId}/meetings
 */
export function meetingReport(
  userId: string,
  args: { from: string; to: string; first?: number | null; after?: string | null },
  context: GatewayContext,
): Promise<WindowedConnection<ZoomPastMeetingSummary>> {
  const { zoom, loaders, signal } = context;
  const problem = checkReportRange(args.from, args.to, context.now());
  if (problem !== undefined) throw new GatewayError('BAD_USER_INPUT', problem.message, { argument: problem.argument, reason: problem.reason });
  return resolveWindowedConnection({
    windows: reportWindows(args.from, args.to),
    first: args.first,
    after: args.after,
    scope: cursorScope(['meetingHistory', userId, args.from, args.to]),
    now: context.now,
    cursorKey: context.cursorKey,
    fetchPage: async ({ window, pageToken, pageSize }) => {
      const query = { from: window.from, to: window.to, type: 'past', page_size: pageSize, next_page_token: pageToken === '' ? undefined : pageToken };
      const page = await zoom.call('reportMeetings', { path: { userId }, query, signal });
      const summaries = (page.meetings ?? []).map((meeting) => toPastMeetingSummary(meeting, userId));
      loaders.pastMeetings.prime(summaries);
      return toListPage(page, summaries);
    },
  });
}

/** A report row as a past meeting hosted by `hostId` (the report lists the user's own meetings). */
function toPastMeetingSummary(meeting: ZoomReportMeeting, hostId: string): ZoomPastMeetingSummary {
  const { type, user_name, user_email, ...rest } = meeting;
  return {
    id: rest.id,
    uuid: rest.uuid,
    start_time: rest.start_time,
    end_time: rest.end_time,
    host_id: hostId,
    topic: rest.topic,
    duration: rest.duration,
    total_minutes: rest.total_minutes,
    participants_count: rest.participants_count,
    ...(rest.source === undefined ? {} : { source: rest.source }),
    ...(user_name === undefined ? {} : { user_name }),
    ...(user_email === undefined ? {} : { user_email }),
    // An unknown type is left to the instance's own read rather than answered as a wrong enum value.
    ...(PAST_MEETING_TYPES.has(type) ? { type: type as ZoomPastMeeting['type'] } : {}),
  };
}

/**
 * The account's daily usage for one month within Zoom's reach (this month and the six before), checked before the
 * call.
 * @see https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/daily
 */
export function dailyUsage(args: { year: number; month: number }, context: GatewayContext): Promise<ZoomDailyReport> {
  const { year, month } = args;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new GatewayError('BAD_USER_INPUT', `\`month\` must be 1 to 12; got ${month}.`, { argument: 'month' });
  }
  const requested = Date.UTC(year, month - 1, 1);
  const { oldest, latest } = dailyReportReach(context.now());
  if (!Number.isInteger(year) || requested < oldest || requested > latest) {
    const span = `${new Date(oldest).toISOString().slice(0, 7)} to ${new Date(latest).toISOString().slice(0, 7)}`;
    throw new GatewayError('BAD_USER_INPUT', `Zoom's daily report covers ${span}; got ${year}-${String(month).padStart(2, '0')}.`, {
      argument: requested > latest ? 'month' : 'year',
      reason: 'OUT_OF_REACH',
    });
  }
  return context.zoom.call('reportDaily', { query: { year, month }, signal: context.signal });
}
