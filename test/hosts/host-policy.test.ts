import { describe, expect, it } from 'vitest';
import { createHostPolicy } from '../../src/hosts/index.ts';
import { parseConfig } from '../../src/config/index.ts';

describe('createHostPolicy', () => {
  const allows = createHostPolicy({ enabled: true, allowed: ['gateway.test', '[2001:db8::1]'] }, '10.0.0.5');

  it('allows loopback names, the listen address and the configured names, with any port', () => {
    for (const host of ['localhost', 'localhost:4000', 'app.localhost', '127.0.0.1:80', '127.8.9.1', '[::1]:4000', 'gateway.test', 'GATEWAY.TEST.:443', '[2001:db8::1]:8080', '10.0.0.5:4000']) {
      expect({ host, allowed: allows(host) }).toEqual({ host, allowed: true });
    }
  });

  it('refuses every other name and anything malformed', () => {
    for (const host of [undefined, '', 'evil.example', 'localhost.evil.example', 'evilocalhost', '127.0.0.1.evil.example', 'gateway.test.evil.example', 'evil.example@localhost', 'localhost:80:80', '[::2]', '10.0.0.6', '128.0.0.1']) {
      expect({ host, allowed: allows(host) }).toEqual({ host, allowed: false });
    }
  });

  it('does not take a wildcard listen address as a name', () => {
    expect(createHostPolicy({ enabled: true, allowed: [] }, '0.0.0.0')('0.0.0.0')).toBe(false);
  });
});

describe('ALLOWED_HOSTS', () => {
  const base = { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'c', ZOOM_CLIENT_SECRET: 's', CALLER_API_KEYS: `ops:admin:${'a'.repeat(64)}` };

  it('is checked outside production and in sandbox mode, in production only when set', () => {
    expect(parseConfig({ ...base, NODE_ENV: 'development' }).hosts).toEqual({ enabled: true, allowed: [] });
    expect(parseConfig({ NODE_ENV: 'production', ZOOM_SANDBOX: 'true', CALLER_API_KEYS: base.CALLER_API_KEYS }).hosts.enabled).toBe(true);
    expect(parseConfig({ ...base, NODE_ENV: 'production' }).hosts).toEqual({ enabled: false, allowed: [] });
    expect(parseConfig({ ...base, NODE_ENV: 'production', ALLOWED_HOSTS: 'Gateway.Example.com, api.example.com' }).hosts).toEqual({
      enabled: true,
      allowed: ['gateway.example.com', 'api.example.com'],
    });
  });

  it('refuses ports, wildcards and URLs, naming the variable', () => {
    for (const value of ['gateway.example.com:443', '*.example.com', 'https://gateway.example.com']) {
      expect(() => parseConfig({ ...base, ALLOWED_HOSTS: value })).toThrow(/ALLOWED_HOSTS must be host names/);
    }
  });
});
