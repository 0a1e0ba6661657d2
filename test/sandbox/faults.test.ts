import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxFaults, SandboxFaultInputError } from '../../src/sandbox/faults.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, createTestClock, fetchToken, type FakeModel } from './fake-model.ts';

const clock = createTestClock();
let sandbox: Sandbox;
let model: FakeModel;
let authorization: string;
beforeAll(async () => {
  model = createFakeModel();
  sandbox = await startSandbox({ model, clock: clock.now, rateLimits: 'unlimited', tokenTtlSeconds: 86_400 });
});
beforeEach(async () => {
  sandbox.reset();
  authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
});
afterAll(() => sandbox.close());

const get = (path: string) => fetch(`${sandbox.apiUrl}${path}`, { headers: { authorization } });

describe('faults over HTTP', () => {
  it('answers 5xx for a times-limited error fault on one operation, then recovers', async () => {
    sandbox.faults.addErrors({ operation: 'user', status: 503, times: 2 });
    const first = await get('/users/me');
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('text/html');
    expect(await first.text()).toContain('503');
    expect((await get('/users')).status).toBe(200); // other operations untouched
    expect((await get('/users/me')).status).toBe(503);
    expect((await get('/users/me')).status).toBe(200);
    expect(sandbox.stats.count('user', 503)).toBe(2);
    expect(model.handled.filter((r) => r.operation === 'user')).toHaveLength(1);
  });

  it('answers 500 with Zoom\'s JSON shape', async () => {
    sandbox.faults.addErrors({ status: 500, times: 1 });
    const response = await get('/users/me');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 500, message: 'Internal Server Error' });
  });

  it('answers 429 to everything during a storm, until the clock passes its end', async () => {
    sandbox.faults.storm429(5);
    const refused = await get('/users/me');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(refused.headers.get('x-ratelimit-category')).toBe('Light');
    expect(refused.headers.get('retry-after')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(((await refused.json()) as { code: number }).code).toBe(429);
    clock.advance(4999);
    expect((await get('/users')).status).toBe(429);
    clock.advance(1);
    expect((await get('/users')).status).toBe(200);
    expect(sandbox.stats.log().filter((e) => e.fault === 'storm')).toHaveLength(2);
  });

  it('resets the connection before answering, without reaching the model', async () => {
    sandbox.faults.resetConnections({ operation: 'user', times: 1 });
    await expect(get('/users/me')).rejects.toThrow();
    expect(model.handled).toHaveLength(0);
    expect(sandbox.stats.count('user', 0)).toBe(1);
    expect(sandbox.stats.log().at(-1)?.fault).toBe('reset');
    expect((await get('/users/me')).status).toBe(200);
  });

  it('drops the response after a write was applied: the meeting exists, the client never heard', async () => {
    sandbox.faults.dropResponsesAfterWrite({ times: 1 });
    expect((await get('/users/me')).status).toBe(200); // reads are not dropped by a write fault
    await expect(
      fetch(`${sandbox.apiUrl}/users/me/meetings`, {
        method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"topic":"Lost answer"}',
      }),
    ).rejects.toThrow();
    expect([...model.meetings.values()].some((m) => m.topic === 'Lost answer')).toBe(true);
    expect(sandbox.stats.count('meetingCreate', 0)).toBe(1);
    expect(sandbox.stats.log().at(-1)?.fault).toBe('dropped');
  });

  it('adds latency and records it in the log', async () => {
    sandbox.faults.addLatency({ fixedMs: 5, operation: 'user' });
    expect((await get('/users/me')).status).toBe(200);
    expect((await get('/users')).status).toBe(200);
    const [user, users] = sandbox.stats.log().filter((e) => e.operation !== 'oauth');
    expect(user).toMatchObject({ operation: 'user', fault: 'latency', delayMs: 5 });
    expect(users?.delayMs).toBeUndefined();
  });

  it('abandons a request held by injected latency when the sandbox closes: nothing runs after close', async () => {
    const ownModel = createFakeModel();
    const own = await startSandbox({ model: ownModel, clock: clock.now, rateLimits: 'unlimited' });
    const token = await fetchToken(own.oauthUrl, own.credentials);
    own.faults.addLatency({ fixedMs: 200, operation: 'user' });
    const delayed = vi.spyOn(own.faults, 'latencyFor');
    const pending = fetch(`${own.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    await expect.poll(() => delayed.mock.results.some((r) => r.value === 200)).toBe(true); // it is asleep in the delay
    await own.close();
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the delay: a leftover timer would now run the request
    expect(ownModel.handled).toHaveLength(0);
    expect(own.stats.log().map((e) => e.operation)).toEqual(['oauth']);
  });

  it('revokes every token', async () => {
    sandbox.faults.revokeAllTokens();
    expect((await get('/users/me')).status).toBe(401);
  });

  it('is driven through POST/GET/DELETE /_sandbox/faults, and rejects bad input with INVALID_FAULT', async () => {
    const post = (body: unknown) =>
      fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const applied = await post({ errors: { operation: 'users', status: [502], times: 1 }, revokeTokens: false });
    expect(applied.status).toBe(200);
    expect(((await applied.json()) as { errors: unknown[] }).errors).toEqual([{ operation: 'users', status: [502], times: 1, hits: 0 }]);
    expect((await get('/users')).status).toBe(502);

    for (const bad of [{ errors: { rate: 2 } }, { errors: { status: 404 } }, { latency: { fixedMs: -1 } }, { bogus: true }, { reset: { operation: 'nope' } }]) {
      const refused = await post(bad);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { code: string }).code).toBe('INVALID_FAULT');
    }

    await post({ storm: { seconds: 60 } });
    expect((await get('/users')).status).toBe(429);
    expect((await fetch(`${sandbox.adminUrl}/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await get('/users')).status).toBe(200);
    const snapshot = (await (await fetch(`${sandbox.adminUrl}/faults`)).json()) as Record<string, unknown>;
    expect(snapshot).toEqual({ latency: [], errors: [], stormUntil: null, reset: [], drop: [] });
  });
});

describe('SandboxFaults', () => {
  const run = (seed: number) => {
    const faults = new SandboxFaults(Date.now, () => undefined);
    faults.addErrors({ rate: 0.3, seed });
    return Array.from({ length: 200 }, () => faults.errorStatusFor('meeting') ?? 200);
  };

  it('hits about the configured rate, the same way for the same seed', () => {
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    const failures = first.filter((s) => s !== 200);
    expect(failures.length).toBeGreaterThan(30);
    expect(failures.length).toBeLessThan(90);
    expect(new Set(failures)).toEqual(new Set([500, 502, 503]));
  });

  it('draws jitter deterministically within fixed..fixed+jitter', () => {
    const delays = (seed: number) => {
      const faults = new SandboxFaults(Date.now, () => undefined);
      faults.addLatency({ fixedMs: 100, jitterMs: 50, seed });
      return Array.from({ length: 50 }, () => faults.latencyFor('users'));
    };
    const first = delays(3);
    expect(delays(3)).toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...first)).toBeLessThanOrEqual(150);
    expect(new Set(first).size).toBeGreaterThan(5);
  });

  it('throws SandboxFaultInputError for out-of-range input', () => {
    const faults = new SandboxFaults(Date.now, () => undefined);
    expect(() => faults.addErrors({ rate: -0.1 })).toThrow(SandboxFaultInputError);
    expect(() => faults.storm429(0)).toThrow(SandboxFaultInputError);
  });
});
