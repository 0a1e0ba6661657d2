import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { createGateway } from '../../src/server/app.ts';
import { fakeZoom, memoryLogger, postGraphql, testConfig } from '../server/helpers.ts';

const schema = makeExecutableSchema({
  typeDefs: 'type Query { ok: Boolean, boom: Boolean }',
  resolvers: { Query: { ok: () => true, boom: () => { throw new Error('boom'); } } },
});

/** The request log lines (`incoming request`, `request completed`) a gateway in `mode` writes for one good and one 404 request. */
async function requestLines(mode: string | undefined): Promise<Array<{ msg: string; statusCode?: number; url?: string }>> {
  const { logger, lines } = memoryLogger('info');
  const gateway = await createGateway(testConfig(mode === undefined ? {} : { ACCESS_LOG: mode }), { schema, zoom: fakeZoom().client, logger });
  try {
    expect((await postGraphql(gateway.url, '{ ok }')).status).toBe(200);
    expect((await fetch(`${gateway.url}/nowhere`)).status).toBe(404);
  } finally {
    await gateway.close();
  }
  return lines
    .map((line) => JSON.parse(line) as { msg: string; statusCode?: number; url?: string; res?: { statusCode: number } })
    .filter((line) => line.msg === 'incoming request' || line.msg === 'request completed')
    .map((line) => ({ msg: line.msg, statusCode: line.statusCode ?? line.res?.statusCode }));
}

describe('ACCESS_LOG', () => {
  it('full (the default): two lines per request, as fastify writes them', async () => {
    const lines = await requestLines(undefined);
    expect(lines.filter((line) => line.msg === 'incoming request')).toHaveLength(2);
    expect(lines.filter((line) => line.msg === 'request completed').map((line) => line.statusCode)).toEqual([200, 404]);
  });

  it('completed: one line per request, with its status', async () => {
    expect(await requestLines('completed')).toEqual([
      { msg: 'request completed', statusCode: 200 },
      { msg: 'request completed', statusCode: 404 },
    ]);
  });

  it('errors and off: no line for answers below 500', async () => {
    expect(await requestLines('errors')).toEqual([]);
    expect(await requestLines('off')).toEqual([]);
  });

  it('refuses another value naming the variable', () => {
    expect(() => parseConfig({ ACCESS_LOG: 'verbose' })).toThrow(ConfigError);
    expect(() => parseConfig({ ACCESS_LOG: 'verbose' })).toThrow(/ACCESS_LOG must be one of full, completed, errors, off/);
  });
});
