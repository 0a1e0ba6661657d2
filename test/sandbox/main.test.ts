import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parseSandboxEnv, SandboxConfigError } from '../../src/sandbox/main.ts';
import { fetchToken } from './fake-model.ts';

describe('parseSandboxEnv', () => {
  it('defaults to port 4001 on 127.0.0.1, small data, pro limits and the documented credentials', () => {
    expect(parseSandboxEnv({})).toEqual({
      port: 4001,
      host: '127.0.0.1',
      data: 'small',
      seed: undefined,
      rateLimits: 'pro',
      webhookUrl: undefined,
      credentials: {
        accountId: 'sandbox', clientId: 'sandbox-client', clientSecret: 'sandbox-secret',
        apiKey: 'sandbox-api-key', apiSecret: 'sandbox-api-secret', webhookSecretToken: 'sandbox-webhook-secret',
      },
    });
  });

  it('reads every override', () => {
    const config = parseSandboxEnv({
      SANDBOX_PORT: '0', SANDBOX_HOST: '::1', SANDBOX_DATA: 'large', SANDBOX_SEED: '42', SANDBOX_RATE_LIMITS: 'unlimited',
      SANDBOX_ACCOUNT_ID: 'acc', SANDBOX_CLIENT_ID: 'cid', SANDBOX_CLIENT_SECRET: 'csec', SANDBOX_API_KEY: 'key',
      SANDBOX_API_SECRET: 'asec', SANDBOX_WEBHOOK_SECRET: 'wsec', SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:4000/hooks',
    });
    expect(config).toMatchObject({ port: 0, host: '::1', data: 'large', seed: 42, rateLimits: 'unlimited', webhookUrl: 'http://127.0.0.1:4000/hooks' });
    expect(config.credentials).toEqual({ accountId: 'acc', clientId: 'cid', clientSecret: 'csec', apiKey: 'key', apiSecret: 'asec', webhookSecretToken: 'wsec' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['SANDBOX_PORT', 'eighty'],
    ['SANDBOX_PORT', '70000'],
    ['SANDBOX_DATA', 'huge'],
    ['SANDBOX_RATE_LIMITS', 'gold'],
    ['SANDBOX_SEED', '-1'],
    ['SANDBOX_WEBHOOK_URL', 'not a url'],
  ])('stops on a bad %s with a message naming it and an example', (name, value) => {
    let error: unknown;
    try {
      parseSandboxEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SandboxConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toMatch(/for example/);
  });
});

describe('npm run sandbox as a process', () => {
  it('listens on SANDBOX_PORT=0, prints its URL, credentials and admin endpoint, serves them, and exits 0 on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    // The same command as `npm run sandbox`, without npm in between so the signal reaches the sandbox itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, SANDBOX_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => expect(stdout, stderr).toMatch(/Webhooks:.*\n.*rate limits: pro/), { timeout: 60_000, interval: 50 });
      const url = /Zoom sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(stdout);
      expect(url, stdout).not.toBeNull();
      const origin = url![1]!;
      expect(Number(url![2])).toBeGreaterThan(0);
      expect(stdout).toContain(`API:        ${origin}/v2`);
      expect(stdout).toContain(`OAuth:      ${origin}/oauth/token`);
      expect(stdout).toContain(`Admin:      ${origin}/_sandbox/stats`);
      expect(stdout).toContain('Account id: sandbox\n');
      expect(stdout).toMatch(/Client id: +sandbox-client +client secret: sandbox-secret\n/);
      expect(stdout).toMatch(/api key sandbox-api-key +api secret: sandbox-api-secret\n/);
      expect(stdout).toContain('secret token sandbox-webhook-secret');

      const credentials = { accountId: 'sandbox', clientId: 'sandbox-client', clientSecret: 'sandbox-secret' };
      const token = await fetchToken(`${origin}/oauth/token`, credentials);
      const me = await fetch(`${origin}/v2/users/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { role_name: string; email: string })).toMatchObject({ role_name: 'Owner', email: expect.stringMatching(/@/) });
      const stats = await fetch(`${origin}/_sandbox/stats`);
      expect(stats.status).toBe(200);
      expect(await stats.json()).toMatchObject({ apiCalls: 1, tokenRequests: 1, byOperation: { user: { '200': 1 } } });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('sandbox: SIGTERM, closing');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
