import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createGateway } from '../../src/server/app.ts';
import { GRAPHIQL_EXAMPLES } from '../../src/server/examples.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { postGraphql, testConfig } from './helpers.ts';

/** The gateway exactly as `npm start` starts it with no credentials, on ephemeral ports. */
describe('startGateway in sandbox mode (the npm start path)', () => {
  let started: StartedGateway;
  /** Sandbox mode generates an admin key per start (printed in the banner); the README examples run with it. */
  const devKey = (): Record<string, string> => ({ 'x-api-key': started.gateway.developmentApiKey! });
  beforeAll(async () => {
    const { config } = loadConfig({ env: { NODE_ENV: 'test', PORT: '0' }, envFile: null });
    started = await startGateway(config);
  });
  afterAll(() => started.gateway.close());

  it('runs the embedded sandbox on loopback and says so loudly', () => {
    expect(started.sandbox).not.toBeNull();
    expect(started.sandbox!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.config.mode).toBe('sandbox');
    expect(started.config.zoom.apiUrl).toBe(started.sandbox!.apiUrl);
    expect(started.config.zoom.auth).toMatchObject({ kind: 's2s', clientId: started.sandbox!.credentials.clientId });
    expect(started.banner).toContain('SANDBOX MODE: THIS GATEWAY IS NOT TALKING TO ZOOM.');
    expect(started.banner).toContain(`Playground (GraphiQL):  ${started.gateway.url}/graphql`);
    expect(started.banner).not.toContain(started.sandbox!.credentials.clientSecret);
  });

  it('is ready: a token can be had from the sandbox', async () => {
    const response = await fetch(`${started.gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(started.sandbox!.stats.tokenRequests()).toBeGreaterThanOrEqual(1);
  });

  it('serves the playground', async () => {
    const response = await fetch(`${started.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('preconfigures the playground with the development key, on a page no cache keeps', async () => {
    const key = started.gateway.developmentApiKey!;
    expect(key).toMatch(/^zgw_dev_/);
    expect(started.banner).toContain(key);
    const response = await fetch(`${started.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = JSON.parse(/<script type="application\/json" id="graphiql-config">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(JSON.parse(config.headers)).toEqual({ 'x-api-key': key });
    // Without the key, the API itself refuses: the playground works because it sends it.
    const anonymous = await fetch(`${started.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(anonymous.status).toBe(401);
  });

  for (const example of GRAPHIQL_EXAMPLES) {
    it(`answers the README example "${example.title}"`, async () => {
      const variables = example.variables === undefined ? undefined : (JSON.parse(example.variables) as Record<string, unknown>);
      const { status, body } = await postGraphql(started.gateway.url, example.query, variables, devKey());
      expect(status).toBe(200);
      expect(body.data).toBeTruthy();
      if (example.query.includes('query MissingUser')) {
        expect(body.data.me.email).toMatch(/@/);
        expect(body.data.user).toBeNull();
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0]).toMatchObject({ path: ['user'], extensions: { code: 'NOT_FOUND' } });
      } else {
        expect(body.errors).toBeUndefined();
      }
    });
  }

  it('gives the README example answers their promised shape and call counts', async () => {
    const stats = started.sandbox!.stats;
    stats.reset();
    const byName = (name: string) => GRAPHIQL_EXAMPLES.find((example) => example.query.includes(`query ${name}`))!.query;

    // The example ran above and the shared cache holds its answers: ask for a fresh read, as a client may.
    const users = await postGraphql(started.gateway.url, byName('UsersWithMeetings'), undefined, { ...devKey(), 'cache-control': 'no-cache' });
    const nodes = users.body.data.users.nodes as Array<{ email: string; meetings: { nodes: Array<{ host: { email: string } }> } }>;
    expect(nodes).toHaveLength(5);
    for (const user of nodes) for (const meeting of user.meetings.nodes) expect(meeting.host.email).toBe(user.email);
    // As its comment says: one users call, one meetings call per user, host for free (the token is cached).
    expect(stats.apiCalls()).toBe(1 + nodes.length);

    const first = await postGraphql(started.gateway.url, byName('UsersPage'), { after: null }, devKey());
    const page = first.body.data.users;
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await postGraphql(started.gateway.url, byName('UsersPage'), { after: page.pageInfo.endCursor }, devKey());
    const next = second.body.data.users.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(next).toHaveLength(2);
    expect(next).not.toContain(page.edges[0].node.id);

    const details = await postGraphql(started.gateway.url, byName('MeetingDetails'), undefined, devKey());
    for (const meeting of details.body.data.me.meetings.nodes) expect(meeting.settings).toMatchObject({ waitingRoom: expect.any(Boolean) });
  });

  it('is not ready when the token endpoint refuses the credentials', async () => {
    const { config } = loadConfig({
      env: {
        NODE_ENV: 'test', PORT: '0',
        ZOOM_ACCOUNT_ID: started.sandbox!.credentials.accountId,
        ZOOM_CLIENT_ID: started.sandbox!.credentials.clientId,
        ZOOM_CLIENT_SECRET: 'wrong-secret',
        ZOOM_API_URL: started.sandbox!.apiUrl,
        ZOOM_OAUTH_URL: started.sandbox!.oauthUrl,
      },
      envFile: null,
    });
    const refused = await createGateway(config);
    try {
      const response = await fetch(`${refused.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reason: string; message: string };
      expect(body).toMatchObject({ status: 'unavailable', reason: 'ZOOM_TOKEN_UNAVAILABLE', details: { token: { code: 'UNAUTHORIZED' } } });
      expect(body.message).not.toContain('wrong-secret');
    } finally {
      await refused.close();
    }
  });
});

/** Real Zoom credentials, outside production, no callers configured: the development key is admin on a real account. */
describe('startGateway against Zoom with no callers configured', () => {
  let started: StartedGateway;
  beforeAll(async () => {
    started = await startGateway(testConfig({ CALLER_API_KEYS: '' }));
  });
  afterAll(() => started.gateway.close());

  it('prints the development key with a warning, and keeps it out of the public playground page', async () => {
    expect(started.config.mode).not.toBe('sandbox');
    expect(started.config.server.graphiql).toBe(true);
    const key = started.gateway.developmentApiKey!;
    expect(key).toMatch(/^zgw_dev_/);
    expect(started.banner).toContain(key);
    expect(started.banner).toContain('ADMIN ON YOUR ZOOM ACCOUNT');
    const html = await (await fetch(`${started.gateway.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toContain(key);
    const config = JSON.parse(/<script type="application\/json" id="graphiql-config">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(config.headers ?? '').not.toContain('x-api-key');
  });
});
