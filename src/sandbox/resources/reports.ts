import type { ZoomDailyReport, ZoomReportMeeting, ZoomReportParticipant } from '../../zoom/wire.ts';
import { sortKey } from '../pagination.ts';
import { addUtcMonths, DAY_MS, formatUtcDate, utcDayStart } from '../time.ts';
import type { SandboxHttpError, SandboxResponse } from '../types.ts';
import { fieldError } from '../validation.ts';
import { zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import { compare, dateParam, enumParam, ok } from './params.ts';
import type { PastMeetingsResource, PastRecord } from './past-meetings.ts';
import type { UsersResource } from './users.ts';

/**
 * How far back the meeting and daily reports reach: "the month must fall within the past six months" (spec,
 * reportMeetings; reportDaily: "Daily report can only be provided for a month that falls within the recent 6
 * months"). Older windows answer 400 code 300.
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/reportMeetings
 */
export const REPORT_REACH_MONTHS = 6;

/** Zoom's report window: `from` and `to` at most one month apart ("only one month worth of data at once"). */
export const REPORT_WINDOW_MONTHS = 1;

/**
 * Zoom's reports: a past meeting's attendance (the participants report, with fields the past-participants list
 * lacks), a user's meetings over a one-month window, and the account's daily usage. All need a paid plan (400 code
 * 200 on a free account, checked first as an account-level gate) and are Heavy.
 */
export class ReportsResource {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
    private readonly past: PastMeetingsResource,
  ) {}

  /** GET /report/meetings/{meetingId}/participants */
  meetingParticipants(meetingId: string, query: URLSearchParams): SandboxResponse {
    this.requirePaidAccount('Only available for Paid or ZMP account');
    const include = enumParam(query, 'include_fields', ['registrant_id'] as const, 'registrant_id');
    const withRegistrant = query.get('include_fields') === include;
    const past = this.past.require(meetingId);
    const rows = this.past.participantsOf(past).map((p, index): { index: number; row: ZoomReportParticipant } => ({
      index,
      row: {
        id: p.id ?? '',
        participant_user_id: p.id ?? '',
        ...(p.user_id === undefined ? {} : { user_id: p.user_id }),
        name: p.name,
        user_email: p.user_email ?? '',
        join_time: p.join_time,
        leave_time: p.leave_time,
        duration: p.duration,
        failover: p.failover ?? false,
        status: p.status ?? 'in_meeting',
        ...(withRegistrant && p.registrant_id ? { registrant_id: p.registrant_id } : {}),
      },
    }));
    const page = this.ctx.paginate(rows, (e) => sortKey(e.index), query, 'reportMeetingParticipants', `${past.meeting.uuid}|${withRegistrant}`);
    return ok({ ...page.envelope, participants: page.items.map((e) => e.row) });
  }

  /** GET /report/users/{userId}/meetings: meetings with two or more participants that started in [from, to]. */
  userMeetings(userId: string, query: URLSearchParams): SandboxResponse {
    this.requirePaidAccount('This is only available for paid account');
    const user = this.users.require(userId);
    const from = dateParam(query, 'from');
    const to = dateParam(query, 'to');
    if (from === undefined) throw fieldError('from', 'The from date is required.');
    if (to === undefined) throw fieldError('to', 'The to date is required.');
    this.requireWindow(from, to);
    const type = enumParam(query, 'type', ['past', 'pastOne', 'pastJoined'] as const, 'past');
    const inWindow = (p: PastRecord): boolean => {
      const day = utcDayStart(Date.parse(p.meeting.start_time));
      // Spec: "Meetings and webinars are returned only if they have two or more unique participants."
      return day >= from && day <= to && p.meeting.participants_count >= 2;
    };
    const items = this.past.ofHost(user.id).filter(inWindow);
    if (type === 'pastJoined') {
      for (const p of this.past.all()) {
        if (p.meeting.host_id !== user.id && inWindow(p) && this.past.participantsOf(p).some((x) => x.id === user.id)) items.push(p);
      }
    }
    items.sort((a, b) => compare(reportKey(a), reportKey(b)));
    const scope = `${user.id}|${formatUtcDate(from)}|${formatUtcDate(to)}|${type}`;
    const page = this.ctx.paginate(items, reportKey, query, 'reportMeetings', scope);
    return ok({ from: formatUtcDate(from), to: formatUtcDate(to), ...page.envelope, meetings: page.items.map((p) => this.renderMeeting(p)) });
  }

  /** GET /report/daily: one row per day of the month (default: this month), counted over the whole account. */
  daily(query: URLSearchParams): SandboxResponse {
    this.requirePaidAccount('This is only available for paid account');
    const now = new Date(this.ctx.clock());
    const year = intParam(query, 'year', now.getUTCFullYear(), 1970, 9999);
    const month = intParam(query, 'month', now.getUTCMonth() + 1, 1, 12);
    const monthStart = Date.UTC(year, month - 1, 1);
    const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    if (monthStart > thisMonth || monthStart < addUtcMonths(thisMonth, -REPORT_REACH_MONTHS)) {
      throw fieldError('month', 'Daily report can only be provided for a month that falls within the recent 6 months.');
    }
    const monthEnd = addUtcMonths(monthStart, 1);
    const days = new Map<number, ZoomDailyReport['dates'][number]>();
    for (let day = monthStart; day < monthEnd; day += DAY_MS) {
      days.set(day, { date: formatUtcDate(day), new_users: 0, meetings: 0, participants: 0, meeting_minutes: 0 });
    }
    for (const p of this.past.all()) {
      const row = days.get(utcDayStart(Date.parse(p.meeting.start_time)));
      if (!row) continue;
      row.meetings++;
      row.participants += p.meeting.participants_count;
      row.meeting_minutes += p.meeting.duration;
    }
    for (const user of this.users.all) {
      const row = days.get(utcDayStart(Date.parse(user.user_created_at ?? user.created_at ?? '')));
      if (row) row.new_users++;
    }
    const body: ZoomDailyReport = { year, month, dates: [...days.values()] };
    return ok(body);
  }

  private renderMeeting(p: PastRecord): ZoomReportMeeting {
    const participants = this.past.participantsOf(p);
    return {
      uuid: p.meeting.uuid,
      id: p.meeting.id,
      type: p.meeting.type,
      topic: p.meeting.topic,
      ...(p.meeting.user_name === undefined ? {} : { user_name: p.meeting.user_name }),
      ...(p.meeting.user_email === undefined ? {} : { user_email: p.meeting.user_email }),
      start_time: p.meeting.start_time,
      end_time: p.meeting.end_time,
      duration: p.meeting.duration,
      total_minutes: Math.round(participants.reduce((sum, x) => sum + x.duration, 0) / 60),
      participants_count: p.meeting.participants_count,
      source: p.meeting.source ?? 'Zoom',
      has_recording: p.meeting.recorded,
    };
  }

  /** A report window: `to` not before `from`, at most one month, starting within Zoom's six months. */
  private requireWindow(from: number, to: number): void {
    if (to < from) throw fieldError('to', 'The to date cannot be earlier than the from date.');
    if (to > addUtcMonths(from, REPORT_WINDOW_MONTHS)) throw fieldError('to', 'The date range between from and to cannot be more than one month.');
    if (from < addUtcMonths(utcDayStart(this.ctx.clock()), -REPORT_REACH_MONTHS)) {
      throw fieldError('from', 'The report can only be provided for dates within the recent 6 months.');
    }
  }

  /** Reports need a Pro or higher plan; the spec's wording differs per report. */
  private requirePaidAccount(wording: string): void {
    if (this.ctx.plan === 'free') throw paidOnly(wording, this.ctx.accountId);
  }
}

function paidOnly(wording: string, accountId: string): SandboxHttpError {
  return zoomError(400, 200, `${wording}: ${accountId}.`);
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw fieldError(name);
  return Number(raw);
}

function reportKey(p: PastRecord): string {
  return sortKey(Date.parse(p.meeting.start_time), p.seq);
}
