import { SignJWT, UnsecuredJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, createTestClock, fetchToken } from './fake-model.ts';

const clock = createTestClock();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ model: createFakeModel(), clock: clock.now, tokenTtlSeconds: 60, rateLimits: 'unlimited' });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.stats.reset());

const INVALID = { code: 124, message: 'Invalid access token.' };

async function getMe(authorization?: string, query = '') {
  const response = await fetch(`${sandbox.apiUrl}/users/me${query}`, authorization === undefined ? {} : { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as unknown };
}

function jwt(options: { alg?: string; iss?: string; expInSeconds?: number | null; secret?: string } = {}) {
  const nowSeconds = Math.floor(clock.now() / 1000);
  const builder = new SignJWT({}).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuer(options.iss ?? 'sandbox-api-key').setIssuedAt(nowSeconds);
  if (options.expInSeconds !== null) builder.setExpirationTime(nowSeconds + (options.expInSeconds ?? 60));
  return builder.sign(new TextEncoder().encode(options.secret ?? 'sandbox-api-secret'));
}

describe('OAuth access tokens', () => {
  it('accepts a live token, and several live tokens at once', async () => {
    const first = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    const second = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    expect((await getMe(`Bearer ${first}`)).status).toBe(200);
    expect((await getMe(`Bearer ${second}`)).status).toBe(200);
    expect(sandbox.stats.log().filter((e) => e.operation === 'user').map((e) => e.auth)).toEqual(['oauth', 'oauth']);
  });

  it('refuses a token at its expiry instant (injected clock), with Zoom\'s 124 body', async () => {
    const token = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    clock.advance(59_999);
    expect((await getMe(`Bearer ${token}`)).status).toBe(200);
    clock.advance(1);
    expect(await getMe(`Bearer ${token}`)).toEqual({ status: 401, body: INVALID });
  });

  it('refuses every token after revocation, and a fresh token works', async () => {
    const token = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    sandbox.revokeAllTokens();
    expect(await getMe(`Bearer ${token}`)).toEqual({ status: 401, body: INVALID });
    const fresh = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    expect((await getMe(`Bearer ${fresh}`)).status).toBe(200);
  });

  it('refuses a token passed in the query string and does not log its value', async () => {
    const token = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    expect(await getMe(undefined, `?access_token=${token}`)).toEqual({ status: 401, body: INVALID });
    const entry = sandbox.stats.log().at(-1);
    expect(entry?.query).toBe('access_token=REDACTED');
    expect(JSON.stringify(sandbox.stats.log())).not.toContain(token);
  });

  it('refuses a missing header, an unknown token and a non-Bearer scheme without reaching the model', async () => {
    const model = sandbox.model as ReturnType<typeof createFakeModel>;
    const before = model.handled.length;
    expect(await getMe()).toEqual({ status: 401, body: INVALID });
    expect(await getMe('Bearer not-a-token')).toEqual({ status: 401, body: INVALID });
    const token = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    expect((await getMe(`Token ${token}`)).status).toBe(401);
    expect(model.handled.length).toBe(before);
  });
});

describe('legacy JWT app tokens', () => {
  it('accepts HS256 signed with the API secret, iss = API key, exp in the future', async () => {
    expect((await getMe(`Bearer ${await jwt()}`)).status).toBe(200);
    expect(sandbox.stats.log().at(-1)?.auth).toBe('jwt');
  });

  it('refuses an expired JWT (clock moved past exp)', async () => {
    const token = await jwt({ expInSeconds: 30 });
    expect((await getMe(`Bearer ${token}`)).status).toBe(200);
    clock.advance(30_000);
    expect(await getMe(`Bearer ${token}`)).toEqual({ status: 401, body: INVALID });
  });

  it.each([
    ['HS512', () => jwt({ alg: 'HS512' })],
    ['wrong issuer', () => jwt({ iss: 'someone-else' })],
    ['wrong secret', () => jwt({ secret: 'not-the-secret' })],
    ['no exp', () => jwt({ expInSeconds: null })],
    ['alg none', async () => new UnsecuredJWT({ iss: 'sandbox-api-key', exp: Math.floor(clock.now() / 1000) + 60 }).encode()],
    ['RS256', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('sandbox-api-key')
        .setExpirationTime(Math.floor(clock.now() / 1000) + 60).sign(privateKey);
    }],
  ])('refuses %s', async (_name, make) => {
    expect(await getMe(`Bearer ${await make()}`)).toEqual({ status: 401, body: INVALID });
  });
});
