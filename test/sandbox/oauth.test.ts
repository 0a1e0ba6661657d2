import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createFakeModel } from './fake-model.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ model: createFakeModel(), tokenTtlSeconds: 120 });
});
afterAll(() => sandbox.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenRequest(query: string, init: { authorization?: string; body?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.authorization !== undefined) headers.authorization = init.authorization;
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const response = await fetch(`${sandbox.oauthUrl}${query}`, { method: 'POST', headers, ...(init.body === undefined ? {} : { body: init.body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /oauth/token', () => {
  const good = () => basic(sandbox.credentials.clientId, sandbox.credentials.clientSecret);

  it('issues a bearer token with params in the query string', async () => {
    const { status, body } = await tokenRequest('?grant_type=account_credentials&account_id=sandbox', { authorization: good() });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 120, api_url: sandbox.url });
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.scope).toBe('string');
    expect(String(body.scope).split(' ')).toContain('meeting:write:admin');
  });

  it('accepts the params as an x-www-form-urlencoded body and issues a different token each time', async () => {
    const init = { authorization: good(), contentType: 'application/x-www-form-urlencoded', body: 'grant_type=account_credentials&account_id=sandbox' };
    const first = await tokenRequest('', init);
    const second = await tokenRequest('', init);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.access_token).not.toBe(second.body.access_token);
  });

  it.each([
    ['missing grant type', '?account_id=sandbox', true, { error: 'invalid_request', code: 4706 }],
    ['unsupported grant type', '?grant_type=client_credentials&account_id=sandbox', true, { error: 'unsupported_grant_type', code: 4705, reason: 'unsupported grant type' }],
    ['missing Basic credentials', '?grant_type=account_credentials&account_id=sandbox', false, { error: 'invalid_client', code: 4706 }],
    ['missing account_id', '?grant_type=account_credentials', true, { error: 'invalid_request', code: 4706 }],
    ['wrong account_id', '?grant_type=account_credentials&account_id=other', true, { error: 'invalid_request', code: 4704 }],
  ])('answers 400 for %s', async (_name, query, withAuth, expected) => {
    const { status, body } = await tokenRequest(query, withAuth ? { authorization: good() } : {});
    expect(status).toBe(400);
    expect(body).toMatchObject(expected);
    expect(typeof body.reason).toBe('string');
    expect(body).not.toHaveProperty('access_token');
  });

  it('answers 400 invalid_client (4702) for a wrong client secret or id', async () => {
    for (const authorization of [basic('sandbox-client', 'wrong'), basic('someone', 'sandbox-secret')]) {
      const { status, body } = await tokenRequest('?grant_type=account_credentials&account_id=sandbox', { authorization });
      expect(status).toBe(400);
      expect(body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client', code: 4702 });
    }
  });

  it('counts token requests, failed ones included', async () => {
    sandbox.stats.reset();
    await tokenRequest('?grant_type=account_credentials&account_id=sandbox', { authorization: good() });
    await tokenRequest('?grant_type=nope', { authorization: good() });
    expect(sandbox.stats.tokenRequests()).toBe(2);
    expect(sandbox.stats.count('oauth', 200)).toBe(1);
    expect(sandbox.stats.count('oauth', 400)).toBe(1);
    expect(sandbox.stats.apiCalls()).toBe(0);
  });
});
