import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.ts';
import { isZoomError, type ZoomError } from '../../../src/zoom/errors.ts';
import { createS2SOAuthTokenProvider, type S2SOAuthOptions } from '../../../src/zoom/token/s2s-oauth.ts';
import { startScriptedServer, type ScriptedServer } from '../../helpers/scripted-server.ts';

const SECRET = 'cl1ent-s3cret-value';
const ROUTE = 'POST /oauth/token';

let server: ScriptedServer;
let dispatcher: Agent;
let issued: number;
let now: number;

beforeAll(async () => {
  dispatcher = new Agent();
});
afterAll(async () => {
  await dispatcher.close();
});
beforeEach(async () => {
  server = await startScriptedServer();
  issued = 0;
  now = Date.UTC(2024, 0, 10, 12);
});
afterEach(async () => {
  await server.close();
});

function issueTokens(extra: Record<string, unknown> = {}): void {
  server.script(ROUTE, () => ({
    json: { access_token: `token-${++issued}`, token_type: 'bearer', expires_in: 3600, scope: 'user:read:admin', ...extra },
  }));
}

function provider(overrides: Partial<S2SOAuthOptions> = {}) {
  return createS2SOAuthTokenProvider({
    accountId: 'acc-1', clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token`,
    dispatcher, now: () => now, ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ZoomError> {
  try {
    await promise;
  } catch (error) {
    if (isZoomError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createS2SOAuthTokenProvider', () => {
  it('asks for account_credentials with HTTP Basic client id:secret', async () => {
    issueTokens();
    const token = await provider().getToken();
    expect(token).toEqual({ value: 'token-1', expiresAt: now + 3_600_000, apiUrl: undefined, scopes: ['user:read:admin'] });
    const [req] = server.requestsFor(ROUTE);
    expect(req?.query.get('grant_type')).toBe('account_credentials');
    expect(req?.query.get('account_id')).toBe('acc-1');
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from(`client-1:${SECRET}`).toString('base64')}`);
  });

  it('makes exactly one token request for 100 concurrent cold callers', async () => {
    issueTokens();
    const p = provider();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => p.getToken()));
    expect(new Set(tokens.map((t) => t.value))).toEqual(new Set(['token-1']));
    expect(server.requestsFor(ROUTE)).toHaveLength(1);
  });

  it('reuses the token until expires_in minus the margin, then fetches a new one', async () => {
    issueTokens();
    const p = provider({ refreshMarginMs: 60_000 });
    expect((await p.getToken()).value).toBe('token-1');
    now += 3_540_000 - 1;
    expect((await p.getToken()).value).toBe('token-1');
    now += 1;
    expect((await p.getToken()).value).toBe('token-2');
    expect(server.requestsFor(ROUTE)).toHaveLength(2);
  });

  it('does not cache a failed fetch', async () => {
    server.script(ROUTE, [
      { status: 503, body: 'down' },
      { json: { access_token: 'token-ok', token_type: 'bearer', expires_in: 3600, scope: '' } },
    ]);
    const p = provider();
    const error = await rejection(p.getToken());
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.status).toBe(503);
    expect((await p.getToken()).value).toBe('token-ok');
  });

  it.each([
    [401, { code: 4702, message: 'Invalid client_id or client_secret' }, 4702, 'Invalid client_id or client_secret (code 4702)'],
    [400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' }, undefined, 'Invalid client_id or client_secret'],
    [400, { code: 4717, message: 'This app has been disabled by Zoom.' }, 4717, 'disabled by Zoom. (code 4717)'],
  ])('turns a refused credential (%i) into UNAUTHORIZED with Zoom code and no secret', async (status, body, zoomCode, text) => {
    server.script(ROUTE, [{ status, json: body }]);
    const error = await rejection(provider().getToken());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.status).toBe(status);
    expect(error.zoomCode).toBe(zoomCode);
    expect(error.message).toContain(text);
    expect(error.path).toBe('/oauth/token');
    const serialised = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(serialised).not.toContain(SECRET);
    expect(serialised).not.toContain(Buffer.from(`client-1:${SECRET}`).toString('base64'));
  });

  it('redacts the secret should the endpoint ever echo it', async () => {
    server.script(ROUTE, [{ status: 401, json: { code: 4702, message: `bad secret ${SECRET}` } }]);
    const error = await rejection(provider().getToken());
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toContain('[redacted]');
  });

  it('rejects a success body without access_token as INVALID_RESPONSE', async () => {
    server.script(ROUTE, [{ json: { token_type: 'bearer', expires_in: 3600 } }]);
    expect((await rejection(provider().getToken())).code).toBe('INVALID_RESPONSE');
  });

  it('maps an unreachable endpoint to NETWORK and a silent one to TIMEOUT', async () => {
    server.script(ROUTE, [{ hang: true }]);
    const timeout = await rejection(provider({ timeoutMs: 50 }).getToken());
    expect(timeout.code).toBe('TIMEOUT');
    await server.close();
    const network = await rejection(provider().getToken());
    expect(network.code).toBe('NETWORK');
    server = await startScriptedServer();
  });

  it('honours api_url only when allowed', async () => {
    issueTokens({ api_url: 'https://api-eu.zoom.us' });
    expect((await provider().getToken()).apiUrl).toBeUndefined();
    expect((await provider({ useTokenApiUrl: true }).getToken()).apiUrl).toBe('https://api-eu.zoom.us/v2');
  });

  it('invalidates only the token that failed', async () => {
    issueTokens();
    const p = provider();
    const first = await p.getToken();
    p.invalidate('some-older-token');
    expect((await p.getToken()).value).toBe(first.value);
    p.invalidate(first.value);
    expect((await p.getToken()).value).toBe('token-2');
    p.invalidate(first.value);
    expect((await p.getToken()).value).toBe('token-2');
    expect(server.requestsFor(ROUTE)).toHaveLength(2);
  });

  it('shares one token between providers through a shared store, and drops it there once refused', async () => {
    issueTokens();
    const store = createMemoryStore({ now: () => now });
    const a = provider({ store });
    const b = provider({ store });
    const tokenA = await a.getToken();
    expect((await b.getToken()).value).toBe(tokenA.value);
    expect(server.requestsFor(ROUTE)).toHaveLength(1);
    b.invalidate(tokenA.value);
    expect((await b.getToken()).value).toBe('token-2');
    const c = provider({ store });
    expect((await c.getToken()).value).toBe('token-2');
    expect(server.requestsFor(ROUTE)).toHaveLength(2);
  });

  it('validates its options with the option name', () => {
    expect(() => provider({ clientSecret: '' })).toThrow(/clientSecret/);
    expect(() => provider({ oauthUrl: 'zoom.us/oauth' })).toThrow(/oauthUrl/);
    expect(() => provider({ refreshMarginMs: -1 })).toThrow(/refreshMarginMs/);
  });
});
