import { describe, expect, it } from 'vitest';
import { resolveConnection, type Connection, type ZoomListPage } from '../../src/graphql/connection.ts';
import { cursorScope, decodeCursor, encodeCursor } from '../../src/graphql/cursor.ts';
import { GatewayError } from '../../src/graphql/errors.ts';

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

describe('resolveConnection', () => {
  it('walks every page by endCursor with one call per page, no duplicates and no gaps', async () => {
    const list = fakeList(23);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Connection<string> = await resolveConnection({ first: 5, after, scope, now, fetchPage: list.fetchPage });
      seen.push(...page.nodes);
      expect(page.totalCount).toBe(23);
      expect(page.edges.map((edge) => edge.node)).toEqual(page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(list.items);
    expect(list.requests).toHaveLength(5);
    expect(list.requests.every((request) => request.pageSize === 5)).toBe(true);
  });

  it('resumes after an edge in the middle of a page', async () => {
    const list = fakeList(20);
    const page = await resolveConnection({ first: 10, scope, now, fetchPage: list.fetchPage });
    const middle = page.edges[3]?.cursor ?? '';
    const resumed = await resolveConnection({ first: 10, after: middle, scope, now, fetchPage: list.fetchPage });
    expect(resumed.nodes).toEqual(list.items.slice(4, 14));
    // The resumed page is refetched at its original size, then only the four missing items are asked for.
    expect(list.requests.slice(1)).toEqual([
      { pageToken: '', pageSize: 10 },
      { pageToken: 'pos10', pageSize: 4 },
    ]);
    expect(resumed.pageInfo.hasNextPage).toBe(true);
  });

  it('reports the end of the list', async () => {
    const list = fakeList(3);
    const page = await resolveConnection({ first: 10, scope, now, fetchPage: list.fetchPage });
    expect(page.nodes).toHaveLength(3);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const empty = await resolveConnection({ first: 10, scope, now, fetchPage: fakeList(0).fetchPage });
    expect(empty.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it.each([0, -1, 301, 1000])('rejects first = %i before any call', async (first) => {
    const list = fakeList(5);
    await expect(resolveConnection({ first, scope, now, fetchPage: list.fetchPage })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
    expect(list.requests).toHaveLength(0);
  });

  it('rejects malformed cursors and cursors of another list before any call', async () => {
    const list = fakeList(5);
    for (const after of ['not a cursor', 'eyJ2IjoyfQ', encodeCursor({ token: '', offset: 1, pageSize: 5, issuedAt: 0, scope: 'other' })]) {
      await expect(resolveConnection({ first: 2, after, scope, now, fetchPage: list.fetchPage })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' },
      });
    }
    expect(list.requests).toHaveLength(0);
  });

  it('rejects a cursor whose Zoom page token has expired (15 minutes) before any call', async () => {
    const list = fakeList(10);
    const page = await resolveConnection({ first: 5, scope, now, fetchPage: list.fetchPage });
    const after = page.pageInfo.endCursor ?? '';
    clock.t += 15 * 60 * 1000;
    const error = await resolveConnection({ first: 5, after, scope, now, fetchPage: list.fetchPage }).catch((e) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.extensions.code).toBe('CURSOR_EXPIRED');
    expect(list.requests).toHaveLength(1);
  });
});

describe('cursors', () => {
  it('round-trip and are URL-safe', () => {
    const state = { token: 'abc', offset: 3, pageSize: 30, issuedAt: 1_000_000, scope };
    const cursor = encodeCursor(state);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { scope, now: 1_000_001 })).toEqual(state);
  });

  it('accept a fractional clock (e.g. performance-based)', () => {
    const cursor = encodeCursor({ token: 't', offset: 0, pageSize: 5, issuedAt: 1_000.75, scope });
    expect(decodeCursor(cursor, { scope, now: 2_000 }).issuedAt).toBe(1_000);
  });

  it('a first-page cursor never expires (it holds no Zoom token)', () => {
    const cursor = encodeCursor({ token: '', offset: 3, pageSize: 30, issuedAt: 0, scope });
    expect(decodeCursor(cursor, { scope, now: 10 * 24 * 3600 * 1000 }).offset).toBe(3);
  });
});
