import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { SandboxWebhooks, signZoomWebhook } from '../../src/sandbox/webhooks.ts';
import { createFakeModel, createTestClock, fetchToken } from './fake-model.ts';

const SECRET = 'receiver-secret';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  json: { event: string; event_ts: number; payload: Record<string, unknown> };
  signatureValid: boolean;
}

/** A webhook receiver that checks Zoom's signature with node:crypto on its own, as a real receiver would. */
function createReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  let answerValidation: 'correct' | 'wrong' = 'correct';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-zm-request-timestamp']);
      const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${raw}`).digest('hex')}`;
      const got = String(req.headers['x-zm-signature']);
      const signatureValid = got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
      const json = JSON.parse(raw) as Received['json'];
      received.push({ headers: req.headers, raw, json, signatureValid });
      if (json.event === 'endpoint.url_validation') {
        const plainToken = String(json.payload.plainToken);
        const key = answerValidation === 'correct' ? SECRET : 'wrong-secret';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ plainToken, encryptedToken: createHmac('sha256', key).update(plainToken).digest('hex') }));
        return;
      }
      res.writeHead(statuses.shift() ?? 200);
      res.end();
    });
  });
  return {
    received,
    statuses,
    setValidationAnswer: (mode: 'correct' | 'wrong') => {
      answerValidation = mode;
    },
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/zoom`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const clock = createTestClock();
const receiver = createReceiver();
let sandbox: Sandbox;
let authorization: string;
beforeAll(async () => {
  const url = await receiver.listen();
  sandbox = await startSandbox({
    model: createFakeModel(), clock: clock.now, rateLimits: 'unlimited', tokenTtlSeconds: 86_400,
    webhook: { url, secretToken: SECRET }, webhookRetryDelaysMs: [5 * 60_000, 20 * 60_000, 60 * 60_000],
  });
  authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(() => {
  sandbox.reset();
  receiver.received.length = 0;
  receiver.statuses.length = 0;
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('signZoomWebhook', () => {
  it('matches HMAC-SHA256 over v0:{ts}:{body} computed independently', () => {
    const body = '{"event":"meeting.created","event_ts":1700000000000}';
    const expected = `v0=${createHmac('sha256', 'abc').update(`v0:1700000000:${body}`).digest('hex')}`;
    expect(signZoomWebhook('abc', 1700000000, body)).toBe(expected);
    expect(signZoomWebhook('abc', '1700000000', body)).toBe(expected);
    expect(signZoomWebhook('abd', 1700000000, body)).not.toBe(expected);
  });
});

describe('webhook deliveries', () => {
  it('delivers meeting.created, meeting.updated (with old_object) and meeting.deleted, signed as Zoom signs', async () => {
    const created = await api('POST', '/users/me/meetings', { topic: 'Roadmap' });
    const meeting = (await created.json()) as { id: number; uuid: string };
    expect((await api('PATCH', `/meetings/${meeting.id}`, { topic: 'Roadmap v2' })).status).toBe(204);
    expect((await api('DELETE', `/meetings/${meeting.id}`)).status).toBe(204);
    await sandbox.webhooks.settled();

    expect(receiver.received.map((r) => r.json.event)).toEqual(['meeting.created', 'meeting.updated', 'meeting.deleted']);
    for (const r of receiver.received) {
      expect(r.signatureValid).toBe(true);
      expect(r.headers['x-zm-request-timestamp']).toBe(String(Math.floor(clock.now() / 1000)));
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.json.event_ts).toBe(clock.now());
      expect(r.json.payload.account_id).toBe('sandbox');
      expect(r.json.payload.operator_id).toBe('owner-id');
      expect(r.json.payload.operator).toBe('owner@example.com');
    }
    const [c, u, d] = receiver.received.map((r) => r.json.payload);
    expect(c?.object).toMatchObject({ id: meeting.id, uuid: meeting.uuid, topic: 'Roadmap', host_id: 'owner-id' });
    expect(u?.object).toEqual({ id: meeting.id, uuid: meeting.uuid, topic: 'Roadmap v2' });
    expect(u?.old_object).toEqual({ id: meeting.id, uuid: meeting.uuid, topic: 'Roadmap' });
    expect(d).toMatchObject({ operation: 'all', object: { id: meeting.id, topic: 'Roadmap v2' } });
    expect(sandbox.webhooks.deliveries().map((x) => [x.event, x.status, x.attempt])).toEqual([
      ['meeting.created', 200, 1], ['meeting.updated', 200, 1], ['meeting.deleted', 200, 1],
    ]);
  });

  it('emits meeting.started/ended and participant events from the admin endpoint, ids as strings', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.adminUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await admin('POST', '/meetings/85000000001/start')).status).toBe(200);
    expect((await admin('POST', '/meetings/85000000001/participants', { name: 'Ada', email: 'ada@example.com' })).status).toBe(204);
    expect((await admin('DELETE', '/meetings/85000000001/participants/puuid-1')).status).toBe(204);
    expect((await admin('POST', '/meetings/85000000001/end')).status).toBe(200);
    await sandbox.webhooks.settled();
    expect(receiver.received.map((r) => r.json.event)).toEqual([
      'meeting.started', 'meeting.participant_joined', 'meeting.participant_left', 'meeting.ended',
    ]);
    const [started, joined, left, ended] = receiver.received.map((r) => r.json.payload.object as Record<string, unknown>);
    expect(started).toMatchObject({ id: '85000000001', host_id: 'owner-id', topic: 'Weekly sync' });
    expect(joined?.participant).toEqual({ user_id: '16778240', user_name: 'Ada', participant_uuid: 'puuid-1', email: 'ada@example.com', join_time: '2026-12-01T10:01:00Z' });
    expect(left?.participant).toMatchObject({ participant_uuid: 'puuid-1', leave_time: '2026-12-01T10:02:00Z' });
    expect(ended).toHaveProperty('end_time');
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('retries a failed delivery at +5, +20 and +60 minutes with the same tracking id, then gives up', async () => {
    receiver.statuses.push(500, 503, 500, 500);
    await api('POST', '/users/me/meetings', { topic: 'Retry me' });
    await sandbox.webhooks.settled();
    expect(sandbox.webhooks.pendingRetries()).toBe(1);

    clock.advance(5 * 60_000 - 1);
    expect(await sandbox.webhooks.runDueRetries()).toBe(0);
    for (const step of [1, 20 * 60_000, 60 * 60_000]) {
      clock.advance(step);
      expect(await sandbox.webhooks.runDueRetries()).toBe(1);
    }
    expect(sandbox.webhooks.pendingRetries()).toBe(0);
    const attempts = sandbox.webhooks.deliveries();
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([[1, 500, false], [2, 503, false], [3, 500, false], [4, 500, false]]);
    const ids = new Set(receiver.received.map((r) => r.headers['x-zm-trackingid']));
    expect(ids.size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('stops retrying once a retry succeeds', async () => {
    receiver.statuses.push(500);
    await api('POST', '/users/me/meetings', { topic: 'Second try works' });
    await sandbox.webhooks.settled();
    clock.advance(5 * 60_000);
    await sandbox.webhooks.runDueRetries();
    expect(sandbox.webhooks.deliveries().map((a) => a.status)).toEqual([500, 200]);
    expect(sandbox.webhooks.pendingRetries()).toBe(0);
  });

  it('records an unreachable endpoint as status null and schedules a retry', async () => {
    const hooks = new SandboxWebhooks({ clock: clock.now, accountId: 'a', retryDelaysMs: [1000] });
    hooks.configure({ url: 'http://127.0.0.1:1/unreachable', secretToken: 's' });
    const delivery = await hooks.send({ event: 'meeting.created', event_ts: 1, payload: { object: {} } });
    expect(delivery).toMatchObject({ status: null, ok: false, attempt: 1 });
    expect(hooks.pendingRetries()).toBe(1);
    await hooks.close();
  });
});

describe('endpoint.url_validation', () => {
  it('reports ok when the endpoint answers with the right HMAC, and not ok when it does not', async () => {
    receiver.setValidationAnswer('correct');
    const good = (await (await fetch(`${sandbox.adminUrl}/webhooks/validate`, { method: 'POST' })).json()) as Record<string, unknown>;
    expect(good).toMatchObject({ ok: true, status: 200 });
    const sent = receiver.received.at(-1);
    expect(sent?.json.event).toBe('endpoint.url_validation');
    expect(sent?.signatureValid).toBe(true);
    expect(good.expectedEncryptedToken).toBe(createHmac('sha256', SECRET).update(String(good.plainToken)).digest('hex'));

    receiver.setValidationAnswer('wrong');
    const bad = (await (await fetch(`${sandbox.adminUrl}/webhooks/validate`, { method: 'POST' })).json()) as Record<string, unknown>;
    expect(bad).toMatchObject({ ok: false, status: 200 });
  });

  it('is configured with PUT /_sandbox/webhook, defaulting to the sandbox webhook secret', async () => {
    const original = sandbox.webhooks.config();
    try {
      const put = await fetch(`${sandbox.adminUrl}/webhook`, { method: 'PUT', body: JSON.stringify({ url: original?.url }) });
      expect(put.status).toBe(200);
      expect(sandbox.webhooks.config()?.secretToken).toBe('sandbox-webhook-secret');
      const invalid = await fetch(`${sandbox.adminUrl}/webhook`, { method: 'PUT', body: JSON.stringify({ url: 'ftp://x' }) });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { code: string }).code).toBe('INVALID_WEBHOOK');
      expect((await fetch(`${sandbox.adminUrl}/webhook`, { method: 'DELETE' })).status).toBe(204);
      const none = await fetch(`${sandbox.adminUrl}/webhooks/validate`, { method: 'POST' });
      expect(none.status).toBe(409);
      expect(((await none.json()) as { code: string }).code).toBe('NO_WEBHOOK');
    } finally {
      sandbox.webhooks.configure(original);
    }
  });
});
