import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseConfig } from '../../src/config/index.ts';
import { CORS_ALLOWED_HEADERS, SANDBOX_DEV_ORIGINS } from '../../src/cors/index.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { fakeZoom, postGraphql, slowSchema, testConfig, TEST_API_KEY } from '../server/helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

async function start(env: Record<string, string> = {}): Promise<Gateway> {
  const { schema } = slowSchema();
  const fake = fakeZoom();
  const gateway = await createGateway(testConfig(env), { schema, zoom: fake.client });
  open.push(gateway);
  return gateway;
}

const APP = 'https://app.example.com';

function preflight(url: string, origin: string, headers = 'content-type,authorization,x-api-key') {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

/** Opens a WebSocket upgrade and resolves with the HTTP status it got (101 when it opened). */
function upgradeStatus(url: string, origin?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', origin === undefined ? {} : { origin });
    socket.on('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('error', reject);
  });
}

describe('CORS (CORS_ORIGINS)', () => {
  it('answers a preflight from a listed origin with the headers browser clients send, credentials and max-age', async () => {
    const gateway = await start({ CORS_ORIGINS: `${APP},https://admin.example.com`, CORS_MAX_AGE_SECONDS: '900' });
    const answer = await preflight(gateway.url, APP, CORS_ALLOWED_HEADERS.join(','));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('access-control-max-age')).toBe('900');
    const allowed = answer.headers.get('access-control-allow-headers')!.split(/,\s*/);
    for (const header of ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'traceparent', 'x-request-id']) {
      expect(allowed).toContain(header);
    }
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('vary')?.toLowerCase()).toContain('origin');
  });

  it('gives an unlisted origin no CORS headers, so the browser refuses the call', async () => {
    const gateway = await start({ CORS_ORIGINS: APP });
    const answer = await preflight(gateway.url, 'https://evil.example.net');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const posted = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example.net', 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(posted.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reflects the origin on the actual answer and exposes the request id and Retry-After headers', async () => {
    const gateway = await start({ CORS_ORIGINS: APP });
    const posted = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('access-control-allow-origin')).toBe(APP);
    expect(posted.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(posted.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('allows any origin without credentials for *', async () => {
    const gateway = await start({ CORS_ORIGINS: '*' });
    const answer = await preflight(gateway.url, 'https://anywhere.example.org');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends no CORS headers at all when nothing is configured against Zoom (same-origin only)', async () => {
    const gateway = await start();
    const answer = await preflight(gateway.url, 'http://localhost:5173');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect((await postGraphql(gateway.url, '{ hello }')).body).toEqual({ data: { hello: 'world' } });
  });

  it('refuses bad CORS_ORIGINS at start, naming the variable', () => {
    for (const value of ['app.example.com', 'https://app.example.com/', 'https://*.example.com', 'https://app.example.com/path']) {
      expect(() => testConfig({ CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS/);
    }
  });

  it('allows the local dev servers in sandbox mode only', () => {
    const sandbox = parseConfig({ NODE_ENV: 'test' });
    expect(sandbox.cors.origins).toEqual(SANDBOX_DEV_ORIGINS);
    expect(sandbox.cors.origins).toContain('http://localhost:5173');
    expect(testConfig().cors.origins).toEqual([]);
  });
});

describe('the WebSocket upgrade Origin check', () => {
  it('refuses a browser upgrade from an unlisted origin with 403 ORIGIN_NOT_ALLOWED', async () => {
    const gateway = await start({ CORS_ORIGINS: APP });
    const refused = await upgradeStatus(gateway.url, 'https://evil.example.net');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('accepts a listed origin, the gateway\'s own origin, and clients that send no Origin', async () => {
    const gateway = await start({ CORS_ORIGINS: APP });
    expect((await upgradeStatus(gateway.url, APP)).status).toBe(101);
    expect((await upgradeStatus(gateway.url, gateway.url)).status).toBe(101);
    expect((await upgradeStatus(gateway.url)).status).toBe(101);
  });

  it('refuses cross-origin browser upgrades when no origin is configured', async () => {
    const gateway = await start();
    expect((await upgradeStatus(gateway.url, 'http://localhost:5173')).status).toBe(403);
    expect((await upgradeStatus(gateway.url, gateway.url)).status).toBe(101);
  });
});
