import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.ts';

describe('rate shaping settings', () => {
  it('default to Pro at a 0.8 share against Zoom, and follow SANDBOX_RATE_LIMITS in sandbox mode', () => {
    const zoom = parseConfig({ ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: 'c' }).shaper;
    expect(zoom).toEqual({ plan: 'pro', share: 0.8, weights: { admin: 4, member: 1, system: 2 }, maxQueuedPerCaller: 500 });
    expect(parseConfig({ SANDBOX_RATE_LIMITS: 'free' }).shaper.plan).toBe('free');
    expect(parseConfig({ SANDBOX_RATE_LIMITS: 'unlimited' }).shaper.plan).toBe('unlimited');
    expect(parseConfig({ SANDBOX_RATE_LIMITS: 'free', ZOOM_PLAN: 'business' }).shaper.plan).toBe('business');
  });

  it('read a share, weights per role and a queue allowance', () => {
    const shaper = parseConfig({ ZOOM_RATE_SHARE: '0.5', ZOOM_CALLER_WEIGHTS: 'admin:8, member:0.5', ZOOM_CALLER_MAX_QUEUED: '20' }).shaper;
    expect(shaper).toMatchObject({ share: 0.5, weights: { admin: 8, member: 0.5, system: 2 }, maxQueuedPerCaller: 20 });
  });

  it.each([
    ['ZOOM_PLAN', 'enterprise', 'ZOOM_PLAN must be one of free, pro, business, unlimited'],
    ['ZOOM_RATE_SHARE', '1.5', 'ZOOM_RATE_SHARE must be a decimal from 0.05 to 1'],
    ['ZOOM_RATE_SHARE', '0.01', 'ZOOM_RATE_SHARE must be a decimal from 0.05 to 1'],
    ['ZOOM_CALLER_WEIGHTS', 'owner:3', 'ZOOM_CALLER_WEIGHTS must be comma-separated role:weight entries'],
    ['ZOOM_CALLER_WEIGHTS', 'admin:0', 'ZOOM_CALLER_WEIGHTS must be comma-separated role:weight entries'],
    ['ZOOM_CALLER_MAX_QUEUED', '0', 'ZOOM_CALLER_MAX_QUEUED must be a whole number from 1 to 100000'],
  ])('refuse %s=%s naming the variable', (name, value, message) => {
    const error = (() => {
      try {
        parseConfig({ [name]: value });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(message);
  });
});
