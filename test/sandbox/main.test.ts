import { describe, expect, it } from 'vitest';
import { parseSandboxEnv, SandboxConfigError } from '../../src/sandbox/main.ts';

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
