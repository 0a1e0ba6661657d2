import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashApiKey } from '../../src/auth/api-key-matcher.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from './secured-gateway.ts';

/*
 * Issue 12 item 9: in sandbox and development modes the gateway answered any Host header, so a page on another
 * site could reach it through DNS rebinding (its own name resolved to 127.0.0.1) and use the admin key the
 * playground carried; and the playground carried that key even when member keys were configured.
 */

interface Answer {
  status: number;
  body: any;
}

/** One HTTP request with exactly this Host header (fetch does not let a caller choose it). */
function requestWithHost(url: string, host: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: { ...options.headers, host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // The playground page is HTML.
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const query = (url: string, host: string) =>
  requestWithHost(`${url}/graphql`, host, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.admin },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });

/** A WebSocket upgrade with this Host: the HTTP status it got (101 when upgraded). */
function upgradeWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers: { host } });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => resolve(0));
  });
}

/** An HTTP/1.0 request with no Host header at all. */
function requestWithoutHost(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write('GET /graphql?query=%7B__typename%7D HTTP/1.0\r\napollo-require-preflight: true\r\n\r\n'));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('development mode answers only its own Host names (issue 12 item 9)', () => {
  let gw: SecuredGateway;
  beforeAll(async () => {
    gw = await startSecuredGateway({ env: { ALLOWED_HOSTS: 'gateway.test' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const refused: Array<[string, () => Promise<Answer | number>]> = [
    ['a query with the admin key under an attacker\'s name', () => query(gw.url, 'rebind.attacker.example')],
    ['the playground under an attacker\'s name and port', () => requestWithHost(`${gw.url}/graphql`, 'rebind.attacker.example:4000', { headers: { accept: 'text/html' } })],
    ['a name that starts like localhost', () => query(gw.url, 'localhost.attacker.example')],
    ['a name that starts like 127.0.0.1', () => query(gw.url, '127.0.0.1.attacker.example')],
    ['a configured name as a prefix', () => query(gw.url, 'gateway.test.attacker.example')],
    ['a WebSocket upgrade under an attacker\'s name', () => upgradeWithHost(gw.url, 'rebind.attacker.example')],
    ['a request without Host', () => requestWithoutHost(gw.url)],
  ];
  for (const [name, send] of refused) {
    it(`${name}: 421 HOST_NOT_ALLOWED, no Zoom call, and the next request is served`, async () => {
      gw.sandbox.stats.reset();
      const answer = await send();
      if (typeof answer === 'number') expect(answer).toBe(421);
      else expect({ status: answer.status, code: answer.body?.errors?.[0]?.extensions?.code }).toEqual({ status: 421, code: 'HOST_NOT_ALLOWED' });
      expect(gw.sandbox.stats.apiCalls()).toBe(0);
      expect(gw.sandbox.stats.tokenRequests()).toBe(0);
      const next = await gw.graphql('{ me { id } }', 'admin');
      expect(next.body.data.me.id).toBeTypeOf('string');
    });
  }

  it('answers loopback names, its own address and ALLOWED_HOSTS, whatever the port', async () => {
    const port = new URL(gw.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST', 'app.localhost:80', 'gateway.test', `gateway.test:${port}`, 'Gateway.Test.']) {
      const answer = await query(gw.url, host);
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
      expect(answer.body.data.me.id).toBeTypeOf('string');
    }
    expect(await upgradeWithHost(gw.url, `localhost:${port}`)).toBe(101);
  });

  it('still answers the health probes under any name (a kubelet probes by address)', async () => {
    expect((await requestWithHost(`${gw.url}/healthz`, '10.1.2.3:4000')).status).toBe(200);
    expect([200, 503]).toContain((await requestWithHost(`${gw.url}/readyz`, '10.1.2.3:4000')).status);
  });
});

describe('production without ALLOWED_HOSTS does not check Host', () => {
  let gw: SecuredGateway;
  beforeAll(async () => {
    gw = await startSecuredGateway({ production: true });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers a name it was not told about', async () => {
    const answer = await query(gw.url, 'gateway.example.com');
    expect(answer.status).toBe(200);
  });
});

describe('the sandbox playground carries a key only when no callers are configured', () => {
  let started: StartedGateway;
  beforeAll(async () => {
    const { config } = loadConfig({
      env: { NODE_ENV: 'test', PORT: '0', CALLER_API_KEYS: `mine:member:${hashApiKey('member-key-of-my-own-0123456789')}:someone@example.com` },
      envFile: null,
    });
    started = await startGateway(config);
  });
  afterAll(() => started.gateway.close());

  it('with a member key configured: no development key, nothing in the page, and the banner says so', async () => {
    expect(started.config.mode).toBe('sandbox');
    expect(started.gateway.developmentApiKey).toBeUndefined();
    const html = await (await fetch(`${started.gateway.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const config = JSON.parse(/<script type="application\/json" id="graphiql-config">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(config.headers).toBeNull();
    expect(html).not.toMatch(/zgw_dev_|x-api-key/);
    expect(started.banner).toContain('Callers:                configured, so no development key');
    // Nothing but the configured callers gets in.
    const anonymous = await fetch(`${started.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(anonymous.status).toBe(401);
  });
});
