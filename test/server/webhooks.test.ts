import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayEvent, MeetingEvent } from '../../src/events/types.ts';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { WEBHOOK_PATH } from '../../src/server/webhooks.ts';
import { createMemoryPubSub, type MemoryPubSub } from '../../src/state/memory-pubsub.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import type { GatewayZoomClient } from '../../src/server/zoom-client.ts';
import { fakeZoom, testConfig } from './helpers.ts';

const OLD_SECRET = 'old-webhook-secret';
const NEW_SECRET = 'new-webhook-secret';

let gateway: Gateway | undefined;
let pubsub: MemoryPubSub<GatewayEvent> | undefined;

afterEach(async () => {
  await gateway?.close();
  await pubsub?.close();
  gateway = undefined;
});

/** A Zoom client that answers `GET /meetings/{id}` with a host, counting the calls. */
function meetingZoom(hostOf: (meetingId: string) => string | undefined) {
  const calls: string[] = [];
  const base = fakeZoom().client;
  const client: GatewayZoomClient = {
    ...base,
    call: (async (operation: string, call?: { path?: { meetingId?: string } }) => {
      const meetingId = call?.path?.meetingId ?? '';
      calls.push(`${operation} ${meetingId}`);
      const host = hostOf(meetingId);
      if (operation !== 'meeting' || host === undefined) throw new Error('no such meeting');
      return { id: Number(meetingId), host_id: host, topic: 't', join_url: 'https://zoom.example/j/1', type: 2 };
    }) as GatewayZoomClient['call'],
  };
  return { client, calls };
}

async function start(zoom: GatewayZoomClient, env: Record<string, string> = { ZOOM_WEBHOOK_SECRET_TOKENS: `${NEW_SECRET},${OLD_SECRET}` }) {
  const invalidated: string[][] = [];
  pubsub = createMemoryPubSub<GatewayEvent>();
  gateway = await createGateway(testConfig(env), { zoom, pubsub, invalidate: (keys) => void invalidated.push(keys) });
  const events = pubsub.subscribe(MEETING_EVENTS_TOPIC);
  return { gateway, events, invalidated };
}

let sequence = 0;
async function deliver(url: string, body: object, secret = NEW_SECRET): Promise<number> {
  sequence += 1;
  const raw = JSON.stringify({ event_ts: Date.now() + sequence, ...body });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': signZoomWebhook(secret, timestamp, Buffer.from(raw)) },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

const updated = (meetingId: number) => ({
  event: 'meeting.updated',
  payload: { account_id: 'acct', operator_id: 'op', object: { id: meetingId, topic: 'New' }, old_object: { id: meetingId, topic: 'Old' } },
});

describe('webhook wiring in createGateway', () => {
  it("fills meeting.updated's missing host: from an earlier event for free, else with one meeting read", async () => {
    const zoom = meetingZoom((id) => (id === '222' ? 'host-b' : undefined));
    const { gateway, events, invalidated } = await start(zoom.client);

    expect(await deliver(gateway.url, { event: 'meeting.created', payload: { account_id: 'acct', object: { id: 111, host_id: 'host-a', topic: 'Old' } } })).toBe(200);
    expect(await deliver(gateway.url, updated(111))).toBe(200);
    // Signed with the old secret during a rotation: accepted too.
    expect(await deliver(gateway.url, updated(222), OLD_SECRET)).toBe(200);
    expect(await deliver(gateway.url, updated(333))).toBe(200);

    const published: MeetingEvent[] = [];
    for (let index = 0; index < 4; index++) published.push((await events.next()).value as MeetingEvent);
    expect(published.map((event) => [event.type, event.meetingId, event.hostId])).toEqual([
      ['CREATED', '111', 'host-a'],
      ['UPDATED', '111', 'host-a'],
      ['UPDATED', '222', 'host-b'],
      // Unknown and unreadable: published without a host, so a hostId filter does not match it.
      ['UPDATED', '333', undefined],
    ]);
    expect(zoom.calls).toEqual(['meeting 222', 'meeting 333']);
    // Each event invalidated what it made stale, through the same seam the write path uses.
    expect(invalidated).toEqual([
      ['meeting:111', 'user:host-a:meetings'],
      ['meeting:111', 'user:host-a:meetings'],
      ['meeting:222', 'user:host-b:meetings'],
      ['meeting:333'],
    ]);
  });

  it('is off without ZOOM_WEBHOOK_SECRET_TOKENS', async () => {
    const { gateway } = await start(fakeZoom().client, {});
    expect(await deliver(gateway.url, updated(111))).toBe(404);
  });

  it('refuses a delivery signed with a secret that is not configured', async () => {
    const { gateway } = await start(fakeZoom().client);
    expect(await deliver(gateway.url, updated(111), 'some-other-secret')).toBe(401);
  });
});

describe('ZOOM_WEBHOOK_SECRET_TOKENS', () => {
  it('is a comma-separated list, deduplicated, and never printed', () => {
    const config = testConfig({ ZOOM_WEBHOOK_SECRET_TOKENS: 'one,two,one' });
    expect(config.webhooks.secretTokens).toEqual(['one', 'two']);
    expect(JSON.stringify(config)).not.toMatch(/"one"|"two"/);
    expect(() => testConfig({ ZOOM_WEBHOOK_SECRET_TOKENS: 'one,,two' })).toThrow(/ZOOM_WEBHOOK_SECRET_TOKENS must be/);
  });
});
