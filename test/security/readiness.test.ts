import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.ts';
import { startSecuredGateway, type SecuredGateway } from './secured-gateway.ts';

/*
 * Issue 12 item 7: /readyz said ready through a 503 storm and with Zoom unreachable (it only looked for a cached
 * token), and each anonymous /readyz made its own token request when not ready. Against the real gateway over the
 * sandbox, on the gateway's own clock: the breaker over the last Zoom calls and the token decide, the answer says
 * why, and it is computed at most once per READINESS_INTERVAL_MS however often it is asked.
 */

let gw: SecuredGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const INTERVAL_MS = 5_000;
const OPEN_MS = 10_000;

async function start(env: Record<string, string> = {}, zoomClientSecret?: string) {
  const clock = { now: 1_800_000_000_000 };
  gw = await startSecuredGateway({
    env: { READINESS_INTERVAL_MS: String(INTERVAL_MS), ZOOM_BREAKER_OPEN_MS: String(OPEN_MS), ...env },
    deps: { readiness: { now: () => clock.now } },
    ...(zoomClientSecret === undefined ? {} : { zoomClientSecret }),
  });
  return { gw, clock };
}

async function readyz(url: string, times = 1): Promise<Array<{ status: number; body: any }>> {
  const answers = await Promise.all(Array.from({ length: times }, () => fetch(`${url}/readyz`)));
  return Promise.all(answers.map(async (response) => ({ status: response.status, body: await response.json() })));
}

describe('/readyz follows Zoom, not just a cached token (issue 12 item 7)', () => {
  it('a 503 storm: 503 ZOOM_UNAVAILABLE with the breaker in details, 11 probes cost no Zoom call; once Zoom answers again, one probe call makes it 200', async () => {
    const { gw, clock } = await start();
    expect((await gw.graphql('{ me { id } }', 'admin')).status).toBe(200);
    const [before] = await readyz(gw.url);
    expect(before).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(before!.body.details.zoom).toEqual({ state: 'closed', calls: 1, failures: 0 });

    gw.sandbox.faults.addErrors({ status: 503 });
    for (let i = 0; i < 5; i++) {
      const { body } = await gw.graphql('{ me { id } }', 'admin');
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    // The answer of a moment ago still stands within the interval: one computation per interval.
    expect((await readyz(gw.url))[0]!.status).toBe(200);
    clock.now += INTERVAL_MS;
    gw.sandbox.stats.reset();
    const storm = await readyz(gw.url, 11);
    for (const answer of storm) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        status: 'unavailable',
        reason: 'ZOOM_UNAVAILABLE',
        details: { zoom: { state: 'open', calls: 6, failures: 5, lastFailure: { what: 'HTTP 503' } } },
      });
      expect(answer.body.message).toBe('5 of the last 6 Zoom calls failed (last: HTTP 503); no call has succeeded since');
    }
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    expect(gw.sandbox.stats.tokenRequests()).toBe(0);

    // Zoom recovers; with no traffic, /readyz itself tries once the breaker has been open for ZOOM_BREAKER_OPEN_MS.
    gw.sandbox.faults.clear();
    clock.now += OPEN_MS;
    for (const answer of await readyz(gw.url, 11)) {
      expect(answer).toMatchObject({ status: 200, body: { status: 'ready' } });
      expect(answer.body.details.zoom).toMatchObject({ state: 'closed', calls: 0, failures: 0, lastFailure: { what: 'HTTP 503' } });
    }
    expect(gw.sandbox.stats.apiCalls()).toBe(1);
    expect(gw.sandbox.stats.tokenRequests()).toBe(0);
    expect((await gw.graphql('{ me { id } }', 'admin')).body.data.me.id).toBeTypeOf('string');
    // Each change of verdict is logged once: not ready (warn), then ready again (info).
    const verdicts = gw.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'not ready' || entry.msg === 'ready again');
    expect(verdicts.map((entry) => [entry.level, entry.msg, entry.reason ?? entry.after])).toEqual([
      [40, 'not ready', 'ZOOM_UNAVAILABLE'],
      [30, 'ready again', 'ZOOM_UNAVAILABLE'],
    ]);
  });

  it('a probe during the storm keeps it open; the answer stays 503 until Zoom answers', async () => {
    const { gw, clock } = await start();
    gw.sandbox.faults.addErrors({ status: 503 });
    for (let i = 0; i < 5; i++) await gw.graphql('{ me { id } }', 'admin');
    clock.now += OPEN_MS;
    gw.sandbox.stats.reset();
    const [answer] = await readyz(gw.url);
    expect(answer).toMatchObject({ status: 503, body: { reason: 'ZOOM_UNAVAILABLE', details: { zoom: { state: 'open' } } } });
    // One probe call, refused with 503, re-opened the breaker.
    expect(gw.sandbox.stats.apiCalls()).toBe(1);
  });

  it('a stopped Zoom: 503 ZOOM_UNAVAILABLE naming the connection failure; Zoom back on the same address: 200', async () => {
    const { gw, clock } = await start();
    expect((await gw.graphql('{ me { id } }', 'admin')).status).toBe(200);
    const port = Number(new URL(gw.sandbox.url).port);
    await gw.sandbox.close();
    for (let i = 0; i < 5; i++) {
      const { body } = await gw.graphql('{ me { id } }', 'admin');
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    clock.now += INTERVAL_MS;
    const [answer] = await readyz(gw.url);
    expect(answer).toMatchObject({
      status: 503,
      body: { reason: 'ZOOM_UNAVAILABLE', details: { zoom: { state: 'open', failures: 5, lastFailure: { what: 'not-sent' } } } },
    });

    const again = await startSandbox({ data: 'small', rateLimits: 'unlimited', port });
    try {
      clock.now += OPEN_MS;
      expect((await readyz(gw.url))[0]).toMatchObject({ status: 200, body: { status: 'ready' } });
    } finally {
      await again.close();
    }
  });

  it('no token to be had: 503 ZOOM_TOKEN_UNAVAILABLE with the token endpoint\'s codes, 11 probes make 1 token request, the next interval 1 more', async () => {
    const { gw, clock } = await start({}, 'not-the-sandbox-secret');
    const answers = await readyz(gw.url, 11);
    expect(gw.sandbox.stats.tokenRequests()).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ reason: 'ZOOM_TOKEN_UNAVAILABLE', details: { token: { code: 'UNAUTHORIZED' } } });
      expect(JSON.stringify(answer.body)).not.toContain('not-the-sandbox-secret');
    }
    for (let i = 0; i < 11; i++) expect((await readyz(gw.url))[0]!.status).toBe(503);
    expect(gw.sandbox.stats.tokenRequests()).toBe(1);
    clock.now += INTERVAL_MS;
    expect((await readyz(gw.url, 11)).map((answer) => answer.status)).toEqual(Array.from({ length: 11 }, () => 503));
    expect(gw.sandbox.stats.tokenRequests()).toBe(2);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    // 33 unauthenticated probes over two intervals, one verdict: one log line, not one per probe.
    const notReady = gw.logLines.filter((line) => line.includes('"msg":"not ready"'));
    expect(notReady).toHaveLength(1);
    expect(JSON.parse(notReady[0]!)).toMatchObject({ level: 40, reason: 'ZOOM_TOKEN_UNAVAILABLE' });
    expect(notReady[0]).not.toContain('not-the-sandbox-secret');
  });
});
