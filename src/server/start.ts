import type { GatewayConfig } from '../config/index.ts';
import type { Logger } from 'pino';
import { createLogger } from '../logger.ts';
import { SANDBOX_DATA_PRESETS, startSandbox, type Sandbox } from '../sandbox/index.ts';
import { createGateway, GRAPHQL_PATH, type Gateway, type GatewayDeps } from './app.ts';
import { WEBHOOK_PATH } from './webhooks.ts';

/** A gateway as `npm start` runs it, with the embedded sandbox when there are no Zoom credentials. */
export interface StartedGateway {
  readonly gateway: Gateway;
  /** The embedded sandbox in sandbox mode (closed by `gateway.close()`), otherwise null. */
  readonly sandbox: Sandbox | null;
  /** The configuration in effect: in sandbox mode `zoom` points at the sandbox with its credentials. */
  readonly config: GatewayConfig;
  /** The start-up banner to print: loud in sandbox mode so nobody mistakes it for Zoom. */
  readonly banner: string;
}

/**
 * Starts the gateway from a parsed configuration, exactly as `src/main.ts` does: in sandbox mode it first starts
 * the offline sandbox in-process on 127.0.0.1 (`SANDBOX_PORT`, ephemeral by default) and points the Zoom client at
 * it with the sandbox's Server-to-Server OAuth credentials.
 * @param deps passed to `createGateway` (tests inject a logger or examples); `zoom` is not allowed in sandbox mode.
 */
export async function startGateway(config: GatewayConfig, deps: Omit<GatewayDeps, 'closeAfter'> = {}): Promise<StartedGateway> {
  const logger = deps.logger ?? createLogger({ level: config.log.level });
  if (config.sandbox === null) {
    const gateway = await createGateway(config, { ...deps, logger });
    await checkScopesAtStart(gateway, logger);
    return { gateway, sandbox: null, config, banner: zoomBanner(gateway, config) };
  }

  const sandbox = await startSandbox({
    port: config.sandbox.port,
    // The sandbox's admin endpoint is unauthenticated: never expose it beyond this machine.
    host: '127.0.0.1',
    data: { ...SANDBOX_DATA_PRESETS[config.sandbox.data], seed: config.sandbox.seed },
    rateLimits: config.sandbox.rateLimits,
  });
  const effective = withSandbox(config, sandbox);
  // createGateway closes the sandbox (closeAfter) if it fails to start.
  const gateway = await createGateway(effective, { ...deps, logger, closeAfter: [sandbox] });
  // The sandbox emits Zoom's webhooks for every change; sending them to our own endpoint, signed with the token the
  // gateway accepts, makes live subscriptions work out of the box.
  sandbox.webhooks.configure({ url: `${gateway.url}${WEBHOOK_PATH}`, secretToken: sandbox.credentials.webhookSecretToken });
  await checkScopesAtStart(gateway, logger);
  return { gateway, sandbox, config: effective, banner: sandboxBanner(gateway, sandbox, effective) };
}

/**
 * The scope check at start: a warning names each scope the Zoom app lacks (see `Gateway.checkScopes`). No token at
 * start is not fatal: `/readyz` reports it and the check runs again with each readiness probe.
 */
async function checkScopesAtStart(gateway: Gateway, logger: Logger): Promise<void> {
  try {
    await gateway.checkScopes();
  } catch (error) {
    logger.warn({ err: error }, 'could not check the Zoom app\'s scopes at start: no access token yet');
  }
}

/** The config with the Zoom connection pointed at the sandbox, frozen like the original. */
function withSandbox(config: GatewayConfig, sandbox: Sandbox): GatewayConfig {
  const { accountId, clientId, clientSecret } = sandbox.credentials;
  return Object.freeze({
    ...config,
    zoom: Object.freeze({
      ...config.zoom,
      apiUrl: sandbox.apiUrl,
      oauthUrl: sandbox.oauthUrl,
      useTokenApiUrl: false,
      auth: Object.freeze({ kind: 's2s' as const, accountId, clientId, clientSecret }),
    }),
    webhooks: Object.freeze({
      ...config.webhooks,
      secretTokens: Object.freeze([...new Set([...config.webhooks.secretTokens, sandbox.credentials.webhookSecretToken])]),
    }),
  });
}

function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const rule = '#'.repeat(width);
  return [rule, ...lines.map((line) => `# ${line.padEnd(width - 4)} #`), rule].join('\n');
}

function sandboxBanner(gateway: Gateway, sandbox: Sandbox, config: GatewayConfig): string {
  const sandboxConfig = config.sandbox!;
  const endpoint = `${gateway.url}${GRAPHQL_PATH}`;
  return box([
    'SANDBOX MODE: THIS GATEWAY IS NOT TALKING TO ZOOM.',
    '',
    'No Zoom credentials are set, so it serves generated data from its embedded',
    `offline Zoom sandbox (${sandboxConfig.data} data set, seed ${sandboxConfig.seed}, ${sandboxConfig.rateLimits} rate limits).`,
    '',
    config.server.graphiql ? `Playground (GraphiQL):  ${endpoint}` : 'Playground:             off (GRAPHIQL=false)',
    `GraphQL endpoint:       ${endpoint}`,
    ...developmentKeyLines(gateway, config),
    ...(gateway.devTokenUrl === undefined ? [] : [`Development JWTs:       POST ${gateway.devTokenUrl}  {"role":"admin"}`]),
    `Sandbox Zoom API:       ${sandbox.apiUrl}  (admin: ${sandbox.adminUrl})`,
    `Live events:            sandbox webhooks -> ${gateway.url}${WEBHOOK_PATH} -> subscriptions`,
    '',
    'To use your Zoom account set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and',
    'ZOOM_CLIENT_SECRET (README: "Pointing it at Zoom"). --help lists every setting.',
  ]);
}

function zoomBanner(gateway: Gateway, config: GatewayConfig): string {
  const endpoint = `${gateway.url}${GRAPHQL_PATH}`;
  const auth = config.zoom.auth?.kind === 'jwt' ? 'legacy JWT app' : 'Server-to-Server OAuth';
  return [
    `zoom-graphql-gateway: GraphQL at ${endpoint} -> ${config.zoom.apiUrl} (${auth})`,
    config.server.graphiql ? `Playground (GraphiQL): ${endpoint}` : 'Playground: off',
    ...developmentKeyLines(gateway, config),
  ].join('\n');
}

/**
 * The development admin key, printed once beside the playground URL. It is random per start and only exists outside
 * production with no callers configured; clients send it as `x-api-key`. The sandbox's playground already sends it; against real Zoom it is
 * admin on a real account, so it is printed here only and never put into the (public) playground page.
 */
function developmentKeyLines(gateway: Gateway, config: GatewayConfig): string[] {
  if (gateway.developmentApiKey === undefined) {
    return config.mode === 'sandbox' && config.server.graphiql
      ? ['Callers:                configured, so no development key; the playground carries none:', '  add yours in its Headers tab, e.g. {"x-api-key": "<key>"}']
      : [];
  }
  if (config.mode !== 'sandbox') {
    return [
      `Development API key: ${gateway.developmentApiKey}`,
      '  No callers are configured (CALLER_API_KEYS, CALLER_JWT_*), so this random key, new each start, is the only',
      '  credential: ADMIN ON YOUR ZOOM ACCOUNT. Send it as header x-api-key (in the playground: the Headers tab,',
      '  {"x-api-key": "<key>"}). Configure callers before anyone else can reach this gateway.',
    ];
  }
  return [
    `Development API key:    ${gateway.developmentApiKey}`,
    config.server.graphiql
      ? '  (admin; the playground sends it; other clients: header x-api-key; new key each start)'
      : '  (admin; send it as header x-api-key; new key each start)',
  ];
}
