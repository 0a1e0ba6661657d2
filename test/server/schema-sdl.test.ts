import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { SCHEMA_SDL_PATH } from '../../src/server/schema-sdl.ts';
import { fakeZoom, testConfig, TEST_API_KEY } from './helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

async function start(env: Record<string, string> = {}): Promise<Gateway> {
  const gateway = await createGateway(testConfig(env), { zoom: fakeZoom().client });
  open.push(gateway);
  return gateway;
}

const sorted = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)));

describe('the schema as one SDL file', () => {
  it('is served at /graphql/schema.graphql to callers, and is the schema the gateway executes', async () => {
    const gateway = await start();
    const answer = await fetch(`${gateway.url}${SCHEMA_SDL_PATH}`, { headers: { 'x-api-key': TEST_API_KEY } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/graphql/);
    const sdl = await answer.text();
    expect(sorted(sdl)).toBe(printSchema(lexicographicSortSchema(buildGatewaySchema())));
    expect(sdl).toContain('type Query');
  });

  it('needs credentials like /graphql, and is not served where introspection is off', async () => {
    const gateway = await start();
    const anonymous = await fetch(`${gateway.url}${SCHEMA_SDL_PATH}`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const closed = await start({ INTROSPECTION: 'false' });
    expect((await fetch(`${closed.url}${SCHEMA_SDL_PATH}`, { headers: { 'x-api-key': TEST_API_KEY } })).status).toBe(404);
  });

  it('is printed into the repo by npm run codegen (schema.graphql), matching schema/*.graphql', () => {
    const path = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
    if (!existsSync(path)) {
      console.warn('schema.graphql is missing: run `npm run codegen` (CI runs it before the tests)');
      return;
    }
    expect(sorted(readFileSync(path, 'utf8'))).toBe(printSchema(lexicographicSortSchema(buildGatewaySchema())));
  });
});
