import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSandboxData, resolveDataOptions, ZOOM_INVITATION_TTL_DAYS } from '../../src/sandbox/data.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { utcDayStart } from '../../src/sandbox/time.ts';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../../src/zoom/operations.ts';
import type { ZoomMeetingPage, ZoomRecordingPage, ZoomUserPage } from '../../src/zoom/wire.ts';
import { loadOpenApiValidator, specAvailable, specPath, type OpenApiValidator } from '../helpers/openapi.ts';
import { fetchToken } from './fake-model.ts';

/**
 * HTTP-level contract: what the sandbox sends over the socket (the shell's routing, body parsing, rate limits and
 * the real model behind it) validates against each operation's response in Zoom's OpenAPI spec. The model-level
 * contract test covers every error the model can produce; this one covers the wire, including the shell's own
 * answers (429s, the malformed-JSON 400).
 */

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Zoom wants UUIDs that begin with `/` or contain `//` double-encoded; double-encoding any UUID is safe. */
const encodeUuid = (uuid: string) => encodeURIComponent(encodeURIComponent(uuid));

describe.skipIf(!specAvailable())(`sandbox over HTTP vs Zoom OpenAPI spec (${specPath()})`, () => {
  let validator: OpenApiValidator;
  let sandbox: Sandbox;
  let authorization: string;
  let ids: { meeting: string; pastUuid: string; userWithRecordings: string };

  const call = async (method: string, path: string, body?: string): Promise<Answer> => {
    const response = await fetch(`${sandbox.apiUrl}${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
  };

  /** Validates an answer against `operation`'s spec response and returns it for further checks. */
  const expectValid = (operation: ZoomOperationId, answer: Answer, status: number): Answer => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    const { method, path } = ZOOM_OPERATIONS[operation];
    const result = validator.validateResponse(method, path, answer.status, answer.body);
    expect(result.errors, `${operation} ${status}`).toEqual([]);
    expect(result.valid).toBe(true);
    return answer;
  };

  beforeAll(async () => {
    validator = loadOpenApiValidator();
    sandbox = await startSandbox({ clock: () => NOW, rateLimits: 'unlimited', meetingWritesPerHostPerDay: 5, tokenTtlSeconds: 86_400 });
    authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
    const users = ((await call('GET', '/users?page_size=300')).body as ZoomUserPage).users;
    const meetings = ((await call('GET', '/users/me/meetings?type=scheduled&page_size=300')).body as ZoomMeetingPage).meetings;
    const meeting = meetings.find((m) => m.type === 2) ?? meetings[0];
    let past: { uuid: string; user: string } | undefined;
    for (const user of users) {
      const page = (await call('GET', `/users/${user.id}/recordings?from=2026-10-29&to=2026-11-28`)).body as ZoomRecordingPage;
      const first = page.meetings[0];
      if (first) {
        past = { uuid: first.uuid, user: user.id };
        break;
      }
    }
    if (meeting === undefined || past === undefined) throw new Error('seeded data lacks an owner meeting or a recorded past meeting');
    ids = { meeting: String(meeting.id), pastUuid: past.uuid, userWithRecordings: past.user };
  });
  afterAll(() => sandbox?.close());

  it('users, user (200, 400 for an expired invitation, 404)', async () => {
    expectValid('users', await call('GET', '/users?page_size=5'), 200);
    expectValid('user', await call('GET', '/users/me'), 200);
    // Lists leave out a pending user whose invitation expired; the seed the sandbox was built from has one.
    const expired = generateSandboxData(resolveDataOptions('small'), 'sandbox', utcDayStart(NOW)).users
      .find((u) => u.status === 'pending' && NOW - Date.parse(u.user_created_at ?? '') > ZOOM_INVITATION_TTL_DAYS * 86_400_000);
    expect((expectValid('user', await call('GET', `/users/${expired?.id ?? 'missing'}`), 400).body as { code: number }).code).toBe(1120);
    expectValid('user', await call('GET', '/users/nobody%40nowhere.example'), 404);
  });

  it('meetings, meeting (200, 404), registrants', async () => {
    expectValid('meetings', await call('GET', '/users/me/meetings?type=upcoming&page_size=3'), 200);
    expectValid('meetings', await call('GET', '/users/ghost/meetings'), 404);
    expectValid('meeting', await call('GET', `/meetings/${ids.meeting}`), 200);
    expectValid('meeting', await call('GET', '/meetings/12345678901'), 404);
    expectValid('meetingRegistrants', await call('GET', `/meetings/${ids.meeting}/registrants`), 200);
  });

  it('past meeting details and participants by double-encoded UUID, recordings', async () => {
    expectValid('pastMeetingDetails', await call('GET', `/past_meetings/${encodeUuid(ids.pastUuid)}`), 200);
    expectValid('pastMeetingParticipants', await call('GET', `/past_meetings/${encodeUuid(ids.pastUuid)}/participants?page_size=10`), 200);
    expectValid('recordingsList', await call('GET', `/users/${ids.userWithRecordings}/recordings?from=2026-10-29&to=2026-11-28`), 200);
  });

  it('past meeting details and participants 400 (code 200) on a sandbox run with the free plan', async () => {
    const free = await startSandbox({ clock: () => NOW, rateLimits: 'free', tokenTtlSeconds: 86_400 });
    try {
      const freeAuthorization = `Bearer ${await fetchToken(free.oauthUrl, free.credentials)}`;
      const get = async (path: string): Promise<Answer> => {
        const response = await fetch(`${free.apiUrl}${path}`, { headers: { authorization: freeAuthorization } });
        return { status: response.status, body: await response.json(), headers: response.headers };
      };
      const paidOnly = { code: 200, message: `Only available for paid account: ${free.credentials.accountId}` };
      expect(expectValid('pastMeetingDetails', await get(`/past_meetings/${encodeUuid(ids.pastUuid)}`), 400).body).toEqual(paidOnly);
      expect(expectValid('pastMeetingParticipants', await get(`/past_meetings/${encodeUuid(ids.pastUuid)}/participants`), 400).body).toEqual(paidOnly);
    } finally {
      await free.close();
    }
  });

  it('meetingCreate 201 / 400 (malformed JSON, validation) / 404, meetingUpdate and meetingDelete 204', async () => {
    const created = expectValid(
      'meetingCreate',
      await call('POST', '/users/me/meetings', JSON.stringify({ topic: 'HTTP contract', type: 2, start_time: '2026-12-03T10:00:00Z', duration: 30 })),
      201,
    );
    const id = String((created.body as { id: number }).id);
    expectValid('meetingCreate', await call('POST', '/users/me/meetings', '{"topic": '), 400);
    expectValid('meetingCreate', await call('POST', '/users/me/meetings', JSON.stringify({ type: 8, settings: { jbh_time: 7 } })), 400);
    expectValid('meetingCreate', await call('POST', '/users/ghost/meetings', JSON.stringify({ topic: 'x' })), 404);
    expectValid('meetingUpdate', await call('PATCH', `/meetings/${id}`, JSON.stringify({ agenda: 'changed' })), 204);
    expectValid('meetingDelete', await call('DELETE', `/meetings/${id}`), 204);
    expectValid('meetingStatus', await call('PUT', `/meetings/${ids.meeting}/status`, JSON.stringify({ action: 'end' })), 204);
  });

  it('meetingCreate and meetingUpdate 429 (per-host daily limit, then a 429 storm)', async () => {
    sandbox.reset();
    for (let i = 0; i < 5; i++) {
      expect((await call('POST', '/users/me/meetings', JSON.stringify({ topic: `Quota ${i}` }))).status).toBe(201);
    }
    const perHost = expectValid('meetingCreate', await call('POST', '/users/me/meetings', JSON.stringify({ topic: 'One too many' })), 429);
    expect(perHost.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expectValid('meetingUpdate', await call('PATCH', `/meetings/${ids.meeting}`, JSON.stringify({ agenda: 'x' })), 429);

    sandbox.reset();
    sandbox.faults.storm429(10);
    const storm = expectValid('meetingCreate', await call('POST', '/users/me/meetings', JSON.stringify({ topic: 'Storm' })), 429);
    expect(storm.headers.get('x-ratelimit-type')).toBe('QPS');
    sandbox.faults.clear();
  });

  it('can fail: a wrong body does not validate', () => {
    const result = validator.validateResponse('GET', ZOOM_OPERATIONS.user.path, 200, { id: 42, type: 'licensed' });
    expect(result.valid).toBe(false);
    const error = validator.validateResponse('POST', ZOOM_OPERATIONS.meetingCreate.path, 429, { message: 'no code' });
    expect(error.valid).toBe(false);
  });
});
