import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { formatError, fromZoomError, GatewayError, nullIfNotFound, toGatewayError } from '../../src/graphql/errors.ts';
import { ZoomError } from '../../src/zoom/errors.ts';

describe('fromZoomError', () => {
  it('maps 404 to NOT_FOUND with the Zoom code and status', () => {
    const error = fromZoomError(new ZoomError('HTTP_ERROR', 'x', { status: 404, zoomCode: 3001, path: '/meetings/1' }));
    expect(error.extensions).toEqual({ code: 'NOT_FOUND', zoomCode: 3001, zoomStatus: 404 });
    expect(error.message).toBe('Zoom has no such meeting.');
  });

  it('maps Zoom not-found codes answered with 400 to NOT_FOUND', () => {
    expect(fromZoomError(new ZoomError('HTTP_ERROR', 'x', { status: 400, zoomCode: 1010 })).code).toBe('NOT_FOUND');
  });

  it('maps QPS and daily rate limits to RATE_LIMITED with an ISO retryAt', () => {
    const retryAt = new Date('2026-01-16T00:00:00Z');
    const qps = fromZoomError(new ZoomError('RATE_LIMITED', 'x', { status: 429, zoomCode: 429, retryAt }));
    expect(qps.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAt: '2026-01-16T00:00:00.000Z', reason: 'QPS' });
    const daily = fromZoomError(new ZoomError('DAILY_LIMIT', 'x', { status: 429, retryAt }));
    expect(daily.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'DAILY_LIMIT', retryAt: retryAt.toISOString() });
  });

  it.each([
    ['HTTP_ERROR', { status: 503 }],
    ['TIMEOUT', {}],
    ['NETWORK', {}],
    ['UNAUTHORIZED', { status: 401, zoomCode: 124 }],
    ['INVALID_RESPONSE', { status: 200 }],
  ] as const)('maps %s to UPSTREAM_UNAVAILABLE', (code, details) => {
    expect(fromZoomError(new ZoomError(code, 'x', details)).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('maps validation (code 300) to BAD_USER_INPUT with the field errors', () => {
    const fieldErrors = [{ field: 'page_size', message: 'Invalid field.' }];
    const error = fromZoomError(new ZoomError('HTTP_ERROR', 'x', { status: 400, zoomCode: 300, fieldErrors }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors, zoomCode: 300 });
    expect(error.message).toBe('Zoom rejected the request as invalid (page_size).');
  });

  it("passes on Zoom's field paths, and its field messages only when they are plain words", () => {
    const fieldErrors = [
      { field: 'recurrence.weekly_days', message: 'Invalid field.' },
      { field: 'occurrences[0].start_time', message: 'Start time must be after 2024-01-01T00:00:00Z' },
      { field: 'agenda', message: 'Rejected: token eyJhbGciOiJIUzI1NiJ9.e30.x' },
      { field: 'a field; with "quotes"', message: 'Invalid field.' },
      { field: 'topic', message: 'x'.repeat(200) },
    ];
    const error = fromZoomError(new ZoomError('HTTP_ERROR', 'x', { status: 400, zoomCode: 300, fieldErrors }));
    expect(error.extensions['fieldErrors']).toEqual([
      { field: 'recurrence.weekly_days', message: 'Invalid field.' },
      { field: 'occurrences[0].start_time', message: 'Zoom rejected this value.' },
      { field: 'agenda', message: 'Zoom rejected this value.' },
      { field: 'unknown', message: 'Invalid field.' },
      { field: 'topic', message: 'Zoom rejected this value.' },
    ]);
    expect(error.message).not.toContain('eyJ');
  });

  it('maps an unanswered write to OUTCOME_UNKNOWN', () => {
    expect(fromZoomError(new ZoomError('OUTCOME_UNKNOWN', 'x', { method: 'POST' })).code).toBe('OUTCOME_UNKNOWN');
  });
});

describe('formatError', () => {
  const located = (original: Error) =>
    new GraphQLError(original.message, { path: ['user'], originalError: original });

  it('passes GatewayErrors through and drops stack traces in production', () => {
    const error = located(new GatewayError('BAD_USER_INPUT', 'bad first', { argument: 'first' }));
    const formatted = formatError(
      { message: 'bad first', path: ['user'], extensions: { code: 'BAD_USER_INPUT', argument: 'first', stacktrace: ['at x'] } },
      error,
      { isProduction: true },
    );
    expect(formatted).toEqual({ message: 'bad first', path: ['user'], extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('shows a GatewayError that keeps a ZoomError as its cause as itself, not as the cause mapped again', () => {
    const cause = new ZoomError('OUTCOME_UNKNOWN', 'POST /users/me/meetings: socket hang up');
    const error = located(new GatewayError('OUTCOME_UNKNOWN', 'The meeting may or may not exist.', { reason: 'CREATE_UNCONFIRMED', cause }));
    const formatted = formatError({ message: error.message, path: ['user'] }, error, { isProduction: true });
    expect(formatted).toEqual({
      message: 'The meeting may or may not exist.',
      path: ['user'],
      extensions: { code: 'OUTCOME_UNKNOWN', reason: 'CREATE_UNCONFIRMED' },
    });
  });

  it('maps a ZoomError thrown by a resolver', () => {
    const error = located(new ZoomError('HTTP_ERROR', 'GET /users/x: 404', { status: 404, zoomCode: 1001, path: '/users/x' }));
    const formatted = formatError({ message: error.message, path: ['user'] }, error, { isProduction: true });
    expect(formatted).toEqual({
      message: 'Zoom has no such user.',
      path: ['user'],
      extensions: { code: 'NOT_FOUND', zoomCode: 1001, zoomStatus: 404 },
    });
  });

  it('masks unknown errors, never leaking their message, and reports them', () => {
    const onMaskedError = vi.fn();
    const secret = new Error('connect failed with Authorization: Bearer abc.def');
    const formatted = formatError(
      { message: secret.message, path: ['me'], extensions: { stacktrace: ['Error: Bearer abc.def'] } },
      located(secret),
      { isProduction: false, onMaskedError },
    );
    expect(formatted).toEqual({ message: 'Internal server error.', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(formatted)).not.toContain('abc.def');
    expect(onMaskedError).toHaveBeenCalledWith(secret);
  });

  it('passes GraphQL validation errors through', () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = formatError({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, {
      isProduction: true,
    });
    expect(formatted.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('toGatewayError masks non-Zoom errors', () => {
    expect(toGatewayError(new TypeError('boom')).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('nullIfNotFound', () => {
  it('reads a NOT_FOUND failure, from Zoom or from the gateway, as null', async () => {
    await expect(nullIfNotFound(Promise.reject(new ZoomError('HTTP_ERROR', 'x', { status: 404, zoomCode: 3001 })))).resolves.toBeNull();
    await expect(nullIfNotFound(Promise.reject(new GatewayError('NOT_FOUND', 'gone')))).resolves.toBeNull();
    await expect(nullIfNotFound(Promise.resolve('found'))).resolves.toBe('found');
  });

  it('rethrows any other failure unchanged', async () => {
    const refused = new ZoomError('HTTP_ERROR', 'x', { status: 403 });
    await expect(nullIfNotFound(Promise.reject(refused))).rejects.toBe(refused);
  });
});
