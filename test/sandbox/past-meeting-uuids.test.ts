import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSandboxData, resolveDataOptions } from '../../src/sandbox/data.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { utcDayStart } from '../../src/sandbox/time.ts';
import { encodePathParam } from '../../src/zoom/url.ts';
import { fetchToken } from './fake-model.ts';

/**
 * Every seeded past meeting must be reachable by UUID the way the gateway addresses it (src/zoom/url.ts: double
 * encoding only for UUIDs that begin with `/` or contain `//`, as Zoom documents; a lone inner `/` is encoded once).
 * @see https://developers.zoom.us/docs/api/rest/using-zoom-apis/#meeting-id-and-uuid
 */

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);

describe('seeded past meetings by UUID, encoded as the gateway encodes them', () => {
  let sandbox: Sandbox;
  let authorization: string;
  // The sandbox's own seed, regenerated independently of its HTTP API so no past meeting can hide from the test.
  const uuids = generateSandboxData(resolveDataOptions('small'), 'sandbox', utcDayStart(NOW)).pastMeetings.map((p) => p.uuid);

  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, rateLimits: 'unlimited', tokenTtlSeconds: 86_400 });
    authorization = `Bearer ${await fetchToken(sandbox.oauthUrl, sandbox.credentials)}`;
  });
  afterAll(() => sandbox?.close());

  it('the seed has every kind: plain, a lone inner "/", a leading "/" and "//"', () => {
    const lone = uuids.filter((u) => u.includes('/') && !u.startsWith('/') && !u.includes('//'));
    expect(uuids.some((u) => !u.includes('/'))).toBe(true);
    expect(lone.length).toBeGreaterThan(0);
    expect(lone.every((u) => encodePathParam(u) === encodeURIComponent(u))).toBe(true);
    expect(uuids.some((u) => u.startsWith('/'))).toBe(true);
    expect(uuids.some((u) => u.includes('//') && !u.startsWith('/'))).toBe(true);
  });

  it('GET /past_meetings/{uuid} and /past_meetings/{uuid}/participants answer 200 for every one', async () => {
    const failures: string[] = [];
    for (const uuid of uuids) {
      const path = `${sandbox.apiUrl}/past_meetings/${encodePathParam(uuid)}`;
      const details = await fetch(path, { headers: { authorization } });
      const body = (await details.json()) as { uuid?: string };
      if (details.status !== 200 || body.uuid !== uuid) failures.push(`${uuid} details -> ${details.status}`);
      const participants = await fetch(`${path}/participants`, { headers: { authorization } });
      await participants.arrayBuffer();
      if (participants.status !== 200) failures.push(`${uuid} participants -> ${participants.status}`);
    }
    expect(failures).toEqual([]);
    expect(sandbox.stats.count('pastMeetingDetails', 200)).toBe(uuids.length);
  });
});
