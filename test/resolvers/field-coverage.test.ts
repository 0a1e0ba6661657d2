import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { fieldsReachableFromQuery, graphqlDocumentsOf, selectedFields, stringLiteralsOf } from './selected-fields.ts';

/**
 * Issue 3: `npm test` covers every query field. A field no resolver test selects is a resolver nobody has run, and
 * a wrong wire name there (Zoom's `org` read as `organization`, say) answers null unnoticed. This test reads the
 * GraphQL documents of the resolver tests and fails on any field reachable from `Query` that none of them selects.
 */

const directory = fileURLToPath(new URL('./', import.meta.url));
const thisFile = basename(fileURLToPath(import.meta.url));

describe('resolver tests select every field reachable from Query', () => {
  it('every field of every object type a query can reach is selected by some resolver test', () => {
    const schema = buildGatewaySchema();
    const testFiles = readdirSync(directory).filter((name) => name.endsWith('.test.ts') && name !== thisFile);
    const documents = testFiles.flatMap((name) => graphqlDocumentsOf(stringLiteralsOf(readFileSync(`${directory}${name}`, 'utf8'))));
    // The resolver tests hold dozens of operations; far fewer means the extraction broke, not that they are gone.
    expect(documents.length).toBeGreaterThan(40);
    const selected = selectedFields(schema, documents);
    const reachable = fieldsReachableFromQuery(schema);
    expect(reachable).toContain('RecordingFile.playUrl');
    expect(reachable.filter((field) => !selected.has(field))).toEqual([]);
  });
});

describe('the extraction', () => {
  const schema = buildSchema(`
    type Query { user(id: ID!): User, users: [User!]! }
    type User { id: ID!, name: String, friends: [Person!]! }
    union Person = User | Robot
    type Robot { serial: String }
    type Unreached { never: String }
  `);

  it('finds documents in strings and templates, past comments, regexes and nested substitutions', () => {
    const source = [
      "// a comment with a quote ' and { user(id: 1) { id } }",
      "const pattern = /['`\"]{2}/g; const half = total / 2; const other = (a) / 3;",
      "/* block: ' \" ` */ run('{ users { id } }');",
      'run(`query ($id: ID!) { user(id: $id) { ${fields.map((f) => `${f}`).join(" ")} name } }`);',
      'run("{ user(id: \\"x\\") { friends { ... on Robot { serial } } } }");',
      "run('not graphql at all');",
    ].join('\n');
    const literals = stringLiteralsOf(source);
    expect(literals).toContain('{ users { id } }');
    expect(literals).toContain('query ($id: ID!) { user(id: $id) {  name } }');
    expect(literals).toContain('{ user(id: "x") { friends { ... on Robot { serial } } } }');
    expect(literals).not.toContain(' a comment');
    const documents = graphqlDocumentsOf(literals);
    expect(documents).toHaveLength(3);
    expect([...selectedFields(schema, documents)].sort()).toEqual([
      'Query.user',
      'Query.users',
      'Robot.serial',
      'User.friends',
      'User.id',
      'User.name',
    ]);
  });

  it('walks object types from Query through lists, non-nulls and unions, and no further', () => {
    expect(fieldsReachableFromQuery(schema)).toEqual([
      'Query.user',
      'Query.users',
      'Robot.serial',
      'User.friends',
      'User.id',
      'User.name',
    ]);
  });
});
