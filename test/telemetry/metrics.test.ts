import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { MEETING_EVENTS_TOPIC } from '../../src/events/types.ts';
import { collect, E2E_API_KEY, startE2EGateway, waitUntil, wsClient, type E2EGateway } from '../e2e/helpers.ts';
import { moved, movedHistogram, sampleValue, scrape } from './scrape.ts';

const WEBHOOK_SECRET = 'metrics-test-webhook-secret';
let gateway: E2EGateway;
let metricsUrl: string;

beforeAll(async () => {
  gateway = await startE2EGateway({
    METRICS_PORT: '0',
    // Two attempts per call: a 429 storm costs exactly two 429s (the retry waits for Retry-After, the next second).
    ZOOM_RETRY_MAX_ATTEMPTS: '2',
    ZOOM_WEBHOOK_SECRET_TOKENS: WEBHOOK_SECRET,
  });
  metricsUrl = gateway.started.gateway.metricsUrl!;
});
afterAll(async () => {
  await gateway?.close();
});

async function graphql(query: string): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': E2E_API_KEY },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function deliver(body: object, options: { secret?: string; timestamp?: number } = {}): Promise<number> {
  const raw = JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${gateway.started.gateway.url}/webhooks/zoom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': signZoomWebhook(options.secret ?? WEBHOOK_SECRET, timestamp, Buffer.from(raw)),
    },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('GET /metrics', () => {
  it('serves only /metrics on its own listener, apart from the GraphQL port', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(gateway.started.gateway.url);
    expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
    expect((await fetch(`${gateway.started.gateway.url}/metrics`)).status).toBe(404);
  });

  it('moves every counter by exactly what a known sequence of queries, a 429 storm and webhook deliveries did', async () => {
    const before = await scrape(metricsUrl);
    const sandbox = gateway.started.sandbox!;
    const callsBefore = sandbox.stats.apiCalls();

    expect((await graphql('query Me { me { id } }')).errors).toBeUndefined();
    expect((await graphql('{ me { email } }')).errors).toBeUndefined();
    expect((await graphql('query Broken { me { nope } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    sandbox.faults.storm429(3600);
    try {
      const stormed = await graphql('query Storm { me { id } }');
      expect(stormed.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'QPS' });
    } finally {
      sandbox.faults.clear();
    }
    // me, the anonymous me, and the storm's two attempts reached the sandbox.
    expect(sandbox.stats.apiCalls() - callsBefore).toBe(4);

    const created = { event: 'meeting.created', event_ts: Date.now(), payload: { account_id: 'acct', object: { id: 81234567890, host_id: 'host-a', topic: 'Metrics' } } };
    expect(await deliver(created)).toBe(200);
    expect(await deliver(created)).toBe(401); // the same body again: a replay
    expect(await deliver({ ...created, event_ts: Date.now() + 1 }, { secret: 'not-the-secret' })).toBe(401);
    expect(await deliver({ ...created, event_ts: Date.now() + 2 }, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).toBe(401);

    const after = await scrape(metricsUrl);
    const ops = 'zoom_gateway_graphql_operations_total';
    expect(moved(before, after, ops, { operation: 'Me', type: 'query', outcome: 'OK' })).toBe(1);
    expect(moved(before, after, ops, { operation: '(anonymous)', type: 'query', outcome: 'OK' })).toBe(1);
    expect(moved(before, after, ops, { operation: '(anonymous)', type: 'unknown', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(moved(before, after, ops, { operation: 'Storm', type: 'query', outcome: 'RATE_LIMITED' })).toBe(1);
    expect(moved(before, after, ops)).toBe(4);
    expect(movedHistogram(before, after, 'zoom_gateway_graphql_operation_duration_seconds', { operation: 'Me' }).count).toBe(1);
    const cost = (labels: Record<string, string>) => movedHistogram(before, after, 'zoom_gateway_graphql_operation_zoom_calls', labels);
    expect(cost({ operation: 'Me', kind: 'actual' })).toEqual({ count: 1, sum: 1 });
    expect(cost({ operation: 'Me', kind: 'estimated' })).toEqual({ count: 1, sum: 1 });
    expect(cost({ operation: 'Storm', kind: 'actual' })).toEqual({ count: 1, sum: 1 });

    const zoom = 'zoom_gateway_zoom_requests_total';
    expect(moved(before, after, zoom, { operation: 'user', category: 'Light', status: '200' })).toBe(2);
    expect(moved(before, after, zoom, { operation: 'user', category: 'Light', status: '429' })).toBe(2);
    expect(moved(before, after, zoom)).toBe(4);
    expect(moved(before, after, 'zoom_gateway_zoom_retries_total', { operation: 'user', category: 'Light' })).toBe(1);
    expect(moved(before, after, 'zoom_gateway_zoom_rate_limited_total', { category: 'Light', type: 'qps' })).toBe(2);
    expect(moved(before, after, 'zoom_gateway_zoom_rate_limited_total', { type: 'daily' })).toBe(0);
    expect(movedHistogram(before, after, 'zoom_gateway_zoom_request_duration_seconds', { operation: 'user' }).count).toBe(4);
    expect(moved(before, after, 'zoom_gateway_shaper_acquisitions_total', { category: 'Light', outcome: 'granted' })).toBe(4);
    expect(movedHistogram(before, after, 'zoom_gateway_shaper_wait_seconds', { category: 'Light' }).count).toBe(4);
    // The token fetched at start was reused by every call.
    expect(sampleValue(after, 'zoom_gateway_zoom_token_events_total', { event: 'obtained' })).toBe(1);
    expect(moved(before, after, 'zoom_gateway_zoom_token_events_total')).toBe(0);

    const webhooks = 'zoom_gateway_webhook_deliveries_total';
    expect(moved(before, after, webhooks, { event: 'meeting.created', outcome: 'accepted' })).toBe(1);
    expect(moved(before, after, webhooks, { event: 'meeting.created', outcome: 'replay' })).toBe(1);
    expect(moved(before, after, webhooks, { event: 'unknown', outcome: 'bad_signature' })).toBe(1);
    expect(moved(before, after, webhooks, { event: 'unknown', outcome: 'stale' })).toBe(1);
    expect(moved(before, after, webhooks)).toBe(4);
  });

  it('counts a token Zoom rejected and the fresh one that replaced it', async () => {
    const before = await scrape(metricsUrl);
    gateway.started.sandbox!.revokeAllTokens();
    expect((await graphql('query AfterRevoke { me { id } }')).errors).toBeUndefined();
    const after = await scrape(metricsUrl);
    const tokens = 'zoom_gateway_zoom_token_events_total';
    expect(moved(before, after, tokens, { event: 'rejected' })).toBe(1);
    expect(moved(before, after, tokens, { event: 'obtained' })).toBe(1);
    expect(moved(before, after, tokens, { event: 'failed' })).toBe(0);
    expect(moved(before, after, 'zoom_gateway_zoom_requests_total', { operation: 'user', status: '401' })).toBe(1);
    expect(moved(before, after, 'zoom_gateway_zoom_requests_total', { operation: 'user', status: '200' })).toBe(1);
    expect(moved(before, after, 'zoom_gateway_zoom_retries_total', { operation: 'user' })).toBe(1);
  });

  it("counts the shared cache's misses and hits by resource and cause", async () => {
    const listed = await graphql('{ users(first: 1) { nodes { id } } }');
    const id = listed.data.users.nodes[0].id as string;
    const before = await scrape(metricsUrl);
    const calls = gateway.started.sandbox!.stats.apiCalls();
    for (let i = 0; i < 2; i++) expect((await graphql(`query One { user(id: "${id}") { id } }`)).errors).toBeUndefined();
    expect(gateway.started.sandbox!.stats.apiCalls() - calls).toBe(1);
    const after = await scrape(metricsUrl);
    const cache = 'zoom_gateway_cache_events_total';
    expect(moved(before, after, cache, { kind: 'miss', resource: 'user', cause: 'absent' })).toBe(1);
    expect(moved(before, after, cache, { kind: 'hit', resource: 'user' })).toBe(1);
    expect(moved(before, after, cache)).toBe(2);
    // The label holds the Zoom operation, never the user asked for.
    expect(after.samples.some((sample) => Object.values(sample.labels).includes(id))).toBe(false);
  });

  it('counts subscriptions, their connections and the events delivered to them', async () => {
    const before = await scrape(metricsUrl);
    const client = wsClient(gateway.graphqlUrl);
    const events = collect(client, 'subscription Live { meetingEvents { __typename meetingId } }');
    try {
      await waitUntil(() => gateway.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 1, 'the subscription is live');
      const during = await scrape(metricsUrl);
      expect(sampleValue(during, 'zoom_gateway_subscription_connections')).toBe(1);
      expect(sampleValue(during, 'zoom_gateway_subscriptions_open')).toBe(1);
      const created = { event: 'meeting.created', event_ts: Date.now(), payload: { account_id: 'acct', object: { id: 81234567891, host_id: 'host-b', topic: 'Live' } } };
      expect(await deliver(created)).toBe(200);
      await waitUntil(() => events.received.length === 1, 'the event arrives');
    } finally {
      events.stop();
      await client.dispose();
    }
    await waitUntil(() => gateway.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) === 0, 'the subscription is released');
    const after = await scrape(metricsUrl);
    expect(sampleValue(after, 'zoom_gateway_subscriptions_open')).toBe(0);
    const subscriptions = 'zoom_gateway_subscription_events_total';
    expect(moved(before, after, subscriptions, { event: 'started' })).toBe(1);
    expect(moved(before, after, subscriptions, { event: 'delivered' })).toBe(1);
    expect(moved(before, after, subscriptions, { event: 'completed' })).toBe(1);
    expect(moved(before, after, subscriptions, { event: 'dropped' })).toBe(0);
    // The event's execution is an operation as an HTTP one is: counted with its outcome, timed, its Zoom calls (none).
    const ops = 'zoom_gateway_graphql_operations_total';
    expect(moved(before, after, ops, { operation: 'Live', type: 'subscription', outcome: 'OK' })).toBe(1);
    expect(moved(before, after, ops)).toBe(1);
    expect(movedHistogram(before, after, 'zoom_gateway_graphql_operation_duration_seconds', { operation: 'Live', type: 'subscription' }).count).toBe(1);
    expect(movedHistogram(before, after, 'zoom_gateway_graphql_operation_zoom_calls', { operation: 'Live', kind: 'actual' })).toEqual({ count: 1, sum: 0 });
  });

  it('reports process metrics and gauges read at scrape time', async () => {
    const families = await scrape(metricsUrl);
    const names = new Set(families.types.keys());
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'process_cpu_seconds_total']) {
      expect(names.has(name), name).toBe(true);
    }
    expect(sampleValue(families, 'zoom_gateway_http_connections')).toBeGreaterThanOrEqual(0);
    expect(names.has('zoom_gateway_subscription_connections')).toBe(true);
  });
});
