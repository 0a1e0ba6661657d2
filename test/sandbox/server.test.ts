import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel, fetchToken, SLASHY_UUID, type FakeModel } from './fake-model.ts';

let sandbox: Sandbox;
let model: FakeModel;
let auth: Record<string, string>;
beforeAll(async () => {
  model = createFakeModel();
  sandbox = await startSandbox({ model, rateLimits: 'unlimited' });
  auth = { authorization: `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}` };
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
});

async function call(method: string, path: string, body?: string) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('startSandbox', () => {
  it('listens on an ephemeral loopback port and exposes its URLs and default credentials', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.apiUrl).toBe(`${sandbox.url}/v2`);
    expect(sandbox.oauthUrl).toBe(`${sandbox.url}/oauth/token`);
    expect(sandbox.adminUrl).toBe(`${sandbox.url}/_sandbox`);
    expect(sandbox.credentials).toEqual({
      accountId: 'sandbox', clientId: 'sandbox-client', clientSecret: 'sandbox-secret',
      apiKey: 'sandbox-api-key', apiSecret: 'sandbox-api-secret', webhookSecretToken: 'sandbox-webhook-secret',
    });
  });

  it('takes credential overrides', async () => {
    const other = await startSandbox({ model: createFakeModel(), credentials: { clientSecret: 'other-secret' } });
    try {
      expect(other.credentials.clientSecret).toBe('other-secret');
      expect(other.credentials.clientId).toBe('sandbox-client');
      await expect(fetchToken(other.oauthUrl, sandbox.credentials)).rejects.toThrow(/400/);
      await expect(fetchToken(other.oauthUrl, other.credentials)).resolves.toEqual(expect.any(String));
    } finally {
      await other.close();
    }
  });

  it('close() stops listening', async () => {
    const other = await startSandbox({ model: createFakeModel() });
    await other.close();
    await expect(fetch(`${other.apiUrl}/users`)).rejects.toThrow();
  });
});

describe('routing /v2', () => {
  it('routes to the model with decoded params and the query', async () => {
    const response = await call('GET', '/v2/users/member%40example.com?x=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-category')).toBe('Light');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const request = model.handled.at(-1);
    expect(request?.operation).toBe('user');
    expect(request?.params).toEqual({ userId: 'member@example.com' });
    expect(request?.query.get('x')).toBe('1');
  });

  it('passes a double-encoded UUID to the model as the plain UUID', async () => {
    const doubleEncoded = encodeURIComponent(encodeURIComponent(SLASHY_UUID));
    const response = await call('GET', `/v2/past_meetings/${doubleEncoded}`);
    expect(response.status).toBe(200);
    expect(model.handled.at(-1)?.params).toEqual({ meetingId: SLASHY_UUID });
  });

  it('answers 404 for a single-encoded UUID containing "/" without reaching the model', async () => {
    const response = await call('GET', `/v2/past_meetings/${encodeURIComponent(SLASHY_UUID)}`);
    expect(response.status).toBe(404);
    expect(model.handled).toHaveLength(0);
  });

  it('passes a single-encoded UUID with a lone inner "/" to the model, as Zoom routes it', async () => {
    const uuid = 'IBJgih+AAjId/IFAS9fkIQ==';
    const details = await call('GET', `/v2/past_meetings/${encodeURIComponent(uuid)}`);
    const participants = await call('GET', `/v2/past_meetings/${encodeURIComponent(uuid)}/participants`);
    // The fake model knows only SLASHY_UUID: its 3001 (not the router's code 404) shows the request was routed.
    expect(details.body).toMatchObject({ code: 3001 });
    expect(participants.status).toBe(200);
    expect(model.handled.map((r) => [r.operation, r.params])).toEqual([
      ['pastMeetingDetails', { meetingId: uuid }],
      ['pastMeetingParticipants', { meetingId: uuid }],
    ]);
  });

  it.each([
    ['begins with "/"', '/bJgih+AAjIdIFAS9fkIQ=='],
    ['contains "//"', 'IBJgih//AjIdIFAS9fkIQ=='],
    ['ends with "/"', 'IBJgih+AAjIdIFAS9fkIQ/'],
  ])('answers 404 for a single-encoded UUID that %s, and 200 double-encoded', async (_name, uuid) => {
    expect((await call('GET', `/v2/past_meetings/${encodeURIComponent(uuid)}/participants`)).status).toBe(404);
    expect(model.handled).toHaveLength(0);
    expect((await call('GET', `/v2/past_meetings/${encodeURIComponent(encodeURIComponent(uuid))}/participants`)).status).toBe(200);
    expect(model.handled.at(-1)?.params).toEqual({ meetingId: uuid });
  });

  it('answers 404 for a user id that decodes to one containing "/"', async () => {
    expect((await call('GET', `/v2/users/${encodeURIComponent('member/example')}`)).status).toBe(404);
    expect(model.handled).toHaveLength(0);
  });

  it.each([
    ['GET', '/v2/nothing/here'],
    ['GET', '/v2/users/me/extra/segments'],
    ['PUT', '/v2/users'],
    ['GET', '/v2'],
    ['GET', '/v2/users/'],
  ])('answers a Zoom-style 404 for %s %s', async (method, path) => {
    const response = await call(method, path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 404, message: 'Not Found' });
    expect(sandbox.stats.count('unrouted', 404)).toBe(1);
  });

  it('answers 401 before 404 for an unknown path without a token', async () => {
    const response = await fetch(`${sandbox.apiUrl}/nothing`);
    expect(response.status).toBe(401);
  });

  it('passes model errors through with their status and Zoom body', async () => {
    const response = await call('GET', '/v2/users/nobody');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 1001, message: 'User does not exist: nobody.' });
  });

  it('creates with 201 and the body, updates with 204 and no body', async () => {
    const created = await call('POST', '/v2/users/me/meetings', JSON.stringify({ topic: 'Planning' }));
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    const updated = await call('PATCH', `/v2/meetings/${id}`, JSON.stringify({ topic: 'Planning 2' }));
    expect(updated.status).toBe(204);
    expect(updated.text).toBe('');
    expect(model.meetings.get(String(id))?.topic).toBe('Planning 2');
  });

  it.each([
    ['malformed JSON', '{"topic": '],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"topic"'],
  ])('answers 400 code 300 for %s', async (_name, body) => {
    const response = await call('POST', '/v2/users/me/meetings', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
    expect(model.handled).toHaveLength(0);
  });

  it('answers 404 outside /v2, /oauth and /_sandbox', async () => {
    const response = await fetch(`${sandbox.url}/v1/users`);
    expect(response.status).toBe(404);
  });
});
