/**
 * Date-times in meeting inputs. Zoom takes `start_time` either in UTC (`2025-03-31T12:02:00Z`) or as local wall
 * time (`2025-03-31T12:02:00`, no offset) interpreted in the `timezone` field; the gateway also accepts an explicit
 * offset (`2025-03-31T14:02:00+02:00`) and sends it to Zoom converted to UTC.
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meetingCreate (start_time)
 */
export type ParsedDateTime =
  | { kind: 'absolute'; epochMs: number; zoom: string }
  | { kind: 'local'; zoom: string };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an ISO 8601 date-time with seconds optional and fractions ignored (Zoom has second precision).
 * Returns the form to send to Zoom, or `undefined` when the text is not a real calendar date-time.
 */
export function parseMeetingDateTime(text: string): ParsedDateTime | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return undefined;
  // Day 0 of the next month is the last day of this one (handles leap years).
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (zone === undefined) return { kind: 'local', zoom: formatWall(wall) };
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 14 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const epochMs = wall - offsetMinutes * 60_000;
  return { kind: 'absolute', epochMs, zoom: `${formatWall(epochMs)}Z` };
}

function formatWall(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

const zoneCache = new Map<string, boolean>();

/**
 * Whether `name` is an IANA time zone id the runtime knows (including aliases Zoom lists, such as
 * `Asia/Calcutta`, and `UTC`). Offsets such as `+02:00` are not time zone ids and are refused.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.length > 64) return false;
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  let known: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    known = true;
  } catch {
    known = false;
  }
  // Bounded: the cache only grows with names that passed the pattern, and is capped.
  if (zoneCache.size < 1000) zoneCache.set(name, known);
  return known;
}
