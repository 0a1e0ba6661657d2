import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, GatewayListenError, type Gateway } from '../../src/server/app.ts';
import { ZoomError } from '../../src/zoom/errors.ts';
import { deferred, fakeZoom, memoryLogger, postGraphql, slowSchema, TEST_API_KEY, testConfig } from './helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

async function start(...args: Parameters<typeof createGateway>): Promise<Gateway> {
  const gateway = await createGateway(...args);
  open.push(gateway);
  return gateway;
}

/** Resolves true when a fresh TCP connection to the gateway is refused. */
function connectionRefused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    req.end();
  });
}

describe('createGateway over real HTTP', () => {
  it('answers GraphQL POSTs and GETs on loopback', async () => {
    const { schema } = slowSchema();
    const gateway = await start(testConfig(), { schema, zoom: fakeZoom().client });
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const posted = await postGraphql(gateway.url, '{ hello }');
    expect(posted).toEqual({ status: 200, body: { data: { hello: 'world' } } });

    // GET operations need a non-simple header (Apollo's CSRF prevention), as any GraphQL client sends.
    const got = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/json', 'x-api-key': TEST_API_KEY },
    });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ data: { hello: 'world' } });
  });

  it('masks unexpected resolver errors and logs them for the operator', async () => {
    const { schema } = slowSchema();
    const { logger, lines } = memoryLogger();
    const gateway = await start(testConfig({ NODE_ENV: 'production' }), { schema, zoom: fakeZoom().client, logger });
    const { body } = await postGraphql(gateway.url, '{ boom }');
    expect(body.errors).toEqual([
      {
        message: 'Internal server error.',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect(lines.some((line) => line.includes('secret internals'))).toBe(true);
  });

  it('keeps stack traces out of production answers', async () => {
    const { schema } = slowSchema();
    const gateway = await start(testConfig({ NODE_ENV: 'production' }), { schema, zoom: fakeZoom().client });
    for (const query of ['{ nope }', '{ boom }']) {
      const { body } = await postGraphql(gateway.url, query);
      expect(body.errors).toHaveLength(1);
      expect(JSON.stringify(body)).not.toContain('stacktrace');
    }
  });

  it('never logs an Authorization header', async () => {
    const { schema } = slowSchema();
    const { logger, lines } = memoryLogger('trace');
    const gateway = await start(testConfig(), { schema, zoom: fakeZoom().client, logger });
    await postGraphql(gateway.url, '{ hello }', undefined, { authorization: 'Bearer caller-token-123' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('caller-token-123');
    expect(lines.join('\n')).not.toContain('test-client-secret');
  });

  it('authenticates a plain HTTP request that only carries an Upgrade: websocket header', async () => {
    const gateway = await start(testConfig(), { schema: slowSchema().schema, zoom: fakeZoom().client });
    const body = JSON.stringify({ query: '{ hello }' });
    // Without `Connection: upgrade` Node serves it as an ordinary request, so it reaches the GraphQL route.
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${gateway.url}/graphql`,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', upgrade: 'websocket', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('/healthz is 200 while the process serves', async () => {
    const gateway = await start(testConfig(), { schema: slowSchema().schema, zoom: fakeZoom().client });
    const response = await fetch(`${gateway.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('fails to start with a clear error when the port is taken, and closes what it opened', async () => {
    const first = await start(testConfig(), { schema: slowSchema().schema, zoom: fakeZoom().client });
    const port = new URL(first.url).port;
    const zoom = fakeZoom();
    const closedAfter = deferred();
    const error = await createGateway(testConfig({ PORT: port }), {
      schema: slowSchema().schema,
      zoom: zoom.client,
      closeAfter: [{ close: async () => closedAfter.resolve() }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayListenError);
    expect((error as GatewayListenError).code).toBe('EADDRINUSE');
    expect((error as Error).message).toContain(`port ${port} is already in use`);
    expect(zoom.counts.close).toBe(1);
    await closedAfter.promise;
  });
});

describe('/readyz', () => {
  const closedBreaker = { zoom: { state: 'closed', calls: 0, failures: 0 } };

  it('is ready when a token can be had, and answers from one computation per interval', async () => {
    let now = 1_000_000;
    const zoom = fakeZoom();
    const gateway = await start(testConfig(), {
      schema: slowSchema().schema, zoom: zoom.client, readiness: { now: () => now, intervalMs: 5_000 },
    });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${gateway.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready', details: closedBreaker });
    }
    expect(zoom.counts.checkToken).toBe(1);
    now += 5_001;
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    expect(zoom.counts.checkToken).toBe(2);
  });

  it('is 503 ZOOM_TOKEN_UNAVAILABLE when the token endpoint refuses, and asks again only after the interval', async () => {
    let now = 1_000_000;
    const zoom = fakeZoom(async () => {
      throw new ZoomError('UNAUTHORIZED', 'Zoom refused the client credentials.', { status: 401, zoomCode: 4702 });
    });
    const gateway = await start(testConfig(), { schema: slowSchema().schema, zoom: zoom.client, readiness: { now: () => now, intervalMs: 5_000 } });
    const answers = await Promise.all(Array.from({ length: 11 }, () => fetch(`${gateway.url}/readyz`)));
    for (const response of answers) {
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        reason: 'ZOOM_TOKEN_UNAVAILABLE',
        message: 'no Zoom access token: Zoom refused the client credentials. (Zoom code 4702)',
        details: { token: { code: 'UNAUTHORIZED', status: 401, zoomCode: 4702 } },
      });
    }
    expect(zoom.counts.checkToken).toBe(1);
    now += 5_001;
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
    expect(zoom.counts.checkToken).toBe(2);
  });

  it('is 503 TIMEOUT when a check hangs, and aborts it', async () => {
    let aborted = false;
    const gateway = await start(testConfig(), {
      schema: slowSchema().schema,
      zoom: fakeZoom().client,
      readiness: {
        timeoutMs: 50,
        checks: [{
          name: 'hangs',
          run: (signal) =>
            new Promise((_, reject) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                reject(signal.reason);
              });
            }),
        }],
      },
    });
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { reason: string }).reason).toBe('TIMEOUT');
    expect(aborted).toBe(true);
  });

  it('never shows an unexpected error message', async () => {
    const zoom = fakeZoom(async () => {
      throw new Error('internal detail');
    });
    const gateway = await start(testConfig(), { schema: slowSchema().schema, zoom: zoom.client });
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { reason: string };
    expect(body.reason).toBe('UNKNOWN');
    expect(JSON.stringify(body)).not.toContain('internal detail');
  });
});

describe('graceful close', () => {
  it('stops accepting, drains an in-flight request, then closes the Zoom client and the rest', async () => {
    const { schema, entered, release } = slowSchema();
    const zoom = fakeZoom();
    const order: string[] = [];
    // A long drain timeout: closing must end when the request does, not when the timeout fires.
    const gateway = await createGateway(testConfig({ SHUTDOWN_TIMEOUT_MS: '600000' }), {
      schema,
      zoom: { ...zoom.client, close: async () => void order.push('zoom') },
      closeAfter: [{ close: async () => void order.push('sandbox') }],
    });

    const inflight = postGraphql(gateway.url, '{ slow }');
    await entered;
    let closed = false;
    const closing = gateway.close().then(() => {
      closed = true;
    });

    // Bounded wait for the listener to go away while the request is still running.
    let refused = false;
    for (let attempt = 0; attempt < 100 && !refused; attempt++) {
      refused = await connectionRefused(gateway.url);
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(refused).toBe(true);
    expect(closed).toBe(false);
    expect(order).toEqual([]);

    release();
    expect(await inflight).toEqual({ status: 200, body: { data: { slow: 'done' } } });
    await closing;
    expect(order).toEqual(['zoom', 'sandbox']);
    // Idempotent.
    await gateway.close();
    expect(order).toEqual(['zoom', 'sandbox']);
  });

  it('cuts connections still open after SHUTDOWN_TIMEOUT_MS', async () => {
    const { schema, entered } = slowSchema();
    const gateway = await createGateway(testConfig({ SHUTDOWN_TIMEOUT_MS: '100' }), { schema, zoom: fakeZoom().client });
    const inflight = postGraphql(gateway.url, '{ slow }').then(
      () => 'answered',
      () => 'cut',
    );
    await entered;
    await gateway.close();
    expect(await inflight).toBe('cut');
  });
});
