import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../src/cache/index.ts';
import type { ZoomRestClient } from '../../src/zoom/index.ts';
import { waitUntil } from '../e2e/helpers.ts';
import type { SecuredGateway } from '../security/secured-gateway.ts';
import { startCachedGateway, type CachedGateway } from './cached-gateway.ts';

let cached: CachedGateway | undefined;
let gw: SecuredGateway;
let zoomDirect: ZoomRestClient;
const events: CacheEvent[] = [];

beforeAll(async () => {
  cached = await startCachedGateway({ onCacheEvent: (event) => void events.push(event) });
  ({ gw, zoomDirect } = cached);
});
afterAll(async () => {
  await cached?.close();
});
beforeEach(() => {
  gw.sandbox.stats.reset();
  events.length = 0;
});

const PAGE = '{ users(first: 10) { nodes { id email meetings(first: 5) { nodes { id topic startTime } } } } }';

describe('the shared cache in the gateway', () => {
  it('answers a reloaded page without Zoom calls, and says so in extensions.cost.cached', async () => {
    const first = await gw.graphql(PAGE, 'admin');
    expect(first.body.errors).toBeUndefined();
    const calls = gw.sandbox.stats.apiCalls();
    expect(calls).toBeGreaterThan(1);
    const again = await gw.graphql(PAGE, 'admin');
    expect(again.body.data).toEqual(first.body.data);
    expect(gw.sandbox.stats.apiCalls()).toBe(calls);
    const cost = again.body.extensions.cost;
    expect(cost.actual).toEqual({ light: 0, medium: 0, heavy: 0 });
    expect(cost.cached.medium).toBe(calls);
    expect(cost.estimated.medium).toBeGreaterThanOrEqual(cost.cached.medium);
  });

  it('Cache-Control: no-cache reads from Zoom (counted as actual calls) and refreshes the cache', async () => {
    await gw.graphql(PAGE, 'admin');
    gw.sandbox.stats.reset();
    const fresh = await gw.post({ query: PAGE }, { 'x-api-key': 'test-admin-key-0123456789', 'cache-control': 'no-cache' });
    expect(fresh.body.errors).toBeUndefined();
    const calls = gw.sandbox.stats.apiCalls();
    expect(calls).toBeGreaterThan(1);
    expect(fresh.body.extensions.cost.actual.medium).toBe(calls);
    expect(fresh.body.extensions.cost.cached).toEqual({ light: 0, medium: 0, heavy: 0 });
    expect(events.filter((event) => event.kind === 'miss' && event.reason === 'bypass')).toHaveLength(calls);
  });

  it('a meeting renamed in Zoom itself shows on the next load once its webhook arrived, for one Zoom call', async () => {
    const page = await gw.graphql(PAGE, 'admin');
    const host = (page.body.data.users.nodes as Array<{ id: string; meetings: { nodes: Array<{ id: string }> } }>).find((user) => user.meetings.nodes.length > 0)!;
    const meetingId = host.meetings.nodes[0]!.id;
    gw.sandbox.stats.reset();
    const topic = `Renamed in Zoom ${Date.now()}`;
    await zoomDirect.call('meetingUpdate', { path: { meetingId }, body: { topic } });
    await gw.sandbox.webhooks.settled();
    await waitUntil(() => events.some((event) => event.kind === 'invalidate' && event.cause === 'webhook'), 'the webhook invalidates');
    gw.sandbox.stats.reset();
    const after = await gw.graphql(PAGE, 'admin');
    const renamed = (after.body.data.users.nodes as typeof host[]).find((user) => user.id === host.id)!;
    expect(renamed.meetings.nodes).toContainEqual(expect.objectContaining({ id: meetingId, topic }));
    // Only the host's meeting list was dropped: the users page and the other hosts' lists stay cached.
    expect(gw.sandbox.stats.apiCalls()).toBe(1);
    expect(gw.sandbox.stats.count('meetings')).toBe(1);
  });

  it('a mutation drops what it changed before it answers', async () => {
    const meetingId = gw.people.owner.meetingId;
    const query = `{ meeting(id: "${meetingId}") { topic } user(id: "${gw.people.owner.id}") { meetings(first: 300) { nodes { id topic } } } }`;
    await gw.graphql(query, 'admin');
    const updated = await gw.graphql(`mutation { updateMeeting(id: "${meetingId}", input: { topic: "Renamed by the gateway" }) { topic } }`, 'admin');
    expect(updated.body.data.updateMeeting.topic).toBe('Renamed by the gateway');
    expect(events).toContainEqual({ kind: 'invalidate', cause: 'write', names: expect.any(Number) });
    const after = await gw.graphql(query, 'admin');
    expect(after.body.data.meeting.topic).toBe('Renamed by the gateway');
    expect(after.body.data.user.meetings.nodes).toContainEqual({ id: meetingId, topic: 'Renamed by the gateway' });
  });

  it('access rules apply to cached answers: a member gets exactly what it gets without the cache', async () => {
    const { owner, other } = gw.people;
    const query = `{
      meeting(id: "${other.meetingId}") { id topic startUrl }
      user(id: "${other.id}") { email meetings(first: 5) { nodes { id } } }
      own: meeting(id: "${owner.meetingId}") { id topic }
    }`;
    // An admin's query puts the other user's meeting, user and list in the cache.
    const admin = await gw.graphql(query, 'admin');
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data.meeting.startUrl).toEqual(expect.any(String));

    const cached = await gw.graphql(query, 'member');
    expect(cached.body.extensions.cost.cached.light).toBeGreaterThan(0);
    const fresh = await gw.post({ query }, { 'x-api-key': 'test-member-key-0123456789', 'cache-control': 'no-cache' });
    expect(fresh.body.extensions.cost.actual.light).toBeGreaterThan(0);
    const shape = (body: any) => ({ data: body.data, errors: body.errors?.map((error: any) => ({ path: error.path, code: error.extensions?.code })) });
    expect(shape(cached.body)).toEqual(shape(fresh.body));
    expect(cached.body.data.meeting).toBeNull();
    expect(cached.body.data.user).toBeNull();
    expect(cached.body.data.own).toEqual({ id: owner.meetingId, topic: expect.any(String) });
    expect(cached.body.errors.map((error: any) => error.extensions.code).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(JSON.stringify(cached.body)).not.toContain(admin.body.data.meeting.startUrl);
  });
});
