import { beforeAll, describe, expect, it } from 'vitest';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { WEBHOOK_PATH } from '../../src/server/webhooks.ts';
import { createZoomClient } from '../../src/zoom/index.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { useWsGateway } from '../server/ws-gateway.ts';

/**
 * Issue 10 item 4: an event's meeting is read once, through the shared cache, and shared by every subscription that
 * selects it. Before, 2,000 subscriptions of one meeting turned one update into 2,000 meeting reads.
 */
const SUBSCRIBERS = 2_000;
const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';

const ws = useWsGateway({
  env: {
    CACHE_ENABLED: 'true',
    ZOOM_WEBHOOK_SECRET_TOKENS: SANDBOX_WEBHOOK_SECRET,
    SUBSCRIPTION_MAX_PER_CONNECTION: String(SUBSCRIBERS),
    SUBSCRIPTION_MAX_PER_CALLER: String(SUBSCRIBERS),
    SUBSCRIPTION_MAX_QUEUED_EVENTS: '16',
  },
});

beforeAll(() => {
  ws.gw.sandbox.webhooks.configure({ url: `${ws.gw.url}${WEBHOOK_PATH}`, secretToken: SANDBOX_WEBHOOK_SECRET });
});

describe('subscriptions read each event once', () => {
  it(`${SUBSCRIBERS} subscribers of one meeting cost at most 2 Zoom calls per event`, async () => {
    const { meetingId } = ws.gw.people.owner;
    const zoom = createZoomClient({ auth: { type: 's2s', ...ws.gw.sandbox.credentials, oauthUrl: ws.gw.sandbox.oauthUrl }, apiUrl: ws.gw.sandbox.apiUrl });
    try {
      const received: Array<{ topic: string; host: { email: string; firstName: string | null } }> = [];
      const client = ws.connect();
      for (let i = 0; i < SUBSCRIBERS; i++) {
        client.subscribe(
          { query: `subscription { meetingEvents(filter: { meetingId: "${meetingId}" }) { meeting { topic host { email firstName } } } }` },
          { next: (result) => void received.push((result.data as any).meetingEvents.meeting), error: () => undefined, complete: () => undefined },
        );
      }
      await waitUntil(() => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === SUBSCRIBERS, 'every subscription is live', 2_000);

      // Renamed directly in Zoom: the sandbox sends meeting.updated to the gateway's webhook endpoint.
      for (const [round, topic] of ['First rename', 'Second rename'].entries()) {
        ws.gw.sandbox.stats.reset();
        await zoom.call('meetingUpdate', { path: { meetingId }, body: { topic } });
        await waitUntil(() => received.length === SUBSCRIBERS * (round + 1), `every subscriber got event ${round + 1}`, 2_000);
        expect(new Set(received.slice(SUBSCRIBERS * round).map((meeting) => meeting.topic))).toEqual(new Set([topic]));
        const stats = ws.gw.sandbox.stats;
        const reads = stats.apiCalls() - stats.count('meetingUpdate');
        // The meeting once for everyone, its host at most once (the first time); nothing per subscriber. The first
        // event also costs the webhook receiver's lookup of the meeting's host, which it remembers afterwards.
        expect(stats.count('meeting'), `event ${round + 1}`).toBe(round === 0 ? 2 : 1);
        expect(reads - (round === 0 ? 1 : 0), `event ${round + 1}`).toBeLessThanOrEqual(2);
      }
    } finally {
      await zoom.close();
    }
  }, 60_000);
});
