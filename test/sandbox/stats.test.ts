import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxStats } from '../../src/sandbox/stats.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, createTestClock, fetchToken } from './fake-model.ts';

const clock = createTestClock();
let sandbox: Sandbox;
let authorization: string;
beforeAll(async () => {
  sandbox = await startSandbox({ model: createFakeModel(), clock: clock.now, rateLimits: 'unlimited' });
  authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.stats.reset());

describe('stats and log', () => {
  it('counts per operation and status and logs each request', async () => {
    await (await fetch(`${sandbox.apiUrl}/users/me`, { headers: { authorization } })).arrayBuffer();
    await (await fetch(`${sandbox.apiUrl}/users/nobody`, { headers: { authorization } })).arrayBuffer();
    await (await fetch(`${sandbox.apiUrl}/users?status=active&page_size=2`, { headers: { authorization } })).arrayBuffer();
    await (await fetch(`${sandbox.apiUrl}/users`)).arrayBuffer();

    expect(sandbox.stats.apiCalls()).toBe(4);
    expect(sandbox.stats.count('user')).toBe(2);
    expect(sandbox.stats.count('user', 200)).toBe(1);
    expect(sandbox.stats.count('user', 404)).toBe(1);
    expect(sandbox.stats.count('users', 401)).toBe(1);
    expect(sandbox.stats.countStatus(200)).toBe(2);
    expect(sandbox.stats.log()[2]).toEqual({
      seq: 3,
      method: 'GET',
      path: '/v2/users',
      query: 'status=active&page_size=2',
      auth: 'oauth',
      category: 'Medium',
      operation: 'users',
      status: 200,
      timestamp: clock.now(),
    });
    expect(sandbox.stats.log()[3]?.auth).toBe('none');
  });

  it('serves the same numbers over GET /_sandbox/stats and /_sandbox/log, and resets', async () => {
    await (await fetch(`${sandbox.apiUrl}/users/me`, { headers: { authorization } })).arrayBuffer();
    const stats = (await (await fetch(`${sandbox.adminUrl}/stats`)).json()) as Record<string, unknown>;
    expect(stats).toEqual({ apiCalls: 1, tokenRequests: 0, byOperation: { user: { 200: 1 } }, byStatus: { 200: 1 } });
    const log = (await (await fetch(`${sandbox.adminUrl}/log?limit=5`)).json()) as { entries: unknown[] };
    expect(log.entries).toHaveLength(1);
    expect(sandbox.stats.apiCalls()).toBe(1); // admin requests are not counted

    sandbox.stats.reset();
    expect(sandbox.stats.apiCalls()).toBe(0);
    expect(sandbox.stats.log()).toEqual([]);
    expect(sandbox.stats.count('user')).toBe(0);
  });
});

describe('SandboxStats', () => {
  it('keeps only the newest entries up to its capacity but counts everything', () => {
    const stats = new SandboxStats(10);
    for (let i = 0; i < 25; i++) {
      stats.record({ method: 'GET', path: '/v2/users', query: '', auth: 'oauth', operation: 'users', status: 200, timestamp: i });
    }
    expect(stats.apiCalls()).toBe(25);
    expect(stats.log()).toHaveLength(10);
    expect(stats.log()[0]?.seq).toBe(16);
    expect(stats.log(3).map((e) => e.seq)).toEqual([23, 24, 25]);
  });

  it('rejects a bad capacity', () => {
    expect(() => new SandboxStats(0)).toThrow(/positive integer/);
  });
});
