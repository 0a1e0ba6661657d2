import type { ZoomRecurrence } from '../zoom/wire.ts';
import { zonedLocalToUtc, zonedParts } from './time.ts';

/**
 * Zoom schedules at most 60 occurrences of a recurring meeting ("The maximum number of recurring is 60").
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meetingCreate (recurrence.end_times)
 */
export const ZOOM_MAX_OCCURRENCES = 60;

/** Largest `repeat_interval` per recurrence type: 90 days, 12 weeks, 3 months (same spec field). */
export const ZOOM_MAX_REPEAT_INTERVAL: Readonly<Record<1 | 2 | 3, number>> = { 1: 90, 2: 12, 3: 3 };

// Enough calendar steps for 60 occurrences of any rule (a monthly "5th day 31" skips short months); keeps loops bounded.
const MAX_STEPS = 2_000;

/**
 * The start instants (epoch ms) of a recurring meeting's occurrences, in order. Days are counted on the wall
 * clock of `timeZone`, so a weekly 09:00 meeting stays at 09:00 across DST changes, as on Zoom.
 * Ends after `end_times` occurrences (default 1, as the spec says) or at `end_date_time`, and never exceeds 60.
 */
export function expandRecurrence(startMs: number, timeZone: string, recurrence: ZoomRecurrence): number[] {
  const start = zonedParts(startMs, timeZone);
  const startDay = Date.UTC(start.year, start.month - 1, start.day);
  const endMs = recurrence.end_date_time === undefined ? undefined : Date.parse(recurrence.end_date_time);
  const limit = Math.min(
    endMs === undefined ? (recurrence.end_times ?? 1) : ZOOM_MAX_OCCURRENCES,
    ZOOM_MAX_OCCURRENCES,
  );
  const interval = Math.max(1, recurrence.repeat_interval ?? 1);
  const out: number[] = [];

  const emit = (utcDay: number): boolean => {
    if (utcDay < startDay) return true;
    const d = new Date(utcDay);
    const at = zonedLocalToUtc(
      {
        year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
        hour: start.hour, minute: start.minute, second: start.second,
      },
      timeZone,
    );
    if (endMs !== undefined && at > endMs) return false;
    out.push(at);
    return out.length < limit;
  };

  const DAY = 86_400_000;
  if (recurrence.type === 1) {
    for (let step = 0; step < MAX_STEPS; step++) if (!emit(startDay + step * interval * DAY)) break;
  } else if (recurrence.type === 2) {
    const days = parseWeeklyDays(recurrence.weekly_days ?? String(start.weekday));
    const weekStart = startDay - (start.weekday - 1) * DAY;
    outer: for (let week = 0; week < MAX_STEPS; week++) {
      for (const day of days) if (!emit(weekStart + (week * interval * 7 + (day - 1)) * DAY)) break outer;
    }
  } else {
    for (let step = 0; step < MAX_STEPS; step++) {
      const day = monthlyDay(start.year, start.month - 1 + step * interval, recurrence, start.day);
      if (day !== undefined && !emit(day)) break;
    }
  }
  return out;
}

/** `"2,4"` -> `[2, 4]` (sorted, unique). Callers validate the text first (see validation.ts). */
export function parseWeeklyDays(text: string): number[] {
  return [...new Set(text.split(',').map((part) => Number(part.trim())))].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
}

/** UTC midnight of the monthly occurrence in month `monthIndex` (may exceed 11), or `undefined` if none. */
function monthlyDay(year: number, monthIndex: number, recurrence: ZoomRecurrence, startDayOfMonth: number): number | undefined {
  const first = new Date(Date.UTC(year, monthIndex, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  if (recurrence.monthly_week !== undefined && recurrence.monthly_week_day !== undefined) {
    const firstWeekday = first.getUTCDay() + 1;
    const firstMatch = 1 + ((recurrence.monthly_week_day - firstWeekday + 7) % 7);
    if (recurrence.monthly_week === -1) {
      let day = firstMatch;
      while (day + 7 <= daysInMonth) day += 7;
      return Date.UTC(y, m, day);
    }
    const day = firstMatch + (recurrence.monthly_week - 1) * 7;
    return day <= daysInMonth ? Date.UTC(y, m, day) : undefined;
  }
  const wanted = recurrence.monthly_day ?? startDayOfMonth;
  // Months without that day are skipped (the 31st has no April occurrence), as RFC 5545 treats invalid dates.
  return wanted <= daysInMonth ? Date.UTC(y, m, wanted) : undefined;
}
