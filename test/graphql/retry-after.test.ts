import { afterEach, describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../src/graphql/retry-after.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { ZoomError } from '../../src/zoom/errors.ts';
import { fakeZoom, testConfig, TEST_API_KEY } from '../server/helpers.ts';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((gateway) => gateway.close()));
});

describe('Retry-After on RATE_LIMITED answers', () => {
  it('says in seconds when the refused query may be asked again, from extensions.retryAt', async () => {
    const retryAt = new Date(Date.now() + 42_000);
    const zoom = fakeZoom();
    let calls = 0;
    zoom.client.call = async () => {
      calls += 1;
      throw new ZoomError('RATE_LIMITED', 'Daily limit reached', { status: 429, rateLimitType: 'daily', retryAt });
    };
    const gateway = await createGateway(testConfig(), { zoom: zoom.client });
    open.push(gateway);
    const before = Date.now();
    const answer = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    const after = Date.now();
    const body = (await answer.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(calls).toBe(1);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAt: retryAt.toISOString() });
    const seconds = Number(answer.headers.get('retry-after'));
    // Whole seconds from the moment the answer was made (somewhere between sending and receiving) to retryAt.
    expect(seconds).toBeGreaterThanOrEqual(Math.ceil((retryAt.getTime() - after) / 1_000));
    expect(seconds).toBeLessThanOrEqual(Math.ceil((retryAt.getTime() - before) / 1_000));
  });

  it('is absent from answers without a rate refusal', async () => {
    const zoom = fakeZoom();
    zoom.client.call = async () => {
      throw new ZoomError('HTTP_ERROR', 'User does not exist', { status: 404, zoomCode: 1001 });
    };
    const gateway = await createGateway(testConfig(), { zoom: zoom.client });
    open.push(gateway);
    const answer = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(((await answer.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect(answer.headers.get('retry-after')).toBeNull();
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.UTC(2026, 0, 1);
  const limited = (retryAt?: string) => ({ message: 'm', extensions: { code: 'RATE_LIMITED', ...(retryAt === undefined ? {} : { retryAt }) } });

  it('takes the latest retryAt of several refusals, rounded up, at least one second', () => {
    expect(retryAfterSeconds([limited(new Date(now + 1_500).toISOString()), limited(new Date(now + 9_100).toISOString())], now)).toBe(10);
    expect(retryAfterSeconds([limited(new Date(now - 5_000).toISOString())], now)).toBe(1);
    expect(retryAfterSeconds([limited()], now)).toBe(1);
  });

  it('ignores other codes', () => {
    expect(retryAfterSeconds([{ message: 'm', extensions: { code: 'NOT_FOUND' } }], now)).toBeUndefined();
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
  });
});
