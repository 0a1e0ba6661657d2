import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { ZoomMeetingPage } from '../../src/zoom/wire.ts';
import { postGraphql, startE2EGateway, type E2EGateway } from './helpers.ts';

/** Writes whose answer is lost, through the gateway as `npm start` runs it: never applied twice. */
let e2e: E2EGateway;
let sandbox: Sandbox;

beforeAll(async () => {
  e2e = await startE2EGateway();
  sandbox = e2e.started.sandbox!;
});

afterAll(async () => {
  await e2e.close();
});

/** Meetings of the sandbox's account owner with this topic, read from the sandbox's model (not through the gateway). */
function meetingsTitled(topic: string): number {
  const page = sandbox.model.handle({
    operation: 'meetings',
    params: { userId: 'me' },
    query: new URLSearchParams({ type: 'upcoming', page_size: '300' }),
    body: undefined,
  }).body as ZoomMeetingPage;
  return (page.meetings ?? []).filter((meeting) => meeting.topic === topic).length;
}

describe('a create whose answer is lost', () => {
  it('is made once, and the client is told the outcome is unknown with the query that shows it', async () => {
    const topic = 'Board review (answer dropped)';
    const input = { topic, startTime: '2030-03-04T16:00:00Z', duration: 30 };
    sandbox.stats.reset();
    sandbox.faults.dropResponsesAfterWrite({ operation: 'meetingCreate', times: 1 });

    const { status, body } = await postGraphql(
      e2e.graphqlUrl,
      'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }',
      { input },
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ createMeeting: null });
    expect(body.errors).toHaveLength(1);
    const error = body.errors![0]!;
    expect(error.path).toEqual(['createMeeting']);
    expect(error.message).toMatch(/may or may not exist/);
    expect(error.extensions).toMatchObject({
      code: 'OUTCOME_UNKNOWN',
      reason: 'CREATE_UNCONFIRMED',
      check: { lookFor: { hostId: 'me', topic, startTime: '2030-03-04T16:00:00Z' }, variables: { hostId: 'me' } },
    });
    // Exactly one POST reached the sandbox: the client did not retry it.
    expect(sandbox.stats.count('meetingCreate')).toBe(1);
    expect(meetingsTitled(topic)).toBe(1);

    // The check the error hands out finds the meeting that was, in fact, created.
    const check = await postGraphql(e2e.graphqlUrl, error.extensions!['check'].query, error.extensions!['check'].variables);
    const found = (check.body.data.user.meetings.nodes as Array<{ topic: string; startTime: string }>).filter((m) => m.topic === topic);
    expect(found).toEqual([expect.objectContaining({ topic, startTime: '2030-03-04T16:00:00Z' })]);
  });
});

describe('a delete whose answer is lost', () => {
  it('returns the deleted id without an error: the retry finds the meeting gone, and it was deleted once', async () => {
    const created = await postGraphql(
      e2e.graphqlUrl,
      'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }',
      { input: { topic: 'Retro (delete answer dropped)', startTime: '2030-03-05T16:00:00Z', duration: 30 } },
    );
    const id = created.body.data.createMeeting.id as string;
    sandbox.stats.reset();
    sandbox.faults.dropResponsesAfterWrite({ operation: 'meetingDelete', times: 1 });

    const { status, body } = await postGraphql(e2e.graphqlUrl, 'mutation ($id: ID!) { deleteMeeting(id: $id) }', { id });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deleteMeeting: id });
    // One DELETE applied (its answer dropped), one retry answered 404: nothing deleted twice, no 204 ever sent.
    expect(sandbox.stats.count('meetingDelete', 0)).toBe(1);
    expect(sandbox.stats.count('meetingDelete', 404)).toBe(1);
    expect(sandbox.stats.count('meetingDelete')).toBe(2);
    expect(meetingsTitled('Retro (delete answer dropped)')).toBe(0);
  });
});
