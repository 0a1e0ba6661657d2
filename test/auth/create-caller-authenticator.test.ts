import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  CallerAuthError,
  createCallerAuthenticator,
  createDevelopmentCredentials,
  hashApiKey,
  type Caller,
  type CallerAuthenticator,
} from '../../src/auth/index.ts';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'zoom-graphql-gateway';
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

let server: Server;
let jwksUrl: string;
let jwksRequests = 0;
let rsaPrivate: CryptoKey;
let otherPrivate: CryptoKey;
let rsaPublicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  rsaPrivate = pair.privateKey;
  rsaPublicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  otherPrivate = (await generateKeyPair('RS256')).privateKey;
  server = createServer((req, res) => {
    jwksRequests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [rsaPublicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function jwksAuthenticator(overrides: Record<string, unknown> = {}): CallerAuthenticator {
  return createCallerAuthenticator({
    jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...overrides },
    now: () => NOW,
  });
}

async function rsaToken(
  claims: Record<string, unknown> = {},
  options: { kid?: string; key?: CryptoKey; iat?: number; exp?: number; nbf?: number; aud?: string; iss?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ role: 'admin', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' })
    .setSubject('user-1')
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(options.iat ?? nowSeconds - 10)
    .setExpirationTime(options.exp ?? nowSeconds + 300);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.key ?? rsaPrivate);
}

async function reasonOf(promise: Promise<Caller>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CallerAuthError);
    expect((error as CallerAuthError).code).toBe('UNAUTHENTICATED');
    return (error as CallerAuthError).reason;
  }
  throw new Error('expected authentication to fail');
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('JWT against a JWKS', () => {
  it('accepts a good token and maps the claims to a caller', async () => {
    const auth = jwksAuthenticator();
    const caller = await auth.authenticate(bearer(await rsaToken({ email: 'a@example.test', name: 'Ada' })));
    // expiresAt: exp plus the default 30 s clock tolerance, the instant the token stops authenticating.
    expect(caller).toEqual({ kind: 'jwt', role: 'admin', subject: 'user-1', email: 'a@example.test', name: 'Ada', expiresAt: (nowSeconds + 300 + 30) * 1000 });
    // At that instant the same token is refused, so a subscription ended then cannot be reopened with it.
    const atExpiry = createCallerAuthenticator({ jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE }, now: () => new Date(caller.expiresAt!) });
    expect(await reasonOf(atExpiry.authenticate(bearer(await rsaToken())))).toBe('expired');
  });

  it('rejects expired, not-yet-valid, wrong audience and wrong issuer tokens', async () => {
    const auth = jwksAuthenticator();
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { exp: nowSeconds - 120 }))))).toBe('expired');
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { nbf: nowSeconds + 600 }))))).toBe('not_yet_valid');
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { aud: 'someone-else' }))))).toBe('wrong_audience');
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { iss: 'https://evil.test/' }))))).toBe('wrong_issuer');
  });

  it('applies the clock tolerance, and refuses a tolerance above 60 s', async () => {
    const auth = jwksAuthenticator({ clockToleranceSeconds: 60 });
    await expect(auth.authenticate(bearer(await rsaToken({}, { exp: nowSeconds - 50 })))).resolves.toMatchObject({ role: 'admin' });
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { exp: nowSeconds - 70 }))))).toBe('expired');
    expect(() => jwksAuthenticator({ clockToleranceSeconds: 61 })).toThrow(/clockToleranceSeconds: expected a number of seconds from 0 to 60, got number 61/);
  });

  it('rejects a token signed by another key under a known kid', async () => {
    const auth = jwksAuthenticator();
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { key: otherPrivate }))))).toBe('bad_signature');
  });

  it('rejects alg none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: nowSeconds + 300, role: 'admin' }));
    const auth = jwksAuthenticator();
    expect(await reasonOf(auth.authenticate(bearer(`${header}.${payload}.`)))).toBe('algorithm_not_allowed');
    const secretAuth = createCallerAuthenticator({ jwt: { secret: 'x'.repeat(32), issuer: ISSUER, audience: AUDIENCE }, now: () => NOW });
    expect(await reasonOf(secretAuth.authenticate(bearer(`${header}.${payload}.`)))).toBe('algorithm_not_allowed');
  });

  it('rejects HS256 signed with the RSA public key (algorithm confusion)', async () => {
    const before = jwksRequests;
    const auth = jwksAuthenticator();
    // The classic attack: use the public key's bytes as an HMAC secret.
    const publicBytes = new TextEncoder().encode(JSON.stringify(rsaPublicJwk));
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setSubject('user-1').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(nowSeconds + 300).sign(publicBytes);
    expect(await reasonOf(auth.authenticate(bearer(forged)))).toBe('algorithm_not_allowed');
    // Refused on the header alone, before any key lookup.
    expect(jwksRequests).toBe(before);
  });

  it('rejects RS256 tokens when configured with a shared secret', async () => {
    const auth = createCallerAuthenticator({ jwt: { secret: 's'.repeat(40), issuer: ISSUER, audience: AUDIENCE }, now: () => NOW });
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken())))).toBe('algorithm_not_allowed');
    expect(() => createCallerAuthenticator({ jwt: { secret: 's'.repeat(40), issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] } }))
      .toThrow(/algorithms: expected a non-empty list from HS256, HS384, HS512/);
    expect(() => createCallerAuthenticator({ jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] } }))
      .toThrow(/the JWKS family/);
  });

  it('rejects unknown kids without a refetch storm, and refetches once the cooldown passes', async () => {
    // jose's JWKS cache runs on Date.now(); fake only Date so sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(NOW);
      const auth = createCallerAuthenticator({
        jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksCooldownMs: 30_000 },
        now: () => NOW,
      });
      const before = jwksRequests;
      await auth.authenticate(bearer(await rsaToken()));
      expect(jwksRequests - before).toBe(1);
      const unknown = await rsaToken({}, { kid: 'rotated-away' });
      const burst = () => Promise.all(Array.from({ length: 25 }, () => reasonOf(auth.authenticate(bearer(unknown)))));
      expect(new Set(await burst())).toEqual(new Set(['unknown_key']));
      // All 25 fell inside the cooldown that began with the first fetch: no further request to the IdP.
      expect(jwksRequests - before).toBe(1);
      vi.setSystemTime(NOW.getTime() + 31_000);
      // After the cooldown, a burst of unknown kids costs exactly one shared refetch (a key may have rotated in).
      expect(new Set(await burst())).toEqual(new Set(['unknown_key']));
      expect(jwksRequests - before).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses the configured role claim and member binding', async () => {
    const auth = jwksAuthenticator({ roleClaim: 'https://gw/roles', memberBinding: { claim: 'zoom_user_id', as: 'zoomUserId' } });
    const member = await auth.authenticate(bearer(await rsaToken({ role: undefined, 'https://gw/roles': ['member'], zoom_user_id: 'KDcuGIm1QgePTO8WbOqwIQ' })));
    expect(member).toMatchObject({ role: 'member', zoomUserId: 'KDcuGIm1QgePTO8WbOqwIQ', subject: 'user-1' });
    const admin = await auth.authenticate(bearer(await rsaToken({ 'https://gw/roles': ['member', 'admin'] })));
    expect(admin.role).toBe('admin');
    // No role claim: member, which then needs its binding.
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({ role: undefined })))))
      .toBe('invalid_claims');
    // An unknown role value is refused rather than guessed.
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({ 'https://gw/roles': 'superuser', zoom_user_id: 'x' })))))
      .toBe('invalid_claims');
  });

  it('binds members by email by default and rejects a member token without it', async () => {
    const auth = jwksAuthenticator();
    await expect(auth.authenticate(bearer(await rsaToken({ role: 'member', email: 'm@example.test' }))))
      .resolves.toEqual({ kind: 'jwt', role: 'member', subject: 'user-1', email: 'm@example.test', expiresAt: expect.any(Number) });
    const error = await auth.authenticate(bearer(await rsaToken({ role: 'member' }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'invalid_claims', detail: 'email' });
  });

  it('refuses a binding that is not a valid value of its declared type: me, keywords, ids posing as emails', async () => {
    const byEmail = jwksAuthenticator();
    for (const email of ['me', 'ME', 'KDcuGIm1QgePTO8WbOqwIQ', '..', 'a@b', 'x@example.test/../me', ' ']) {
      const error = await byEmail.authenticate(bearer(await rsaToken({ role: 'member', email }))).catch((e: unknown) => e);
      expect(error, email).toMatchObject({ reason: 'invalid_claims', detail: 'email' });
    }
    const byId = jwksAuthenticator({ memberBinding: { claim: 'zoom_user_id', as: 'zoomUserId' } });
    for (const id of ['me', 'Me', '.', '..', 'owner@example.test', 'a/b', 'x'.repeat(65)]) {
      const error = await byId.authenticate(bearer(await rsaToken({ role: 'member', zoom_user_id: id }))).catch((e: unknown) => e);
      expect(error, id).toMatchObject({ reason: 'invalid_claims', detail: 'zoom_user_id' });
    }
    // A user-id binding is the member's only identity: an email claim beside it is not the member's email.
    await expect(byId.authenticate(bearer(await rsaToken({ role: 'member', zoom_user_id: 'KDcuGIm1QgePTO8WbOqwIQ', email: 'owner@example.test' }))))
      .resolves.toEqual({ kind: 'jwt', role: 'member', subject: 'user-1', zoomUserId: 'KDcuGIm1QgePTO8WbOqwIQ', expiresAt: expect.any(Number) });
  });

  it('refuses an iat in the future beyond the tolerance, and tokens living longer than the maximum lifetime', async () => {
    const auth = jwksAuthenticator();
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { iat: nowSeconds + 86_400, exp: nowSeconds + 86_400 + 300 })))))
      .toBe('not_yet_valid');
    await expect(auth.authenticate(bearer(await rsaToken({}, { iat: nowSeconds + 20 })))).resolves.toMatchObject({ role: 'admin' });
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken({}, { exp: nowSeconds + 100 * 365 * 86_400 }))))).toBe('lifetime_too_long');
    await expect(auth.authenticate(bearer(await rsaToken({}, { exp: nowSeconds + 86_400 - 60 })))).resolves.toMatchObject({ role: 'admin' });
    // Without iat the lifetime runs from now.
    const noIat = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setSubject('user-1')
      .setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(nowSeconds + 2 * 86_400).sign(rsaPrivate);
    expect(await reasonOf(auth.authenticate(bearer(noIat)))).toBe('lifetime_too_long');
    const hourly = jwksAuthenticator({ maxTokenLifetimeSeconds: 3_600 });
    expect(await reasonOf(hourly.authenticate(bearer(await rsaToken({}, { exp: nowSeconds + 7_200 }))))).toBe('lifetime_too_long');
    expect(() => jwksAuthenticator({ maxTokenLifetimeSeconds: 10 })).toThrow(/maxTokenLifetimeSeconds: expected whole seconds from 60/);
  });

  it('reports an unreachable JWKS as key_set_unavailable', async () => {
    const failing: typeof fetch = async () => new Response('nope', { status: 503 });
    const auth = createCallerAuthenticator({ jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, fetch: failing }, now: () => NOW });
    expect(await reasonOf(auth.authenticate(bearer(await rsaToken())))).toBe('key_set_unavailable');
  });
});

describe('JWT with a shared secret', () => {
  const secret = 'a-shared-secret-of-at-least-32-bytes!!';
  it('accepts HS256 and rejects a wrong secret', async () => {
    const auth = createCallerAuthenticator({ jwt: { secret, issuer: ISSUER, audience: AUDIENCE }, now: () => NOW });
    const sign = (key: string) => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('svc')
      .setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(nowSeconds + 60).sign(new TextEncoder().encode(key));
    await expect(auth.authenticate(bearer(await sign(secret)))).resolves.toMatchObject({ role: 'admin', subject: 'svc' });
    expect(await reasonOf(auth.authenticate(bearer(await sign(`${secret}-other`))))).toBe('bad_signature');
  });

  it('refuses a short secret without printing it', () => {
    expect(() => createCallerAuthenticator({ jwt: { secret: 'short-secret', issuer: ISSUER, audience: AUDIENCE } }))
      .toThrow('createCallerAuthenticator: jwt.secret: expected at least 32 bytes, got 12.');
  });
});

describe('API keys', () => {
  const adminKey = 'admin-key-0123456789abcdef';
  const memberKey = 'member-key-0123456789abcdef';
  const auth = createCallerAuthenticator({
    apiKeys: [
      { name: 'reporting', sha256: hashApiKey(adminKey), role: 'admin' },
      { name: 'kiosk', sha256: hashApiKey(memberKey).toUpperCase(), role: 'member', email: 'kiosk@example.test' },
    ],
  });

  it('accepts x-api-key and Authorization: ApiKey', async () => {
    await expect(auth.authenticate({ headers: { 'x-api-key': adminKey } }))
      .resolves.toEqual({ kind: 'api-key', role: 'admin', subject: 'reporting' });
    await expect(auth.authenticate({ headers: new Headers({ authorization: `ApiKey ${memberKey}` }) }))
      .resolves.toEqual({ kind: 'api-key', role: 'member', subject: 'kiosk', email: 'kiosk@example.test' });
  });

  it('rejects a bad key, no key, two credentials, and a JWT when JWTs are not configured', async () => {
    expect(await reasonOf(auth.authenticate({ headers: { 'x-api-key': 'nope' } }))).toBe('unknown_api_key');
    expect(await reasonOf(auth.authenticate({ headers: {} }))).toBe('missing');
    expect(await reasonOf(auth.authenticate({ headers: { 'x-api-key': adminKey, authorization: 'Bearer a.b.c' } }))).toBe('malformed');
    expect(await reasonOf(auth.authenticate({ headers: { authorization: 'Basic dXNlcjpwYXNz' } }))).toBe('malformed');
    expect(await reasonOf(auth.authenticate(bearer('a.b.c')))).toBe('not_configured');
    expect(await reasonOf(auth.authenticate({ headers: { 'x-api-key': [adminKey, memberKey] } }))).toBe('malformed');
    expect(await reasonOf(auth.authenticate({ headers: { 'x-api-key': 'k'.repeat(513) } }))).toBe('malformed');
  });

  it('accepts the auth scheme in any case, as RFC 9110 says', async () => {
    await expect(auth.authenticate({ headers: { authorization: `apikey ${adminKey}` } })).resolves.toMatchObject({ subject: 'reporting' });
  });

  it('validates entries with messages that say what was expected and never echo a pasted key', () => {
    const pasted = 'zgw_live_this-is-a-plaintext-key-not-a-hash';
    let message = '';
    try {
      createCallerAuthenticator({ apiKeys: [{ name: 'x', sha256: pasted, role: 'admin' }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expected 64 hex digits');
    expect(message).not.toContain(pasted);
    expect(() => createCallerAuthenticator({ apiKeys: [{ name: 'm', sha256: hashApiKey('k'), role: 'member' }] }))
      .toThrow(/member key must be bound to a Zoom user/);
    expect(() => createCallerAuthenticator({})).toThrow(/no caller could ever authenticate/);
    expect(() => createCallerAuthenticator({ apiKeys: [{ name: 'm', sha256: hashApiKey('k'), role: 'member', zoomUserId: 'me' }] }))
      .toThrow(/zoomUserId: expected a Zoom user id/);
    expect(() => createCallerAuthenticator({ apiKeys: [{ name: 'm', sha256: hashApiKey('k'), role: 'member', email: 'me' }] }))
      .toThrow(/email: expected an email address/);
  });
});

describe('development credentials', () => {
  it('generates a fresh admin key whose hash authenticates', async () => {
    const first = createDevelopmentCredentials();
    const second = createDevelopmentCredentials();
    expect(first.apiKey).not.toBe(second.apiKey);
    expect(first.entry).toEqual({ name: 'development', role: 'admin', sha256: hashApiKey(first.apiKey) });
    const auth = createCallerAuthenticator({ apiKeys: [first.entry] });
    await expect(auth.authenticate({ headers: { 'x-api-key': first.apiKey } })).resolves.toMatchObject({ role: 'admin' });
    expect(await reasonOf(auth.authenticate({ headers: { 'x-api-key': second.apiKey } }))).toBe('unknown_api_key');
  });
});

describe('secrets never leak into errors', () => {
  it('no error message, detail or serialisation contains the presented credential', async () => {
    const apiKey = 'leak-canary-key-5f0c2e';
    const auth = createCallerAuthenticator({
      jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE },
      apiKeys: [{ name: 'k', sha256: hashApiKey('some-other-key'), role: 'admin' }],
      now: () => NOW,
    });
    const expired = await rsaToken({ email: 'x@example.test' }, { exp: nowSeconds - 3600 });
    const wrongAud = await rsaToken({}, { aud: 'other' });
    const attempts = [
      { headers: { 'x-api-key': apiKey } },
      { headers: { authorization: `ApiKey ${apiKey}` } },
      bearer(expired),
      bearer(wrongAud),
      bearer(`${expired.slice(0, -4)}AAAA`),
      { headers: { authorization: `Bearer ${apiKey} trailing` } },
    ];
    const secrets = [apiKey, expired, wrongAud, expired.split('.')[1]!, expired.split('.')[2]!];
    for (const attempt of attempts) {
      const error = await auth.authenticate(attempt).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(CallerAuthError);
      const serialised = [
        JSON.stringify(error),
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify(Object.getOwnPropertyDescriptors(error)),
      ].join('\n');
      for (const secret of secrets) expect(serialised).not.toContain(secret);
    }
  });
});
