import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createZoomClient, type ZoomAuthOptions, type ZoomRestClient } from '../../src/zoom/client.ts';

let sandbox: Sandbox;
let clients: ZoomRestClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  sandbox.reset();
});

function client(auth: ZoomAuthOptions): ZoomRestClient {
  // Retries wait for real here (the sandbox answers at once); a tiny base delay keeps the test fast.
  const created = createZoomClient({ apiUrl: sandbox.apiUrl, auth, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  clients.push(created);
  return created;
}

const s2s = (): ZoomAuthOptions => ({
  type: 's2s',
  accountId: sandbox.credentials.accountId,
  clientId: sandbox.credentials.clientId,
  clientSecret: sandbox.credentials.clientSecret,
  oauthUrl: sandbox.oauthUrl,
});
const jwt = (): ZoomAuthOptions => ({ type: 'jwt', apiKey: sandbox.credentials.apiKey, apiSecret: sandbox.credentials.apiSecret });

describe('the client against the sandbox', () => {
  it('walks every user page by page with one S2S token', async () => {
    const c = client(s2s());
    const ids: string[] = [];
    let pages = 0;
    let total = -1;
    for await (const page of c.paginate('users', { pageSize: 7 })) {
      pages++;
      total = page.total_records;
      ids.push(...page.users.map((u) => u.id));
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(sandbox.stats.tokenRequests()).toBe(1);
    expect(sandbox.stats.count('users')).toBe(pages);
  });

  it('authenticates with a legacy JWT and makes no token request', async () => {
    const me = await client(jwt()).call('user', { path: { userId: 'me' } });
    expect(me.email).toMatch(/@/);
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('refreshes once after the sandbox revokes every token', async () => {
    const c = client(s2s());
    await c.call('user', { path: { userId: 'me' } });
    sandbox.revokeAllTokens();
    await c.call('user', { path: { userId: 'me' } });
    expect(sandbox.stats.tokenRequests()).toBe(2);
    expect(sandbox.stats.count('user', 401)).toBe(1);
  });

  it('retries a GET through a 503 and reports a dropped create as OUTCOME_UNKNOWN', async () => {
    const c = client(s2s());
    sandbox.faults.addErrors({ operation: 'user', status: 503, times: 1 });
    await expect(c.call('user', { path: { userId: 'me' } })).resolves.toMatchObject({ id: expect.any(String) });
    expect(sandbox.stats.count('user')).toBe(2);

    sandbox.faults.dropResponsesAfterWrite({ operation: 'meetingCreate', times: 1 });
    await expect(c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 'Dropped', type: 2, start_time: '2030-01-01T10:00:00Z', duration: 30 } }))
      .rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', method: 'POST' });
    expect(sandbox.stats.count('meetingCreate')).toBe(1);
  });

  it('treats a DELETE whose answer was dropped as done when its retry finds the meeting gone', async () => {
    const c = client(s2s());
    const meeting = await c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 'Delete, answer dropped', type: 2, start_time: '2030-01-01T10:00:00Z', duration: 30 } });
    const meetingId = String(meeting.id);
    sandbox.faults.dropResponsesAfterWrite({ operation: 'meetingDelete', times: 1 });

    await expect(c.call('meetingDelete', { path: { meetingId } })).resolves.toBeUndefined();
    // The first DELETE was applied and its answer dropped; the retry found nothing left to delete.
    expect(sandbox.stats.count('meetingDelete')).toBe(2);
    expect(sandbox.stats.log().filter((e) => e.operation === 'meetingDelete').map((e) => e.fault ?? e.status)).toEqual(['dropped', 404]);
    await expect(c.call('meeting', { path: { meetingId } })).rejects.toMatchObject({ status: 404, zoomCode: 3001 });
  });

  it('still fails a DELETE whose first attempt answers 404', async () => {
    const c = client(s2s());
    const meeting = await c.call('meetingCreate', { path: { userId: 'me' }, body: { topic: 'Deleted twice', type: 2, start_time: '2030-01-01T10:00:00Z', duration: 30 } });
    const meetingId = String(meeting.id);
    await c.call('meetingDelete', { path: { meetingId } });
    await expect(c.call('meetingDelete', { path: { meetingId } }))
      .rejects.toMatchObject({ code: 'HTTP_ERROR', status: 404, zoomCode: 3001, attempts: 1 });
    expect(sandbox.stats.count('meetingDelete', 204)).toBe(1);
    expect(sandbox.stats.count('meetingDelete', 404)).toBe(1);
  });

  it("surfaces Zoom's not-found answer with its code", async () => {
    await expect(client(s2s()).call('user', { path: { userId: 'nobody@nowhere.example' } }))
      .rejects.toMatchObject({ code: 'HTTP_ERROR', status: 404, zoomCode: 1001 });
  });
});
