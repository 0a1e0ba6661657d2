import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZoomClient, type ZoomRestClient } from '../../src/zoom/client.ts';
import { isZoomError } from '../../src/zoom/errors.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const ROUTE = 'GET /v2/users/me/meetings';
let server: ScriptedServer;
let client: ZoomRestClient;

beforeEach(async () => {
  server = await startScriptedServer();
  client = createZoomClient({ apiUrl: `${server.url}/v2`, auth: { type: 'jwt', apiKey: 'k', apiSecret: 's' } });
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const page = (ids: number[], next: string) => ({
  json: { page_size: 300, total_records: 5, next_page_token: next, meetings: ids.map((id) => ({ id, topic: `m${id}` })) },
});

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const pages: T[] = [];
  for await (const p of iterator) pages.push(p);
  return pages;
}

describe('paginate', () => {
  it('follows next_page_token until it is empty, with page_size 300 by default', async () => {
    server.script(ROUTE, [page([1, 2], 'tok-a'), page([3, 4], 'tok-b'), page([5], '')]);
    const pages = await collect(client.paginate('meetings', { path: { userId: 'me' }, query: { type: 'scheduled' } }));
    expect(pages.flatMap((p) => p.meetings.map((m) => m.id))).toEqual([1, 2, 3, 4, 5]);
    const requests = server.requestsFor(ROUTE);
    expect(requests.map((r) => r.query.get('next_page_token'))).toEqual([null, 'tok-a', 'tok-b']);
    expect(requests.every((r) => r.query.get('page_size') === '300' && r.query.get('type') === 'scheduled')).toBe(true);
  });

  it('stops early when the consumer stops, and resumes from a given token', async () => {
    server.script(ROUTE, [page([1], 'tok-a'), page([2], 'tok-b')]);
    for await (const first of client.paginate('meetings', { path: { userId: 'me' }, pageSize: 1 })) {
      expect(first.meetings).toHaveLength(1);
      break;
    }
    expect(server.requestsFor(ROUTE)).toHaveLength(1);
    server.script(ROUTE, [page([9], '')]);
    await collect(client.paginate('meetings', { path: { userId: 'me' }, query: { next_page_token: 'tok-z' }, pageSize: 10 }));
    expect(server.requestsFor(ROUTE).at(-1)?.query.get('next_page_token')).toBe('tok-z');
    expect(server.requestsFor(ROUTE).at(-1)?.query.get('page_size')).toBe('10');
  });

  it('treats a repeated token as INVALID_RESPONSE instead of looping', async () => {
    server.script(ROUTE, [page([1], 'tok-a'), page([2], 'tok-b'), page([3], 'tok-a')]);
    await expect(collect(client.paginate('meetings', { path: { userId: 'me' } }))).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(server.requestsFor(ROUTE)).toHaveLength(3);
  });

  it.each([0, 301, 2.5])('refuses pageSize %s before calling Zoom', async (pageSize) => {
    const error = await collect(client.paginate('meetings', { path: { userId: 'me' }, pageSize })).catch((e: unknown) => e);
    expect(isZoomError(error) && error.code).toBe('INVALID_REQUEST');
    expect(server.requests).toHaveLength(0);
  });
});
