import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS2SOAuthTokenProvider, type S2SOAuthOptions } from '../../../src/zoom/token/s2s-oauth.ts';
import { createTokenSeal } from '../../../src/zoom/token/token-seal.ts';
import { createTestRedisStore } from '../../helpers/redis.ts';
import { startScriptedServer, type ScriptedServer } from '../../helpers/scripted-server.ts';

/**
 * The S2S token shared by several gateway instances through one Redis: one token request per expiry for all of
 * them, the token sealed in Redis, a 401 dropping only the token that got it. Each provider stands for an instance
 * (its own in-process single flight), so only the store can keep them from fetching their own.
 */
const SECRET = 'cl1ent-s3cret-value';
const ROUTE = 'POST /oauth/token';
let STORE_KEY: string;

let server: ScriptedServer;
let dispatcher: Agent;
let issued: number;
let redis: ReturnType<typeof createTestRedisStore>;

beforeAll(() => {
  dispatcher = new Agent();
});
afterAll(async () => {
  await dispatcher.close();
});
beforeEach(async () => {
  server = await startScriptedServer();
  STORE_KEY = `zoom:s2s-token:127.0.0.1:${server.port}:acc-1:client-1`;
  issued = 0;
  server.script(ROUTE, () => ({ json: { access_token: `token-${++issued}`, token_type: 'bearer', expires_in: 3600, scope: 'user:read:admin' } }));
  redis = createTestRedisStore();
});
afterEach(async () => {
  await server.close();
  await redis.cleanup();
});

function instance(overrides: Partial<S2SOAuthOptions> = {}) {
  return createS2SOAuthTokenProvider({
    accountId: 'acc-1', clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token`,
    dispatcher, store: redis.store, ...overrides,
  });
}

describe('the Zoom token shared on Redis', () => {
  it('60 concurrent cold callers spread over three instances make exactly one token request', async () => {
    const instances = [instance(), instance(), instance()];
    const tokens = await Promise.all(Array.from({ length: 60 }, (_, i) => instances[i % 3]!.getToken()));
    expect(new Set(tokens.map((token) => token.value))).toEqual(new Set(['token-1']));
    expect(server.requestsFor(ROUTE)).toHaveLength(1);
    // The lock is released once the token is stored.
    expect(await redis.redis.exists(`${redis.keyPrefix}${STORE_KEY}:lock`)).toBe(0);
  });

  it('stores the token sealed: Redis holds neither the token nor its scopes, and only the same credentials open it', async () => {
    const token = await instance().getToken();
    const raw = (await redis.redis.get(`${redis.keyPrefix}${STORE_KEY}`))!;
    expect(raw).toMatch(/^v1\./);
    expect(raw).not.toContain(token.value);
    expect(raw).not.toContain('user:read:admin');
    expect(createTokenSeal(SECRET, STORE_KEY).open(raw)).toContain(token.value);
    expect(createTokenSeal('another-secret', STORE_KEY).open(raw)).toBeUndefined();
    // Moved to another key, it does not open either (the key is bound in).
    expect(createTokenSeal(SECRET, STORE_KEY.replace('acc-1', 'acc-2')).open(raw)).toBeUndefined();

    // An instance with another secret for the same app cannot use it and fetches its own.
    expect((await instance({ clientSecret: 'rotated-secret' }).getToken()).value).toBe('token-2');
    expect(server.requestsFor(ROUTE)).toHaveLength(2);
  });

  it('an altered entry counts as absent: the next instance fetches and overwrites it', async () => {
    await instance().getToken();
    const key = `${redis.keyPrefix}${STORE_KEY}`;
    const raw = (await redis.redis.get(key))!;
    const parts = raw.split('.');
    parts[2] = Buffer.from(Buffer.from(parts[2]!, 'base64url').map((byte, i) => (i === 0 ? byte ^ 1 : byte))).toString('base64url');
    await redis.redis.set(key, parts.join('.'));
    expect((await instance().getToken()).value).toBe('token-2');
    expect(await redis.redis.get(key)).not.toBe(parts.join('.'));
  });

  it('instances on different token endpoints (each on a sandbox of its own) keep their tokens apart', async () => {
    const other = await startScriptedServer();
    try {
      other.script(ROUTE, () => ({ json: { access_token: 'other-endpoint-token', token_type: 'bearer', expires_in: 3600 } }));
      const here = await instance().getToken();
      const there = await instance({ oauthUrl: `${other.url}/oauth/token` }).getToken();
      expect([here.value, there.value]).toEqual(['token-1', 'other-endpoint-token']);
      expect((await instance().getToken()).value).toBe('token-1');
      expect(server.requestsFor(ROUTE)).toHaveLength(1);
    } finally {
      await other.close();
      await redis.redis.del(`${redis.keyPrefix}zoom:s2s-token:127.0.0.1:${other.port}:acc-1:client-1`);
    }
  });

  it('a 401 drops only the token that got it: a newer one another instance stored stays', async () => {
    const a = instance();
    const b = instance();
    const first = await a.getToken();
    expect((await b.getToken()).value).toBe(first.value);
    // b is refused: the shared token goes, and b's next request stores token-2.
    b.invalidate(first.value);
    await waitForKeyGone();
    expect((await b.getToken()).value).toBe('token-2');
    // a, still on token-1, is refused late: token-2 in Redis is not touched, and a picks it up without a request.
    a.invalidate(first.value);
    expect((await a.getToken()).value).toBe('token-2');
    expect((await instance().getToken()).value).toBe('token-2');
    expect(server.requestsFor(ROUTE)).toHaveLength(2);
  });
});

async function waitForKeyGone(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await redis.redis.exists(`${redis.keyPrefix}${STORE_KEY}`)) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the refused token stayed in Redis');
}
