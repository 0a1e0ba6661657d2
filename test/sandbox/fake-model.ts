import type { ZoomMeeting, ZoomUser } from '../../src/zoom/wire.ts';
import { SandboxHttpError, type SandboxChange, type SandboxModel, type SandboxRequest, type SandboxResponse } from '../../src/sandbox/types.ts';

/**
 * A tiny in-memory Zoom model for the HTTP shell's tests: two users, meetings by id, past meetings by UUID.
 * It records every request it handled so tests can tell whether a request reached the model.
 */
export interface FakeModel extends SandboxModel {
  readonly handled: SandboxRequest[];
  readonly meetings: Map<string, ZoomMeeting>;
}

export const OWNER: ZoomUser = { id: 'owner-id', email: 'owner@example.com', type: 2, role_id: '0' };
export const MEMBER: ZoomUser = { id: 'member-id', email: 'member@example.com', type: 2, role_id: '2' };
/** A past-meeting UUID that must be double-encoded in paths (it begins with `/` and contains `//`). */
export const SLASHY_UUID = '/ab//cdEFgh12345678==';

export function createFakeModel(): FakeModel {
  const listeners = new Set<(change: SandboxChange) => void>();
  const handled: SandboxRequest[] = [];
  const meetings = new Map<string, ZoomMeeting>();
  let nextId = 81000000000;
  const seed = (): void => {
    meetings.clear();
    meetings.set('85000000001', {
      id: 85000000001, uuid: 'aaaaaaaaaaaaaaaaaaaaaa==', host_id: OWNER.id, topic: 'Weekly sync', type: 2,
      start_time: '2026-12-01T10:00:00Z', duration: 30, timezone: 'UTC', join_url: 'https://us05web.zoom.us/j/85000000001',
    });
  };
  seed();
  const emit = (change: SandboxChange): void => {
    for (const listener of listeners) listener(change);
  };
  const userOf = (userId: string): ZoomUser => {
    const user = userId === 'me' || userId === OWNER.id || userId === OWNER.email ? OWNER
      : userId === MEMBER.id || userId === MEMBER.email ? MEMBER : undefined;
    if (user === undefined) throw new SandboxHttpError(404, { code: 1001, message: `User does not exist: ${userId}.` });
    return user;
  };
  const meetingOf = (meetingId: string): ZoomMeeting => {
    const meeting = meetings.get(meetingId);
    if (meeting === undefined) throw new SandboxHttpError(404, { code: 3001, message: `Meeting ${meetingId} is not found or has expired.` });
    return meeting;
  };
  const model: FakeModel = {
    handled,
    meetings,
    owner: OWNER,
    handle(request: SandboxRequest): SandboxResponse {
      handled.push(request);
      const p = request.params;
      switch (request.operation) {
        case 'users':
          return { status: 200, body: { page_size: 30, total_records: 2, next_page_token: '', users: [OWNER, MEMBER] } };
        case 'user':
          return { status: 200, body: userOf(p.userId ?? '') };
        case 'meetingCreate': {
          const host = userOf(p.userId ?? '');
          const body = request.body as { topic?: unknown } | undefined;
          if (typeof body?.topic !== 'string') {
            throw new SandboxHttpError(400, { code: 300, message: 'Validation Failed.', errors: [{ field: 'topic', message: 'Invalid field.' }] });
          }
          const id = nextId++;
          const meeting: ZoomMeeting = { id, uuid: `uuid-${id}==`, host_id: host.id, topic: body.topic, type: 2, join_url: `https://us05web.zoom.us/j/${id}` };
          meetings.set(String(id), meeting);
          emit({ type: 'meeting.created', meeting, operatorId: OWNER.id });
          return { status: 201, body: meeting };
        }
        case 'meeting':
          return { status: 200, body: meetingOf(p.meetingId ?? '') };
        case 'meetingUpdate': {
          const meeting = meetingOf(p.meetingId ?? '');
          const changed = { ...(request.body as Record<string, unknown>) };
          const updated = { ...meeting, ...changed } as ZoomMeeting;
          meetings.set(String(meeting.id), updated);
          emit({ type: 'meeting.updated', meeting: updated, changed, operatorId: OWNER.id });
          return { status: 204 };
        }
        case 'meetingDelete': {
          const meeting = meetingOf(p.meetingId ?? '');
          meetings.delete(String(meeting.id));
          emit({ type: 'meeting.deleted', meeting, operatorId: OWNER.id });
          return { status: 204 };
        }
        case 'pastMeetingDetails':
          if (p.meetingId !== SLASHY_UUID) throw new SandboxHttpError(404, { code: 3001, message: 'Meeting is not found or has expired.' });
          return { status: 200, body: { id: 85000000001, uuid: SLASHY_UUID, host_id: OWNER.id, topic: 'Past', type: 2,
            start_time: '2026-11-01T10:00:00Z', end_time: '2026-11-01T10:30:00Z', duration: 30, total_minutes: 30, participants_count: 2 } };
        default:
          return { status: 200, body: { page_size: 30, total_records: 0, next_page_token: '' } };
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hostOf(meetingId) {
      return meetings.get(meetingId)?.host_id;
    },
    resolveUserId(userId) {
      try {
        return userOf(userId).id;
      } catch {
        return undefined;
      }
    },
    startMeeting(meetingId) {
      const meeting = { ...meetingOf(meetingId), status: 'started' as const };
      meetings.set(meetingId, meeting);
      emit({ type: 'meeting.started', meeting, operatorId: meeting.host_id });
      return meeting;
    },
    endMeeting(meetingId) {
      const meeting = { ...meetingOf(meetingId), status: 'waiting' as const };
      meetings.set(meetingId, meeting);
      emit({ type: 'meeting.ended', meeting, operatorId: meeting.host_id });
      return meeting;
    },
    participantJoined(meetingId, participant) {
      const meeting = meetingOf(meetingId);
      emit({
        type: 'meeting.participant_joined', meeting, operatorId: meeting.host_id,
        participant: { user_id: '16778240', user_name: participant?.name ?? 'Guest', participant_uuid: 'puuid-1', at: '2026-12-01T10:01:00Z',
          ...(participant?.email === undefined ? {} : { email: participant.email }) },
      });
    },
    participantLeft(meetingId, participantUuid) {
      const meeting = meetingOf(meetingId);
      emit({
        type: 'meeting.participant_left', meeting, operatorId: meeting.host_id,
        participant: { user_id: '16778240', user_name: 'Guest', participant_uuid: participantUuid ?? 'puuid-1', at: '2026-12-01T10:02:00Z' },
      });
    },
    reset() {
      seed();
      handled.length = 0;
    },
  };
  return model;
}

/** A clock tests move by hand (epoch ms). Starts at 2026-06-15T12:00:00.000Z. */
export function createTestClock(start = Date.UTC(2026, 5, 15, 12, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => { now += ms; }, set: (ms) => { now = ms; } };
}

/** Fetches an OAuth token from the sandbox the way a Server-to-Server app does. */
export async function fetchToken(oauthUrl: string, credentials: { accountId: string; clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${oauthUrl}?grant_type=account_credentials&account_id=${encodeURIComponent(credentials.accountId)}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}` },
  });
  if (response.status !== 200) throw new Error(`token request failed with ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
