/**
 * Time helpers for the sandbox: Zoom's timestamp format, IANA time zone arithmetic (with `Intl`, no tz database
 * of our own), and the `yyyy-mm-dd` dates of list filters.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Zoom writes times as `2020-03-31T12:02:00Z`: UTC, whole seconds, no milliseconds. */
export function formatZoomTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** `yyyy-mm-dd` of an instant, in UTC. */
export function formatUtcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Start of the UTC day containing `epochMs`. */
export function utcDayStart(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/** Parses a strict `yyyy-mm-dd` calendar date to its UTC midnight; `undefined` when malformed or not a real date. */
export function parseUtcDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms;
}

/** Adds calendar months to a UTC midnight, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addUtcMonths(utcMidnightMs: number, months: number): number {
  const date = new Date(utcMidnightMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
  } catch {
    return undefined;
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Whether `timeZone` is an IANA zone id this runtime knows (e.g. `America/New_York`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  return timeZone.length > 0 && formatterFor(timeZone) !== undefined;
}

/** Wall-clock fields of an instant in a zone. `weekday` is Zoom's numbering: 1 = Sunday ... 7 = Saturday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Wall-clock fields of `epochMs` in `timeZone` (which must be known; see `isKnownTimeZone`). */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const formatter = formatterFor(timeZone);
  if (!formatter) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: WEEKDAYS.indexOf(parts['weekday'] ?? '') + 1,
  };
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. In a DST gap the later offset
 * wins (as Zoom's clients do, a 02:30 that does not exist becomes 03:30).
 */
export function zonedLocalToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timeZone: string,
): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  // A second pass settles guesses that crossed a DST boundary.
  guess = asUtc - offsetAt(guess, timeZone);
  return guess;
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (New York in winter: -5 h). */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = zonedParts(epochMs, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Parses a meeting `start_time` as Zoom accepts it: `yyyy-MM-ddTHH:mm:ssZ` (UTC, an offset is accepted too) or
 * `yyyy-MM-ddTHH:mm:ss` read as local time in `timeZone`. Returns `undefined` when malformed.
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meetingCreate (start_time)
 */
export function parseStartTime(text: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!match) return undefined;
  const local = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? '0'),
  };
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > 31 || local.hour > 23 || local.minute > 59 || local.second > 59) {
    return undefined;
  }
  if (parseUtcDate(`${match[1]}-${match[2]}-${match[3]}`) === undefined) return undefined;
  const zone = match[7];
  if (zone === undefined) return zonedLocalToUtc(local, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  if (zone === 'Z') return asUtc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number];
  return asUtc - sign * (hours * HOUR_MS + minutes * MINUTE_MS);
}
