import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { collect, startE2EGateway, waitUntil, wsClient, type Collector, type E2EGateway } from './helpers.ts';

/**
 * Deliveries that fail verification are refused (401, or 413 for an oversized body) and publish nothing. "Nothing"
 * is shown without waiting on a clock: after the refused deliveries one valid sentinel is sent; events are handed
 * on in arrival order, so once the sentinel has arrived anything published before it would have arrived too.
 */
let e2e: E2EGateway;
let sandbox: Sandbox;
let client: Client;
let events: Collector<any>;
let webhookUrl: string;
let secret: string;
let sequence = 0;

beforeAll(async () => {
  e2e = await startE2EGateway();
  sandbox = e2e.started.sandbox!;
  secret = sandbox.credentials.webhookSecretToken;
  webhookUrl = `${e2e.started.gateway.url}/webhooks/zoom`;
  client = wsClient(e2e.graphqlUrl);
  events = collect(client, 'subscription { meetingEvents { type meetingId } }');
  await waitUntil(() => e2e.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the subscription is live');
});

afterAll(async () => {
  events.stop();
  await client.dispose();
  await e2e.close();
});

/** A `meeting.deleted` body for a made-up meeting id (so no Zoom read is involved in resolving it). */
function deletedBody(meetingId: string, padding = ''): string {
  sequence += 1;
  return JSON.stringify({
    event: 'meeting.deleted',
    event_ts: Date.now() + sequence,
    payload: {
      account_id: sandbox.credentials.accountId,
      operation: 'all',
      object: { id: Number(meetingId), uuid: `uuid-${meetingId}`, host_id: 'host-1', topic: 'Gone', padding },
    },
  });
}

async function deliver(body: string, options: { secret?: string; timestamp?: number } = {}): Promise<number> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': signZoomWebhook(options.secret ?? secret, timestamp, Buffer.from(body)),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function expectOnlySentinel(sentinelId: string): Promise<void> {
  const before = events.received.length;
  expect(await deliver(deletedBody(sentinelId))).toBe(200);
  await waitUntil(() => events.received.length > before, 'the sentinel arrives');
  expect(events.received.slice(before)).toEqual([{ data: { meetingEvents: { type: 'DELETED', meetingId: sentinelId } } }]);
}

describe('POST /webhooks/zoom refuses what it cannot trust, and publishes nothing for it', () => {
  it('a wrong signature: 401', async () => {
    expect(await deliver(deletedBody('1000000001'), { secret: 'not-the-secret' })).toBe(401);
    await expectOnlySentinel('1000000002');
  });

  it('a timestamp more than 300 s away, past or future: 401', async () => {
    // 330 s, not 301: the receiver reads its own clock a moment later, which must not bring a future stamp within range.
    const now = Math.floor(Date.now() / 1000);
    expect(await deliver(deletedBody('1000000003'), { timestamp: now - 330 })).toBe(401);
    expect(await deliver(deletedBody('1000000004'), { timestamp: now + 330 })).toBe(401);
    await expectOnlySentinel('1000000005');
  });

  it('a replayed delivery: the first is published once, the replay is 401', async () => {
    const body = deletedBody('1000000006');
    const before = events.received.length;
    expect(await deliver(body)).toBe(200);
    expect(await deliver(body)).toBe(401);
    await expectOnlySentinel('1000000007');
    expect(events.received.slice(before).map((result) => result.data.meetingEvents.meetingId)).toEqual(['1000000006', '1000000007']);
  });

  it('an oversized body: 413', async () => {
    expect(await deliver(deletedBody('1000000008', 'x'.repeat(300 * 1024)))).toBe(413);
    await expectOnlySentinel('1000000009');
  });

  it('no signature at all: 401', async () => {
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deletedBody('1000000010') });
    expect(response.status).toBe(401);
    await response.arrayBuffer();
    await expectOnlySentinel('1000000011');
  });

  it('answers Zoom\'s URL validation with the sandbox\'s token (what the Zoom app\'s "Validate" button does)', async () => {
    const result = await sandbox.webhooks.validate();
    expect(result).toMatchObject({ ok: true, status: 200 });
  });
});
