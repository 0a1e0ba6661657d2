import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConnection, type Connection, type ZoomListPage } from '../../src/graphql/connection.ts';
import { createCursorKey, cursorScope, decodeCursor, encodeCursor, withPageTokenExpiry } from '../../src/graphql/cursor.ts';
import { GatewayError, toGatewayError } from '../../src/graphql/errors.ts';
import { ZoomError, type ZoomErrorDetails } from '../../src/zoom/errors.ts';

/** A fake Zoom list of `size` items whose tokens encode the position, like the sandbox's key-based tokens. */
function fakeList(size: number) {
  const items = Array.from({ length: size }, (_, i) => `item-${i}`);
  const requests: Array<{ pageToken: string; pageSize: number }> = [];
  const fetchPage = async (request: { pageToken: string; pageSize: number }): Promise<ZoomListPage<string>> => {
    requests.push(request);
    const start = request.pageToken === '' ? 0 : Number(request.pageToken.slice('pos'.length));
    const slice = items.slice(start, start + request.pageSize);
    const end = start + slice.length;
    return { items: slice, nextPageToken: end < items.length ? `pos${end}` : '', totalRecords: items.length };
  };
  return { items, requests, fetchPage };
}

const scope = cursorScope(['test']);
const clock = { t: 1_000_000 };
const now = () => clock.t;
const cursorKey = createCursorKey();
const key = cursorKey;

describe('resolveConnection', () => {
  it('walks every page by endCursor with one call per page, no duplicates and no gaps', async () => {
    const list = fakeList(23);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Connection<string> = await resolveConnection({ first: 5, after, scope, now, cursorKey, fetchPage: list.fetchPage });
      seen.push(...page.nodes);
      expect(page.totalCount).toBe(23);
      expect(page.edges.map((edge) => edge.node)).toEqual(page.nodes);
      // Relay's PageInfo: the first page has nothing before it, every later one has; startCursor is the first edge's.
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(list.items);
    expect(list.requests).toHaveLength(5);
    expect(list.requests.every((request) => request.pageSize === 5)).toBe(true);
  });

  it('resumes after an edge in the middle of a page with one call: the rest of that page, then full pages', async () => {
    const list = fakeList(20);
    const page = await resolveConnection({ first: 10, scope, now, cursorKey, fetchPage: list.fetchPage });
    const middle = page.edges[3]?.cursor ?? '';
    const resumed = await resolveConnection({ first: 10, after: middle, scope, now, cursorKey, fetchPage: list.fetchPage });
    // The page is refetched at its original size and only its rest answered: a second call would exceed the estimate.
    expect(resumed.nodes).toEqual(list.items.slice(4, 10));
    expect(list.requests.slice(1)).toEqual([{ pageToken: '', pageSize: 10 }]);
    expect(resumed.pageInfo.hasNextPage).toBe(true);
    const next = await resolveConnection({ first: 10, after: resumed.pageInfo.endCursor, scope, now, cursorKey, fetchPage: list.fetchPage });
    expect(next.nodes).toEqual(list.items.slice(10, 20));
    expect(list.requests.at(-1)).toEqual({ pageToken: 'pos10', pageSize: 10 });
  });

  it('makes at most one Zoom call, what the estimate counts, for every cursor and page size (property)', async () => {
    // Any list, any page size the cursor was made with, any edge's cursor, any first: one call, and the edges are
    // exactly the items after the cursor (at most first, at least one while any remain); walking on reaches the end.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        async (size, firstSize, nextSize, pageIndex, edgeIndex) => {
          const list = fakeList(size);
          // Walk some pages at firstSize, then pick one edge's cursor anywhere in what was seen.
          const edges: Array<{ cursor: string; index: number }> = [];
          let after: string | null = null;
          for (let walked = 0; walked <= pageIndex % 4; walked++) {
            const page: Connection<string> = await resolveConnection({ first: firstSize, after, scope, now, cursorKey, fetchPage: list.fetchPage });
            for (const edge of page.edges) edges.push({ cursor: edge.cursor, index: list.items.indexOf(edge.node) });
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor;
          }
          if (edges.length === 0) return;
          const picked = edges[edgeIndex % edges.length]!;
          const before = list.requests.length;
          const page = await resolveConnection({ first: nextSize, after: picked.cursor, scope, now, cursorKey, fetchPage: list.fetchPage });
          expect(list.requests.length - before).toBeLessThanOrEqual(1);
          const remaining = list.items.slice(picked.index + 1);
          expect(page.nodes).toEqual(remaining.slice(0, page.nodes.length));
          expect(page.nodes.length).toBeLessThanOrEqual(nextSize);
          if (remaining.length > 0) expect(page.nodes.length).toBeGreaterThan(0);
          expect(page.pageInfo.hasNextPage).toBe(page.nodes.length < remaining.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports the end of the list', async () => {
    const list = fakeList(3);
    const page = await resolveConnection({ first: 10, scope, now, cursorKey, fetchPage: list.fetchPage });
    expect(page.nodes).toHaveLength(3);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const empty = await resolveConnection({ first: 10, scope, now, cursorKey, fetchPage: fakeList(0).fetchPage });
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it.each([0, -1, 301, 1000])('rejects first = %i before any call', async (first) => {
    const list = fakeList(5);
    await expect(resolveConnection({ first, scope, now, cursorKey, fetchPage: list.fetchPage })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
    expect(list.requests).toHaveLength(0);
  });

  it('rejects malformed cursors and cursors of another list before any call', async () => {
    const list = fakeList(5);
    const valid = encodeCursor({ token: 'pos5', offset: 1, pageSize: 5, issuedAt: clock.t, scope }, key);
    const [payload, mac] = valid.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), o: 0, p: 300 })).toString('base64url');
    for (const after of [
      'not a cursor',
      'eyJ2IjoyfQ',
      payload, // unsigned, as cursors were before
      `${altered}.${mac}`, // offset and page size changed, MAC kept
      encodeCursor({ token: 'pos5', offset: 1, pageSize: 5, issuedAt: clock.t, scope }, createCursorKey()), // another key
      encodeCursor({ token: '', offset: 1, pageSize: 5, issuedAt: 0, scope: 'other' }, key), // another list
    ]) {
      await expect(resolveConnection({ first: 2, after, scope, now, cursorKey, fetchPage: list.fetchPage })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' },
      });
    }
    expect(list.requests).toHaveLength(0);
  });

  it('rejects a cursor whose Zoom page token has expired (15 minutes) before any call', async () => {
    const list = fakeList(10);
    const page = await resolveConnection({ first: 5, scope, now, cursorKey, fetchPage: list.fetchPage });
    const after = page.pageInfo.endCursor ?? '';
    clock.t += 15 * 60 * 1000;
    const error = await resolveConnection({ first: 5, after, scope, now, cursorKey, fetchPage: list.fetchPage }).catch((e) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.extensions.code).toBe('CURSOR_EXPIRED');
    expect(list.requests).toHaveLength(1);
  });
});

describe('cursors', () => {
  it('round-trip and are URL-safe', () => {
    const state = { token: 'abc', offset: 3, pageSize: 30, issuedAt: 1_000_000, scope };
    const cursor = encodeCursor(state, key);
    expect(cursor).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(decodeCursor(cursor, { scope, now: 1_000_001, key })).toEqual(state);
  });

  it('accept a fractional clock (e.g. performance-based)', () => {
    const cursor = encodeCursor({ token: 't', offset: 0, pageSize: 5, issuedAt: 1_000.75, scope }, key);
    expect(decodeCursor(cursor, { scope, now: 2_000, key }).issuedAt).toBe(1_000);
  });

  it('are accepted by every gateway sharing the CURSOR_SECRET, and only by those', () => {
    const secret = 'a-cursor-secret-of-at-least-32-bytes!';
    const state = { token: 'abc', offset: 3, pageSize: 30, issuedAt: 1_000_000, scope };
    const cursor = encodeCursor(state, createCursorKey(secret));
    expect(decodeCursor(cursor, { scope, now: 1_000_001, key: createCursorKey(secret) })).toEqual(state);
    expect(() => decodeCursor(cursor, { scope, now: 1_000_001, key: createCursorKey(`${secret}-other`) })).toThrow(/not a cursor this gateway issued/);
    expect(() => createCursorKey('short')).toThrow(/at least 32 bytes/);
  });

  it('a first-page cursor never expires (it holds no Zoom token)', () => {
    const cursor = encodeCursor({ token: '', offset: 3, pageSize: 30, issuedAt: 0, scope }, key);
    expect(decodeCursor(cursor, { scope, now: 10 * 24 * 3600 * 1000, key }).offset).toBe(3);
  });
});

describe('withPageTokenExpiry', () => {
  /** A 400 code 300 answer to `GET /users`, as the Zoom client reports it. */
  const refusal = (zoomMessage: string, details: ZoomErrorDetails = {}) =>
    new ZoomError('HTTP_ERROR', `Zoom answered 400 to GET /users: ${zoomMessage} (code 300)`, {
      status: 400,
      zoomCode: 300,
      method: 'GET',
      path: '/users',
      ...details,
    });
  const failingWith = (error: unknown) => withPageTokenExpiry(async (_request: { pageToken: string; pageSize: number }) => {
    throw error;
  });

  it("makes Zoom's refusal of the page token CURSOR_EXPIRED on `after`, with Zoom's code", async () => {
    const cause = refusal('The next page token is invalid or expired.');
    const error = await failingWith(cause)({ pageToken: 'IAfJX3jsOLW7w3dokmFl84zOa0MAVGyMEB2', pageSize: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.extensions).toEqual({
      code: 'CURSOR_EXPIRED',
      reason: 'ZOOM_REJECTED_PAGE_TOKEN',
      argument: 'after',
      zoomCode: 300,
      zoomStatus: 400,
    });
    expect(error.originalError).toBe(cause);
  });

  it('recognises the refusal by a next_page_token field error too', async () => {
    const cause = refusal('Validation Failed.', { fieldErrors: [{ field: 'next_page_token', message: 'Invalid field.' }] });
    const error = await failingWith(cause)({ pageToken: 'abc', pageSize: 5 }).catch((e) => e);
    expect(error.extensions.code).toBe('CURSOR_EXPIRED');
  });

  it('leaves a first page (no token) and other code-300 refusals as they are', async () => {
    const tokenRefusal = refusal('The next page token is invalid or expired.');
    await expect(failingWith(tokenRefusal)({ pageToken: '', pageSize: 5 })).rejects.toBe(tokenRefusal);
    const pageSizeRefusal = refusal('Validation Failed.', { fieldErrors: [{ field: 'page_size', message: 'Invalid field.' }] });
    await expect(failingWith(pageSizeRefusal)({ pageToken: 'abc', pageSize: 5 })).rejects.toBe(pageSizeRefusal);
    expect(toGatewayError(pageSizeRefusal).extensions.code).toBe('BAD_USER_INPUT');
    const notFound = new ZoomError('HTTP_ERROR', 'Zoom answered 404 to GET /users/x/meetings: User does not exist. (code 1001)', {
      status: 404,
      zoomCode: 1001,
    });
    await expect(failingWith(notFound)({ pageToken: 'abc', pageSize: 5 })).rejects.toBe(notFound);
  });

  it('passes a page through', async () => {
    const page = { items: ['a'], nextPageToken: '', totalRecords: 1 };
    const fetchPage = withPageTokenExpiry(async (_request: { pageToken: string; pageSize: number }) => page);
    await expect(fetchPage({ pageToken: 'abc', pageSize: 1 })).resolves.toBe(page);
  });
});
