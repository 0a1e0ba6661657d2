import { isEnumType, isInputObjectType, isObjectType, isScalarType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema, schemaDirectory } from '../../src/graphql/schema.ts';

describe('buildGatewaySchema', () => {
  const schema = buildGatewaySchema();

  it('loads schema/*.graphql from the package root', () => {
    expect(schemaDirectory()).toMatch(/schema\/?$/);
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual(['dailyUsage', 'me', 'meeting', 'node', 'nodes', 'pastMeeting', 'user', 'users']);
  });

  it('describes every type, field, argument and enum value (users read them in the playground)', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
      if (!type.description && type.name !== 'Query') missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('exposes lists as Relay connections with first/after', () => {
    const sdl = printSchema(schema);
    for (const name of ['User', 'Meeting', 'Registrant', 'Participant', 'Recording']) {
      expect(sdl).toContain(`type ${name}Connection {`);
      expect(sdl).toContain(`type ${name}Edge {`);
    }
    expect(sdl).toMatch(/type PageInfo \{[^}]*hasNextPage: Boolean![^}]*endCursor: String/s);
  });
});
