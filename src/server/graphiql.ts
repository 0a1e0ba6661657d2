import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The GraphiQL playground, served by the gateway itself from npm packages so it works with no internet:
 * graphiql 3's UMD bundle (the last major with one) on React 18's UMD builds (React 19 dropped them).
 * `@graphql-yoga/render-graphiql` was the other candidate; it brings graphql-yoga as a peer and renders an inline
 * `<script>`, which a strict `script-src 'self'` forbids. Here every script is a file of our own origin.
 */

/** One tab preloaded in the playground. */
export interface GraphiqlExample {
  /** Shown in the README; GraphiQL names the tab after the operation. */
  readonly title: string;
  readonly query: string;
  /** JSON text for the variables editor. */
  readonly variables?: string;
}

export interface GraphiqlOptions {
  /** The GraphQL endpoint the page posts to; same origin. Default `/graphql`. */
  endpoint?: string;
  /** Tabs preloaded on a first visit (GraphiQL then keeps the user's own tabs in localStorage). */
  examples: readonly GraphiqlExample[];
  /**
   * Request headers the playground starts with, e.g. the sandbox's development key `{ 'x-api-key': ... }`. They are
   * written into the page only, which is then sent with `cache-control: no-store`.
   */
  defaultHeaders?: Readonly<Record<string, string>>;
}

/** URL prefix of the playground's static files. Versioned, so they can be cached for good. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql';

/**
 * The page's Content-Security-Policy: everything from our own origin only. `data:` is allowed for fonts and images
 * because graphiql.min.css inlines its fonts and icons as data URIs (no request leaves). Inline styles are allowed
 * because Radix (GraphiQL's dialogs) injects a `<style>` element for scroll locking; CSS cannot run script, and with
 * `img-src`/`font-src` limited to self it cannot send anything out either. Scripts: self only, no inline, no eval.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on the page and its assets. */
export const GRAPHIQL_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': GRAPHIQL_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly contentType: string;
}

/** The script that mounts GraphiQL; reads its settings from the page's JSON data block (not executable). */
const INIT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var url = new URL(config.endpoint, window.location.href);
  // Subscriptions go over graphql-ws on the same path (graphql-ws is bundled in GraphiQL's UMD build: no CDN).
  // GraphiQL sends the headers editor's values as the connection_init payload.
  var subscriptionUrl = new URL(url.href);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // The playground's preset key also authenticates the WebSocket, as connection params ({ apiKey }).
  var presetKey = config.headers ? JSON.parse(config.headers)['x-api-key'] : undefined;
  var fetcher = GraphiQL.createFetcher({
    url: url.toString(),
    subscriptionUrl: subscriptionUrl.toString(),
    wsConnectionParams: typeof presetKey === 'string' ? { apiKey: presetKey } : undefined,
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultHeaders: config.headers || undefined,
      defaultEditorToolsVisibility: 'variables',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Source maps are not shipped: drop the comment so browsers do not ask for them. */
function stripSourceMap(text: string): string {
  return text.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*$/, '');
}

function asset(text: string, contentType: string): Asset {
  const body = Buffer.from(text, 'utf8');
  return { body, gzip: gzipSync(body), contentType };
}

let loadedAssets: Map<string, Asset> | undefined;

/** The files, read and gzipped on first use (a few hundred ms, paid once per process, not at start). */
function loadAssets(): Map<string, Asset> {
  loadedAssets ??= readAssets();
  return loadedAssets;
}

function readAssets(): Map<string, Asset> {
  const graphiql = packageDir('graphiql');
  const react = packageDir('react');
  const reactDom = packageDir('react-dom');
  const read = (path: string) => stripSourceMap(readFileSync(path, 'utf8'));
  return new Map([
    ['react.production.min.js', asset(read(join(react, 'umd/react.production.min.js')), 'text/javascript; charset=utf-8')],
    ['react-dom.production.min.js', asset(read(join(reactDom, 'umd/react-dom.production.min.js')), 'text/javascript; charset=utf-8')],
    ['graphiql.min.js', asset(read(join(graphiql, 'graphiql.min.js')), 'text/javascript; charset=utf-8')],
    ['graphiql.min.css', asset(read(join(graphiql, 'graphiql.min.css')), 'text/css; charset=utf-8')],
    ['init.js', asset(INIT_SCRIPT, 'text/javascript; charset=utf-8')],
    ['page.css', asset(PAGE_CSS, 'text/css; charset=utf-8')],
  ]);
}

/** JSON safe inside a `<script>` element: no `</script>`, no `<!--`, no line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function renderPage(
  assetBase: string,
  endpoint: string,
  examples: readonly GraphiqlExample[],
  defaultHeaders: Readonly<Record<string, string>> | undefined,
): string {
  // GraphiQL takes headers as the JSON text of its headers editor, per tab and for new tabs.
  const headers = defaultHeaders === undefined ? null : JSON.stringify(defaultHeaders, null, 2);
  const config = {
    endpoint,
    headers,
    tabs: examples.map((example) => ({ query: example.query, variables: example.variables ?? null, ...(headers === null ? {} : { headers }) })),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Zoom GraphQL gateway: GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetBase}/graphiql.min.css">
<link rel="stylesheet" href="${assetBase}/page.css">
</head>
<body>
<div id="graphiql">Loading GraphiQL...</div>
<script type="application/json" id="graphiql-config">${jsonForScript(config)}</script>
<script src="${assetBase}/react.production.min.js"></script>
<script src="${assetBase}/react-dom.production.min.js"></script>
<script src="${assetBase}/graphiql.min.js"></script>
<script src="${assetBase}/init.js"></script>
</body>
</html>
`;
}

const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; overflow: hidden; }\n';

/**
 * Whether a request to the GraphQL endpoint comes from a browser that wants the playground: a GET that prefers
 * HTML and carries no operation (`?query=` GETs are GraphQL requests and go to Apollo).
 */
export function wantsGraphiql(request: FastifyRequest): boolean {
  // fastify answers HEAD with the GET route; a HEAD for the page (link checkers, proxies) gets the page's headers.
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const query = request.query as Record<string, unknown> | undefined;
  if (query !== undefined && query !== null && 'query' in query) return false;
  const accept = request.headers.accept ?? '';
  return /\btext\/html\b/i.test(accept);
}

export interface Graphiql {
  /** Sends the playground page for `GET <endpoint>`. */
  sendPage(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/**
 * Registers the playground's static files under `/graphiql/<graphiql version>/` and returns the page sender
 * the GraphQL route calls when `wantsGraphiql(request)`.
 * Files are read from node_modules once per process, on first request, and kept with a gzip copy.
 */
export function registerGraphiql(app: FastifyInstance, options: GraphiqlOptions): Graphiql {
  const endpoint = options.endpoint ?? '/graphql';
  const assetBase = `${GRAPHIQL_ASSET_PREFIX}/${packageVersion('graphiql')}`;
  const page = asset(renderPage(assetBase, endpoint, options.examples, options.defaultHeaders), 'text/html; charset=utf-8');

  app.get<{ Params: { file: string } }>(`${assetBase}/:file`, (request, reply) => {
    const file = loadAssets().get(request.params.file);
    if (file === undefined) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: 'No such playground file.' });
    }
    // The URL carries the package version, so the file never changes under it.
    void reply.header('cache-control', 'public, max-age=31536000, immutable');
    return sendAsset(request, reply, file);
  });

  return {
    sendPage(request, reply) {
      // The page embeds the example tabs and settings of this process: never cache it for long.
      // A page holding a key is never stored by the browser or a proxy.
      void reply.header('cache-control', options.defaultHeaders === undefined ? 'no-cache' : 'no-store');
      // The same URL answers JSON to GraphQL clients: caches must key on Accept too.
      return sendAsset(request, reply, page, 'accept, accept-encoding');
    },
  };
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, file: Asset, vary = 'accept-encoding'): FastifyReply {
  void reply.headers(GRAPHIQL_SECURITY_HEADERS);
  void reply.header('content-type', file.contentType);
  void reply.header('vary', vary);
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    void reply.header('content-encoding', 'gzip');
    return reply.send(file.gzip);
  }
  return reply.send(file.body);
}
