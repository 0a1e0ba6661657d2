import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from './secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

const QUERY = 'query Me { me { id } }';
const getUrl = () => `${gw.url}/graphql?query=${encodeURIComponent(QUERY)}&operationName=Me`;
// What urql's and graphql-request's GETs send: a JSON accept and the credential, nothing that forces a preflight.
const clientGet = { accept: 'application/graphql-response+json, application/json', 'x-api-key': TEST_KEYS.admin };

describe("Apollo's CSRF prevention says why it refused, machine-readably", () => {
  it('refuses a GET without a preflight header: 400 BAD_REQUEST, reason CSRF_PREFLIGHT_REQUIRED, the headers that satisfy it; no Zoom call', async () => {
    gw.sandbox.stats.reset();
    const response = await fetch(getUrl(), { headers: clientGet });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.message).toMatch(/^This operation has been blocked as a potential Cross-Site Request Forgery/);
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'CSRF_PREFLIGHT_REQUIRED',
      headers: ['apollo-require-preflight', 'x-apollo-operation-name'],
    });
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
  });

  it('so does a POST whose content type a form could send (text/plain)', async () => {
    const response = await gw.post(JSON.stringify({ query: QUERY }), { 'content-type': 'text/plain', 'x-api-key': TEST_KEYS.admin });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'CSRF_PREFLIGHT_REQUIRED' });
  });

  it('serves the same GET with either named header, and a JSON POST with none', async () => {
    for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
      const response = await fetch(getUrl(), { headers: { ...clientGet, [header]: header === 'apollo-require-preflight' ? 'true' : 'Me' } });
      expect(response.status, header).toBe(200);
      const body = (await response.json()) as { data?: { me: { id: string } | null }; errors?: unknown };
      expect(body.errors, header).toBeUndefined();
      expect(body.data, header).toHaveProperty('me');
    }
    const post = await gw.graphql(QUERY, 'admin');
    expect(post.status).toBe(200);
    expect(post.body.errors).toBeUndefined();
  });

  it('leaves other BAD_REQUEST answers without the reason', async () => {
    const batch = await gw.post([{ query: QUERY }, { query: QUERY }], { 'x-api-key': TEST_KEYS.admin });
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(batch.body.errors[0].extensions.reason).toBeUndefined();
  });
});
