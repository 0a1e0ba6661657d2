import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';

const run = promisify(execFile);
const relayCli = createRequire(import.meta.url).resolve('relay-compiler/cli.js');

/**
 * relay-compiler (issue 11 item 2) compiles documents against the gateway's schema: a refetchable fragment on User
 * needs the Node interface and `node(id:)`, connections need Relay's PageInfo. Runs the npm package's prebuilt binary.
 */
describe('relay-compiler accepts the schema', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'schema.graphql'), printSchema(buildGatewaySchema()));
    await writeFile(join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript' }));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('compiles node refetch, refetchable fragments on every Node type and connections', async () => {
    await writeFile(join(dir, 'src', 'app.ts'), `import { graphql } from 'relay-runtime';
export const meeting = graphql\`
  query appMeetingQuery($id: ID!) {
    node(id: $id) { id ... on Meeting { topic occurrences { id occurrenceId } history(first: 2) { edges { node { id meetingId } } pageInfo { hasNextPage endCursor } } } }
  }
\`;
export const user = graphql\`
  fragment app_user on User @refetchable(queryName: "appUserRefetchQuery") { id email meetings(first: 10) { edges { node { id topic } } } }
\`;
export const meetingFragment = graphql\`fragment app_meeting on Meeting @refetchable(queryName: "appMeetingRefetchQuery") { id topic }\`;
export const past = graphql\`
  fragment app_past on PastMeeting @refetchable(queryName: "appPastRefetchQuery") { id meetingId participants(first: 5) { edges { node { id zoomUserId } } } }
\`;
`);
    const { stderr, stdout } = await run(process.execPath, [relayCli], { cwd: dir, timeout: 60_000 });
    expect(`${stdout}${stderr}`).toContain('Compilation completed');
    const generated = await readdir(join(dir, 'src', '__generated__'));
    expect(generated).toEqual(expect.arrayContaining(['appMeetingQuery.graphql.ts', 'appUserRefetchQuery.graphql.ts', 'appMeetingRefetchQuery.graphql.ts', 'appPastRefetchQuery.graphql.ts']));
  });

  it('refuses a document the schema does not allow (the compiler really checks)', async () => {
    await writeFile(join(dir, 'src', 'app.ts'), `import { graphql } from 'relay-runtime';
export const bad = graphql\`query appBadQuery { node(id: "1") { id noSuchField } }\`;
`);
    await expect(run(process.execPath, [relayCli], { cwd: dir, timeout: 60_000 })).rejects.toMatchObject({ code: expect.any(Number) });
  });
});
