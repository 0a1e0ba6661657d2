import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLEnumType, GraphQLInterfaceType, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MEETING_EVENT_TYPENAMES, USER_EVENT_TYPENAMES } from '../../src/events/types.ts';

// The event model and schema/subscription.graphql must name the same event kinds and object types.
const schemaDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema');

function loadSchema(): GraphQLSchema {
  const sdl = readdirSync(schemaDir)
    .filter((name) => name.endsWith('.graphql'))
    .map((name) => readFileSync(resolve(schemaDir, name), 'utf8'));
  return makeExecutableSchema({ typeDefs: sdl });
}

describe('event model and SDL', () => {
  const schema = loadSchema();

  it.each([
    ['MeetingEventType', 'MeetingEvent', MEETING_EVENT_TYPENAMES],
    ['UserEventType', 'UserEvent', USER_EVENT_TYPENAMES],
  ] as const)('%s values and %s implementations match the model', (enumName, interfaceName, typenames) => {
    const enumType = schema.getType(enumName);
    expect(enumType).toBeInstanceOf(GraphQLEnumType);
    expect((enumType as GraphQLEnumType).getValues().map((v) => v.name).sort()).toEqual(Object.keys(typenames).sort());
    const iface = schema.getType(interfaceName) as GraphQLInterfaceType;
    const implementations = schema.getPossibleTypes(iface).map((t) => t.name).sort();
    expect(implementations).toEqual(Object.values(typenames).sort());
    for (const name of implementations) expect(schema.getType(name)).toBeInstanceOf(GraphQLObjectType);
  });

  it('subscriptions take the filters the filter functions implement', () => {
    const fields = schema.getSubscriptionType()!.getFields();
    expect(fields['meetingEvents']!.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['filter: MeetingEventFilter']);
    expect(fields['userEvents']!.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['filter: UserEventFilter']);
    const meetingFilter = schema.getType('MeetingEventFilter') as unknown as { getFields(): Record<string, unknown> };
    expect(Object.keys(meetingFilter.getFields()).sort()).toEqual(['hostId', 'meetingId', 'types']);
    const userFilter = schema.getType('UserEventFilter') as unknown as { getFields(): Record<string, unknown> };
    expect(Object.keys(userFilter.getFields()).sort()).toEqual(['types', 'userId']);
  });
});
