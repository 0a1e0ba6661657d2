import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayContext } from '../../src/graphql/context.ts';
import type { ZoomClient } from '../../src/zoom/client-types.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/** How Zoom failures reach GraphQL clients, produced by real sandbox faults through the real client. */
describe('errors', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.reset();
  });

  it('a Zoom 404 on a nullable field is null plus NOT_FOUND with the Zoom code at that path; other data survives', async () => {
    const result = await gateway.execute('{ me { email } user(id: "nobody@nowhere.example") { id } meeting(id: "12345678901") { id } }');
    expect(result.data?.me.email).toBe(gateway.sandbox.model.owner.email);
    expect(result.data?.user).toBeNull();
    expect(result.data?.meeting).toBeNull();
    const byPath = Object.fromEntries((result.errors ?? []).map((error) => [error.path?.join('.'), error]));
    expect(byPath.user?.extensions).toEqual({ code: 'NOT_FOUND', zoomCode: 1001, zoomStatus: 404 });
    expect(byPath.meeting?.extensions).toMatchObject({ code: 'NOT_FOUND', zoomCode: 3001 });
    expect(byPath.user?.message).toBe('Zoom has no such user.');
  });

  it('a past meeting Zoom does not know is null with NOT_FOUND; sibling fields survive', async () => {
    const result = await gateway.execute('{ pastMeeting(id: "99999999999") { uuid } me { id } }');
    expect(result.data?.me.id).toBe(gateway.sandbox.model.owner.id);
    expect(result.data?.pastMeeting).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a rate-limit storm that outlasts the retry budget is RATE_LIMITED with an ISO retryAt', async () => {
    gateway.sandbox.faults.storm429(3600);
    const result = await gateway.execute('{ user(id: "someone@nowhere.example") { id } }');
    expect(result.data?.user).toBeNull();
    const extensions = result.errors?.[0]?.extensions ?? {};
    expect(extensions).toMatchObject({ code: 'RATE_LIMITED', zoomStatus: 429 });
    expect(typeof extensions.retryAt).toBe('string');
    expect(Number.isNaN(Date.parse(String(extensions.retryAt)))).toBe(false);
    expect(gateway.stats.countStatus(429)).toBeGreaterThan(0);
  });

  it('Zoom answering 503 until retries run out is UPSTREAM_UNAVAILABLE', async () => {
    gateway.sandbox.faults.addErrors({ status: 503 });
    const result = await gateway.execute('{ me { id } }');
    expect(result.data).toEqual({ me: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', zoomStatus: 503 });
    expect(gateway.stats.countStatus(503)).toBeGreaterThan(1);
  });

  it('a transient 503 is retried by the client and never reaches the caller', async () => {
    gateway.sandbox.faults.addErrors({ status: 503, times: 1 });
    const result = await gateway.execute('{ me { id } }');
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.countStatus(503)).toBe(1);
  });

  it('an unknown error is masked as INTERNAL_SERVER_ERROR, with no message, stack or secret', async () => {
    const leaky: ZoomClient = {
      call: async () => {
        throw new TypeError('socket closed; Authorization: Bearer eyJsecret.token');
      },
      paginate: () => {
        throw new TypeError('unused');
      },
    };
    const masked = gateway.maskedErrors.length;
    const response = await gateway.server.executeOperation(
      { query: '{ me { id } }' },
      { contextValue: createGatewayContext({ zoom: leaky }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { errors } = response.body.singleResult;
    expect(errors).toEqual([
      { message: 'Internal server error.', locations: [{ line: 1, column: 3 }], path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(JSON.stringify(errors)).not.toContain('secret');
    expect(gateway.maskedErrors.length).toBe(masked + 1);
  });

  it('GraphQL validation errors pass through unmasked', async () => {
    const result = await gateway.execute('{ me { nope } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toContain('nope');
    expect(gateway.stats.apiCalls()).toBe(0);
  });
});
