import { SignJWT } from 'jose';
import { hashApiKey } from '../../src/auth/api-key-matcher.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createCostTracker } from '../../src/cost/cost-tracker.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/server/app.ts';
import { createZoomClient } from '../../src/zoom/index.ts';
import { memoryLogger } from '../server/helpers.ts';

/** Keys of the secured test gateway: plaintext here, only their hashes reach its configuration. */
export const TEST_KEYS = Object.freeze({
  admin: 'test-admin-key-0123456789',
  /** Bound by Zoom user id to `owner`. */
  member: 'test-member-key-0123456789',
  /** Bound by email to `owner`. */
  memberByEmail: 'test-member-email-key-0123456789',
});
export const TEST_JWT_SECRET = 'test-jwt-secret-of-at-least-32-bytes-long!';
export const TEST_JWT_ISSUER = 'https://idp.test/';
export const TEST_JWT_AUDIENCE = 'zoom-graphql-gateway';

export interface SandboxPeople {
  /** A user with meetings: the members are bound to them. */
  owner: { id: string; email: string; meetingId: string };
  /** Another user with meetings. */
  other: { id: string; email: string; meetingId: string };
}

export interface SecuredGateway {
  gateway: Gateway;
  sandbox: Sandbox;
  people: SandboxPeople;
  url: string;
  logLines: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  graphql(query: string, key: keyof typeof TEST_KEYS | null, variables?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  jwt(claims: Record<string, unknown>, options?: { expiresIn?: string | number; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real gateway (createGateway: fastify, Apollo, caller auth, access rules, cost, hardening) over a real sandbox on
 * loopback, with an admin key, a member key bound by id and one bound by email, and HS256 caller JWTs.
 */
export async function startSecuredGateway(
  options: {
    production?: boolean;
    env?: Record<string, string>;
    deps?: Pick<GatewayDeps, 'readiness' | 'onCacheEvent'>;
    /** The client secret the gateway's Zoom client presents; default the sandbox's own (a wrong one is refused). */
    zoomClientSecret?: string;
  } = {},
): Promise<SecuredGateway> {
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited' });
  const costTracker = createCostTracker();
  const zoom = createZoomClient({
    auth: { type: 's2s', ...sandbox.credentials, ...(options.zoomClientSecret === undefined ? {} : { clientSecret: options.zoomClientSecret }), oauthUrl: sandbox.oauthUrl },
    apiUrl: sandbox.apiUrl,
    onCall: costTracker.onCall,
    retry: { maxAttempts: 1 },
  });
  const people = await findPeople(sandbox);
  const config = parseConfig({
    NODE_ENV: options.production === true ? 'production' : 'test',
    LOG_LEVEL: 'info',
    PORT: '0',
    GRAPHIQL: 'false',
    ZOOM_ACCOUNT_ID: 'acct',
    ZOOM_CLIENT_ID: 'client',
    ZOOM_CLIENT_SECRET: 'unused-secret',
    CALLER_API_KEYS: [
      `ops:admin:${hashApiKey(TEST_KEYS.admin)}`,
      `owner:member:${hashApiKey(TEST_KEYS.member)}:${people.owner.id}`,
      `owner-mail:member:${hashApiKey(TEST_KEYS.memberByEmail)}:${people.owner.email}`,
    ].join(','),
    CALLER_JWT_SECRET: TEST_JWT_SECRET,
    CALLER_JWT_ISSUER: TEST_JWT_ISSUER,
    CALLER_JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    // These tests count each request's own Zoom calls; the shared cache would answer repeats from earlier tests.
    // Its own tests (test/cache) turn it on.
    CACHE_ENABLED: 'false',
    ...options.env,
  });
  const { logger, lines } = memoryLogger('info');
  const gateway = await createGateway(config, { ...options.deps, zoom, costTracker, logger, closeAfter: [sandbox] });
  sandbox.stats.reset();

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as any, text };
  };
  return {
    gateway,
    sandbox,
    people,
    url: gateway.url,
    logLines: lines,
    post,
    graphql: (query, key, variables) => post({ query, variables }, key === null ? {} : { 'x-api-key': TEST_KEYS[key] }),
    jwt: (claims, jwtOptions = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(TEST_JWT_ISSUER)
        .setAudience(jwtOptions.audience ?? TEST_JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(jwtOptions.expiresIn ?? '5m')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
    close: () => gateway.close(),
  };
}

/** Two users with meetings, read straight from the sandbox over its Zoom API (not through the gateway). */
async function findPeople(sandbox: Sandbox): Promise<SandboxPeople> {
  const token = await fetch(`${sandbox.oauthUrl}?grant_type=account_credentials&account_id=${sandbox.credentials.accountId}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.clientId}:${sandbox.credentials.clientSecret}`).toString('base64')}` },
  }).then((response) => response.json() as Promise<{ access_token: string }>);
  const get = (path: string) =>
    fetch(`${sandbox.apiUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } }).then((response) => response.json() as Promise<any>);
  const { users } = (await get('/users?page_size=300')) as { users: Array<{ id: string; email: string }> };
  const found: Array<{ id: string; email: string; meetingId: string }> = [];
  for (const user of users.slice(0, 40)) {
    const { meetings } = (await get(`/users/${user.id}/meetings?page_size=300&type=scheduled`)) as { meetings?: Array<{ id: number }> };
    if (meetings !== undefined && meetings.length > 0) found.push({ id: user.id, email: user.email, meetingId: String(meetings[0]!.id) });
    if (found.length === 2) break;
  }
  if (found.length < 2) throw new Error('the sandbox data set has fewer than two users with meetings');
  sandbox.stats.reset();
  return { owner: found[0]!, other: found[1]! };
}
