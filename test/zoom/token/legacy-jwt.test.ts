import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createLegacyJwtTokenProvider } from '../../../src/zoom/token/legacy-jwt.ts';

const KEY = 'api-key-1';
const SECRET = 'api-secret-1';
const START = Date.UTC(2024, 0, 10, 12);

describe('createLegacyJwtTokenProvider', () => {
  it('signs HS256 with typ JWT, iss = API key, iat and exp = iat + TTL, keyed by the secret bytes', async () => {
    const token = await createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, ttlSeconds: 90, now: () => START }).getToken();
    expect(decodeProtectedHeader(token.value)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token.value, new TextEncoder().encode(SECRET), {
      algorithms: ['HS256'], issuer: KEY, currentDate: new Date(START),
    });
    expect(payload.iat).toBe(START / 1000);
    expect(payload.exp).toBe(START / 1000 + 90);
    expect(token.expiresAt).toBe(START + 90_000);
    await expect(jwtVerify(token.value, new TextEncoder().encode('wrong'), { currentDate: new Date(START) })).rejects.toThrow();
  });

  it('reuses the token until the refresh margin, then signs a new one', async () => {
    let now = START;
    const p = createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, ttlSeconds: 60, refreshMarginSeconds: 10, now: () => now });
    const first = await p.getToken();
    now += 49_999;
    expect((await p.getToken()).value).toBe(first.value);
    now += 1;
    const second = await p.getToken();
    expect(second.value).not.toBe(first.value);
    expect(second.expiresAt).toBe(START + 50_000 + 60_000);
  });

  it('shares one signature among concurrent callers and re-signs after invalidate', async () => {
    const p = createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, now: () => START });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => p.getToken()));
    expect(new Set(tokens.map((t) => t.value)).size).toBe(1);
    p.invalidate(tokens[0]!.value);
    expect((await p.getToken()).value).not.toBe(tokens[0]!.value);
  });

  it('re-signs a different token after invalidate within the same second, so the retry after a 401 sends a new credential', async () => {
    const p = createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, now: () => START });
    const refused = await p.getToken();
    p.invalidate(refused.value);
    const fresh = await p.getToken();
    // Same iat and exp (the clock has not moved): only the token id tells them apart.
    expect(fresh.value).not.toBe(refused.value);
    expect(fresh.expiresAt).toBe(refused.expiresAt);
    const key = new TextEncoder().encode(SECRET);
    const claims = async (token: string) => (await jwtVerify(token, key, { issuer: KEY, currentDate: new Date(START) })).payload;
    const [before, after] = [await claims(refused.value), await claims(fresh.value)];
    expect(after.iat).toBe(before.iat);
    expect(after.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.jti).not.toBe(before.jti);
  });

  it('validates its options', () => {
    expect(() => createLegacyJwtTokenProvider({ apiKey: '', apiSecret: SECRET })).toThrow(/apiKey/);
    expect(() => createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => createLegacyJwtTokenProvider({ apiKey: KEY, apiSecret: SECRET, ttlSeconds: 30, refreshMarginSeconds: 30 })).toThrow(/refreshMarginSeconds/);
  });
});
