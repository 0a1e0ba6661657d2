import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZoomWebhookEvent } from '../../src/zoom/wire.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { zoomWebhooks, type ZoomWebhooksOptions } from '../../src/webhooks/zoom-webhooks.ts';

const SECRET = 'whsec-current-0123456789';
const OLD_SECRET = 'whsec-previous-abcdefghij';
const NOW_MS = Date.UTC(2025, 2, 31, 12, 0, 0);
const NOW_S = String(NOW_MS / 1000);

interface Harness {
  app: FastifyInstance;
  url: string;
  events: ZoomWebhookEvent[];
  logs: string[];
  clock: { now: number };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Partial<ZoomWebhooksOptions> = {}): Promise<Harness> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = Fastify({ logger: { level: 'debug', stream } });
  apps.push(app);
  const events: ZoomWebhookEvent[] = [];
  const clock = { now: NOW_MS };
  await app.register(zoomWebhooks, {
    secrets: [SECRET],
    now: () => clock.now,
    onEvent: (event) => {
      events.push(event);
    },
    ...options,
  });
  // A route outside the plugin keeps Fastify's normal JSON parsing.
  app.post('/echo', async (request) => ({ echoed: request.body }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${address}/webhooks/zoom`, events, logs, clock };
}

function meetingEvent(topic = 'Weekly sync', eventTs = NOW_MS): string {
  const body: ZoomWebhookEvent = {
    event: 'meeting.created',
    event_ts: eventTs,
    payload: {
      account_id: 'AcCoUnT123',
      operator: 'owner@example.com',
      operator_id: 'uOwner1',
      object: { id: 81234567890, uuid: 'aBcD==', host_id: 'uOwner1', topic, type: 2 },
    },
  };
  return JSON.stringify(body);
}

async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

function signed(body: string, secret = SECRET, timestamp = NOW_S): Record<string, string> {
  return {
    'x-zm-request-timestamp': timestamp,
    'x-zm-signature': signZoomWebhook(secret, timestamp, Buffer.from(body)),
  };
}

/** Waits for the queue to hand over pending events (bounded). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('zoomWebhooks: signature', () => {
  it('accepts a delivery signed with the secret and hands the parsed event to onEvent', async () => {
    const h = await start();
    const body = meetingEvent();
    const answer = await post(h.url, body, signed(body));
    expect(answer).toEqual({ status: 200, json: { status: 'accepted' } });
    await settle();
    expect(h.events).toEqual([JSON.parse(body)]);
  });

  it('matches the signature computed the way Zoom documents it', () => {
    const body = '{"event":"meeting.started"}';
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${NOW_S}:${body}`).digest('hex')}`;
    expect(signZoomWebhook(SECRET, NOW_S, Buffer.from(body))).toBe(expected);
  });

  it('refuses a wrong signature with 401 SIGNATURE_INVALID and publishes nothing', async () => {
    const h = await start();
    const body = meetingEvent();
    const headers = signed(body);
    const good = headers['x-zm-signature']!;
    const flipped = good.endsWith('0') ? '1' : '0';
    const answer = await post(h.url, body, { ...headers, 'x-zm-signature': `${good.slice(0, -1)}${flipped}` });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    await settle();
    expect(h.events).toEqual([]);
  });

  it('refuses a body changed after signing (signature is over the raw bytes)', async () => {
    const h = await start();
    const body = meetingEvent();
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    const answer = await post(h.url, reformatted, signed(body));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
  });

  it('refuses a delivery signed with a secret that is not configured', async () => {
    const h = await start();
    const body = meetingEvent();
    const answer = await post(h.url, body, signed(body, OLD_SECRET));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
  });

  it('accepts either secret during a rotation', async () => {
    const h = await start({ secrets: [SECRET, OLD_SECRET] });
    const first = meetingEvent('first');
    const second = meetingEvent('second');
    expect((await post(h.url, first, signed(first, OLD_SECRET))).status).toBe(200);
    expect((await post(h.url, second, signed(second, SECRET))).status).toBe(200);
    await settle();
    expect(h.events.map((e) => (e.payload.object as { topic: string }).topic)).toEqual(['first', 'second']);
  });

  it('refuses a delivery without signature headers with 401 SIGNATURE_MISSING', async () => {
    const h = await start();
    const body = meetingEvent();
    const onlyTimestamp = await post(h.url, body, { 'x-zm-request-timestamp': NOW_S });
    const onlySignature = await post(h.url, body, { 'x-zm-signature': signed(body)['x-zm-signature']! });
    for (const answer of [onlyTimestamp, onlySignature]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'SIGNATURE_MISSING' } });
    }
  });

  it('refuses a timestamp that is not epoch seconds with 401 TIMESTAMP_INVALID', async () => {
    const h = await start();
    const body = meetingEvent();
    const timestamp = '2025-03-31T12:00:00Z';
    const answer = await post(h.url, body, signed(body, SECRET, timestamp));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'TIMESTAMP_INVALID' } });
  });

  it('never logs the secret or the signature', async () => {
    const h = await start();
    const body = meetingEvent();
    const good = signed(body);
    const bad = signed(body, 'attacker-secret');
    await post(h.url, body, bad);
    await post(h.url, body, good);
    await settle();
    const log = h.logs.join('');
    expect(log).toContain('SIGNATURE_INVALID');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(good['x-zm-signature']!.slice(3));
    expect(log).not.toContain(bad['x-zm-signature']!.slice(3));
  });
});

describe('zoomWebhooks: timestamp window', () => {
  it('accepts timestamps up to 300 s away in either direction', async () => {
    const h = await start();
    const early = meetingEvent('early');
    const late = meetingEvent('late');
    expect((await post(h.url, early, signed(early, SECRET, String(NOW_MS / 1000 - 300)))).status).toBe(200);
    expect((await post(h.url, late, signed(late, SECRET, String(NOW_MS / 1000 + 300)))).status).toBe(200);
  });

  it('refuses a stale timestamp with 401 TIMESTAMP_OUT_OF_RANGE and publishes nothing', async () => {
    const h = await start();
    const body = meetingEvent();
    const answer = await post(h.url, body, signed(body, SECRET, String(NOW_MS / 1000 - 301)));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'TIMESTAMP_OUT_OF_RANGE' } });
    await settle();
    expect(h.events).toEqual([]);
  });

  it('refuses a timestamp from the future', async () => {
    const h = await start();
    const body = meetingEvent();
    const answer = await post(h.url, body, signed(body, SECRET, String(NOW_MS / 1000 + 301)));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'TIMESTAMP_OUT_OF_RANGE' } });
  });

  it('uses the injected clock', async () => {
    const h = await start();
    h.clock.now = NOW_MS + 10 * 60 * 1000;
    const body = meetingEvent();
    expect((await post(h.url, body, signed(body))).status).toBe(401);
    expect((await post(h.url, body, signed(body, SECRET, String(h.clock.now / 1000)))).status).toBe(200);
  });
});

describe('zoomWebhooks: replay', () => {
  it('refuses the same delivery twice with 401 REPLAYED and publishes it once', async () => {
    const h = await start();
    const body = meetingEvent();
    const headers = signed(body);
    expect((await post(h.url, body, headers)).status).toBe(200);
    const replay = await post(h.url, body, headers);
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ error: { code: 'REPLAYED' } });
    await settle();
    expect(h.events).toHaveLength(1);
  });

  it('refuses a Zoom retry of an accepted event (same body, new timestamp and signature) an hour later', async () => {
    const h = await start();
    const body = meetingEvent();
    expect((await post(h.url, body, signed(body))).status).toBe(200);
    h.clock.now = NOW_MS + 60 * 60 * 1000;
    const retry = await post(h.url, body, signed(body, SECRET, String(h.clock.now / 1000)));
    expect(retry.status).toBe(401);
    expect(retry.json).toMatchObject({ error: { code: 'REPLAYED' } });
    await settle();
    expect(h.events).toHaveLength(1);
  });

  it('does not remember refused deliveries', async () => {
    const h = await start();
    const body = meetingEvent();
    expect((await post(h.url, body, signed(body, 'wrong'))).status).toBe(401);
    expect((await post(h.url, body, signed(body))).status).toBe(200);
  });

  it('refuses a replay window shorter than Zoom retries', async () => {
    const app = Fastify();
    apps.push(app);
    await expect(
      app.register(zoomWebhooks, { secrets: [SECRET], onEvent: () => {}, replayTtlMs: 60 * 60 * 1000 }),
    ).rejects.toThrow(/replayTtlMs.*3 hours/);
  });
});

describe('zoomWebhooks: body', () => {
  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE and publishes nothing', async () => {
    const h = await start({ bodyLimit: 1024 });
    const body = meetingEvent('x'.repeat(2000));
    const answer = await post(h.url, body, signed(body));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    await settle();
    expect(h.events).toEqual([]);
  });

  it('refuses an oversize chunked body (no content-length) with 413', async () => {
    const h = await start({ bodyLimit: 1024 });
    const body = meetingEvent('y'.repeat(4000));
    const chunks = [body.slice(0, 2000), body.slice(2000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed(body) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses a signed body that is not JSON with 400 INVALID_JSON', async () => {
    const h = await start();
    const body = 'event=meeting.created';
    const answer = await post(h.url, body, { ...signed(body), 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('checks the signature before parsing: an unsigned non-JSON body is 401', async () => {
    const h = await start();
    const answer = await post(h.url, '{not json', signed('{other', SECRET));
    expect(answer.status).toBe(401);
  });

  it('refuses signed JSON that is not a Zoom envelope with 400 INVALID_PAYLOAD', async () => {
    const h = await start();
    for (const body of ['[]', '{"event":"meeting.created"}', '{"event":"x","event_ts":"1","payload":{}}']) {
      const answer = await post(h.url, body, signed(body));
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    }
  });

  it('leaves JSON parsing of routes outside the plugin alone', async () => {
    const h = await start();
    const answer = await post(h.url.replace('/webhooks/zoom', '/echo'), '{"a":1}');
    expect(answer).toEqual({ status: 200, json: { echoed: { a: 1 } } });
  });

  it('serves a configurable path', async () => {
    const h = await start({ path: '/hooks/zoom-in' });
    const body = meetingEvent();
    expect((await post(h.url.replace('/webhooks/zoom', '/hooks/zoom-in'), body, signed(body))).status).toBe(200);
    expect((await post(h.url, body, signed(body))).status).toBe(404);
  });
});

describe('zoomWebhooks: endpoint.url_validation', () => {
  const validation = (plainToken: unknown) =>
    JSON.stringify({ event: 'endpoint.url_validation', event_ts: NOW_MS, payload: { plainToken } });

  it('answers with plainToken and its HMAC-SHA256 under the secret', async () => {
    const h = await start();
    const body = validation('qgg8vlvZRS6UYooatFL8Aw');
    const answer = await post(h.url, body, signed(body));
    expect(answer).toEqual({
      status: 200,
      json: {
        plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
        encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
      },
    });
    await settle();
    expect(h.events).toEqual([]);
  });

  it('answers with the secret that signed the request during a rotation', async () => {
    const h = await start({ secrets: [SECRET, OLD_SECRET] });
    const body = validation('tokenForOldSecret');
    const answer = await post(h.url, body, signed(body, OLD_SECRET));
    expect(answer.json).toMatchObject({
      encryptedToken: createHmac('sha256', OLD_SECRET).update('tokenForOldSecret').digest('hex'),
    });
  });

  it('refuses an unsigned validation request', async () => {
    const h = await start();
    const answer = await post(h.url, validation('abc'));
    expect(answer.status).toBe(401);
  });

  it('refuses a validation request without a string plainToken', async () => {
    const h = await start();
    const body = validation(42);
    const answer = await post(h.url, body, signed(body));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('zoomWebhooks: consumer', () => {
  function gate(): { wait: Promise<void>; open: () => void } {
    let open = () => {};
    const wait = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { wait, open };
  }

  it('answers before a slow consumer finishes, then delivers in order', async () => {
    const blocker = gate();
    const consumed: string[] = [];
    let started = 0;
    const h = await start({
      onEvent: async (event) => {
        started += 1;
        await blocker.wait;
        consumed.push((event.payload.object as { topic: string }).topic);
      },
    });
    const first = meetingEvent('first');
    const second = meetingEvent('second');
    expect((await post(h.url, first, signed(first))).status).toBe(200);
    expect((await post(h.url, second, signed(second))).status).toBe(200);
    await settle();
    // Both answered while the consumer is still blocked on the first event.
    expect(started).toBe(1);
    expect(consumed).toEqual([]);
    blocker.open();
    for (let i = 0; i < 20 && consumed.length < 2; i += 1) await settle();
    expect(consumed).toEqual(['first', 'second']);
  });

  it('keeps delivering after the consumer throws', async () => {
    const seen: string[] = [];
    const h = await start({
      onEvent: (event) => {
        const topic = (event.payload.object as { topic: string }).topic;
        seen.push(topic);
        if (topic === 'boom') throw new Error('consumer failed');
      },
    });
    for (const topic of ['boom', 'after']) {
      const body = meetingEvent(topic);
      expect((await post(h.url, body, signed(body))).status).toBe(200);
    }
    await settle();
    expect(seen).toEqual(['boom', 'after']);
    expect(h.logs.join('')).toContain('zoom webhook consumer failed');
  });

  it('answers 503 OVERLOADED when the queue is full, and accepts the retry once it drains', async () => {
    const blocker = gate();
    const consumed: string[] = [];
    const h = await start({
      maxQueuedEvents: 1,
      onEvent: async (event) => {
        await blocker.wait;
        consumed.push((event.payload.object as { topic: string }).topic);
      },
    });
    const first = meetingEvent('first');
    const second = meetingEvent('second');
    expect((await post(h.url, first, signed(first))).status).toBe(200);
    const overloaded = await post(h.url, second, signed(second));
    expect(overloaded.status).toBe(503);
    expect(overloaded.json).toMatchObject({ error: { code: 'OVERLOADED' } });
    blocker.open();
    for (let i = 0; i < 20 && consumed.length < 1; i += 1) await settle();
    expect((await post(h.url, second, signed(second))).status).toBe(200);
    for (let i = 0; i < 20 && consumed.length < 2; i += 1) await settle();
    expect(consumed).toEqual(['first', 'second']);
  });
});

describe('zoomWebhooks: options', () => {
  it.each([
    [{ secrets: [] }, /secrets/],
    [{ secrets: [''] }, /secrets\[0\]/],
    [{ secrets: [SECRET], onEvent: undefined }, /onEvent/],
    [{ secrets: [SECRET], bodyLimit: 0 }, /bodyLimit/],
    [{ secrets: [SECRET], path: 'webhooks' }, /path/],
  ])('refuses bad options %#', async (bad, message) => {
    const app = Fastify();
    apps.push(app);
    await expect(app.register(zoomWebhooks, { onEvent: () => {}, ...bad } as ZoomWebhooksOptions)).rejects.toThrow(message);
  });
});
