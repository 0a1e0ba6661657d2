import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONFIG_VARIABLES, ConfigError, formatConfigHelp, loadConfig, parseConfig, redactConfig, type GatewayConfig,
} from '../src/config/index.ts';
import { SANDBOX_DATA_PRESETS } from '../src/sandbox/data.ts';

/** One admin API key (its SHA-256): production refuses to start without callers. */
const CALLERS = `ops:admin:${'a'.repeat(64)}`;

const S2S = { ZOOM_ACCOUNT_ID: 'acct-1', ZOOM_CLIENT_ID: 'client-1', ZOOM_CLIENT_SECRET: 's2s-secret-value' };
const JWT = { ZOOM_API_KEY: 'key-1', ZOOM_API_SECRET: 'jwt-secret-value' };

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('parseConfig defaults', () => {
  it('runs in sandbox mode with documented defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.nodeEnv).toBe('development');
    expect(config.server).toEqual({
      host: '127.0.0.1', port: 4000, graphiql: true, introspection: true, keepAliveTimeoutMs: 72_000, shutdownTimeoutMs: 10_000,
    });
    expect(config.log.level).toBe('info');
    expect(config.zoom.auth).toBeNull();
    expect(config.zoom.apiUrl).toBe('https://api.zoom.us/v2');
    expect(config.zoom.oauthUrl).toBe('https://zoom.us/oauth/token');
    expect(config.zoom.tokenRefreshMarginSeconds).toBe(60);
    expect(config.zoom.useTokenApiUrl).toBe(false);
    expect(config.sandbox).toEqual({ port: 0, seed: SANDBOX_DATA_PRESETS.small.seed, data: 'small', rateLimits: 'pro' });
  });

  it('is silent under NODE_ENV=test unless LOG_LEVEL says otherwise', () => {
    expect(parseConfig({ NODE_ENV: 'test' }).log.level).toBe('silent');
    expect(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).log.level).toBe('debug');
  });

  it('treats empty and blank values as unset', () => {
    const config = parseConfig({ PORT: '', ZOOM_CLIENT_ID: '   ', ZOOM_API_KEY: '' });
    expect(config.server.port).toBe(4000);
    expect(config.mode).toBe('sandbox');
  });

  it('parses every kind of value', () => {
    const config = parseConfig({
      ...S2S, PORT: '8080', HOST: '0.0.0.0', GRAPHIQL: 'off', LOG_LEVEL: 'warn', ZOOM_TIMEOUT_MS: '2500',
      ZOOM_RETRY_MAX_ATTEMPTS: '2', ZOOM_RETRY_BUDGET_MS: '0', ZOOM_API_URL: 'https://api-eu.zoom.us/v2/',
      ZOOM_TOKEN_REFRESH_MARGIN_SECONDS: '120', ZOOM_USE_TOKEN_API_URL: 'YES', SHUTDOWN_TIMEOUT_MS: '0',
      ZOOM_MAX_CONNECTIONS: '512',
    });
    expect(config.server).toMatchObject({ port: 8080, host: '0.0.0.0', graphiql: false, shutdownTimeoutMs: 0 });
    expect(config.log.level).toBe('warn');
    expect(config.zoom).toMatchObject({
      apiUrl: 'https://api-eu.zoom.us/v2', timeoutMs: 2500, retry: { maxAttempts: 2, budgetMs: 0 },
      tokenRefreshMarginSeconds: 120, useTokenApiUrl: true, maxConnections: 512,
    });
    expect(parseConfig(S2S).zoom.maxConnections).toBe(256);
  });

  it('allows plain http only to a loopback host', () => {
    expect(parseConfig({ ...S2S, ZOOM_API_URL: 'http://127.0.0.1:4001/v2' }).zoom.apiUrl).toBe('http://127.0.0.1:4001/v2');
    expect(parseConfig({ ...S2S, ZOOM_OAUTH_URL: 'http://localhost:4001/oauth/token' }).zoom.oauthUrl).toBe('http://localhost:4001/oauth/token');
    for (const url of ['http://api.zoom.us/v2', 'ftp://api.zoom.us/v2', 'https://api.zoom.us/v2?x=1', 'https://user:pw@api.zoom.us/v2', 'not a url']) {
      const error = configError({ ...S2S, ZOOM_API_URL: url });
      expect(error.issues.map((issue) => issue.variables)).toEqual([['ZOOM_API_URL']]);
    }
  });
});

describe('credentials and mode', () => {
  it('uses Server-to-Server OAuth when its three variables are set', () => {
    const config = parseConfig(S2S);
    expect(config.mode).toBe('zoom');
    expect(config.sandbox).toBeNull();
    expect(config.zoom.auth).toEqual({ kind: 's2s', accountId: 'acct-1', clientId: 'client-1', clientSecret: 's2s-secret-value' });
  });

  it('uses a legacy JWT app when its two variables are set', () => {
    expect(parseConfig(JWT).zoom.auth).toEqual({ kind: 'jwt', apiKey: 'key-1', apiSecret: 'jwt-secret-value', tokenTtlSeconds: 60 });
    expect(parseConfig({ ...JWT, ZOOM_JWT_TTL_SECONDS: '90' }).zoom.auth).toMatchObject({ tokenTtlSeconds: 90 });
  });

  it('refuses every incomplete S2S set, naming exactly what is missing', () => {
    const names = Object.keys(S2S) as Array<keyof typeof S2S>;
    const subsets = [[0], [1], [2], [0, 1], [0, 2], [1, 2]].map((indexes) => indexes.map((i) => names[i]!));
    for (const given of subsets) {
      const env = Object.fromEntries(given.map((name) => [name, S2S[name]]));
      const error = configError(env);
      const missing = names.filter((name) => !given.includes(name));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]!.variables).toEqual(missing);
      for (const name of missing) expect(error.message).toContain(name);
      expect(error.message).not.toContain('s2s-secret-value');
    }
  });

  it('refuses half a JWT set', () => {
    expect(configError({ ZOOM_API_KEY: 'k' }).issues[0]!.variables).toEqual(['ZOOM_API_SECRET']);
    const error = configError({ ZOOM_API_SECRET: 'jwt-secret-value' });
    expect(error.issues[0]!.variables).toEqual(['ZOOM_API_KEY']);
    expect(error.message).not.toContain('jwt-secret-value');
  });

  it('refuses both credential sets at once rather than guessing', () => {
    const error = configError({ ...S2S, ...JWT });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.variables).toEqual([...Object.keys(S2S), ...Object.keys(JWT)]);
    expect(error.message).toMatch(/Keep one set/);
  });

  it('refuses to fall back to the sandbox in production, unless asked to', () => {
    const error = configError({ NODE_ENV: 'production', CALLER_API_KEYS: CALLERS });
    expect(error.issues[0]!.variables).toContain('ZOOM_SANDBOX');
    const sandbox = parseConfig({ NODE_ENV: 'production', ZOOM_SANDBOX: 'true', CALLER_API_KEYS: CALLERS });
    expect(sandbox.mode).toBe('sandbox');
    expect(sandbox.server.graphiql).toBe(true);
  });

  it('turns GraphiQL and introspection off in production with credentials; each comes back only when asked for', () => {
    const config = parseConfig({ ...S2S, NODE_ENV: 'production', CALLER_API_KEYS: CALLERS });
    expect(config.isProduction).toBe(true);
    expect(config.server.graphiql).toBe(false);
    expect(config.server.introspection).toBe(false);
    const playground = parseConfig({ ...S2S, NODE_ENV: 'production', GRAPHIQL: 'true', CALLER_API_KEYS: CALLERS });
    expect(playground.server.graphiql).toBe(true);
    expect(playground.server.introspection).toBe(false);
    const sandbox = parseConfig({ NODE_ENV: 'production', ZOOM_SANDBOX: 'true', CALLER_API_KEYS: CALLERS });
    expect(sandbox.server.introspection).toBe(false);
    const asked = parseConfig({ ...S2S, NODE_ENV: 'production', GRAPHIQL: 'true', INTROSPECTION: 'true', CALLER_API_KEYS: CALLERS });
    expect(asked.server.introspection).toBe(true);
    expect(parseConfig({ ...S2S, INTROSPECTION: 'false' }).server.introspection).toBe(false);
    expect(parseConfig({ ...S2S }).server.introspection).toBe(true);
  });

  it('refuses contradictions instead of ignoring a setting', () => {
    expect(configError({ ...S2S, ZOOM_SANDBOX: 'true' }).issues[0]!.variables).toEqual(['ZOOM_SANDBOX', ...Object.keys(S2S)]);
    expect(configError({ ZOOM_SANDBOX: 'false' }).issues[0]!.variables[0]).toBe('ZOOM_SANDBOX');
    expect(configError({ ZOOM_API_URL: 'https://api.zoom.us/v2' }).issues[0]!.variables).toEqual(['ZOOM_API_URL']);
    expect(configError({ ...S2S, SANDBOX_DATA: 'large' }).issues[0]!.variables).toEqual(['SANDBOX_DATA']);
    expect(configError({ ...S2S, ZOOM_JWT_TTL_SECONDS: '30' }).issues[0]!.variables).toEqual(['ZOOM_JWT_TTL_SECONDS']);
  });
});

describe('bad values', () => {
  it('names the variable, what is expected and an example, for every variable', () => {
    // Invalid for every variable: a space breaks credentials, and it is no number, URL, flag, enum or address.
    const bad = 'not valid!';
    for (const variable of CONFIG_VARIABLES) {
      const error = configError({ ...S2S, [variable.name]: bad });
      const issue = error.issues.find((candidate) => candidate.variables.includes(variable.name));
      expect(issue, variable.name).toBeDefined();
      expect(issue!.message.startsWith(`${variable.name} must be ${variable.expected}`), issue!.message).toBe(true);
      expect(issue!.message).toContain(`Example: ${variable.name}=${variable.example}`);
      if (variable.secret) expect(issue!.message).not.toContain(bad);
      else expect(issue!.message).toContain(JSON.stringify(bad));
    }
  });

  it('refuses a member API key bound to a Zoom keyword such as me, or to something neither an id nor an email', () => {
    const hash = 'a'.repeat(64);
    for (const user of ['me', 'ME', 'a@b', '..']) {
      const error = configError({ ...S2S, CALLER_API_KEYS: `kiosk:member:${hash}:${user}` });
      expect(error.issues.map((issue) => issue.variables[0]), user).toEqual(['CALLER_API_KEYS']);
    }
    expect(parseConfig({ ...S2S, CALLER_API_KEYS: `kiosk:member:${hash}:kiosk@example.test` }).callers.apiKeys[0]).toMatchObject({ email: 'kiosk@example.test' });
  });

  it('reports every problem at once', () => {
    const error = configError({ PORT: '70000', ZOOM_TIMEOUT_MS: '-1', LOG_LEVEL: 'loud' });
    expect(error.issues.map((issue) => issue.variables[0])).toEqual(['PORT', 'LOG_LEVEL', 'ZOOM_TIMEOUT_MS']);
    expect(error.code).toBe('CONFIG_INVALID');
  });
});

describe('the config object', () => {
  it('is deeply frozen', () => {
    const config = parseConfig(S2S);
    expect(Object.isFrozen(config)).toBe(true);
    for (const part of [config.server, config.log, config.zoom, config.zoom.retry, config.zoom.auth]) expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(parseConfig({}).sandbox)).toBe(true);
  });

  it('never prints a secret: JSON, util.inspect and redactConfig show [redacted]', () => {
    for (const env of [S2S, JWT]) {
      const config: GatewayConfig = parseConfig(env);
      const secret = 'ZOOM_CLIENT_SECRET' in env ? S2S.ZOOM_CLIENT_SECRET : JWT.ZOOM_API_SECRET;
      for (const text of [
        JSON.stringify(config), JSON.stringify({ nested: config.zoom }), JSON.stringify(config.zoom.auth),
        inspect(config, { depth: 10 }), inspect(config.zoom.auth), JSON.stringify(redactConfig(config)),
      ]) {
        expect(text).not.toContain(secret);
        expect(text).toContain('[redacted]');
      }
    }
    // The real value is still there for the Zoom client.
    expect((parseConfig(S2S).zoom.auth as { clientSecret: string }).clientSecret).toBe(S2S.ZOOM_CLIENT_SECRET);
  });
});

describe('loadConfig and .env', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function envFile(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
    dirs.push(dir);
    const path = join(dir, '.env');
    writeFileSync(path, text);
    return path;
  }

  it('reads .env, lets real variables win, and leaves process.env alone', () => {
    const path = envFile('PORT=5000\nLOG_LEVEL=debug\n# a comment\nZOOM_ACCOUNT_ID="acct-file"\nZOOM_CLIENT_ID=client-file\nZOOM_CLIENT_SECRET=secret-file\n');
    const before = { ...process.env };
    const { config, envFile: loaded } = loadConfig({ env: { PORT: '6000' }, envFile: path });
    expect(loaded).toBe(path);
    expect(config.server.port).toBe(6000);
    expect(config.log.level).toBe('debug');
    expect(config.zoom.auth).toMatchObject({ kind: 's2s', accountId: 'acct-file' });
    expect(process.env).toEqual(before);
  });

  it('works without a .env file, and names a bad value that came from one', () => {
    expect(loadConfig({ env: {}, envFile: join(tmpdir(), 'no-such-dir-for-gateway', '.env') }).envFile).toBeNull();
    expect(loadConfig({ env: { PORT: '1234' }, envFile: null }).config.server.port).toBe(1234);
    const path = envFile('ZOOM_TIMEOUT_MS=soon\n');
    expect(() => loadConfig({ env: {}, envFile: path })).toThrow(/ZOOM_TIMEOUT_MS must be/);
  });
});

describe('--help text', () => {
  it('lists every variable with its default, from the same table the parser uses', () => {
    const help = formatConfigHelp(100);
    for (const variable of CONFIG_VARIABLES) {
      expect(help).toContain(variable.name);
      expect(help.replace(/\s+/g, ' ')).toContain(`Default: ${variable.defaultText ?? '(none)'}.`);
    }
    // The parser accepts exactly the variables listed: a documented example value is valid for each.
    for (const variable of CONFIG_VARIABLES.filter((v) => !v.name.startsWith('SANDBOX_') && v.name !== 'ZOOM_SANDBOX' && !v.name.startsWith('ZOOM_API_') && v.name !== 'ZOOM_JWT_TTL_SECONDS' && !v.name.startsWith('CALLER_JWT_') && !/^REDIS_(?!URL$)/.test(v.name))) {
      expect(() => parseConfig({ ...S2S, CALLER_API_KEYS: CALLERS, [variable.name]: variable.example }), variable.name).not.toThrow();
    }
    // Caller JWT settings only make sense together: a key source with its pinned issuer and audience.
    const jwt = Object.fromEntries(CONFIG_VARIABLES.filter((v) => v.name.startsWith('CALLER_JWT_') && v.name !== 'CALLER_JWT_JWKS_URL').map((v) => [v.name, v.example]));
    expect(() => parseConfig({ ...S2S, ...jwt, CALLER_JWT_ALGORITHMS: 'HS256' })).not.toThrow();
    // The REDIS_* tuning only makes sense with REDIS_URL.
    const redis = Object.fromEntries(CONFIG_VARIABLES.filter((v) => v.name.startsWith('REDIS_')).map((v) => [v.name, v.example]));
    expect(() => parseConfig({ ...S2S, CALLER_API_KEYS: CALLERS, ...redis })).not.toThrow();
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
