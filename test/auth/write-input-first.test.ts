import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, type SecuredGateway, type TEST_KEYS } from '../security/secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

type Key = keyof typeof TEST_KEYS;
/** An admin, a member bound by Zoom user id, and one bound by email (its ownership checks cost a user lookup). */
const KEYS: Key[] = ['admin', 'member', 'memberByEmail'];

/**
 * Invalid writes, each with the path its first problem must carry. `own` is a meeting the members host, `owner`
 * their user id: each write is one a member may make, so only the input is wrong.
 */
const CASES: Array<[string, (own: string, owner: string) => string, Array<string | number>]> = [
  ['updateMeeting with an empty input', (own) => `mutation { updateMeeting(id: "${own}", input: {}) { id } }`, ['input']],
  ['updateMeeting with a 201-character topic', (own) => `mutation { updateMeeting(id: "${own}", input: { topic: "${'x'.repeat(201)}" }) { id } }`, ['input', 'topic']],
  ['updateMeeting with a bad start time', (own) => `mutation { updateMeeting(id: "${own}", input: { startTime: "tomorrow" }) { id } }`, ['input', 'startTime']],
  ['updateMeeting with an occurrence-only violation', (own) => `mutation { updateMeeting(id: "${own}", occurrenceId: "1648194360000", input: { topic: "x" }) { id } }`, ['input', 'topic']],
  ['updateMeeting with a malformed occurrenceId', (own) => `mutation { updateMeeting(id: "${own}", occurrenceId: "next week", input: { agenda: "x" }) { id } }`, ['occurrenceId']],
  ['updateMeeting with a malformed id', () => 'mutation { updateMeeting(id: "abc", input: { topic: "x" }) { id } }', ['id']],
  ['deleteMeeting with a malformed occurrenceId', (own) => `mutation { deleteMeeting(id: "${own}", occurrenceId: "") }`, ['occurrenceId']],
  ['deleteMeeting with a malformed id', () => 'mutation { deleteMeeting(id: "12 34") }', ['id']],
  ['endMeeting with a malformed id', () => 'mutation { endMeeting(id: "-1") { id } }', ['id']],
  ['createMeeting with a 201-character topic', () => `mutation { createMeeting(input: { topic: "${'x'.repeat(201)}" }) { id } }`, ['input', 'topic']],
  // By id: an email-bound member's check compares it with its own id, which costs a lookup.
  ['createMeeting for its own user id with a bad duration', (_own, owner) => `mutation { createMeeting(userId: "${owner}", input: { duration: 0 }) { id } }`, ['input', 'duration']],
  ['createMeeting scheduled for its own id with a bad time zone', (_own, owner) => `mutation { createMeeting(input: { scheduleFor: "${owner}", timezone: "Mars/Olympus" }) { id } }`, ['input', 'timezone']],
  ['createMeeting with a malformed userId', () => 'mutation { createMeeting(userId: "no such/user", input: { topic: "x" }) { id } }', ['userId']],
  ['trashRecording with a malformed file id', (own) => `mutation { trashRecording(id: "${own}", fileId: "../x") { id } }`, ['fileId']],
  ['recoverRecording with a malformed id', () => 'mutation { recoverRecording(id: "not a meeting") { id } }', ['id']],
  ['updateRecordingSettings with a short passcode', (own) => `mutation { updateRecordingSettings(id: "${own}", input: { password: "a1" }) { topic } }`, ['input', 'password']],
  ['updateRecordingSettings with nothing to change', (own) => `mutation { updateRecordingSettings(id: "${own}", input: {}) { topic } }`, ['input']],
];

describe('meeting writes: bad input is BAD_USER_INPUT with its path before any Zoom call, for every role', () => {
  for (const [title, build, path] of CASES) {
    for (const key of KEYS) {
      it(`${title} (${key})`, async () => {
        gw.sandbox.stats.reset();
        const { status, body } = await gw.graphql(build(gw.people.owner.meetingId, gw.people.owner.id), key);
        expect(status).toBe(200);
        expect(body.errors, JSON.stringify(body)).toHaveLength(1);
        const [error] = body.errors;
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.extensions.argument).toBe(path[0]);
        expect(error.extensions.problems[0].path).toEqual(path);
        // Not the access check's meeting read, not an email-bound member's user lookup, not the write.
        expect(gw.sandbox.stats.apiCalls()).toBe(0);
      });
    }
  }

  it("a member gets NOT_FOUND, not the write, for another host's recording, as for a missing one", async () => {
    gw.sandbox.stats.reset();
    const theirs = await gw.graphql(`mutation { deleteRecording(id: "${gw.people.other.meetingId}") { id } }`, 'member');
    expect(theirs.body.errors.map((error: any) => [error.extensions.code, error.message])).toEqual([['NOT_FOUND', 'No such recording.']]);
    const missing = await gw.graphql('mutation { deleteRecording(id: "99999999999") { id } }', 'member');
    expect(missing.body.errors.map((error: any) => [error.extensions.code, error.message])).toEqual([['NOT_FOUND', 'No such recording.']]);
    expect(gw.sandbox.stats.count('meetingRecordingsDelete')).toBe(0);
  });

  it('a member still gets NOT_FOUND (as for a missing one), not the write, for valid input on a meeting it does not host', async () => {
    gw.sandbox.stats.reset();
    const { body } = await gw.graphql(`mutation { updateMeeting(id: "${gw.people.other.meetingId}", input: { topic: "mine now" }) { id } }`, 'member');
    expect(body.errors.map((error: any) => error.extensions.code)).toEqual(['NOT_FOUND']);
    expect(gw.sandbox.stats.count('meetingUpdate')).toBe(0);
  });

  // GraphQL hands the id over untrimmed; the resolver trims it. The access check must check the id that is written.
  for (const [name, op, mutation] of [
    ['updateMeeting', 'meetingUpdate', (id: string) => `mutation { updateMeeting(id: " ${id}", input: { topic: "mine now" }) { id } }`],
    ['deleteMeeting', 'meetingDelete', (id: string) => `mutation { deleteMeeting(id: " ${id} ") }`],
    ['endMeeting', 'meetingStatus', (id: string) => `mutation { endMeeting(id: "${id} ") { id } }`],
  ] as const) {
    it(`${name}: an id with spaces around it is checked like the bare id (NOT_FOUND on another host's meeting)`, async () => {
      gw.sandbox.stats.reset();
      const { body } = await gw.graphql(mutation(gw.people.other.meetingId), 'member');
      expect(body.errors?.map((error: any) => error.extensions.code)).toEqual(['NOT_FOUND']);
      expect(gw.sandbox.stats.count(op)).toBe(0);
    });
  }
});
