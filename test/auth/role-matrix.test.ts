import {
  getNamedType, isInterfaceType, isLeafType, isObjectType, type GraphQLField, type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyFieldAccess } from '../../src/auth/apply-field-access.ts';
import type { Caller } from '../../src/auth/caller.ts';
import type { FieldRule } from '../../src/auth/field-rules.ts';
import { GATEWAY_FIELD_RULES } from '../../src/auth/gateway-field-rules.ts';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import type { SandboxRequest, SandboxResponse } from '../../src/sandbox/types.ts';
import type { MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { collect, waitUntil, type Collector } from '../e2e/helpers.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from '../security/secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

function codes(body: any): string[] {
  return (body.errors ?? []).map((error: any) => error.extensions?.code);
}

/**
 * The role matrix is generated from the schema and `GATEWAY_FIELD_RULES`: every field of every object type a query
 * can reach is selected as an admin, as a member bound to the user who owns the object ("own") and as a member bound
 * to someone else ("other"), and the outcome is the one the field's rules (and those of the fields on the way to it)
 * call for. A new field is in the matrix as soon as it is in the schema; a new type fails the coverage test below
 * until it has an entry in `REACH`.
 */
const schema = buildGatewaySchema();

/**
 * How to reach an instance of each object type from a root field: field segments (with their arguments) from
 * `Query` down to a parent of the type. `$user`, `$meeting`, `$past`, `$from` and `$to` are filled per witness.
 */
const REACH: Readonly<Record<string, readonly string[]>> = {
  User: ['user(id: $user)'],
  Role: ['user(id: $user)', 'role'],
  UserConnection: ['users(first: 2)'],
  UserEdge: ['users(first: 2)', 'edges'],
  PageInfo: ['user(id: $user)', 'meetings(first: 2)', 'pageInfo'],
  Meeting: ['meeting(id: $meeting)'],
  MeetingSettings: ['meeting(id: $meeting)', 'settings'],
  Recurrence: ['meeting(id: $meeting)', 'recurrence'],
  Occurrence: ['meeting(id: $meeting)', 'occurrences'],
  MeetingConnection: ['user(id: $user)', 'meetings(first: 2)'],
  MeetingEdge: ['user(id: $user)', 'meetings(first: 2)', 'edges'],
  Registrant: ['meeting(id: $meeting)', 'registrants(first: 5)', 'nodes'],
  RegistrantAnswer: ['meeting(id: $meeting)', 'registrants(first: 30)', 'nodes', 'customQuestions'],
  RegistrantConnection: ['meeting(id: $meeting)', 'registrants(first: 5)'],
  RegistrantEdge: ['meeting(id: $meeting)', 'registrants(first: 5)', 'edges'],
  PastMeeting: ['pastMeeting(id: $past)'],
  Participant: ['pastMeeting(id: $past)', 'participants(first: 5)', 'nodes'],
  ParticipantConnection: ['pastMeeting(id: $past)', 'participants(first: 5)'],
  ParticipantEdge: ['pastMeeting(id: $past)', 'participants(first: 5)', 'edges'],
  Recording: ['user(id: $user)', 'recordings(from: $from, to: $to, first: 5)', 'nodes'],
  RecordingFile: ['user(id: $user)', 'recordings(from: $from, to: $to, first: 5)', 'nodes', 'files'],
  RecordingConnection: ['user(id: $user)', 'recordings(from: $from, to: $to, first: 5)'],
  RecordingEdge: ['user(id: $user)', 'recordings(from: $from, to: $to, first: 5)', 'edges'],
  RecordingSettings: ['meeting(id: $meeting)', 'recordingSettings'],
  PastMeetingConnection: ['meeting(id: $meeting)', 'history(first: 2)'],
  MeetingReportConnection: ['user(id: $user)', 'meetingHistory(from: $from, to: $to, first: 5)'],
  MeetingReportEdge: ['user(id: $user)', 'meetingHistory(from: $from, to: $to, first: 5)', 'edges'],
  AttendanceConnection: ['pastMeeting(id: $past)', 'attendanceReport(first: 5)'],
  AttendanceEdge: ['pastMeeting(id: $past)', 'attendanceReport(first: 5)', 'edges'],
  AttendanceRecord: ['pastMeeting(id: $past)', 'attendanceReport(first: 5)', 'nodes'],
  // Admin only: a month within Zoom's reach of the daily report (this one).
  DailyUsageReport: [`dailyUsage(year: ${new Date().getUTCFullYear()}, month: ${new Date().getUTCMonth() + 1})`],
  DailyUsage: [`dailyUsage(year: ${new Date().getUTCFullYear()}, month: ${new Date().getUTCMonth() + 1})`, 'days'],
  PastMeetingEdge: ['meeting(id: $meeting)', 'history(first: 2)', 'edges'],
};

const fieldName = (segment: string): string => segment.split('(')[0]!;

/** The rule `applyFieldAccess` applies to `type.field`: its own, else its interface's. */
function ruleOf(type: GraphQLObjectType, field: string): FieldRule | undefined {
  return GATEWAY_FIELD_RULES[`${type.name}.${field}`] ??
    type.getInterfaces().map((iface) => GATEWAY_FIELD_RULES[`${iface.name}.${field}`]).find((rule) => rule !== undefined);
}

/** The object types reachable from `root`'s fields, `root` itself left out. */
function reachableFrom(root: GraphQLObjectType, skip: ReadonlySet<string> = new Set()): Set<string> {
  const seen = new Set<string>();
  const queue: GraphQLNamedType[] = [root];
  while (queue.length > 0) {
    const type = queue.shift()!;
    if (!(isObjectType(type) || isInterfaceType(type))) continue;
    const next = [
      ...Object.values(type.getFields()).map((field) => getNamedType(field.type)),
      ...(isInterfaceType(type) ? schema.getPossibleTypes(type) : []),
    ];
    for (const named of next) {
      if (named === root || seen.has(named.name) || skip.has(named.name) || isLeafType(named)) continue;
      seen.add(named.name);
      queue.push(named);
    }
  }
  return new Set([...seen].filter((name) => isObjectType(schema.getType(name))));
}

/** Arguments of fields that require some, as literals (a report's range: the recordings' recent month). */
const REQUIRED_ARGUMENTS: Readonly<Record<string, () => string>> = {
  meetingHistory: () => `(from: "${RECORDING_WINDOW.from}", to: "${RECORDING_WINDOW.to}")`,
};

/** The selection of one field: leaves as they are, objects by `__typename` (their own fields are rows too). */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const name = `${field.name}${REQUIRED_ARGUMENTS[field.name]?.() ?? ''}`;
  return isLeafType(getNamedType(field.type)) ? name : `${name} { __typename }`;
}

/** The fields along `segments` from `Query`, with the type each belongs to. */
function fieldsAlong(segments: readonly string[]): Array<{ type: GraphQLObjectType; name: string }> {
  const along: Array<{ type: GraphQLObjectType; name: string }> = [];
  let type = schema.getQueryType()!;
  for (const segment of segments) {
    along.push({ type, name: fieldName(segment) });
    type = getNamedType(type.getFields()[fieldName(segment)]!.type) as GraphQLObjectType;
  }
  return along;
}

const PASS_THROUGH = new Set<FieldRule['kind']>(['parent', 'authenticated']);

/**
 * Which field, if any, refuses a member, from the rules on the way down: `own` is refused by an admin-only rule;
 * `other` by the first rule that is not `parent`/`authenticated` (ownership is decided there). Indexes into the
 * path of field names (root first, the field last); undefined when the member gets the value.
 */
function refusedAt(rules: ReadonlyArray<FieldRule | undefined>, role: 'own' | 'other'): number | undefined {
  const index = rules.findIndex((rule) => rule === undefined || rule.kind === 'admin' || (role === 'other' && !PASS_THROUGH.has(rule.kind)));
  return index === -1 ? undefined : index;
}

/**
 * What a member gets where a rule refuses: a root read of another's object answers like a missing one (NOT_FOUND),
 * so members cannot probe which ids exist (issue 12); a field of an object already reached is FORBIDDEN.
 */
function refusalCode(rule: FieldRule | undefined): 'NOT_FOUND' | 'FORBIDDEN' {
  return rule?.kind === 'hostedResult' || rule?.kind === 'userArgument' ? 'NOT_FOUND' : 'FORBIDDEN';
}

function nest(segments: readonly string[], inner: string): string {
  return segments.reduceRight((acc, segment) => `${segment} { ${acc} }`, inner);
}

/** The objects at the end of `names` in `data`, lists flattened. */
function objectsAt(data: unknown, names: readonly string[]): unknown[] {
  let level: unknown[] = [data];
  for (const name of names) {
    level = level.flatMap((value) => {
      const next = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[name];
      return Array.isArray(next) ? next : next === undefined || next === null ? [] : [next];
    });
  }
  return level;
}

/**
 * `data` with cursors and play links' tokens blanked: each embeds the time of its own request (a page token's, a
 * link's expiry), so no two requests share one.
 */
function comparable(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data), (key, value) => {
    if ((key === 'cursor' || key === 'endCursor' || key === 'startCursor') && typeof value === 'string') return '<cursor>';
    return key === 'playUrl' && typeof value === 'string' ? value.replace(/\?t=.*$/, '?t=<token>') : value;
  });
}

interface Person {
  id: string;
  email: string;
}

/** One place where `REACH[type]` yields at least one object for the admin: its variables and who owns it. */
interface Witness {
  owner: Person;
  variables: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zoom lists recordings of at most one month at a time; the sandbox's are recent. */
const RECORDING_WINDOW = {
  from: new Date(Date.now() - 28 * DAY_MS).toISOString().slice(0, 10),
  to: new Date(Date.now() + DAY_MS).toISOString().slice(0, 10),
};

function fill(segments: readonly string[], variables: Record<string, string>): string[] {
  return segments.map((segment) => segment.replace(/\$(\w+)/g, (_match, name: string) => JSON.stringify(variables[name] ?? '')));
}

async function asAdmin(query: string): Promise<any> {
  const { body } = await gw.graphql(query, 'admin');
  return body;
}

/**
 * Finds a witness for `segments` among the sandbox's users (owner and other first), their meetings and ended
 * meetings, asking as the admin.
 */
async function findWitness(segments: readonly string[], people: Person[]): Promise<Witness> {
  const path = segments.map(fieldName);
  const uses = (name: string) => segments.some((segment) => segment.includes(`$${name}`));
  for (const person of people) {
    let candidates: Array<Record<string, string>> = [{ user: person.id, ...RECORDING_WINDOW }];
    if (uses('meeting') || uses('past')) {
      const listed = await asAdmin(`{ user(id: ${JSON.stringify(person.id)}) { meetings(first: 300) { nodes { id lastInstance { uuid } } } } }`);
      const meetings: Array<{ id: string; lastInstance: unknown }> = listed.data?.user?.meetings?.nodes ?? [];
      candidates = meetings
        .filter((meeting) => !uses('past') || meeting.lastInstance !== null)
        .map((meeting) => ({ user: person.id, meeting: meeting.id, past: meeting.id, ...RECORDING_WINDOW }));
    }
    for (const variables of candidates) {
      const body = await asAdmin(`{ ${nest(fill(segments, variables), '__typename')} }`);
      if (objectsAt(body.data, path).length > 0) return { owner: person, variables };
    }
  }
  throw new Error(`no sandbox data reaches ${segments.join(' > ')}: pick another path in REACH`);
}

type MemberRole = 'own' | 'other';

/**
 * The sandbox's registrants answer no custom questions; Zoom's carry them when the meeting asks any
 * (`custom_questions` in `GET /meetings/{meetingId}/registrants`). Adds one answer to each, so `RegistrantAnswer`
 * has data to check; returns the undo.
 * @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/meetings/{meetingId}/registrants
 */
function withRegistrantAnswers(sandbox: SecuredGateway['sandbox']): () => void {
  const model = sandbox.model as { handle(request: SandboxRequest): SandboxResponse };
  const handle = model.handle.bind(model);
  model.handle = (request) => {
    const response = handle(request);
    if (request.operation !== 'meetingRegistrants' || response.status !== 200) return response;
    const body = response.body as { registrants?: Array<Record<string, unknown>> };
    const registrants = body.registrants?.map((registrant) => ({ ...registrant, custom_questions: [{ title: 'Team', value: 'Platform' }] }));
    return { ...response, body: { ...body, registrants } };
  };
  return () => {
    delete (model as Partial<typeof model>).handle;
  };
}

describe('role matrix: every field of every type a query reaches, per role', () => {
  const witnesses = new Map<string, Witness>();
  const members = new Map<string, string>();
  let people: Person[] = [];

  /** A member JWT bound (by email, the default binding) to `person`, made once per person. */
  async function memberToken(person: Person): Promise<string> {
    let token = members.get(person.id);
    if (token === undefined) {
      token = await gw.jwt({ sub: `member-${person.id}`, role: 'member', email: person.email });
      members.set(person.id, token);
    }
    return token;
  }

  let restoreRegistrants: (() => void) | undefined;
  afterAll(() => restoreRegistrants?.());

  beforeAll(async () => {
    restoreRegistrants = withRegistrantAnswers(gw.sandbox);
    const listed = await asAdmin('{ users(first: 30) { nodes { id email } } }');
    const rest: Person[] = listed.data.users.nodes.filter((user: Person) => user.id !== gw.people.owner.id && user.id !== gw.people.other.id);
    people = [gw.people.owner, gw.people.other, ...rest];
    for (const [type, segments] of Object.entries(REACH)) witnesses.set(type, await findWitness(segments, people));
  });

  it('covers every object type a query can reach (types only events reach are in the event matrix below)', () => {
    expect(Object.keys(REACH).sort()).toEqual([...reachableFrom(schema.getQueryType()!)].sort());
  });

  it('puts every password, passcode, host key and start URL under the host-or-admin sensitive rule', () => {
    const sensitive: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!/pass(word|code)|hostKey|startUrl|secret|token|zak/i.test(field)) continue;
        sensitive.push(`${type.name}.${field}`);
        expect(ruleOf(type, field), `${type.name}.${field}`).toEqual({ kind: 'host', sensitive: true });
      }
    }
    // The pattern finds the ones issue 5 names; a renamed field must not slip out of it unnoticed.
    expect(sensitive).toEqual(expect.arrayContaining(['Meeting.startUrl', 'Meeting.password', 'Recording.playPasscode']));
  });

  for (const [typeName, segments] of Object.entries(REACH)) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      const rules = [...fieldsAlong(segments).map(({ type: owner, name }) => ruleOf(owner, name)), ruleOf(type, field.name)];
      const expectation = (['own', 'other'] as const)
        .map((role) => {
          const at = refusedAt(rules, role);
          return `${role} ${at === undefined ? 'value' : refusalCode(rules[at])}`;
        })
        .join(', ');
      it(`${typeName}.${field.name}: admin value, ${expectation}`, async () => {
        const witness = witnesses.get(typeName)!;
        const other = people.find((person) => person.id !== witness.owner.id)!;
        const query = `{ ${nest(fill(segments, witness.variables), selectionOf(field))} }`;
        const [admin, own, theirs, anonymous] = await Promise.all([
          gw.graphql(query, 'admin'),
          gw.post({ query }, { authorization: `Bearer ${await memberToken(witness.owner)}` }),
          gw.post({ query }, { authorization: `Bearer ${await memberToken(other)}` }),
          gw.graphql(query, null),
        ]);
        const names = [...segments.map(fieldName), field.name];

        // The admin reads it, through an object that exists (so the field's resolver and its rule ran).
        expect(admin.body.errors, JSON.stringify(admin.body.errors)).toBeUndefined();
        expect(objectsAt(admin.body.data, segments.map(fieldName)).length).toBeGreaterThan(0);
        // Policy, not only enforcement: whatever the rules say, a member never reads data of another user's.
        expect(refusedAt(rules, 'other'), 'a rule on the way refuses another member').toBeDefined();

        for (const [role, response] of [['own', own], ['other', theirs]] as Array<[MemberRole, typeof own]>) {
          const at = refusedAt(rules, role);
          if (at === undefined) {
            // The value itself, as the admin saw it: not masked, not nulled.
            expect(response.body.errors, `${role}: ${JSON.stringify(response.body.errors)}`).toBeUndefined();
            expect(comparable(response.body.data), role).toEqual(comparable(admin.body.data));
            continue;
          }
          // FORBIDDEN (NOT_FOUND at a root read) at the field whose rule refuses (the field itself or the one that
          // reached its parent), and nothing under it in the data.
          expect(codes(response.body), role).toEqual([refusalCode(rules[at])]);
          const errorPath = (response.body.errors[0].path as Array<string | number>).filter((key) => typeof key === 'string');
          expect(errorPath, role).toEqual(names.slice(0, at + 1));
          expect(objectsAt(response.body.data, names.slice(0, at + 1)), role).toEqual([]);
        }
        expect(anonymous.status).toBe(401);
      });
    }
  }
});

/**
 * Each field's own rule, on an object another user owns. Every path from a root field passes an ownership check
 * first, so the matrix above cannot tell whether the rules further down hold; here every field of every type
 * resolves as a sentinel behind `applyFieldAccess`, and is called directly with a parent owned by `u-owner`.
 */
describe('role matrix: each field\'s own rule on an object another user owns', () => {
  const SENTINEL = Symbol('resolved');
  const guarded = buildGatewaySchema();
  const roots = new Set([guarded.getQueryType(), guarded.getMutationType(), guarded.getSubscriptionType()].map((type) => type?.name));
  for (const type of Object.values(guarded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) field.resolve = () => SENTINEL;
  }
  applyFieldAccess(guarded, GATEWAY_FIELD_RULES);

  const owned = { id: 'u-owner', email: 'owner@example.test', host_id: 'u-owner', hostId: 'u-owner' };
  const callers: Record<'admin' | MemberRole, Caller> = {
    admin: { kind: 'api-key', role: 'admin', subject: 'ops' },
    own: { kind: 'api-key', role: 'member', subject: 'owner', zoomUserId: 'u-owner' },
    other: { kind: 'api-key', role: 'member', subject: 'other', zoomUserId: 'u-other' },
  };
  const context = (caller: Caller) => ({
    caller,
    loaders: { users: { load: () => Promise.reject(new Error('no lookup expected')) } },
    zoom: { call: () => Promise.reject(new Error('no Zoom call expected')) },
  });

  async function outcome(type: GraphQLObjectType, field: string, caller: Caller): Promise<'value' | string> {
    try {
      const result = await type.getFields()[field]!.resolve!(owned, {}, context(caller), {} as never);
      return result === SENTINEL ? 'value' : `unexpected ${String(result)}`;
    } catch (error) {
      return (error as { extensions?: { code?: string } }).extensions?.code ?? String(error);
    }
  }

  for (const type of Object.values(guarded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type.name)) continue;
    for (const field of Object.keys(type.getFields())) {
      const rule = ruleOf(type, field);
      const kind = rule?.kind;
      it(`${type.name}.${field} (${kind}${rule !== undefined && 'sensitive' in rule && rule.sensitive === true ? ', sensitive' : ''})`, async () => {
        // Below the roots a field passes through to its parent's check, or checks the parent's owner itself.
        expect(['parent', 'authenticated', 'admin', 'host', 'self']).toContain(kind);
        expect(await outcome(type, field, callers.admin)).toBe('value');
        expect(await outcome(type, field, callers.own)).toBe(kind === 'admin' ? 'FORBIDDEN' : 'value');
        expect(await outcome(type, field, callers.other)).toBe(kind === 'parent' || kind === 'authenticated' ? 'value' : 'FORBIDDEN');
      });
    }
  }
});

/**
 * Event types are reached only through subscriptions. One subscription per role selects every field of every event
 * type (generated from the schema); one event of each type about the owner's meeting or user is published on the
 * gateway's pub/sub, then one about another user's, so a stream that has the latter has had its chance at the former.
 */
describe('role matrix: every field of every event type, per role', () => {
  const subscriptionType = schema.getSubscriptionType()!;
  const eventTypes = [...reachableFrom(subscriptionType, reachableFrom(schema.getQueryType()!))].sort();

  /** Every field; objects only events reach are selected whole, the rest (Meeting, User) by `__typename`. */
  function selectAll(type: GraphQLObjectType): string {
    return Object.values(type.getFields())
      .map((field) => {
        const named = getNamedType(field.type);
        if (isLeafType(named)) return field.name;
        return isObjectType(named) && eventTypes.includes(named.name) ? `${field.name} { ${selectAll(named)} }` : `${field.name} { __typename }`;
      })
      .join(' ');
  }

  function subscriptionFor(root: 'meetingEvents' | 'userEvents'): string {
    const iface = getNamedType(subscriptionType.getFields()[root]!.type);
    const fragments = schema.getPossibleTypes(iface as never).map((type) => `... on ${type.name} { ${selectAll(type)} }`);
    return `subscription { ${root} { __typename ${fragments.join(' ')} } }`;
  }

  function meetingEvents(meetingId: string, hostId: string, email: string): GatewayEvent[] {
    const base = { kind: 'meeting' as const, meetingId, hostId, operatorId: hostId, operator: email, occurredAt: '2030-01-01T00:00:00.000Z', meeting: { id: Number(meetingId), topic: 'Matrix' } };
    const participant = { id: hostId, userId: '16778240', participantUuid: 'p-1', name: 'Host', email, registrantId: 'r-1', at: '2030-01-01T00:01:00Z' };
    return [
      { ...base, zoomEvent: 'meeting.created', type: 'CREATED' },
      { ...base, zoomEvent: 'meeting.updated', type: 'UPDATED', changedFields: ['topic'], previous: { topic: 'Before' }, occurrenceIds: ['1893456000000'] },
      { ...base, zoomEvent: 'meeting.deleted', type: 'DELETED', occurrenceIds: ['1893456000000'] },
      { ...base, zoomEvent: 'meeting.started', type: 'STARTED', startedAt: '2030-01-01T00:00:00Z' },
      { ...base, zoomEvent: 'meeting.ended', type: 'ENDED', endedAt: '2030-01-01T01:00:00Z' },
      { ...base, zoomEvent: 'meeting.participant_joined', type: 'PARTICIPANT_JOINED', participant },
      { ...base, zoomEvent: 'meeting.participant_left', type: 'PARTICIPANT_LEFT', participant: { ...participant, leaveReason: 'left the meeting' } },
    ];
  }

  function userEvents(userId: string, email: string): GatewayEvent[] {
    const base = { kind: 'user' as const, userId, email, operatorId: userId, operator: email, occurredAt: '2030-01-01T00:00:00.000Z', user: { id: userId, email } };
    return [
      { ...base, zoomEvent: 'user.created', type: 'CREATED', creationType: 'create' },
      { ...base, zoomEvent: 'user.updated', type: 'UPDATED', changedFields: ['department'], previous: { dept: 'Before' } },
      { ...base, zoomEvent: 'user.deactivated', type: 'DEACTIVATED' },
      { ...base, zoomEvent: 'user.activated', type: 'ACTIVATED' },
      { ...base, zoomEvent: 'user.deleted', type: 'DELETED' },
    ];
  }

  const clients: Client[] = [];
  function client(connectionParams: Record<string, unknown>): Client {
    const created = createClient({ url: gw.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
    clients.push(created);
    return created;
  }
  afterAll(async () => {
    await Promise.all(clients.map((created) => created.dispose()));
  });

  type Streams = Record<'admin' | MemberRole, Collector<any>>;
  const received: Partial<Record<'meetingEvents' | 'userEvents', Streams>> = {};

  beforeAll(async () => {
    const { owner, other } = gw.people;
    const otherToken = await gw.jwt({ sub: 'member-other', role: 'member', email: other.email });
    const pubsub = gw.gateway.pubsub as MemoryPubSub<GatewayEvent>;
    for (const [root, topic, own, theirs] of [
      ['meetingEvents', MEETING_EVENTS_TOPIC, meetingEvents(owner.meetingId, owner.id, owner.email), meetingEvents(other.meetingId, other.id, other.email).slice(0, 1)],
      ['userEvents', USER_EVENTS_TOPIC, userEvents(owner.id, owner.email), userEvents(other.id, other.email).slice(0, 1)],
    ] as const) {
      const query = subscriptionFor(root);
      const streams: Streams = {
        admin: collect(client({ 'x-api-key': TEST_KEYS.admin }), query),
        own: collect(client({ 'x-api-key': TEST_KEYS.member }), query),
        other: collect(client({ authorization: `Bearer ${otherToken}` }), query),
      };
      await waitUntil(() => pubsub.subscriberCount(topic) === 3, `the ${root} subscriptions are live`);
      for (const event of [...own, ...theirs]) await pubsub.publish(topic, event);
      await waitUntil(
        () => streams.admin.received.length === own.length + 1 && streams.own.received.length === own.length && streams.other.received.length === 1,
        `the ${root} events arrive`,
      );
      for (const stream of Object.values(streams)) stream.stop();
      received[root] = streams;
    }
  });

  it('covers every event type', () => {
    const published = [...meetingEvents('1', 'h', 'e'), ...userEvents('u', 'e')].map((event) => `${event.kind}:${event.type}`);
    expect(new Set(published).size).toBe(schema.getPossibleTypes(schema.getType('MeetingEvent') as never).length + schema.getPossibleTypes(schema.getType('UserEvent') as never).length);
    expect(eventTypes).toEqual(expect.arrayContaining(['MeetingCreatedEvent', 'ParticipantLeftEvent', 'MeetingEventParticipant', 'UserDeletedEvent']));
  });

  for (const root of ['meetingEvents', 'userEvents'] as const) {
    const subscriptionRule = ruleOf(subscriptionType, root);
    const iface = getNamedType(subscriptionType.getFields()[root]!.type);
    for (const type of schema.getPossibleTypes(iface as never)) {
      const fields = Object.values(type.getFields()).flatMap((field) => {
        const named = getNamedType(field.type);
        const nested = isObjectType(named) && eventTypes.includes(named.name) ? Object.keys(named.getFields()).map((name) => ({ path: [field.name, name], rules: [ruleOf(type, field.name), ruleOf(named, name)] })) : [];
        return [{ path: [field.name], rules: [ruleOf(type, field.name)] }, ...nested];
      });
      for (const { path, rules } of fields) {
        it(`${type.name}.${path.join('.')}: admin and own value, other never receives the event`, () => {
          expect(subscriptionRule?.kind).toBe('ownEvents');
          // Event fields pass through (`parent`): the stream's own filter decides who hears the event at all.
          expect(refusedAt(rules, 'own')).toBeUndefined();
          const streams = received[root]!;
          const ofType = (stream: Collector<any>) => stream.received.map((result) => result.data?.[root]).filter((event) => event?.__typename === type.name);
          const [adminEvent] = ofType(streams.admin).filter((event) => event.meetingId === gw.people.owner.meetingId || event.userId === gw.people.owner.id);
          const [ownEvent] = ofType(streams.own);
          expect(adminEvent, 'the admin hears it').toBeDefined();
          expect(ownEvent, 'the owner hears it').toBeDefined();
          for (const stream of Object.values(streams)) expect(stream.received.flatMap((result) => result.errors ?? [])).toEqual([]);
          const valueAt = (event: any) => path.reduce((value, key) => value?.[key], event);
          expect(valueAt(adminEvent)).not.toBeUndefined();
          expect(valueAt(ownEvent)).toEqual(valueAt(adminEvent));
          // The other member hears only the other user's event, never this one.
          expect(ofType(streams.other).filter((event) => event.meetingId === gw.people.owner.meetingId || event.userId === gw.people.owner.id)).toEqual([]);
        });
      }
    }
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

  it('Query.users is admin only: FORBIDDEN at users, which is null, and the rest of the answer stays intact', async () => {
    expect(codes((await gw.graphql('{ users(first: 2) { totalCount } }', 'admin')).body)).toEqual([]);
    const member = await gw.graphql('{ me { email } users(first: 2) { totalCount } }', 'member');
    expect(member.status).toBe(200);
    expect(member.body.errors.map((e: any) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([[['users'], 'FORBIDDEN', 'ACCESS_RULE']]);
    // Issue 11: this answered `data: null` while `users` was non-null, taking the member's own `me` with it.
    expect(member.body.data).toEqual({ me: { email: gw.people.owner.email }, users: null });
  });

  it('a refused nullable root field is null with NOT_FOUND at its path, the rest of the data intact', async () => {
    const member = await gw.graphql(
      `{ me { id } mine: meeting(id: "${gw.people.owner.meetingId}") { id startUrl } theirs: meeting(id: "${gw.people.other.meetingId}") { id startUrl } }`,
      'member',
    );
    expect(member.body.data.me.id).toBe(gw.people.owner.id);
    expect(member.body.data.mine.id).toBe(gw.people.owner.meetingId);
    expect(member.body.data.mine.startUrl).toBeTypeOf('string');
    expect(member.body.data.theirs).toBeNull();
    expect(member.body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([[['theirs'], 'NOT_FOUND']]);
  });

  it('Query.user by email: own allowed, other answered NOT_FOUND', async () => {
    expect((await gw.graphql(`{ user(id: "${gw.people.owner.email}") { id } }`, 'member')).body.data.user.id).toBe(gw.people.owner.id);
    const other = await gw.graphql(`{ user(id: "${gw.people.other.email}") { id } }`, 'memberByEmail');
    expect(codes(other.body)).toEqual(['NOT_FOUND']);
  });

  it('Query.pastMeeting of another host is NOT_FOUND', async () => {
    const other = await gw.graphql(`{ pastMeeting(id: "${gw.people.other.meetingId}") { id } }`, 'member');
    expect(codes(other.body)).toEqual(['NOT_FOUND']);
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
      expect(codes(other.body)).toEqual(['NOT_FOUND']);
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
    expect(codes(own.body)).toEqual(['NOT_FOUND']);
    const admin = await gw.post({ query: '{ users(first: 1) { totalCount } }' }, { authorization: `Bearer ${await gw.jwt({ sub: 'ops', role: 'admin' })}` });
    expect(codes(admin.body)).toEqual([]);
  });
});
