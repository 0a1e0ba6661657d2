import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactConfig } from '../../src/config/index.ts';

describe('REDIS_* settings', () => {
  it('unset: state stays in this process', () => {
    expect(parseConfig({}).store).toEqual({ redis: null });
  });

  it('reads redis:// and rediss:// with user, password and database, and the defaults', () => {
    expect(parseConfig({ REDIS_URL: 'rediss://gw:s3cret@redis.example.com:6380/2' }).store.redis).toEqual({
      url: 'rediss://gw:s3cret@redis.example.com:6380/2',
      keyPrefix: 'zgg:',
      commandTimeoutMs: 1000,
    });
    const config = parseConfig({ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'prod-a:', REDIS_COMMAND_TIMEOUT_MS: '250' });
    expect(config.store.redis).toMatchObject({ keyPrefix: 'prod-a:', commandTimeoutMs: 250 });
  });

  it.each([
    'http://127.0.0.1:6379',
    'redis:///0',
    'redis://127.0.0.1:6379/zero',
    'redis://127.0.0.1:6379/0?password=x',
    'localhost:6379',
    'redis://:p@ss@10.1.2.3:bad',
  ])('refuses to start on a malformed REDIS_URL (%s), naming it without echoing it', (url) => {
    let error: unknown;
    try {
      parseConfig({ REDIS_URL: url });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variables)).toEqual([['REDIS_URL']]);
    expect((error as ConfigError).message).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL.*Example: REDIS_URL=/);
    expect((error as ConfigError).message).not.toContain(url);
  });

  it('refuses REDIS_KEY_PREFIX or REDIS_COMMAND_TIMEOUT_MS without REDIS_URL, and a bad prefix', () => {
    expect(() => parseConfig({ REDIS_KEY_PREFIX: 'a:' })).toThrow(/REDIS_KEY_PREFIX is set but REDIS_URL is not/);
    expect(() => parseConfig({ REDIS_COMMAND_TIMEOUT_MS: '100' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS is set but REDIS_URL is not/);
    expect(() => parseConfig({ REDIS_URL: 'redis://h', REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX must be/);
  });

  it('never prints the Redis password', () => {
    const config = parseConfig({ REDIS_URL: 'redis://gw:VerySecretRedisPass@127.0.0.1:6379/1' });
    for (const text of [JSON.stringify(config), inspect(config, { depth: 10 }), inspect(config.store, { depth: 10 }), JSON.stringify(config.store), JSON.stringify(redactConfig(config))]) {
      expect(text).not.toContain('VerySecretRedisPass');
      expect(text).toContain('127.0.0.1:6379/1');
    }
  });
});
