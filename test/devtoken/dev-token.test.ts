import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayAuthenticator } from '../../src/auth/create-gateway-authenticator.ts';
import { loadConfig } from '../../src/config/index.ts';
import { DEV_TOKEN_PATH, DEV_TOKEN_REQUEST_INVALID } from '../../src/devtoken/index.ts';
import { createGateway } from '../../src/server/app.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { fakeZoom, slowSchema, testConfig } from '../server/helpers.ts';

function requestToken(baseUrl: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${baseUrl}${DEV_TOKEN_PATH}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function graphql(baseUrl: string, token: string, query: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** The gateway as `npm start` starts it with no credentials and no callers: sandbox mode. */
describe('POST /dev/token in sandbox mode', () => {
  let started: StartedGateway;
  beforeAll(async () => {
    const { config } = loadConfig({ env: { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' }, envFile: null });
    started = await startGateway(config);
  });
  afterAll(() => started.gateway.close());

  it('issues an admin token that runs a query as admin, and says where in the banner', async () => {
    const response = await requestToken(started.gateway.url, { role: 'admin' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const issued = (await response.json()) as { token: string; tokenType: string; expiresAt: string; role: string };
    expect(issued).toMatchObject({ tokenType: 'Bearer', role: 'admin' });
    const lifetime = Date.parse(issued.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    const answer = await graphql(started.gateway.url, issued.token, '{ users(first: 2) { totalCount edges { node { email } } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.users.totalCount).toBeGreaterThan(0);
    expect(started.banner).toContain(`POST ${started.gateway.url}${DEV_TOKEN_PATH}`);
  });

  it('issues a member token bound to a sandbox user, who is refused what only admins may see', async () => {
    const admin = (await (await requestToken(started.gateway.url, { role: 'admin' })).json()) as { token: string };
    const users = await graphql(started.gateway.url, admin.token, '{ users(first: 1) { edges { node { email } } } }');
    const email = users.body.data.users.edges[0].node.email as string;
    const response = await requestToken(started.gateway.url, { role: 'member', email, ttlSeconds: 120 });
    expect(response.status).toBe(200);
    const member = (await response.json()) as { token: string; expiresAt: string; email: string };
    expect(member.email).toBe(email);
    expect(Date.parse(member.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    const answer = await graphql(started.gateway.url, member.token, '{ me { email } users(first: 1) { totalCount } }');
    expect(answer.body.data.me.email.toLowerCase()).toBe(email.toLowerCase());
    expect(answer.body.data.users).toBeNull();
    expect(answer.body.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses a request that is not a valid one, with a stable code', async () => {
    for (const body of [{ role: 'member' }, { role: 'owner' }, { role: 'admin', ttlSeconds: 7200 }, { role: 'admin', extra: 1 }]) {
      const response = await requestToken(started.gateway.url, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe(DEV_TOKEN_REQUEST_INVALID);
    }
    // A "simple" cross-origin request (no preflight) gets nothing.
    const plain = await requestToken(started.gateway.url, { role: 'admin' }, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
  });

  it('a token from another process (another secret) is refused', async () => {
    const other = createGatewayAuthenticator({ isProduction: false, mode: 'sandbox', callers: { apiKeys: [], jwt: null } });
    const foreign = await other.devTokens!.issue({ role: 'admin' });
    const answer = await graphql(started.gateway.url, foreign.token, '{ me { email } }');
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('development tokens expire', () => {
  it('a token is accepted until its expiry (plus the clock tolerance) and refused after it', async () => {
    let now = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));
    const { authenticator, devTokens } = createGatewayAuthenticator(
      { isProduction: false, mode: 'sandbox', callers: { apiKeys: [], jwt: null } },
      { now: () => now },
    );
    const issued = await devTokens!.issue({ role: 'admin', ttlSeconds: 60 }, now);
    const request = { headers: { authorization: `Bearer ${issued.token}` } };
    await expect(authenticator.authenticate(request)).resolves.toMatchObject({ kind: 'jwt', role: 'admin' });
    now = new Date(now.getTime() + 60_000 + 31_000);
    await expect(authenticator.authenticate(request)).rejects.toMatchObject({ reason: 'expired' });
  });
});

describe('no development tokens outside sandbox mode', () => {
  it('answers 404 against Zoom, with or without callers configured', async () => {
    for (const env of [{}, { CALLER_API_KEYS: '' }] as Record<string, string>[]) {
      const { schema } = slowSchema();
      const gateway = await createGateway(testConfig(env), { schema, zoom: fakeZoom().client });
      try {
        expect(gateway.devTokenUrl).toBeUndefined();
        const response = await requestToken(gateway.url, { role: 'admin' });
        expect(response.status).toBe(404);
      } finally {
        await gateway.close();
      }
    }
  });

  it('is off in sandbox mode once callers are configured: they stay the only ones', () => {
    const { devTokens } = createGatewayAuthenticator({
      isProduction: false,
      mode: 'sandbox',
      callers: { apiKeys: [{ name: 'ci', sha256: 'a'.repeat(64), role: 'admin' }], jwt: null },
    });
    expect(devTokens).toBeUndefined();
  });
});
