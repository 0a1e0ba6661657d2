import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costBucket } from '../../src/cost/cost-tally.ts';
import { GATEWAY_COST_MAP } from '../../src/cost/gateway-cost-map.ts';
import { createQueryCostEstimator } from '../../src/cost/query-cost-estimator.ts';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC, type GatewayEvent } from '../../src/events/types.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { useWsGateway } from './ws-gateway.ts';

/*
 * A subscription's cost estimate is what delivering one event costs: each event runs the selection once, reading
 * the event's meeting or user (and what hangs below it) from Zoom with fresh loaders. The estimate may never be
 * below what one delivery actually asks Zoom for, counted by the sandbox.
 */

const ws = useWsGateway();

describe("a subscription's estimate covers one delivery of its selection", () => {
  const estimator = createQueryCostEstimator({ schema: buildGatewaySchema(), costMap: GATEWAY_COST_MAP });

  const meetingEvent = (): GatewayEvent => ({
    kind: 'meeting',
    type: 'STARTED',
    zoomEvent: 'meeting.started',
    occurredAt: '2026-01-15T09:00:00.000Z',
    meetingId: ws.gw.people.owner.meetingId,
    hostId: ws.gw.people.owner.id,
    meeting: {},
  });
  const userEvent = (): GatewayEvent => ({
    kind: 'user',
    type: 'UPDATED',
    zoomEvent: 'user.updated',
    occurredAt: '2026-01-15T09:00:00.000Z',
    userId: ws.gw.people.owner.id,
    user: {},
    changedFields: ['company'],
    previous: {},
  });

  const cases: Array<[string, string, () => GatewayEvent]> = [
    ["an event's meeting", 'subscription { meetingEvents { meetingId meeting { topic } } }', meetingEvent],
    ["an event's meeting and its host", 'subscription { meetingEvents { meeting { topic host { email } } } }', meetingEvent],
    ["the host's meetings with their settings", 'subscription { meetingEvents { meeting { host { meetings(first: 3) { nodes { settings { hostVideo } } } } } } }', meetingEvent],
    ["an event's user", 'subscription { userEvents { userId user { email } } }', userEvent],
    ["an event's user and their meetings", 'subscription { userEvents { user { email meetings(first: 5) { nodes { topic } } } } }', userEvent],
  ];

  for (const [title, query, event] of cases) {
    it(title, async () => {
      const received: unknown[] = [];
      ws.connect().subscribe({ query }, { next: (result) => void received.push(result), error: (error) => void received.push(error), complete: () => undefined });
      const topic = query.includes('userEvents') ? USER_EVENTS_TOPIC : MEETING_EVENTS_TOPIC;
      await waitUntil(() => ws.pubsub.subscriberCount(topic) === 1, 'subscribed');
      ws.gw.sandbox.stats.reset();
      await ws.pubsub.publish(topic, event());
      await waitUntil(() => received.length === 1, 'the event is delivered');
      expect(JSON.stringify(received[0])).not.toContain('errors');

      const actual = { light: 0, medium: 0, heavy: 0 };
      // Zoom API calls only: token requests carry no rate-limit category.
      for (const { category } of ws.gw.sandbox.stats.log()) if (category !== undefined) actual[costBucket(category)] += 1;
      expect(actual.light + actual.medium + actual.heavy, 'one delivery reads from Zoom').toBeGreaterThan(0);
      const estimated = estimator.estimate({ document: parse(query) });
      for (const category of ['light', 'medium', 'heavy'] as const) {
        expect(estimated[category], `${category}: estimated ${JSON.stringify(estimated)}, actual ${JSON.stringify(actual)}`).toBeGreaterThanOrEqual(actual[category]);
      }
    });
  }
});
