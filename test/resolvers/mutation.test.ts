import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

let gateway: TestGateway;
let owner: { id: string; email: string };

beforeAll(async () => {
  gateway = await startTestGateway({ sandbox: { meetingWritesPerHostPerDay: 3 } });
  const me = await gateway.execute<{ me: { id: string; email: string } }>('{ me { id email } }');
  owner = me.data!.me;
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.reset();
});

/** Runs a mutation with an invalidation recorder as the shared-cache seam. */
async function run(query: string, variables?: Record<string, unknown>) {
  const invalidated: string[][] = [];
  const result = await gateway.execute<any>(query, variables, { invalidate: (keys) => void invalidated.push(keys) });
  return { ...result, invalidated };
}

const CREATE = `mutation ($userId: ID, $input: CreateMeetingInput!) {
  createMeeting(userId: $userId, input: $input) { id topic startTime duration startUrl settings { waitingRoom } host { email } }
}`;

describe('createMeeting', () => {
  it('refuses invalid input with every problem and its path, before any Zoom call', async () => {
    const { errors, invalidated } = await run(CREATE, {
      input: { topic: 'x'.repeat(201), duration: 0, startTime: '2030-02-30T10:00:00Z', settings: { joinBeforeHostMinutes: 7 } },
    });
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input' });
    const problems = errors![0]!.extensions!['problems'] as Array<{ path: unknown[]; code: string }>;
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      [['input', 'topic'], 'TOO_LONG'],
      [['input', 'startTime'], 'INVALID_FORMAT'],
      [['input', 'duration'], 'OUT_OF_RANGE'],
      [['input', 'settings', 'joinBeforeHostMinutes'], 'INVALID_VALUE'],
    ]);
    expect(errors![0]!.message).toContain('input.topic: Must be at most 200 characters');
    expect(gateway.stats.apiCalls()).toBe(0);
    expect(invalidated).toEqual([]);
  });

  it('refuses a malformed userId before any Zoom call', async () => {
    const { errors } = await run(CREATE, { userId: 'not a user', input: { topic: 'x' } });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'userId' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('returns the created meeting from the create answer alone, and invalidates the meeting and its host list', async () => {
    const { data, errors, invalidated } = await run(CREATE, {
      input: { topic: 'Design review', startTime: '2030-05-06T09:30:00Z', duration: 50, settings: { waitingRoom: true } },
    });
    expect(errors).toBeUndefined();
    const meeting = data.createMeeting;
    expect(meeting).toMatchObject({
      topic: 'Design review',
      startTime: '2030-05-06T09:30:00Z',
      duration: 50,
      settings: { waitingRoom: true },
      host: { email: owner.email },
    });
    expect(meeting.startUrl).toEqual(expect.any(String));
    // The create answer is primed as the meeting's detail: settings and startUrl cost no GET /meetings/{id}.
    expect(gateway.stats.count('meetingCreate')).toBe(1);
    expect(gateway.stats.count('meeting')).toBe(0);
    expect(invalidated).toEqual([[`meeting:${meeting.id}`, `user:${owner.id}:meetings`]]);
  });

  it("surfaces Zoom's per-host daily write limit as RATE_LIMITED with the reset time, after exactly one refused POST", async () => {
    for (let made = 0; made < 3; made++) {
      const { errors } = await run(CREATE, { input: { topic: `Slot ${made}` } });
      expect(errors).toBeUndefined();
    }
    const { data, errors } = await run(CREATE, { input: { topic: 'One too many' } });
    expect(data).toEqual({ createMeeting: null });
    expect(errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'DAILY_LIMIT', zoomStatus: 429 });
    const retryAt = new Date(errors![0]!.extensions!['retryAt'] as string);
    // Zoom resets the limit at 00:00 UTC: the next midnight after the (test clock's) now.
    const now = new Date(gateway.clock.now());
    expect(retryAt.toISOString()).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString());
    expect(gateway.stats.count('meetingCreate')).toBe(4);
    expect(gateway.stats.count('meetingCreate', 429)).toBe(1);
  });
});

describe('updateMeeting', () => {
  it('returns the meeting as Zoom has it after the change, never the copy this operation read before', async () => {
    const created = await run(CREATE, { input: { topic: 'Before', startTime: '2030-05-07T09:00:00Z' } });
    const id = created.data.createMeeting.id as string;
    gateway.stats.reset();
    const { data, errors, invalidated } = await run(
      `mutation ($id: ID!) {
        first: updateMeeting(id: $id, input: { topic: "Middle" }) { topic }
        second: updateMeeting(id: $id, input: { topic: "After", duration: 90 }) { topic duration }
      }`,
      { id },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ first: { topic: 'Middle' }, second: { topic: 'After', duration: 90 } });
    expect(gateway.stats.count('meetingUpdate')).toBe(2);
    expect(gateway.stats.count('meeting')).toBe(2);
    expect(invalidated).toEqual([
      [`meeting:${id}`, `user:${owner.id}:meetings`],
      [`meeting:${id}`, `user:${owner.id}:meetings`],
    ]);
  });

  it('refuses an empty change and fields a single occurrence cannot change, before any Zoom call', async () => {
    const empty = await run('mutation { updateMeeting(id: "123456789", input: {}) { id } }');
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ path: ['input'], code: 'REQUIRED' }] });
    const occurrence = await run('mutation { updateMeeting(id: "123456789", occurrenceId: "1", input: { topic: "x" }) { id } }');
    expect(occurrence.errors![0]!.extensions).toMatchObject({ problems: [{ path: ['input', 'topic'], code: 'NOT_ALLOWED' }] });
    const badId = await run('mutation { updateMeeting(id: "abc", input: { topic: "x" }) { id } }');
    expect(badId.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });
});

describe('deleteMeeting and endMeeting', () => {
  it('deleteMeeting returns the deleted id and invalidates the meeting, its registrants and the host list', async () => {
    const created = await run(CREATE, { input: { topic: 'Short-lived', startTime: '2030-05-08T09:00:00Z' } });
    const id = created.data.createMeeting.id as string;
    const { data, invalidated } = await run('mutation ($id: ID!) { deleteMeeting(id: $id) }', { id });
    expect(data).toEqual({ deleteMeeting: id });
    expect(invalidated).toEqual([[`meeting:${id}`, `meeting:${id}:registrants`, `user:${owner.id}:meetings`]]);
    const again = await run('mutation ($id: ID!) { deleteMeeting(id: $id) }', { id });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(gateway.stats.count('meetingDelete')).toBe(1);
  });

  it('endMeeting ends a live meeting and returns it as Zoom now has it', async () => {
    const created = await run(CREATE, { input: { topic: 'Live now' } });
    const id = created.data.createMeeting.id as string;
    gateway.sandbox.model.startMeeting(id);
    const { data, errors, invalidated } = await run('mutation ($id: ID!) { endMeeting(id: $id) { id status } }', { id });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ endMeeting: { id, status: 'WAITING' } });
    expect(gateway.stats.count('meetingStatus')).toBe(1);
    expect(invalidated[0]).toEqual(expect.arrayContaining([`meeting:${id}`, `user:${owner.id}:meetings`, `past_meeting:${id}`]));
  });
});
