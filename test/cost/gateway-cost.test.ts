import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRequest, SandboxResponse } from '../../src/sandbox/types.ts';
import { reportWindows } from '../../src/zoom/report-windows.ts';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

/** A date `months` calendar months before today (UTC), one day later so it stays within Zoom's six-month reach. */
function monthsAgo(months: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + (months > 0 ? 1 : 0));
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

const QUERIES: Array<[string, (p: SecuredGateway['people']) => string, 'admin' | 'member' | 'memberByEmail']> = [
  ['me', () => '{ me { id email company } }', 'admin'],
  ['users with meetings and details', () => '{ users(first: 10) { nodes { id company meetings(first: 5) { nodes { id topic status startUrl settings { hostVideo } host { id } } } } } }', 'admin'],
  ['the 30 users x 10 meetings query: hosts listed under their user are free',
    () => '{ users(first: 30) { nodes { meetings(first: 10) { nodes { topic host { email } } } } } }', 'admin'],
  ['listed users\' detail-only fields: phone number, language, role name',
    () => '{ users(first: 5) { nodes { id phoneNumber } } more: users(first: 5) { nodes { language role { name } } } }', 'admin'],
  ['detail fields on objects read with their own detail call, and the user\'s role',
    (p) => `{ me { company language role { name } } user(id: "${p.other.id}") { phoneNumber role { name } } meeting(id: "${p.owner.meetingId}") { settings { hostVideo } host { picUrl role { name } } } }`, 'admin'],
  ['users page only', () => '{ users(first: 30) { totalCount edges { cursor node { id email } } } }', 'admin'],
  ['one meeting, everything', (p) => `{ meeting(id: "${p.owner.meetingId}") { id topic password occurrences { id } recurrence { type } host { id picUrl } registrants(first: 5) { totalCount } lastInstance { id participants(first: 5) { totalCount } host { id } } } }`, 'admin'],
  ['user recordings', (p) => `{ user(id: "${p.owner.id}") { recordings(first: 5) { nodes { uuid host { id } files { id } } } } }`, 'admin'],
  ['the recordings page as a member, with play links', () => '{ me { recordings(first: 30) { nodes { uuid files { playUrl } } } } }', 'member'],
  ['a meeting\'s recording, its settings and its last instance\'s recording',
    (p) => `{ meeting(id: "${p.owner.meetingId}") { recording { uuid host { id } files { playUrl } } recordingSettings { shareRecording } lastInstance { recording { uuid } } } }`, 'memberByEmail'],
  ['a meeting\'s history with each instance\'s detail, participants and recording',
    (p) => `{ meeting(id: "${p.owner.meetingId}") { history(first: 5) { nodes { uuid topic duration host { id } participants(first: 3) { totalCount } recording { uuid } } } } }`, 'member'],
  ['a member\'s meeting history over six months, with report fields and the department',
    () => `{ me { meetingHistory(from: "${monthsAgo(6)}", to: "${monthsAgo(0)}", first: 300) { nodes { uuid topic participantsCount department host { id } } } } }`, 'member'],
  ['a meeting\'s attendance report', (p) => `{ meeting(id: "${p.owner.meetingId}") { lastInstance { attendanceReport(first: 300) { totalCount nodes { name duration } } } } }`, 'admin'],
  ['the daily usage', () => `{ dailyUsage(year: ${new Date().getUTCFullYear()}, month: ${new Date().getUTCMonth() + 1}) { days { date meetings } } }`, 'admin'],
  ['node and nodes, with detail fields and hosts on each type',
    (p) => `{ node(id: "${p.owner.meetingId}") { id ... on Meeting { settings { hostVideo } host { id company } } } nodes(ids: ["${p.owner.id}", "${p.other.id}", "${p.owner.meetingId}", "${p.other.meetingId}"]) { id ... on User { company } ... on Meeting { topic startUrl host { email } } } }`, 'admin'],
  ['nodes as a member: its own and another\'s', (p) => `{ nodes(ids: ["${p.owner.id}", "${p.owner.meetingId}", "${p.other.meetingId}"]) { id ... on Meeting { settings { hostVideo } } } }`, 'memberByEmail'],
  ['aliases', (p) => `{ a: user(id: "${p.owner.id}") { id } b: user(id: "${p.other.id}") { id jobTitle } }`, 'admin'],
  ['member by id: own meetings', () => '{ me { meetings(first: 10) { nodes { id startUrl host { id } } } } }', 'member'],
  ['member by email: own meeting detail', (p) => `{ meeting(id: "${p.owner.meetingId}") { id settings { hostVideo } } }`, 'memberByEmail'],
  ['create', () => 'mutation { createMeeting(input: { topic: "cost" }) { id startUrl host { id } } }', 'admin'],
  ['update as member', (p) => `mutation { updateMeeting(id: "${p.owner.meetingId}", input: { topic: "cost" }) { id topic settings { hostVideo } } }`, 'member'],
  ['update as email member', (p) => `mutation { updateMeeting(id: "${p.owner.meetingId}", input: { agenda: "cost" }) { id } }`, 'memberByEmail'],
  ['update with scheduleFor as member', (p) => `mutation { updateMeeting(id: "${p.owner.meetingId}", input: { scheduleFor: "${p.owner.email}" }) { id } }`, 'member'],
  ['end', (p) => `mutation { endMeeting(id: "${p.owner.meetingId}") { id } }`, 'admin'],
  ['recording settings update as email member', (p) => `mutation { updateRecordingSettings(id: "${p.owner.meetingId}", input: { viewerDownload: false }) { viewerDownload } }`, 'memberByEmail'],
  ['trash and recover a recording as member', (p) => `mutation { a: trashRecording(id: "${p.owner.meetingId}") { recording { uuid host { id } } } b: recoverRecording(id: "${p.owner.meetingId}") { recording { uuid } } }`, 'member'],
  ['delete as member', (p) => `mutation { deleteMeeting(id: "${p.owner.meetingId}") }`, 'member'],
];

describe('query cost: extensions.cost on every response, the estimate never below the actual calls', () => {
  for (const [title, build, key] of QUERIES) {
    it(title, async () => {
      gw.sandbox.stats.reset();
      const { body } = await gw.graphql(build(gw.people), key);
      const cost = body.extensions?.cost;
      expect(cost, JSON.stringify(body.errors)).toBeDefined();
      for (const category of ['light', 'medium', 'heavy'] as const) {
        expect(cost.estimated[category], category).toBeGreaterThanOrEqual(cost.actual[category]);
      }
      const actualTotal = cost.actual.light + cost.actual.medium + cost.actual.heavy;
      // The tally counts exactly the calls the sandbox answered (token requests are not API calls).
      expect(actualTotal).toBe(gw.sandbox.stats.apiCalls());
    });
  }

  it('counts a meeting history per month window, and refuses a range too long for the budget before any Zoom call', async () => {
    const six = `meetingHistory(from: "${monthsAgo(6)}", to: "${monthsAgo(0)}") { nodes { uuid } }`;
    const one = await gw.graphql(`{ me { ${six} } }`, 'admin');
    expect(one.body.errors).toBeUndefined();
    const windows = reportWindows(monthsAgo(6), monthsAgo(0)).length;
    expect(windows).toBe(6);
    expect(one.body.extensions.cost.estimated.heavy).toBe(windows);
    gw.sandbox.stats.reset();
    // Two users' six months: 12 Heavy calls, over the default budget of 10.
    const two = await gw.graphql(`{ a: me { ${six} } b: user(id: "${gw.people.other.id}") { ${six} } }`, 'admin');
    expect(two.body.errors.map((error: any) => error.extensions.code)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(two.body.errors[0].extensions.cost.estimated.heavy).toBe(2 * windows);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
  });

  it('estimates the listed hosts of the 30 x 10 query at zero, within the default budget', async () => {
    const { body } = await gw.graphql('{ users(first: 30) { nodes { meetings(first: 10) { nodes { topic host { email } } } } } }', 'admin');
    expect(body.errors).toBeUndefined();
    expect(body.extensions.cost.estimated).toEqual({ light: 0, medium: 31, heavy: 0 });
  });

  it.each([
    ['me, with detail fields and its role', () => '{ me { company language role { name } } }', 1],
    ['a user by id, with detail fields and its role', () => `{ user(id: "${gw.people.other.id}") { phoneNumber picUrl role { name } } }`, 1],
    ['a meeting by id, with detail fields', () => `{ meeting(id: "${gw.people.other.meetingId}") { settings { hostVideo } startUrl occurrences { id } } }`, 1],
    ['a meeting\'s host, with detail fields and its role', () => `{ meeting(id: "${gw.people.other.meetingId}") { host { company role { name } } } }`, 2],
    ['a meeting\'s host id and email, answered by the meeting\'s host_email', () => `{ meeting(id: "${gw.people.other.meetingId}") { topic host { id email __typename } } }`, 1],
    ['a meeting\'s host id and email through a fragment', () => `{ meeting(id: "${gw.people.other.meetingId}") { host { ...H } } } fragment H on User { id email }`, 1],
    ['a meeting\'s host email and name: the host is read', () => `{ meeting(id: "${gw.people.other.meetingId}") { host { email firstName } } }`, 2],
    ['a meeting\'s host name skipped: id and email only', () => `{ meeting(id: "${gw.people.other.meetingId}") { host { id email firstName @skip(if: true) } } }`, 1],
  ])('counts no detail call on an object read with its own detail call (%s): estimate = actual', async (_name, query, calls) => {
    gw.sandbox.stats.reset();
    const { body } = await gw.graphql(query(), 'admin');
    expect(body.errors).toBeUndefined();
    expect(body.extensions.cost.estimated).toEqual({ light: calls, medium: 0, heavy: 0 });
    expect(body.extensions.cost.actual).toEqual(body.extensions.cost.estimated);
    expect(gw.sandbox.stats.apiCalls()).toBe(calls);
  });

  it('still counts the detail of a listed user once, however many of its detail fields and its role ask for it', async () => {
    const { body } = await gw.graphql('{ users(first: 3) { nodes { company role { name } language } } }', 'admin');
    expect(body.errors).toBeUndefined();
    expect(body.extensions.cost.estimated).toEqual({ light: 3, medium: 1, heavy: 0 });
    expect(body.extensions.cost.actual).toEqual(body.extensions.cost.estimated);
  });

  it('refuses an over-budget query with COST_LIMIT_EXCEEDED and the estimate, before any Zoom call', async () => {
    gw.sandbox.stats.reset();
    const { status, body } = await gw.graphql('{ users(first: 300) { nodes { meetings(first: 300) { nodes { settings { hostVideo } } } } } }', 'admin');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body.errors[0].extensions.cost.estimated.light).toBe(90_000);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
  });
});

/**
 * Makes the sandbox answer `POST /users/{userId}/meetings` as Zoom's spec documents it: the 201 body has no
 * `host_id` (the sandbox, like the live API, sends one). The gateway then looks the host up itself.
 * @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/POST/users/{userId}/meetings
 */
function createAnswersWithoutHostId(sandbox: SecuredGateway['sandbox']): () => void {
  const model = sandbox.model as { handle(request: SandboxRequest): SandboxResponse };
  const handle = model.handle.bind(model);
  model.handle = (request) => {
    const response = handle(request);
    if (request.operation !== 'meetingCreate' || response.status !== 201) return response;
    const { host_id: _omitted, ...body } = response.body as Record<string, unknown>;
    return { ...response, body };
  };
  return () => {
    delete (model as Partial<typeof model>).handle;
  };
}

describe("query cost: createMeeting when Zoom's create answer has no host_id", () => {
  const CREATES: Array<[string, (p: SecuredGateway['people']) => string, 'admin' | 'member' | 'memberByEmail']> = [
    ['admin, host me', () => 'mutation { createMeeting(input: { topic: "cost" }) { id topic } }', 'admin'],
    ['admin, host by email', (p) => `mutation { createMeeting(userId: "${p.other.email}", input: { topic: "cost" }) { id } }`, 'admin'],
    ['admin, scheduled for an email', (p) => `mutation { createMeeting(userId: "${p.owner.id}", input: { topic: "cost", scheduleFor: "${p.other.email}" }) { id } }`, 'admin'],
    ['admin, host me, host selected', () => 'mutation { createMeeting(input: { topic: "cost" }) { id host { email } } }', 'admin'],
    ['member by id', () => 'mutation { createMeeting(input: { topic: "cost" }) { id } }', 'member'],
    ['member by email, host me', () => 'mutation { createMeeting(input: { topic: "cost" }) { id } }', 'memberByEmail'],
    ['member by email, host by its id', (p) => `mutation { createMeeting(userId: "${p.owner.id}", input: { topic: "cost" }) { id } }`, 'memberByEmail'],
  ];
  let restore: (() => void) | undefined;
  beforeAll(() => {
    restore = createAnswersWithoutHostId(gw.sandbox);
  });
  afterAll(() => restore?.());

  for (const [title, build, key] of CREATES) {
    it(title, async () => {
      gw.sandbox.stats.reset();
      const { body } = await gw.graphql(build(gw.people), key);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const cost = body.extensions.cost;
      for (const category of ['light', 'medium', 'heavy'] as const) {
        expect(cost.estimated[category], category).toBeGreaterThanOrEqual(cost.actual[category]);
      }
      expect(cost.actual.light + cost.actual.medium + cost.actual.heavy).toBe(gw.sandbox.stats.apiCalls());
    });
  }

  it('the host lookup happens: the answer names the host all the same', async () => {
    gw.sandbox.stats.reset();
    const { body } = await gw.graphql(`mutation { createMeeting(userId: "${gw.people.other.email}", input: { topic: "cost" }) { host { id } } }`, 'admin');
    expect(body.data.createMeeting.host.id).toBe(gw.people.other.id);
    expect(gw.sandbox.stats.count('meetingCreate')).toBe(1);
    expect(gw.sandbox.stats.count('user')).toBeGreaterThanOrEqual(1);
  });
});
