import { gzipSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { fakeZoom, slowSchema, testConfig, TEST_API_KEY } from '../server/helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

async function start(env: Record<string, string> = {}): Promise<Gateway> {
  const gateway = await createGateway(testConfig(env), { schema: slowSchema().schema, zoom: fakeZoom().client });
  open.push(gateway);
  return gateway;
}

/** A raw POST (fetch would inflate the answer itself and hide its encoding). */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// `{ hello }` answers a few bytes; long aliases (within the 15-alias limit) make an answer above the threshold.
const ALIASES = Array.from({ length: 14 }, (_, i) => `a${i}_${'x'.repeat(90)}`);
const LARGE_QUERY = `{ ${ALIASES.map((alias) => `${alias}: hello`).join(' ')} }`;

describe('answer compression', () => {
  it('compresses an answer above 1 KiB with br, or gzip when only that is accepted', async () => {
    const gateway = await start();
    const body = Buffer.from(JSON.stringify({ query: LARGE_QUERY }));
    const br = await post(gateway.url, body, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    const data = JSON.parse(brotliDecompressSync(br.body).toString()).data;
    expect(Object.keys(data)).toEqual(ALIASES);
    expect(br.body.length).toBeLessThan(JSON.stringify({ data }).length);

    const gzip = await post(gateway.url, body, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString()).data[ALIASES[0]!]).toBe('world');
  });

  it('leaves small answers and clients that accept no encoding alone', async () => {
    const gateway = await start();
    const small = await post(gateway.url, Buffer.from(JSON.stringify({ query: '{ hello }' })), { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { hello: 'world' } });
    const plain = await post(gateway.url, Buffer.from(JSON.stringify({ query: LARGE_QUERY })), {});
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('accepts a gzip request body, and counts the inflated bytes against MAX_BODY_BYTES', async () => {
    const gateway = await start({ MAX_BODY_BYTES: '4096' });
    const ok = await post(gateway.url, gzipSync(JSON.stringify({ query: '{ hello }' })), { 'content-encoding': 'gzip' });
    expect(JSON.parse(ok.body.toString())).toEqual({ data: { hello: 'world' } });
    // 1 MB of spaces inflates from about 1 KB.
    const bomb = gzipSync(`{"query":"{ hello }"${' '.repeat(1_000_000)}}`);
    expect(bomb.length).toBeLessThan(4096);
    const refused = await post(gateway.url, bomb, { 'content-encoding': 'gzip' });
    expect(refused.status).toBe(413);
  });
});
