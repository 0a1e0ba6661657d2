import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, createTestClock, fetchToken, type FakeModel } from './fake-model.ts';

const clock = createTestClock();

let sandbox: Sandbox;
let model: FakeModel;
beforeAll(async () => {
  model = createFakeModel();
  sandbox = await startSandbox({ model, rateLimits: 'free', clock: clock.now });
});
afterAll(() => sandbox.close());

const admin = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${sandbox.adminUrl}${path}`, { method, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
};

describe('/_sandbox admin endpoint', () => {
  it('POST reset restores data and forgets stats, faults and rate-limit buckets', async () => {
    const authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
    const created = await fetch(`${sandbox.apiUrl}/users/me/meetings`, {
      method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"topic":"Temp"}',
    });
    expect(created.status).toBe(201);
    // The free plan allows 2 Medium requests per second: the bucket is now at 1 of 2.
    sandbox.faults.storm429(60);
    expect(model.meetings.size).toBe(2);

    expect(await admin('POST', '/reset')).toEqual({ status: 204, body: undefined });
    expect(model.meetings.size).toBe(1);
    expect(sandbox.stats.apiCalls()).toBe(0);
    expect(sandbox.faults.stormUntil()).toBeUndefined();
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${sandbox.apiUrl}/users`, { headers: { authorization } });
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    // The clock has not moved: without the reset the create's slot would still be taken ([200, 429, 429]).
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('POST tokens/revoke revokes every live token', async () => {
    const token = await fetchToken(sandbox.oauthUrl, sandbox.credentials);
    expect((await admin('POST', '/tokens/revoke')).status).toBe(204);
    const response = await fetch(`${sandbox.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it('passes the model\'s Zoom error through for an unknown meeting', async () => {
    expect(await admin('POST', '/meetings/123/start')).toEqual({
      status: 404, body: { code: 3001, message: 'Meeting 123 is not found or has expired.' },
    });
  });

  it('answers unknown admin paths with NOT_FOUND and bad JSON with INVALID_JSON', async () => {
    expect(await admin('GET', '/nope')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await admin('POST', '/faults', '{oops')).toMatchObject({ status: 400, body: { code: 'INVALID_JSON' } });
    expect(await admin('POST', '/meetings/85000000001/participants', '{"name": 5}')).toMatchObject({ status: 400 });
  });

  it('GET webhook reports the configured URL without the secret', async () => {
    expect(await admin('GET', '/webhook')).toEqual({ status: 200, body: { url: null } });
    sandbox.webhooks.configure({ url: 'http://127.0.0.1:9/hook', secretToken: 'shh' });
    try {
      const answer = await admin('GET', '/webhook');
      expect(answer.body).toEqual({ url: 'http://127.0.0.1:9/hook' });
      expect(JSON.stringify(answer.body)).not.toContain('shh');
    } finally {
      sandbox.webhooks.configure(undefined);
    }
  });

  it('does not count admin requests as API calls', async () => {
    sandbox.stats.reset();
    await admin('GET', '/stats');
    await admin('GET', '/log');
    expect(sandbox.stats.apiCalls()).toBe(0);
  });
});
