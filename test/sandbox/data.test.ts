import { describe, expect, it } from 'vitest';
import {
  generateParticipants,
  generateRecordingFiles,
  generateRegistrants,
  generateSandboxData,
  resolveDataOptions,
  SANDBOX_COMPANY,
  SANDBOX_DATA_PRESETS,
} from '../../src/sandbox/data.ts';
import { expandRecurrence } from '../../src/sandbox/recurrence.ts';
import { isKnownTimeZone } from '../../src/sandbox/time.ts';

const ANCHOR = Date.UTC(2026, 10, 28);
const small = () => generateSandboxData(resolveDataOptions('small'), 'sandbox', ANCHOR);

describe('generateSandboxData', () => {
  it('is deterministic: same seed and options give the same JSON; another seed does not', () => {
    const a = JSON.stringify(small());
    expect(JSON.stringify(small())).toBe(a);
    const other = JSON.stringify(generateSandboxData(resolveDataOptions({ seed: 7 }), 'sandbox', ANCHOR));
    expect(other).not.toBe(a);
  });

  it('sizes the small preset by its options', () => {
    const data = small();
    const preset = SANDBOX_DATA_PRESETS.small;
    expect(data.users).toHaveLength(preset.users);
    const hosts = data.users.filter((u) => u.status !== 'pending' && u.type !== 99).length;
    expect(data.meetings).toHaveLength(hosts * preset.meetingsPerUser);
    expect(data.pastMeetings).toHaveLength(hosts * preset.pastMeetingsPerUser);
    expect(data.pastMeetings.filter((p) => p.recorded)).toHaveLength(hosts * preset.recordingsPerUser);
  });

  it('builds the large preset with at least 5,000 users and 50,000 meetings', () => {
    const data = generateSandboxData(resolveDataOptions('large'), 'sandbox', ANCHOR);
    expect(data.users.length).toBeGreaterThanOrEqual(5_000);
    expect(data.meetings.length).toBeGreaterThanOrEqual(50_000);
    expect(new Set(data.meetings.map((m) => m.id)).size).toBe(data.meetings.length);
    expect(new Set(data.users.map((u) => u.email)).size).toBe(data.users.length);
  });

  it('makes the owner an active, licensed admin (Zoom Owner role) and mixes statuses and types', () => {
    const { users } = small();
    const owner = users[0];
    expect(owner).toMatchObject({ status: 'active', type: 2, role_id: '0', role_name: 'Owner' });
    const large = generateSandboxData(resolveDataOptions({ users: 500 }), 'sandbox', ANCHOR).users;
    const count = (pred: (u: (typeof large)[number]) => boolean) => large.filter(pred).length;
    expect(count((u) => u.status === 'active')).toBeGreaterThan(400);
    expect(count((u) => u.status === 'inactive')).toBeGreaterThan(0);
    expect(count((u) => u.status === 'pending')).toBeGreaterThan(0);
    expect(count((u) => u.type === 1)).toBeGreaterThan(0);
    expect(count((u) => u.type === 99)).toBeGreaterThan(0);
    expect(count((u) => u.role_id === '1' && u.role_name === 'Admin')).toBeGreaterThan(0);
  });

  it('gives users realistic fields: company emails, IANA zones, 10-11 digit PMIs, Zoom-like ids', () => {
    for (const user of small().users) {
      expect(user.email.endsWith(`@${SANDBOX_COMPANY.domain}`)).toBe(true);
      expect(isKnownTimeZone(user.timezone ?? '')).toBe(true);
      expect(String(user.pmi)).toMatch(/^[1-9]\d{9,10}$/);
      expect(user.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(user.dept).toBeTruthy();
    }
  });

  it('creates all four meeting types, recurring rules with occurrences, Zoom ids, UUIDs and URLs', () => {
    const { meetings } = small();
    expect(new Set(meetings.map((m) => m.type))).toEqual(new Set([1, 2, 3, 8]));
    for (const meeting of meetings) {
      expect(String(meeting.id)).toMatch(/^[1-9]\d{9,10}$/);
      expect(meeting.uuid).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(isKnownTimeZone(meeting.timezone)).toBe(true);
      expect(meeting.type === 3 ? meeting.start_time : meeting.start_time?.endsWith('Z')).toBe(meeting.type === 3 ? undefined : true);
      if (meeting.type === 8) {
        expect(meeting.recurrence).toBeDefined();
        const occurrences = expandRecurrence(Date.parse(meeting.start_time as string), meeting.timezone, meeting.recurrence!);
        expect(occurrences.length).toBeGreaterThan(0);
        expect(occurrences[0]).toBe(Date.parse(meeting.start_time as string));
      }
    }
    const kinds = new Set(meetings.filter((m) => m.type === 8).map((m) => m.recurrence?.type));
    expect(kinds).toEqual(new Set([1, 2, 3]));
  });

  it('seeds past meeting UUIDs that begin with "/", contain "//" without a leading "/", or both', () => {
    const uuids = small().pastMeetings.map((p) => p.uuid);
    expect(uuids.some((u) => u.startsWith('/') && !u.includes('//'))).toBe(true);
    expect(uuids.some((u) => !u.startsWith('/') && u.includes('//'))).toBe(true);
    expect(uuids.some((u) => u.startsWith('//'))).toBe(true);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids) expect(uuid).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('generates participants, registrants and recording files lazily and deterministically', () => {
    const data = small();
    const past = data.pastMeetings[0]!;
    const participants = generateParticipants(data.options.seed, past, data.users);
    expect(participants).toHaveLength(past.participants_count);
    expect(generateParticipants(data.options.seed, past, data.users)).toEqual(participants);
    expect(participants[0]?.id).toBe(past.host_id);
    for (const p of participants) {
      expect(Date.parse(p.join_time)).toBeGreaterThanOrEqual(Date.parse(past.start_time));
      expect(Date.parse(p.leave_time)).toBeLessThanOrEqual(Date.parse(past.end_time));
    }
    const meeting = { id: 12345678901, created_at: '2026-11-01T10:00:00Z', settings: { approval_type: 1 as const } };
    const registrants = generateRegistrants(1, meeting, 50);
    expect(registrants).toEqual(generateRegistrants(1, meeting, 50));
    expect(new Set(registrants.map((r) => r.status))).toEqual(new Set(['approved', 'pending', 'denied']));
    const files = generateRecordingFiles(1, past);
    expect(files.map((f) => f.file_type).slice(0, 2)).toEqual(['MP4', 'M4A']);
    expect(files.every((f) => f.meeting_id === past.uuid)).toBe(true);
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => resolveDataOptions({ users: 0 })).toThrow(/users must be an integer from 1/);
    expect(() => resolveDataOptions({ meetingsPerUser: 2.5 })).toThrow(/meetingsPerUser/);
    expect(() => resolveDataOptions({ seed: Number.NaN })).toThrow(/seed/);
    expect(() => resolveDataOptions('huge' as 'small')).toThrow(/Unknown sandbox data preset "huge"/);
  });
});

describe('expandRecurrence', () => {
  it('keeps wall-clock time across a DST change (weekly, New York)', () => {
    // Sunday 2026-10-25 09:00 EDT; DST ends 2026-11-01.
    const start = Date.UTC(2026, 9, 25, 13, 0);
    const out = expandRecurrence(start, 'America/New_York', { type: 2, weekly_days: '1', end_times: 3 });
    expect(out.map((ms) => new Date(ms).toISOString())).toEqual(['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-08T14:00:00.000Z']);
  });

  it('handles several weekly days, monthly by weekday (last) and by day, and end_date_time', () => {
    const tue = Date.UTC(2026, 11, 1, 9, 0); // Tuesday 2026-12-01 09:00 UTC
    const weekly = expandRecurrence(tue, 'UTC', { type: 2, weekly_days: '3,5', end_times: 4 });
    expect(weekly.map((ms) => new Date(ms).toISOString().slice(0, 10))).toEqual(['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10']);
    const lastFriday = expandRecurrence(tue, 'UTC', { type: 3, monthly_week: -1, monthly_week_day: 6, end_times: 2 });
    expect(lastFriday.map((ms) => new Date(ms).toISOString().slice(0, 10))).toEqual(['2026-12-25', '2027-01-29']);
    const on31 = expandRecurrence(Date.UTC(2027, 0, 31, 9), 'UTC', { type: 3, monthly_day: 31, end_times: 3 });
    expect(on31.map((ms) => new Date(ms).toISOString().slice(0, 10))).toEqual(['2027-01-31', '2027-03-31', '2027-05-31']);
    const daily = expandRecurrence(tue, 'UTC', { type: 1, repeat_interval: 2, end_date_time: '2026-12-06T00:00:00Z' });
    expect(daily).toHaveLength(3);
    expect(expandRecurrence(tue, 'UTC', { type: 1, end_date_time: '2030-01-01T00:00:00Z' })).toHaveLength(60);
  });
});
