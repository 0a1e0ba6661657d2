import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseConfig } from '../../src/config/index.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { collect, E2E_API_KEY } from '../e2e/helpers.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { newTraceId, requestIdFrom, traceIdFrom } from '../../src/telemetry/request-ids.ts';
import { fakeZoom, slowSchema, TEST_API_KEY, testConfig } from '../server/helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

async function start(): Promise<{ gateway: Gateway; lines: string[] }> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  const gateway = await createGateway(testConfig({ NODE_ENV: 'production' }), {
    schema: slowSchema().schema,
    zoom: fakeZoom().client,
    logger: createLogger({ level: 'info', destination }),
  });
  open.push(gateway);
  return { gateway, lines };
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, ...headers },
    body: JSON.stringify({ query }),
  });
  return { requestId: response.headers.get('x-request-id'), status: response.status, body: (await response.json()) as { data?: unknown; errors?: any[] } };
}

describe('request ids', () => {
  it('keeps a safe client id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('req-1f2e:abc/def+ghi=')).toBe('req-1f2e:abc/def+ghi=');
    expect(requestIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
    for (const unsafe of ['a'.repeat(129), 'two words', 'line\nbreak', '', '<script>', 'ünïcode']) {
      expect(requestIdFrom(unsafe)).toMatch(UUID);
    }
    expect(requestIdFrom(['a', 'b'])).toMatch(UUID);
    expect(requestIdFrom(undefined)).toMatch(UUID);
  });

  it('reads the trace id of a valid W3C traceparent only', () => {
    expect(traceIdFrom(TRACEPARENT)).toBe(TRACE_ID);
    expect(traceIdFrom(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFrom(`00-${TRACE_ID}-${'0'.repeat(16)}-01`)).toBeUndefined();
    expect(traceIdFrom(`00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFrom('garbage')).toBeUndefined();
  });

  it('makes new trace ids a W3C traceparent can carry, a different one each time', () => {
    const ids = Array.from({ length: 1000 }, newTraceId);
    for (const id of ids) expect(traceIdFrom(`00-${id}-00f067aa0ba902b7-01`)).toBe(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('echoes the id, ties every log line of the request to it and puts it in error answers', async () => {
    const { gateway, lines } = await start();
    const answer = await post(gateway.url, '{ boom }', { 'x-request-id': 'client-req-42', traceparent: TRACEPARENT });
    expect(answer.requestId).toBe('client-req-42');
    expect(answer.body.errors).toEqual([
      {
        message: 'Internal server error.',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'client-req-42' },
      },
    ]);
    const mine = lines.filter((line) => line.includes('client-req-42')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = mine.map((line) => line['msg']);
    // fastify's own lines (request logger) and the masked-error line of formatError (process logger) alike.
    expect(messages).toEqual(expect.arrayContaining(['incoming request', 'unexpected error in a GraphQL operation', 'request completed']));
    for (const line of mine) expect(line).toMatchObject({ requestId: 'client-req-42', traceId: TRACE_ID });
    // No line names the id twice (the request logger's binding and the mixin would each add it).
    for (const line of lines) expect(line.split('"requestId"').length).toBeLessThanOrEqual(2);
  });

  it('generates ids when the client sends none or an unsafe one', async () => {
    const { gateway, lines } = await start();
    const plain = await post(gateway.url, '{ hello }');
    expect(plain.status).toBe(200);
    expect(plain.requestId).toMatch(UUID);
    expect(plain.body).toEqual({ data: { hello: 'world' } });

    const unsafe = await post(gateway.url, '{ boom }', { 'x-request-id': 'x'.repeat(129) });
    expect(unsafe.requestId).toMatch(UUID);
    expect(unsafe.body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: unsafe.requestId });
    const masked = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'unexpected error in a GraphQL operation');
    expect(masked?.['requestId']).toBe(unsafe.requestId);
    expect(masked?.['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(lines.join('\n')).not.toContain('x'.repeat(129));
  });

  it('puts the id into refusals written before GraphQL runs', async () => {
    const { gateway } = await start();
    const unauthenticated = await post(gateway.url, '{ hello }', { 'x-api-key': 'wrong-key', 'x-request-id': 'who-am-i' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.requestId).toBe('who-am-i');
    expect(unauthenticated.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'who-am-i' });

    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, 'x-request-id': 'bad-json' },
      body: '{ not json',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: any[] }).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: 'bad-json' });
  });
});

describe('request ids on graphql-ws connections', () => {
  const lines: string[] = [];
  let started: StartedGateway;
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        callback();
      },
    });
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SANDBOX_RATE_LIMITS: 'unlimited',
      CALLER_API_KEYS: `ws:admin:${createHash('sha256').update(E2E_API_KEY).digest('hex')}`,
    });
    started = await startGateway(config, { logger: createLogger({ level: 'info', destination }) });
  });
  afterAll(async () => {
    await started?.gateway.close();
  });

  function client(requestId: string, apiKey: string): Client {
    class WithRequestId extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { 'x-request-id': requestId } });
      }
    }
    return createClient({
      url: `${started.gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WithRequestId,
      connectionParams: { 'x-api-key': apiKey },
      retryAttempts: 0,
      lazy: false,
    });
  }

  it("puts the upgrade request's id into the connection's errors and log lines", async () => {
    const refused = client('ws-refused-1', 'not-a-key');
    const closed = new Promise<void>((resolve) => refused.on('closed', () => resolve()));
    await closed;
    await refused.dispose();
    const refusal = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'subscription connection refused');
    expect(refusal).toMatchObject({ requestId: 'ws-refused-1' });
    expect(refusal?.['traceId']).toMatch(/^[0-9a-f]{32}$/);

    const ok = client('ws-req-7', E2E_API_KEY);
    const events = collect(ok, 'subscription { meetingEvents { nope } }');
    await events.done;
    await ok.dispose();
    const errors = events.received[0]?.errors as Array<{ extensions?: Record<string, unknown> }>;
    expect(errors[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'ws-req-7' });
  });
});
