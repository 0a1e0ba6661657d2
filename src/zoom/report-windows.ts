/**
 * Zoom's report windows. `GET /report/users/{userId}/meetings` answers at most one month per call ("The date range
 * between from and to cannot be more than one month", code 300), and only for dates within the last six months;
 * `GET /report/daily` only for a month within the last six. A longer range is read as consecutive one-month windows,
 * each its own (Heavy) call, which the cost estimate counts one by one.
 * @see https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/users/{userId}/meetings
 * @see https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/daily
 */

/** Longest span of one report call, in calendar months. */
export const REPORT_WINDOW_MONTHS = 1;
/** How far back Zoom's meeting and daily reports reach, in calendar months before today (UTC). */
export const REPORT_REACH_MONTHS = 6;

/** One report call's range, both ends included, as `YYYY-MM-DD`. */
export interface ReportWindow {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Epoch milliseconds of a valid `YYYY-MM-DD` at 00:00 UTC, or `undefined`. */
function parseDate(value: string): number | undefined {
  if (!DATE.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? undefined : ms;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A UTC midnight plus `months` calendar months; a day the month lacks (31 Jan + 1) falls on the month's last day. */
function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return Date.UTC(date.getUTCFullYear(), month, Math.min(date.getUTCDate(), lastDay));
}

/**
 * The one-month windows that cover `from`..`to` (both included), oldest first: each starts the day after the last
 * one ends and spans at most {@link REPORT_WINDOW_MONTHS}. Empty when either date is invalid or `to` precedes `from`.
 */
export function reportWindows(from: string, to: string): ReportWindow[] {
  const start = parseDate(from);
  const end = parseDate(to);
  if (start === undefined || end === undefined || end < start) return [];
  const windows: ReportWindow[] = [];
  // Bounded: each turn moves at least a month forward, and `end` is a finite date.
  for (let cursor = start; cursor <= end; ) {
    const last = Math.min(addMonths(cursor, REPORT_WINDOW_MONTHS) - DAY_MS, end);
    windows.push({ from: formatDate(cursor), to: formatDate(last) });
    cursor = last + DAY_MS;
  }
  return windows;
}

/** Why a report range is refused; `undefined` when Zoom can answer it. */
export type ReportRangeProblem =
  | { readonly argument: 'from' | 'to'; readonly reason: 'INVALID_DATE' | 'RANGE_REVERSED' | 'OUT_OF_REACH'; readonly message: string };

/**
 * Checks a report range against Zoom's reach before any call: valid dates, `to` not before `from`, and `from` no
 * earlier than {@link REPORT_REACH_MONTHS} months before `today` (UTC), the oldest day Zoom's reports answer.
 */
export function checkReportRange(from: string, to: string, now: number): ReportRangeProblem | undefined {
  const start = parseDate(from);
  const end = parseDate(to);
  if (start === undefined) return { argument: 'from', reason: 'INVALID_DATE', message: `\`from\` must be a date (YYYY-MM-DD); got ${from}.` };
  if (end === undefined) return { argument: 'to', reason: 'INVALID_DATE', message: `\`to\` must be a date (YYYY-MM-DD); got ${to}.` };
  if (end < start) return { argument: 'to', reason: 'RANGE_REVERSED', message: `\`to\` (${to}) must not be before \`from\` (${from}).` };
  const oldest = oldestReportDay(now);
  if (start < oldest) {
    return {
      argument: 'from',
      reason: 'OUT_OF_REACH',
      message: `Zoom's reports reach back ${REPORT_REACH_MONTHS} months: \`from\` must be ${formatDate(oldest)} or later; got ${from}.`,
    };
  }
  return undefined;
}

/** The first day of the oldest month Zoom's daily report answers, and the current month's, as epoch ms. */
export function dailyReportReach(now: number): { oldest: number; latest: number } {
  const today = new Date(now);
  const latest = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
  return { oldest: addMonths(latest, -REPORT_REACH_MONTHS), latest };
}

/** The oldest day (00:00 UTC) the user meetings report answers for: six months before today. */
function oldestReportDay(now: number): number {
  return addMonths(Math.floor(now / DAY_MS) * DAY_MS, -REPORT_REACH_MONTHS);
}
