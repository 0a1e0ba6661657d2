import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, subscribe, execute, isObjectType, isInterfaceType, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyFieldAccess, FieldAccessConfigError, findFieldRuleProblems } from '../../src/auth/apply-field-access.ts';
import type { Caller } from '../../src/auth/caller.ts';
import { GATEWAY_FIELD_RULES } from '../../src/auth/gateway-field-rules.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';

const admin: Caller = { kind: 'api-key', role: 'admin', subject: 'ops' };
const alice: Caller = { kind: 'api-key', role: 'member', subject: 'alice', zoomUserId: 'u-alice' };

describe('every field has an access rule (default deny)', () => {
  it('walks the gateway schema, Query, Mutation and Subscription included: no field without a rule, no stale rule', () => {
    const schema = buildGatewaySchema();
    const fields: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.keys(type.getFields())) fields.push(`${type.name}.${field}`);
    }
    // The walk covers the operation roots, whoever adds fields to them.
    expect(fields).toContain('Mutation.updateMeeting');
    expect(fields).toContain('Subscription.meetingEvents');
    expect(findFieldRuleProblems(schema, GATEWAY_FIELD_RULES)).toEqual([]);
    expect(() => applyFieldAccess(buildGatewaySchema(), GATEWAY_FIELD_RULES)).not.toThrow();
  });

  it('refuses to start when a field has no rule, naming it', () => {
    const schema = makeExecutableSchema({ typeDefs: 'type Query { open: String secret: String }' });
    expect(() => applyFieldAccess(schema, { 'Query.open': { kind: 'authenticated' } })).toThrow(FieldAccessConfigError);
    expect(() => applyFieldAccess(schema, { 'Query.open': { kind: 'authenticated' } })).toThrow(/Query\.secret has no access rule/);
  });

  it('refuses a rule for a field the schema lacks, and an argument rule naming a missing argument', () => {
    const schema = makeExecutableSchema({ typeDefs: 'type Query { user(id: ID!): String }' });
    expect(findFieldRuleProblems(schema, { 'Query.user': { kind: 'userArgument', argument: 'email' }, 'Query.gone': { kind: 'admin' } })).toEqual([
      'Query.user: its userArgument rule names the argument "email", which the field does not have.',
      'Query.gone has a rule but the schema has no such field: remove the rule.',
    ]);
  });

  it('denies a field without a rule at run time too, for every role, leaving the rest of the data', async () => {
    const schema = applyFieldAccess(
      makeExecutableSchema({ typeDefs: 'type Query { open: String secret: String }', resolvers: { Query: { open: () => 'yes', secret: () => 'leaked' } } }),
      { 'Query.open': { kind: 'authenticated' } },
      { allowMissingRules: true },
    );
    for (const caller of [admin, alice]) {
      const result = (await execute({ schema, document: parse('{ open secret }'), contextValue: { caller } })) as ExecutionResult;
      expect(result.data).toEqual({ open: 'yes', secret: null });
      expect(result.errors?.map((error) => [error.path, error.extensions['code']])).toEqual([[['secret'], 'FORBIDDEN']]);
    }
    const anonymous = (await execute({ schema, document: parse('{ open }'), contextValue: {} })) as ExecutionResult;
    expect(anonymous.errors?.[0]?.extensions['code']).toBe('UNAUTHENTICATED');
  });
});

describe('subscriptions: a member receives only events about its meetings and its user', () => {
  const typeDefs = `
    type Query { ok: Boolean }
    type Event { kind: String! hostId: ID userId: ID email: String }
    type Subscription { events: Event! }`;
  const events = [
    { kind: 'meeting', hostId: 'u-alice' },
    { kind: 'meeting', hostId: 'u-bob' },
    { kind: 'meeting' },
    { kind: 'user', userId: 'u-alice' },
    { kind: 'user', userId: 'u-bob' },
  ];
  const build = () =>
    applyFieldAccess(
      makeExecutableSchema({
        typeDefs,
        resolvers: {
          Subscription: {
            events: {
              subscribe: async function* () {
                for (const event of events) yield { events: event };
              },
            },
          },
        },
      }),
      {
        'Query.ok': { kind: 'authenticated' },
        'Subscription.events': { kind: 'ownEvents' },
        'Event.kind': { kind: 'parent' },
        'Event.hostId': { kind: 'parent' },
        'Event.userId': { kind: 'parent' },
        'Event.email': { kind: 'parent' },
      },
    );

  async function received(caller: Caller | undefined): Promise<unknown[]> {
    const stream = await subscribe({ schema: build(), document: parse('subscription { events { kind hostId userId } }'), contextValue: { caller } });
    if (!(Symbol.asyncIterator in stream)) return [stream];
    const out: unknown[] = [];
    for await (const result of stream) out.push((result.data as { events: unknown }).events);
    return out;
  }

  it('admin: every event', async () => {
    expect(await received(admin)).toHaveLength(5);
  });

  it('member: its hosted meetings and its own user only', async () => {
    expect(await received(alice)).toEqual([
      { kind: 'meeting', hostId: 'u-alice', userId: null },
      { kind: 'user', hostId: null, userId: 'u-alice' },
    ]);
  });

  it('no caller: refused with UNAUTHENTICATED', async () => {
    const [result] = (await received(undefined)) as ExecutionResult[];
    expect(result?.errors?.[0]?.extensions['code']).toBe('UNAUTHENTICATED');
  });
});
