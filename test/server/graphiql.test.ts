import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { GRAPHIQL_EXAMPLES } from '../../src/server/examples.ts';
import { fakeZoom, slowSchema, testConfig } from './helpers.ts';
import { TEST_API_KEY } from './helpers.ts';

/** A URL on a CDN or font/sandbox host (the bundles mention "unpkg" in prose; a URL is what would load). */
const CDN_URL = /\/\/[\w.-]*(unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare|esm\.sh|skypack\.dev|googleapis\.com|gstatic\.com|apollographql\.com)/i;

function expectSecurityHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  // Nothing but our own origin (and inline data: fonts/images) anywhere in the policy.
  expect(csp).not.toMatch(/https?:|\*/);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe('GraphiQL in development', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await createGateway(testConfig(), { schema: slowSchema().schema, zoom: fakeZoom().client });
  });
  afterAll(() => gateway.close());

  async function page(): Promise<{ response: Response; html: string }> {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    return { response, html: await response.text() };
  }

  it('serves the page to browsers at GET /graphql, with security headers', async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toContain('accept');
    expectSecurityHeaders(response.headers);
    expect(html).toContain('<div id="graphiql">');
  });

  it('answers HEAD for the page with the page\'s headers and no body, without credentials', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'HEAD', headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response.headers);
    expect(await response.text()).toBe('');
  });

  it('references only its own origin: no CDN, no absolute URL, no inline script', async () => {
    const { html } = await page();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/(src|href)="\/\//);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      // Executable scripts are files; the one inline block is JSON data, which browsers never execute.
      if (attributes!.includes('type="application/json"')) continue;
      expect(attributes).toMatch(/src="\/graphiql\//);
      expect(body).toBe('');
    }
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url === 'data:,' || url.startsWith('/graphiql/'), url).toBe(true);

    // Every asset is served by the gateway, with the same headers, and pulls nothing from elsewhere.
    for (const url of urls.filter((u) => u.startsWith('/'))) {
      const response = await fetch(`${gateway.url}${url}`);
      expect(response.status, url).toBe(200);
      expectSecurityHeaders(response.headers);
      expect(response.headers.get('cache-control')).toContain('immutable');
      const text = await response.text();
      expect(text.length).toBeGreaterThan(url.endsWith('.css') ? 40 : 100);
      expect(text, url).not.toMatch(CDN_URL);
      expect(text).not.toContain('sourceMappingURL');
      if (url.endsWith('.css')) {
        expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
        expect(text).not.toMatch(/@import/);
        for (const [, target] of text.matchAll(/url\(\s*["']?([^"')\s]+)/g)) expect(target!.startsWith('data:'), target).toBe(true);
      } else {
        expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      }
    }
  });

  it('preloads the README examples as tabs', async () => {
    const { html } = await page();
    const json = /<script type="application\/json" id="graphiql-config">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const config = JSON.parse(json) as { endpoint: string; tabs: Array<{ query: string; variables: string | null }> };
    expect(config.endpoint).toBe('/graphql');
    expect(config.tabs).toEqual(GRAPHIQL_EXAMPLES.map((example) => ({ query: example.query, variables: example.variables ?? null })));
    // The init script mounts GraphiQL with those tabs against the same-origin endpoint.
    const init = await (await fetch(`${gateway.url}${/src="([^"]*init\.js)"/.exec(html)![1]}`)).text();
    expect(init).toContain('defaultTabs: config.tabs');
    expect(init).toContain('GraphiQL.createFetcher');
    // Subscriptions in the playground: graphql-ws on the same path (ws: or wss:, same origin, so CSP 'self').
    expect(init).toContain('subscriptionUrl: subscriptionUrl.toString()');
  });

  it('escapes example text so it cannot end the data block', async () => {
    const escaped = await createGateway(testConfig(), {
      schema: slowSchema().schema,
      zoom: fakeZoom().client,
      examples: [{ title: 'hostile', query: '# </script><script>alert(1)</script>\n{ hello }' }],
    });
    try {
      const html = await (await fetch(`${escaped.url}/graphql`, { headers: { accept: 'text/html' } })).text();
      expect(html).not.toContain('</script><script>alert(1)');
      expect(html).toContain('\\u003c/script\\u003e');
    } finally {
      await escaped.close();
    }
  });

  it('compresses assets for clients that accept gzip', async () => {
    const { html } = await page();
    const url = /src="([^"]*graphiql\.min\.js)"/.exec(html)![1]!;
    const raw = await new Promise<{ encoding?: string; length: number }>((resolve, reject) => {
      import('node:http').then(({ get }) => {
        get(`${gateway.url}${url}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          let length = 0;
          res.on('data', (chunk: Buffer) => (length += chunk.length));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], length }));
        }).on('error', reject);
      }, reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.length).toBeLessThan(2_000_000);
  });

  it('leaves GraphQL requests to Apollo: POSTs, GETs with a query, and JSON clients', async () => {
    const json = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'text/html,*/*;q=0.8', 'apollo-require-preflight': 'true', 'x-api-key': TEST_API_KEY },
    });
    expect(await json.json()).toEqual({ data: { hello: 'world' } });
    const plain = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(plain.headers.get('content-type')).not.toContain('text/html');
    expect((await fetch(`${gateway.url}/graphiql/0.0.0/graphiql.min.js`)).status).toBe(404);
    const missing = await fetch(`${gateway.url}${/href="(\/graphiql\/[^/]+\/)/.exec((await page()).html)![1]}nope.js`);
    expect(missing.status).toBe(404);
  });

  it('redirects / to the playground', async () => {
    const response = await fetch(`${gateway.url}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphql');
  });
});

describe('GraphiQL in production', () => {
  it('is off: no page, no assets, no introspection', async () => {
    const gateway = await createGateway(testConfig({ NODE_ENV: 'production' }), { schema: slowSchema().schema, zoom: fakeZoom().client });
    try {
      const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
      expect(await response.text()).not.toContain('graphiql');
      expect((await fetch(`${gateway.url}/graphiql/${'3.8.3'}/graphiql.min.js`)).status).toBe(404);
      expect((await fetch(`${gateway.url}/`, { redirect: 'manual' })).status).toBe(404);
      const introspection = await fetch(`${gateway.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      expect(((await introspection.json()) as { errors?: unknown[] }).errors).toHaveLength(1);
    } finally {
      await gateway.close();
    }
  });

  it('is on in production when GRAPHIQL=true', async () => {
    const gateway = await createGateway(testConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }), { schema: slowSchema().schema, zoom: fakeZoom().client });
    try {
      const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    } finally {
      await gateway.close();
    }
  });
});
