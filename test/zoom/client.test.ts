import { inspect } from 'node:util';
import { jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZoomClient, type ZoomCallEvent, type ZoomClientOptions, type ZoomRestClient } from '../../src/zoom/client.ts';
import { isZoomError, type ZoomError } from '../../src/zoom/errors.ts';
import type { RateLimiter } from '../../src/zoom/rate-limit.ts';
import { findClosedPort, startScriptedServer, type ScriptedServer, type ScriptedStep } from '../helpers/scripted-server.ts';

const START = Date.UTC(2024, 4, 30, 12, 0, 0);
const SECRET = 'client-secret-xyz';
const TOKEN_ROUTE = 'POST /oauth/token';
const USER_ROUTE = 'GET /v2/users/me';
const CREATE_ROUTE = 'POST /v2/users/me/meetings';
const UPDATE_ROUTE = 'PATCH /v2/meetings/85746065432';

let server: ScriptedServer;
let extraServers: ScriptedServer[];
let clients: ZoomRestClient[];
let issued: number;
let now: number;
let sleeps: number[];
let events: ZoomCallEvent[];

beforeEach(async () => {
  server = await startScriptedServer();
  extraServers = [];
  clients = [];
  issued = 0;
  now = START;
  sleeps = [];
  events = [];
  server.script(TOKEN_ROUTE, () => ({
    json: { access_token: `token-${++issued}`, token_type: 'bearer', expires_in: 3600, scope: 'user:read:admin', api_url: server.url },
  }));
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([server, ...extraServers].map((s) => s.close()));
});

function client(overrides: Partial<ZoomClientOptions> = {}): ZoomRestClient {
  const created = createZoomClient({
    apiUrl: `${server.url}/v2`,
    auth: { type: 's2s', accountId: 'acc-1', clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token` },
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    onCall: (event) => events.push(event),
    ...overrides,
  });
  clients.push(created);
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<ZoomError> {
  try {
    await promise;
  } catch (error) {
    if (isZoomError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const user = { id: 'u1', email: 'jane@example.com', type: 2 };
const ok = (json: unknown = user): ScriptedStep => ({ json });

describe('requests', () => {
  it('sends the bearer token, JSON accept and a User-Agent, and parses the answer', async () => {
    server.script(USER_ROUTE, [ok()]);
    await expect(client().call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    const [req] = server.requestsFor(USER_ROUTE);
    expect(req?.headers.authorization).toBe('Bearer token-1');
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toMatch(/^zoom-graphql-gateway/);
    expect(events).toEqual([expect.objectContaining({ operation: 'user', method: 'GET', path: '/users/me', status: 200, attempt: 1, category: 'Light' })]);
  });

  it('sends a JSON body and query for writes', async () => {
    server.script(CREATE_ROUTE, [{ status: 201, json: { id: 85746065432, topic: 'Standup' } }]);
    const created = await client().call('meetingCreate', { path: { userId: 'me' }, body: { topic: 'Standup', type: 2 }, query: { x: 1 } });
    expect(created).toEqual({ id: 85746065432, topic: 'Standup' });
    const [req] = server.requestsFor(CREATE_ROUTE);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({ topic: 'Standup', type: 2 });
    expect(req?.query.get('x')).toBe('1');
  });

  it('resolves a 204 with undefined', async () => {
    server.script(UPDATE_ROUTE, [{ status: 204 }]);
    await expect(client().call('meetingUpdate', { path: { meetingId: '85746065432' }, body: { topic: 'x' } })).resolves.toBeUndefined();
  });

  it('double-encodes meeting UUIDs that begin with / or contain // on the wire', async () => {
    server.script('GET /v2/past_meetings/%252FajXp112%252F%252FQmuo%253D%253D', [ok({ uuid: '/ajXp112//Qmuo==' })]);
    server.script('GET /v2/past_meetings/aDYl%2BhA%3D%3D', [ok({ uuid: 'aDYl+hA==' })]);
    const c = client();
    await expect(c.call('pastMeetingDetails', { path: { meetingId: '/ajXp112//Qmuo==' } })).resolves.toEqual({ uuid: '/ajXp112//Qmuo==' });
    await expect(c.call('pastMeetingDetails', { path: { meetingId: 'aDYl+hA==' } })).resolves.toEqual({ uuid: 'aDYl+hA==' });
  });

  it('rejects a non-JSON success as INVALID_RESPONSE', async () => {
    server.script(USER_ROUTE, [
      { body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } },
      { body: '{"id":', headers: { 'content-type': 'application/json' } },
    ]);
    const c = client();
    expect((await rejection(c.call('user', { path: { userId: 'me' } }))).code).toBe('INVALID_RESPONSE');
    expect((await rejection(c.call('user', { path: { userId: 'me' } }))).code).toBe('INVALID_RESPONSE');
  });

  it('refuses a call with a missing path parameter before sending anything', async () => {
    const error = await rejection(client().call('user', { path: { userId: '' } }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(server.requests).toHaveLength(0);
  });

  it('uses the token response api_url only when allowed', async () => {
    const closedPort = await findClosedPort();
    server.script(USER_ROUTE, [ok()]);
    const c = client({
      apiUrl: `http://127.0.0.1:${closedPort}/v2`,
      auth: { type: 's2s', accountId: 'a', clientId: 'c', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token`, useTokenApiUrl: true },
    });
    await expect(c.call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
  });

  it('authenticates with a legacy JWT signed by the API secret', async () => {
    server.script(USER_ROUTE, [ok()]);
    await client({ auth: { type: 'jwt', apiKey: 'key-1', apiSecret: 'jwt-secret' } }).call('user', { path: { userId: 'me' } });
    const bearer = server.requestsFor(USER_ROUTE)[0]?.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const { payload } = await jwtVerify(bearer, new TextEncoder().encode('jwt-secret'), { issuer: 'key-1', currentDate: new Date(now) });
    expect(payload.iss).toBe('key-1');
    expect(server.requestsFor(TOKEN_ROUTE)).toHaveLength(0);
  });
});

describe('tokens', () => {
  it('makes one token request for 100 concurrent cold calls', async () => {
    server.script(USER_ROUTE, () => ok());
    const c = client();
    await Promise.all(Array.from({ length: 100 }, () => c.call('user', { path: { userId: 'me' } })));
    expect(server.requestsFor(TOKEN_ROUTE)).toHaveLength(1);
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(100);
  });

  it('on a 401 refreshes the token once and repeats the call once', async () => {
    server.script(USER_ROUTE, [{ status: 401, json: { code: 124, message: 'Invalid access token.' } }, ok()]);
    await expect(client().call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    expect(server.requestsFor(TOKEN_ROUTE)).toHaveLength(2);
    expect(server.requestsFor(USER_ROUTE).map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('on a 401 with a legacy JWT, retries with a newly signed token even within the same second', async () => {
    server.script(USER_ROUTE, [{ status: 401, json: { code: 124, message: 'Invalid access token.' } }, ok()]);
    // The clock does not move: the re-signed token has the same iat and exp as the refused one.
    await expect(client({ auth: { type: 'jwt', apiKey: 'key-1', apiSecret: 'jwt-secret' } }).call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    const [refused, retried] = server.requestsFor(USER_ROUTE).map((r) => r.headers.authorization);
    expect(retried).toMatch(/^Bearer /);
    expect(retried).not.toBe(refused);
  });

  it('fails with UNAUTHORIZED on a second 401, after exactly one refresh', async () => {
    server.script(USER_ROUTE, () => ({ status: 401, json: { code: 124, message: 'Invalid access token.' } }));
    const error = await rejection(client().call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, zoomCode: 124, attempts: 2 });
    expect(server.requestsFor(TOKEN_ROUTE)).toHaveLength(2);
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(2);
  });

  it('refreshes once when concurrent calls are refused the same token', async () => {
    server.script(USER_ROUTE, (req) => (req.headers.authorization === 'Bearer token-1'
      ? { status: 401, json: { code: 124, message: 'Access token is expired.' } }
      : ok()));
    const c = client();
    await Promise.all(Array.from({ length: 10 }, () => c.call('user', { path: { userId: 'me' } })));
    expect(server.requestsFor(TOKEN_ROUTE)).toHaveLength(2);
  });

  it('fails at once with UNAUTHORIZED when the credentials are refused', async () => {
    server.script(TOKEN_ROUTE, [{ status: 401, json: { code: 4702, message: 'Invalid client_id or client_secret' } }]);
    const error = await rejection(client().call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', zoomCode: 4702 });
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(0);
  });

  it('retries a token endpoint that is briefly down', async () => {
    server.script(TOKEN_ROUTE, [
      { status: 503, body: 'busy' },
      ok({ access_token: 'token-late', token_type: 'bearer', expires_in: 3600, scope: '' }),
    ]);
    server.script(USER_ROUTE, [ok()]);
    await expect(client().call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    expect(server.requestsFor(USER_ROUTE)[0]?.headers.authorization).toBe('Bearer token-late');
    expect(sleeps).toEqual([125]);
  });
});

describe('retries', () => {
  it.each([502, 503, 504])('retries GET, PATCH and DELETE after %i with full-jitter backoff', async (status) => {
    server.script(USER_ROUTE, [{ status, body: 'gateway' }, { status, body: 'gateway' }, ok()]);
    server.script(UPDATE_ROUTE, [{ status, body: 'gateway' }, { status: 204 }]);
    server.script('DELETE /v2/meetings/85746065432', [{ status, body: 'gateway' }, { status: 204 }]);
    const c = client();
    await expect(c.call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    await c.call('meetingUpdate', { path: { meetingId: '85746065432' }, body: { topic: 't' } });
    await c.call('meetingDelete', { path: { meetingId: '85746065432' } });
    expect(sleeps).toEqual([125, 250, 125, 125]);
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(3);
  });

  it.each([502, 503, 504])('does not retry a POST after %i', async (status) => {
    server.script(CREATE_ROUTE, [{ status, json: { code: status, message: 'unavailable' } }, { status: 201, json: {} }]);
    const error = await rejection(client().call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status, attempts: 1 });
    expect(server.requestsFor(CREATE_ROUTE)).toHaveLength(1);
  });

  it('does not retry a 500', async () => {
    server.script(USER_ROUTE, [{ status: 500, json: { code: 500, message: 'boom' } }, ok()]);
    expect(await rejection(client().call('user', { path: { userId: 'me' } }))).toMatchObject({ code: 'HTTP_ERROR', status: 500 });
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(1);
  });

  it('retries a GET after a connection reset, but a reset POST is OUTCOME_UNKNOWN and never repeated', async () => {
    server.script(USER_ROUTE, [{ destroy: true }, ok()]);
    server.script(CREATE_ROUTE, [{ destroy: true }, { status: 201, json: {} }]);
    const c = client();
    await expect(c.call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    const error = await rejection(c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } }));
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', method: 'POST', path: '/users/me/meetings', attempts: 1 });
    expect(server.requestsFor(CREATE_ROUTE)).toHaveLength(1);
  });

  it('retries a POST whose connection was refused, since nothing was sent', async () => {
    const port = await findClosedPort();
    const c = client({
      apiUrl: `http://127.0.0.1:${port}/v2`,
      auth: { type: 'jwt', apiKey: 'k', apiSecret: 's' },
      sleep: async (ms) => {
        sleeps.push(ms);
        if (extraServers.length === 0) {
          const late = await startScriptedServer({ port });
          late.script(CREATE_ROUTE, [{ status: 201, json: { id: 1 } }]);
          extraServers.push(late);
        }
      },
    });
    await expect(c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } })).resolves.toEqual({ id: 1 });
    expect(extraServers[0]?.requestsFor(CREATE_ROUTE)).toHaveLength(1);
    expect(events.map((e) => e.failure ?? e.status)).toEqual(['not-sent', 201]);
  });

  it('fails with NETWORK once retries for a refused connection run out', async () => {
    const port = await findClosedPort();
    const c = client({ apiUrl: `http://127.0.0.1:${port}/v2`, auth: { type: 'jwt', apiKey: 'k', apiSecret: 's' } });
    expect(await rejection(c.call('user', { path: { userId: 'me' } }))).toMatchObject({ code: 'NETWORK', attempts: 4 });
    expect(sleeps).toHaveLength(3);
  });

  const retryAfterForms: Array<[string, string, number]> = [
    ['delay-seconds', '2', 2000],
    ['HTTP-date', new Date(START + 3000).toUTCString(), 3000],
    ['ISO date-time', new Date(START + 4000).toISOString(), 4000],
  ];
  it.each(retryAfterForms)('retries a QPS 429 (even a POST) after Retry-After as %s', async (_, retryAfter, waitMs) => {
    const limited: ScriptedStep = {
      status: 429,
      headers: { 'retry-after': retryAfter, 'x-ratelimit-type': 'QPS', 'x-ratelimit-category': 'Medium' },
      json: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
    };
    server.script(CREATE_ROUTE, [limited, { status: 201, json: { id: 7 } }]);
    await expect(client().call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } })).resolves.toEqual({ id: 7 });
    expect(sleeps).toEqual([waitMs]);
    expect(server.requestsFor(CREATE_ROUTE)).toHaveLength(2);
  });

  it('fails at once as RATE_LIMITED when Retry-After lies past the budget', async () => {
    const retryAt = new Date(START + 60_000);
    server.script(USER_ROUTE, [{ status: 429, headers: { 'retry-after': retryAt.toISOString(), 'x-ratelimit-type': 'QPS' }, json: { code: 429, message: 'per-second' } }, ok()]);
    const error = await rejection(client({ retry: { budgetMs: 10_000 } }).call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, rateLimitType: 'QPS', attempts: 1 });
    expect(error.retryAt?.toISOString()).toBe(retryAt.toISOString());
    expect(sleeps).toEqual([]);
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(1);
  });

  it('never retries a daily-limit 429, and reports when it resets', async () => {
    const resetAt = '2024-05-31T00:00:00Z';
    server.script(USER_ROUTE, [
      { status: 429, headers: { 'x-ratelimit-type': 'Daily-limit', 'retry-after': resetAt }, json: { code: 429, message: 'You have reached the maximum daily rate limit for this API.' } },
      ok(),
    ]);
    const error = await rejection(client().call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'DAILY_LIMIT', rateLimitType: 'Daily-limit', attempts: 1 });
    expect(error.retryAt?.toISOString()).toBe('2024-05-31T00:00:00.000Z');
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(1);
  });

  it("recognises the per-host meeting create limit by its message and resets it at 00:00 UTC", async () => {
    server.script(CREATE_ROUTE, [
      { status: 429, json: { code: 429, message: 'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.' } },
      { status: 201, json: {} },
    ]);
    const error = await rejection(client().call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } }));
    expect(error.code).toBe('DAILY_LIMIT');
    expect(error.retryAt?.toISOString()).toBe('2024-05-31T00:00:00.000Z');
    expect(server.requestsFor(CREATE_ROUTE)).toHaveLength(1);
  });

  it('gives up when the next backoff would pass the budget', async () => {
    server.script(USER_ROUTE, () => ({ status: 503, body: 'busy' }));
    const error = await rejection(client({ retry: { maxAttempts: 10, budgetMs: 1000 } }).call('user', { path: { userId: 'me' } }));
    // Delays 125, 250, 500 fit in 1000 ms; the next (1000) would not.
    expect(sleeps).toEqual([125, 250, 500]);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 503, attempts: 4 });
    expect(error.message).toMatch(/budget/);
  });

  it('gives up after maxAttempts', async () => {
    server.script(USER_ROUTE, () => ({ status: 502, body: 'bad gateway' }));
    const error = await rejection(client().call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 502, attempts: 4 });
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(4);
  });
});

describe('a DELETE repeated after its answer was lost', () => {
  const DELETE_ROUTE = 'DELETE /v2/meetings/85746065432';
  const meetingGone: ScriptedStep = { status: 404, json: { code: 3001, message: 'Meeting does not exist: 85746065432.' } };
  const deleteMeeting = (c: ZoomRestClient) => c.call('meetingDelete', { path: { meetingId: '85746065432' } });

  function recordingLogger() {
    const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
    const push = (level: string) => (obj: Record<string, unknown>, msg: string) => lines.push({ level, obj, msg });
    return { lines, logger: { debug: push('debug'), info: push('info'), warn: push('warn') } };
  }

  it.each<[string, ScriptedStep]>([
    ['a connection reset after sending', { destroy: true }],
    ['a 502', { status: 502, body: 'bad gateway' }],
    ['a 503', { status: 503, body: 'unavailable' }],
    ['a 504', { status: 504, body: 'gateway timeout' }],
  ])('is done when the retry after %s answers 404: it resolves as a 204 does, and says so at info', async (_, lost) => {
    server.script(DELETE_ROUTE, [lost, meetingGone]);
    const { lines, logger } = recordingLogger();
    await expect(deleteMeeting(client({ logger }))).resolves.toBeUndefined();
    expect(server.requestsFor(DELETE_ROUTE)).toHaveLength(2);
    const info = lines.filter((l) => l.level === 'info');
    expect(info).toEqual([expect.objectContaining({
      msg: expect.stringMatching(/earlier attempt .* must have applied it/),
      obj: expect.objectContaining({ operation: 'meetingDelete', method: 'DELETE', path: '/meetings/85746065432', attempt: 2, status: 404, zoomCode: 3001 }),
    })]);
  });

  it('is done when the retry after a timeout answers 404', async () => {
    server.script(DELETE_ROUTE, [{ hang: true }, meetingGone]);
    await expect(deleteMeeting(client({ timeoutMs: 100 }))).resolves.toBeUndefined();
    expect(server.requestsFor(DELETE_ROUTE)).toHaveLength(2);
  });

  it('is done when a 404 comes after a lost attempt and then a 429 or token refresh in between', async () => {
    const qps: ScriptedStep = { status: 429, headers: { 'x-ratelimit-type': 'QPS' }, json: { code: 429, message: 'per-second' } };
    server.script(DELETE_ROUTE, [{ destroy: true }, qps, { status: 401, json: { code: 124, message: 'Invalid access token.' } }, meetingGone]);
    await expect(deleteMeeting(client())).resolves.toBeUndefined();
    expect(server.requestsFor(DELETE_ROUTE)).toHaveLength(4);
  });

  it('is still an error when the first attempt answers 404', async () => {
    server.script(DELETE_ROUTE, [meetingGone, { status: 204 }]);
    const { lines, logger } = recordingLogger();
    expect(await rejection(deleteMeeting(client({ logger })))).toMatchObject({ code: 'HTTP_ERROR', status: 404, zoomCode: 3001, attempts: 1 });
    expect(server.requestsFor(DELETE_ROUTE)).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'info')).toEqual([]);
  });

  it('is still an error when every earlier attempt was certainly not applied (a QPS 429, a 401)', async () => {
    const qps: ScriptedStep = { status: 429, headers: { 'x-ratelimit-type': 'QPS' }, json: { code: 429, message: 'per-second' } };
    server.script(DELETE_ROUTE, [qps, { status: 401, json: { code: 124, message: 'Invalid access token.' } }, meetingGone]);
    expect(await rejection(deleteMeeting(client()))).toMatchObject({ code: 'HTTP_ERROR', status: 404, zoomCode: 3001 });
    expect(server.requestsFor(DELETE_ROUTE)).toHaveLength(3);
  });

  it('applies to DELETE only: a PATCH or GET whose retry answers 404 fails with it', async () => {
    server.script(UPDATE_ROUTE, [{ destroy: true }, meetingGone]);
    server.script('GET /v2/meetings/85746065432', [{ status: 503, body: 'busy' }, meetingGone]);
    const c = client();
    expect(await rejection(c.call('meetingUpdate', { path: { meetingId: '85746065432' }, body: { topic: 't' } })))
      .toMatchObject({ code: 'HTTP_ERROR', status: 404, method: 'PATCH', attempts: 2 });
    expect(await rejection(c.call('meeting', { path: { meetingId: '85746065432' } })))
      .toMatchObject({ code: 'HTTP_ERROR', status: 404, method: 'GET', attempts: 2 });
  });

  it('does not swallow other answers to the retry: a 400 after a lost attempt is still an error', async () => {
    server.script(DELETE_ROUTE, [{ destroy: true }, { status: 400, json: { code: 3002, message: 'Sorry, you cannot delete this meeting since it is in progress.' } }]);
    expect(await rejection(deleteMeeting(client()))).toMatchObject({ code: 'HTTP_ERROR', status: 400, zoomCode: 3002 });
  });
});

describe('timeouts and cancellation', () => {
  it('times out a silent GET as TIMEOUT and retries it', async () => {
    server.script(USER_ROUTE, [{ hang: true }, ok()]);
    await expect(client({ timeoutMs: 100 }).call('user', { path: { userId: 'me' } })).resolves.toEqual(user);
    server.script(USER_ROUTE, [{ hang: true }]);
    const error = await rejection(client({ timeoutMs: 100, retry: { maxAttempts: 1 } }).call('user', { path: { userId: 'me' } }));
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 1 });
  });

  it('turns a timed-out POST into OUTCOME_UNKNOWN without retrying', async () => {
    server.script(CREATE_ROUTE, [{ hang: true }, { status: 201, json: {} }]);
    const error = await rejection(client({ timeoutMs: 100 }).call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } }));
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(server.requestsFor(CREATE_ROUTE)).toHaveLength(1);
  });

  it('honours the caller signal while waiting for Zoom', async () => {
    server.script(USER_ROUTE, [{ hang: true }]);
    const controller = new AbortController();
    const pending = client().call('user', { path: { userId: 'me' }, signal: controller.signal });
    for (let i = 0; i < 400 && server.requestsFor(USER_ROUTE).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(1);
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ code: 'ABORTED', attempts: 1 });
  });

  it('maps a caller deadline (AbortSignal.timeout) to TIMEOUT', async () => {
    server.script(USER_ROUTE, [{ hang: true }]);
    const error = await rejection(client().call('user', { path: { userId: 'me' }, signal: AbortSignal.timeout(50) }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('sends nothing for an already aborted signal, and stops waiting between retries when aborted', async () => {
    const aborted = AbortSignal.abort();
    expect((await rejection(client().call('user', { path: { userId: 'me' }, signal: aborted }))).code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);

    server.script(USER_ROUTE, [{ status: 503, body: 'busy' }, ok()]);
    const controller = new AbortController();
    const c = client({
      sleep: async (ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    });
    expect((await rejection(c.call('user', { path: { userId: 'me' }, signal: controller.signal }))).code).toBe('ABORTED');
    expect(server.requestsFor(USER_ROUTE)).toHaveLength(1);
  });
});

describe('errors', () => {
  it("carries Zoom's status, code, field errors, category, method and path", async () => {
    server.script('GET /v2/users/nobody%40example.com', [{ status: 404, json: { code: 1001, message: 'User does not exist: nobody@example.com.' } }]);
    server.script(CREATE_ROUTE, [{ status: 400, json: { code: 300, message: 'Validation Failed.', errors: [{ field: 'start_time', message: 'Invalid field.' }] } }]);
    const c = client();
    const notFound = await rejection(c.call('user', { path: { userId: 'nobody@example.com' } }));
    expect(notFound).toMatchObject({
      code: 'HTTP_ERROR', status: 404, zoomCode: 1001, category: 'Light', method: 'GET', path: '/users/nobody%40example.com', attempts: 1,
    });
    expect(notFound.message).toContain('User does not exist');
    const invalid = await rejection(c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } }));
    expect(invalid).toMatchObject({ status: 400, zoomCode: 300, category: 'Medium', fieldErrors: [{ field: 'start_time', message: 'Invalid field.' }] });
  });

  it('never carries the token, the secret or an Authorization header', async () => {
    server.script(USER_ROUTE, () => ({ status: 401, json: { code: 124, message: 'Invalid access token.' } }));
    server.script(CREATE_ROUTE, [{ destroy: true }]);
    const c = client({ timeoutMs: 100 });
    const errors = [
      await rejection(c.call('user', { path: { userId: 'me' } })),
      await rejection(c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 't' } })),
    ];
    for (const error of errors) {
      const serialised = `${JSON.stringify(error)} ${inspect(error, { depth: 10, showHidden: true })}`;
      for (const forbidden of ['token-1', 'token-2', SECRET, 'Bearer', 'Basic ', Buffer.from(`client-1:${SECRET}`).toString('base64')]) {
        expect(serialised).not.toContain(forbidden);
      }
    }
  });
});

describe('logging', () => {
  it('logs refreshes, retries and give-ups without any credential', async () => {
    const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
    const logger = {
      debug: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'debug', obj, msg }),
      info: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'info', obj, msg }),
      warn: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', obj, msg }),
    };
    server.script(USER_ROUTE, [{ status: 401, json: { code: 124, message: 'Invalid access token.' } }, ...Array.from({ length: 4 }, () => ({ status: 503, body: 'busy' }))]);
    await expect(client({ logger }).call('user', { path: { userId: 'me' } })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 503 });
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'debug Zoom refused the access token; refreshing it once',
      'debug retrying Zoom call',
      'debug retrying Zoom call',
      'debug retrying Zoom call',
      'warn Zoom call failed after retries',
    ]);
    const text = JSON.stringify(lines);
    for (const forbidden of ['token-1', 'token-2', SECRET, 'Bearer']) expect(text).not.toContain(forbidden);
  });
});

describe('rate limiter', () => {
  it('consults the limiter with the operation category and reports answers to it', async () => {
    const seen: string[] = [];
    const limiter: RateLimiter = {
      async acquire(category) {
        seen.push(`acquire ${category}`);
        return { ok: true };
      },
      observe(category, observation) {
        seen.push(`observe ${category} ${observation.status} ${observation.retryAt?.getTime() ?? '-'}`);
      },
    };
    server.script('GET /v2/users', [{ status: 429, headers: { 'retry-after': '1' }, json: { code: 429, message: 'per-second' } }, ok({ users: [] })]);
    await client({ rateLimiter: limiter }).call('users', {});
    expect(seen).toEqual(['acquire Medium', `observe Medium 429 ${START + 1000}`, 'acquire Medium', `observe Medium 200 -`]);
  });

  it('fails as RATE_LIMITED without calling Zoom when the category is held past the budget', async () => {
    const retryAt = new Date(START + 120_000);
    const limiter: RateLimiter = { acquire: async () => ({ ok: false, retryAt }), observe: () => undefined };
    const error = await rejection(client({ rateLimiter: limiter }).call('users', {}));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAt, attempts: 0 });
    expect(server.requestsFor('GET /v2/users')).toHaveLength(0);
  });

  it('holds a category after a QPS 429 so the next call waits instead of hitting Zoom', async () => {
    const qps = (seconds: string): ScriptedStep => ({
      status: 429, headers: { 'retry-after': seconds, 'x-ratelimit-type': 'QPS' }, json: { code: 429, message: 'per-second' },
    });
    server.script('GET /v2/users', [qps('5')]);
    const c = client({ retry: { maxAttempts: 1 } });
    expect((await rejection(c.call('users', {}))).code).toBe('RATE_LIMITED');
    server.script('GET /v2/users', [ok({ users: [] })]);
    await c.call('users', {});
    expect(sleeps).toEqual([5000]);
    expect(server.requestsFor('GET /v2/users')).toHaveLength(2);
    // Other categories are not held.
    server.script(USER_ROUTE, [ok()]);
    server.script('GET /v2/users', [qps('60')]);
    await expect(c.call('users', {})).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await c.call('user', { path: { userId: 'me' } });
    // A hold longer than the budget fails the next call of that category without a request.
    const error = await rejection(c.call('users', {}));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', attempts: 0 });
    expect(error.retryAt?.getTime()).toBe(START + 5000 + 60_000);
    expect(server.requestsFor('GET /v2/users')).toHaveLength(3);
    expect(sleeps).toEqual([5000]);
  });
});

describe('options', () => {
  it('rejects bad options with the option name', () => {
    const auth = { type: 'jwt', apiKey: 'k', apiSecret: 's' } as const;
    expect(() => createZoomClient({ auth, apiUrl: 'api.zoom.us' })).toThrow(/apiUrl/);
    expect(() => createZoomClient({ auth, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createZoomClient({ auth, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
    expect(() => createZoomClient({ auth: { type: 'nope' } as never })).toThrow(/auth.type/);
  });
});
