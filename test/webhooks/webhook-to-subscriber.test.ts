import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MEETING_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { createWebhookEventPublisher } from '../../src/events/webhook-event-publisher.ts';
import { createMemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { zoomWebhooks } from '../../src/webhooks/zoom-webhooks.ts';

// Receiver -> event model -> pub/sub, over a real loopback socket: what a subscription will see.
const SECRET = 'integration-secret';
const NOW_MS = Date.UTC(2025, 2, 31, 12, 0, 0);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup() {
  const pubsub = createMemoryPubSub<GatewayEvent>();
  const publish = vi.spyOn(pubsub, 'publish');
  const invalidated: string[][] = [];
  app = Fastify();
  await app.register(zoomWebhooks, {
    secrets: [SECRET],
    now: () => NOW_MS,
    bodyLimit: 4096,
    onEvent: createWebhookEventPublisher({ pubsub, invalidate: (keys) => void invalidated.push(keys) }),
  });
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/webhooks/zoom`;
  const send = async (body: string, options: { secret?: string; timestamp?: number } = {}) => {
    const timestamp = String(options.timestamp ?? NOW_MS / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': signZoomWebhook(options.secret ?? SECRET, timestamp, Buffer.from(body)),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };
  return { pubsub, publish, invalidated, send };
}

const started = (topic = 'Standup') =>
  JSON.stringify({
    event: 'meeting.started',
    event_ts: NOW_MS,
    payload: { account_id: 'acc', object: { id: '81234567890', uuid: 'i==', host_id: 'hostA', topic, type: 2 } },
  });

describe('webhook to subscriber', () => {
  it('delivers a verified event to a subscriber as a typed event, after invalidating what it stales', async () => {
    const { pubsub, invalidated, send } = await setup();
    const subscription = pubsub.subscribe(MEETING_EVENTS_TOPIC);
    expect(await send(started())).toBe(200);
    const { value } = await subscription.next();
    expect(value).toMatchObject({ kind: 'meeting', type: 'STARTED', meetingId: '81234567890', hostId: 'hostA' });
    expect(invalidated).toEqual([['meeting:81234567890', 'user:hostA:meetings']]);
  });

  it('publishes nothing for a bad signature, a stale timestamp, a replay or an oversize body', async () => {
    const { publish, send } = await setup();
    expect(await send(started('forged'), { secret: 'not-the-secret' })).toBe(401);
    expect(await send(started('stale'), { timestamp: NOW_MS / 1000 - 301 })).toBe(401);
    expect(await send(started('huge'.padEnd(5000, '!')))).toBe(413);
    expect(await send(started('once'))).toBe(200);
    expect(await send(started('once'))).toBe(401);
    // Let the accepted event through the queue, then count.
    for (let i = 0; i < 10 && publish.mock.calls.length === 0; i += 1) await new Promise((r) => setImmediate(r));
    expect(publish.mock.calls.map(([, event]) => (event.kind === 'meeting' ? event.meeting.topic : undefined))).toEqual(['once']);
  });
});
