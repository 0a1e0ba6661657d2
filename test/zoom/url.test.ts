import { describe, expect, it } from 'vitest';
import { isZoomError } from '../../src/zoom/errors.ts';
import { buildQueryString, encodePathParam, expandPath } from '../../src/zoom/url.ts';

describe('encodePathParam', () => {
  it('encodes ordinary values once', () => {
    expect(encodePathParam('85746065432')).toBe('85746065432');
    expect(encodePathParam('jane+test@example.com')).toBe('jane%2Btest%40example.com');
    expect(encodePathParam('aDYlohsHRtCd4ii1uC2+hA==')).toBe('aDYlohsHRtCd4ii1uC2%2BhA%3D%3D');
  });
  it('double-encodes UUIDs that begin with / or contain //', () => {
    expect(encodePathParam('/ajXp112QmuoKj4854875==')).toBe('%252FajXp112QmuoKj4854875%253D%253D');
    expect(encodePathParam('ab//cd==')).toBe('ab%252F%252Fcd%253D%253D');
    expect(encodePathParam('ab/cd')).toBe('ab%2Fcd');
  });
});

describe('expandPath', () => {
  it('fills placeholders with encoded values', () => {
    expect(expandPath('/users/{userId}/meetings', { userId: 'a b@x.io' }, 'GET')).toBe('/users/a%20b%40x.io/meetings');
  });
  it('refuses a missing or empty parameter with INVALID_REQUEST', () => {
    for (const params of [{}, { meetingId: '' }, { meetingId: undefined }]) {
      let caught: unknown;
      try {
        expandPath('/meetings/{meetingId}', params, 'GET');
      } catch (error) {
        caught = error;
      }
      expect(isZoomError(caught) && caught.code).toBe('INVALID_REQUEST');
    }
  });
  it('refuses dot segments, plain or percent-encoded, whoever builds the path', () => {
    for (const userId of ['.', '..', '%2e', '%2E%2e', '.%2e']) {
      expect(() => expandPath('/users/{userId}', { userId }, 'GET'), userId).toThrow(/dot segment/);
    }
    // Dots inside a value are fine: they never form a segment of their own.
    expect(expandPath('/users/{userId}', { userId: 'a.b@example.test' }, 'GET')).toBe('/users/a.b%40example.test');
    expect(expandPath('/users/{userId}', { userId: '...' }, 'GET')).toBe('/users/...');
  });
});

describe('buildQueryString', () => {
  it('drops undefined values and stringifies the rest', () => {
    expect(buildQueryString({ page_size: 300, status: 'active', next_page_token: undefined, x: true })).toBe('?page_size=300&status=active&x=true');
    expect(buildQueryString({})).toBe('');
    expect(buildQueryString(undefined)).toBe('');
  });
});
