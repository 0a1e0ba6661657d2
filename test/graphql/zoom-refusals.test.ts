import { afterEach, describe, expect, it } from 'vitest';
import { fromZoomError } from '../../src/graphql/errors.ts';
import { SANDBOX_SCOPES } from '../../src/sandbox/index.ts';
import { ZoomError } from '../../src/zoom/errors.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/** Zoom's own refusals (issue 14 item 4): a missing OAuth scope and a plan that lacks the operation, typed. */
describe("Zoom's scope and plan refusals", () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('a token without the scope is ZOOM_SCOPE_MISSING with the scopes Zoom named, after one call and no token refresh', async () => {
    gateway = await startTestGateway({ sandbox: { scopes: SANDBOX_SCOPES.filter((s) => s !== 'recording:read:admin') } });
    const result = await gateway.execute('{ me { email recordings(from: "2026-01-01", to: "2026-01-15") { totalCount } } }');
    expect(result.errors?.map((e) => e.extensions)).toEqual([{
      code: 'ZOOM_SCOPE_MISSING', zoomCode: 4711, zoomStatus: 400, missingScopes: ['recording:read:admin', 'recording:read'],
    }]);
    expect(result.errors?.[0]?.path).toEqual(['me', 'recordings']);
    expect(gateway.stats.count('recordingsList', 400)).toBe(1);
    expect(gateway.stats.tokenRequests()).toBe(1);
  });

  it("a free account's past-meeting report is ZOOM_PLAN_REQUIRED, not BAD_USER_INPUT", async () => {
    gateway = await startTestGateway({ sandbox: { rateLimits: 'free' } });
    const result = await gateway.execute('{ me { meetings(first: 1) { nodes { lastInstance { uuid } } } } }');
    expect(result.errors?.map((e) => e.extensions?.['code'])).toEqual(['ZOOM_PLAN_REQUIRED']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ zoomCode: 200, zoomStatus: 400 });
    expect(gateway.stats.count('pastMeetingDetails', 400)).toBe(1);
  });

  it("Zoom's code 200 'No permission.' is FORBIDDEN, not a plan problem", () => {
    const error = fromZoomError(new ZoomError('HTTP_ERROR', 'x', { status: 400, zoomCode: 200, path: '/report/daily' }));
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', zoomCode: 200, zoomStatus: 400, reason: 'ZOOM_PERMISSION' });
  });
});
