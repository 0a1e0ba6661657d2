import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

type Role = 'admin' | 'member-own' | 'member-other' | 'unauthenticated';
const ROLES: Role[] = ['admin', 'member-own', 'member-other', 'unauthenticated'];

/** Runs `query` as `role`: own/other pick whose user or meeting `target` names. */
async function run(role: Role, build: (target: { id: string; email: string; meetingId: string }) => string) {
  const target = role === 'member-other' ? gw.people.other : gw.people.owner;
  const key = role === 'admin' ? 'admin' : role === 'unauthenticated' ? null : 'member';
  return gw.graphql(build(target), key);
}

function codes(body: any): string[] {
  return (body.errors ?? []).map((error: any) => error.extensions?.code);
}

/** The selection for one field: scalars as they are, objects by `__typename`, connections by one item. */
function selection(field: string, isConnection: boolean, isObject: boolean): string {
  if (isConnection) return `${field}(first: 1) { totalCount }`;
  return isObject ? `${field} { __typename }` : field;
}

const USER_FIELDS: Array<[string, 'scalar' | 'object' | 'connection']> = [
  ['id', 'scalar'], ['email', 'scalar'], ['firstName', 'scalar'], ['lastName', 'scalar'], ['displayName', 'scalar'],
  ['type', 'scalar'], ['status', 'scalar'], ['timezone', 'scalar'], ['pmi', 'scalar'], ['usePmi', 'scalar'],
  ['personalMeetingUrl', 'scalar'], ['department', 'scalar'], ['company', 'scalar'], ['jobTitle', 'scalar'],
  ['location', 'scalar'], ['phoneNumber', 'scalar'], ['role', 'object'], ['verified', 'scalar'], ['createdAt', 'scalar'],
  ['lastLoginAt', 'scalar'], ['lastClientVersion', 'scalar'], ['picUrl', 'scalar'], ['language', 'scalar'],
  ['meetings', 'connection'], ['recordings', 'connection'],
];
const MEETING_FIELDS: Array<[string, 'scalar' | 'object' | 'connection']> = [
  ['id', 'scalar'], ['uuid', 'scalar'], ['topic', 'scalar'], ['type', 'scalar'], ['status', 'scalar'], ['startTime', 'scalar'],
  ['duration', 'scalar'], ['timezone', 'scalar'], ['agenda', 'scalar'], ['createdAt', 'scalar'], ['joinUrl', 'scalar'],
  ['startUrl', 'scalar'], ['password', 'scalar'], ['pmi', 'scalar'], ['settings', 'object'], ['recurrence', 'object'],
  ['occurrences', 'object'], ['host', 'object'], ['registrants', 'connection'], ['lastInstance', 'object'],
];

describe('role matrix: every User and Meeting field, per role', () => {
  for (const [field, kind] of USER_FIELDS) {
    it(`User.${field}`, async () => {
      const sel = selection(field, kind === 'connection', kind === 'object');
      const results = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await run(role, (t) => `{ user(id: "${t.id}") { ${sel} } }`)] as const)));
      expect(codes(results['admin']!.body)).not.toContain('FORBIDDEN');
      expect(results['admin']!.body.data.user).not.toBeNull();
      expect(codes(results['member-own']!.body)).not.toContain('FORBIDDEN');
      expect(results['member-own']!.body.data.user).not.toBeNull();
      expect(codes(results['member-other']!.body)).toEqual(['FORBIDDEN']);
      expect(results['member-other']!.body.data.user).toBeNull();
      expect(results['unauthenticated']!.status).toBe(401);
    });
  }
  for (const [field, kind] of MEETING_FIELDS) {
    it(`Meeting.${field}`, async () => {
      const sel = selection(field, kind === 'connection', kind === 'object');
      const results = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await run(role, (t) => `{ meeting(id: "${t.meetingId}") { ${sel} } }`)] as const)));
      expect(codes(results['admin']!.body)).not.toContain('FORBIDDEN');
      expect(codes(results['member-own']!.body)).not.toContain('FORBIDDEN');
      expect(results['member-own']!.body.data.meeting).not.toBeNull();
      expect(codes(results['member-other']!.body)).toEqual(['FORBIDDEN']);
      expect(results['member-other']!.body.data.meeting).toBeNull();
      expect(results['unauthenticated']!.status).toBe(401);
    });
  }
});

describe('role matrix: root fields and operations', () => {
  it('Query.me: admins get the account user, members their bound user', async () => {
    const admin = await gw.graphql('{ me { id } }', 'admin');
    expect(admin.body.data.me.id).toBeTypeOf('string');
    const member = await gw.graphql('{ me { id email } }', 'member');
    expect(member.body.data.me.id).toBe(gw.people.owner.id);
    const byEmail = await gw.graphql('{ me { id } }', 'memberByEmail');
    expect(byEmail.body.data.me.id).toBe(gw.people.owner.id);
    expect((await gw.graphql('{ me { id } }', null)).status).toBe(401);
  });

  it('Query.users is admin only (FORBIDDEN at users; non-null, so it nulls its parent as GraphQL requires)', async () => {
    expect(codes((await gw.graphql('{ users(first: 2) { totalCount } }', 'admin')).body)).toEqual([]);
    const member = await gw.graphql('{ users(first: 2) { totalCount } }', 'member');
    expect(member.status).toBe(200);
    expect(member.body.errors.map((e: any) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([[['users'], 'FORBIDDEN', 'ACCESS_RULE']]);
  });

  it('a refused nullable field is null with FORBIDDEN at its path, the rest of the data intact', async () => {
    const member = await gw.graphql(
      `{ me { id } mine: meeting(id: "${gw.people.owner.meetingId}") { id startUrl } theirs: meeting(id: "${gw.people.other.meetingId}") { id startUrl } }`,
      'member',
    );
    expect(member.body.data.me.id).toBe(gw.people.owner.id);
    expect(member.body.data.mine.id).toBe(gw.people.owner.meetingId);
    expect(member.body.data.mine.startUrl).toBeTypeOf('string');
    expect(member.body.data.theirs).toBeNull();
    expect(member.body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([[['theirs'], 'FORBIDDEN']]);
  });

  it('Query.user by email: own allowed, other refused before any Zoom call', async () => {
    expect((await gw.graphql(`{ user(id: "${gw.people.owner.email}") { id } }`, 'member')).body.data.user.id).toBe(gw.people.owner.id);
    gw.sandbox.stats.reset();
    const other = await gw.graphql(`{ user(id: "${gw.people.other.email}") { id } }`, 'memberByEmail');
    expect(codes(other.body)).toEqual(['FORBIDDEN']);
  });

  it('Query.pastMeeting of another host is FORBIDDEN', async () => {
    const other = await gw.graphql(`{ pastMeeting(id: "${gw.people.other.meetingId}") { id } }`, 'member');
    expect(codes(other.body).every((code) => code === 'FORBIDDEN' || code === 'NOT_FOUND')).toBe(true);
  });

  it('Mutation.createMeeting: a member creates for itself (me = itself), never for another user, and not scheduleFor another', async () => {
    const own = await gw.graphql('mutation { createMeeting(input: { topic: "mine" }) { id host { id } } }', 'member');
    expect(codes(own.body)).toEqual([]);
    expect(own.body.data.createMeeting.host.id).toBe(gw.people.owner.id);
    gw.sandbox.stats.reset();
    const other = await gw.graphql(`mutation { createMeeting(userId: "${gw.people.other.id}", input: { topic: "x" }) { id } }`, 'member');
    expect(codes(other.body)).toEqual(['FORBIDDEN']);
    const scheduled = await gw.graphql(`mutation { createMeeting(input: { topic: "x", scheduleFor: "${gw.people.other.email}" }) { id } }`, 'member');
    expect(codes(scheduled.body)).toEqual(['FORBIDDEN']);
    expect(gw.sandbox.stats.count('meetingCreate')).toBe(0);
    const admin = await gw.graphql(`mutation { createMeeting(userId: "${gw.people.other.id}", input: { topic: "ops" }) { id } }`, 'admin');
    expect(codes(admin.body)).toEqual([]);
  });

  it('Mutation.updateMeeting: a member cannot move its own meeting to another user with scheduleFor', async () => {
    gw.sandbox.stats.reset();
    for (const key of ['member', 'memberByEmail'] as const) {
      const moved = await gw.graphql(`mutation { updateMeeting(id: "${gw.people.owner.meetingId}", input: { scheduleFor: "${gw.people.other.email}" }) { id } }`, key);
      expect(codes(moved.body)).toEqual(['FORBIDDEN']);
    }
    expect(gw.sandbox.stats.count('meetingUpdate')).toBe(0);
    const own = await gw.graphql(`mutation { updateMeeting(id: "${gw.people.owner.meetingId}", input: { scheduleFor: "${gw.people.owner.id}" }) { id } }`, 'memberByEmail');
    expect(codes(own.body)).toEqual([]);
  });

  for (const [name, op, mutation] of [
    ['updateMeeting', 'meetingUpdate', (id: string) => `mutation { updateMeeting(id: "${id}", input: { topic: "renamed" }) { id } }`],
    ['endMeeting', 'meetingStatus', (id: string) => `mutation { endMeeting(id: "${id}") { id } }`],
    ['deleteMeeting', 'meetingDelete', (id: string) => `mutation { deleteMeeting(id: "${id}") }`],
  ] as const) {
    it(`Mutation.${name}: only on meetings the member hosts; the write never reaches Zoom otherwise`, async () => {
      gw.sandbox.stats.reset();
      const other = await gw.graphql(mutation(gw.people.other.meetingId), 'member');
      expect(codes(other.body)).toEqual(['FORBIDDEN']);
      expect(gw.sandbox.stats.count(op)).toBe(0);
      const own = await gw.graphql(mutation(gw.people.owner.meetingId), 'member');
      expect(codes(own.body)).not.toContain('FORBIDDEN');
      expect((await gw.graphql(mutation(gw.people.owner.meetingId), null)).status).toBe(401);
    });
  }

  it('a member JWT bound by email reads its own meetings and nobody else\'s', async () => {
    const token = await gw.jwt({ sub: 'owner', role: 'member', email: gw.people.owner.email });
    const own = await gw.post({ query: `{ meeting(id: "${gw.people.other.meetingId}") { id } me { id } }` }, { authorization: `Bearer ${token}` });
    expect(own.body.data.me.id).toBe(gw.people.owner.id);
    expect(codes(own.body)).toEqual(['FORBIDDEN']);
    const admin = await gw.post({ query: '{ users(first: 1) { totalCount } }' }, { authorization: `Bearer ${await gw.jwt({ sub: 'ops', role: 'admin' })}` });
    expect(codes(admin.body)).toEqual([]);
  });
});
