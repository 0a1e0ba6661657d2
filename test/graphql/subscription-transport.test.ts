import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { fakeZoom, memoryLogger, testConfig, TEST_API_KEY } from '../server/helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

const SUBSCRIPTION = 'subscription Live { meetingEvents { type } }';

async function start() {
  const zoom = fakeZoom();
  let calls = 0;
  zoom.client.call = async () => {
    calls += 1;
    throw new Error('no Zoom call expected');
  };
  const { logger, lines } = memoryLogger();
  const gateway = await createGateway(testConfig(), { zoom: zoom.client, logger });
  open.push(gateway);
  return { gateway, lines, calls: () => calls };
}

describe('a subscription sent over plain HTTP', () => {
  const requests: Array<[string, (url: string) => Promise<Response>]> = [
    ['a JSON POST', (url) => fetch(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY }, body: JSON.stringify({ query: SUBSCRIPTION }),
    })],
    ["Apollo Client 4's multipart POST", (url) => fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-api-key': TEST_API_KEY,
        accept: 'multipart/mixed;subscriptionSpec="1.0", application/graphql-response+json;q=0.9, application/json;q=0.8',
      },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    })],
    ['a GET', (url) => fetch(`${url}/graphql?query=${encodeURIComponent(SUBSCRIPTION)}`, {
      headers: { 'apollo-require-preflight': 'true', 'x-api-key': TEST_API_KEY, accept: 'application/json' },
    })],
  ];

  for (const [name, send] of requests) {
    it(`${name}: 400 SUBSCRIPTION_TRANSPORT_REQUIRED naming graphql-ws, no Zoom call, nothing logged as unexpected`, async () => {
      const { gateway, lines, calls } = await start();
      const answer = await send(gateway.url);
      expect(answer.status).toBe(400);
      const body = (await answer.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'SUBSCRIPTION_TRANSPORT_REQUIRED', transports: ['graphql-transport-ws', 'graphql-sse'] });
      expect(body.errors[0]!.message).toMatch(/WebSocket.*graphql-ws/);
      expect(body.errors[0]!.extensions['requestId']).toBe(answer.headers.get('x-request-id'));
      expect(calls()).toBe(0);
      expect(lines.filter((line) => line.includes('unexpected error'))).toEqual([]);
      // The next valid request is still served.
      const next = await fetch(`${gateway.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY }, body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await next.json()).toMatchObject({ data: { __typename: 'Query' } });
    });
  }
});
