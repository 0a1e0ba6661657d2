import { ZOOM_PAGE_SIZE_DEFAULT, ZOOM_PAGE_SIZE_MAX } from '../zoom/operations.ts';
import { decodeCursor, encodeCursor, withPageTokenExpiry, type CursorKey, type CursorState } from './cursor.ts';
import { GatewayError } from './errors.ts';

/** The `first` a connection field uses when the query passes none (Zoom's own default page size). */
export const DEFAULT_FIRST = ZOOM_PAGE_SIZE_DEFAULT;

/** One page of a Zoom token-paginated list, reduced to what a connection needs. */
export interface ZoomListPage<T> {
  items: readonly T[];
  /** `""` on the last page. */
  nextPageToken: string;
  totalRecords: number;
}

/** A Relay connection as the schema's `XConnection` types expect it. */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export interface ResolveConnectionOptions<T> {
  /** The field's `first` (1..300; null or absent means `DEFAULT_FIRST`) and `after` arguments. */
  first?: number | null;
  after?: string | null;
  /** The list's fingerprint (see `cursorScope`). */
  scope: string;
  /** Epoch milliseconds; injectable so tests can expire cursors without waiting. */
  now: () => number;
  /** The key cursors are signed and checked with (the context's `cursorKey`). */
  cursorKey: CursorKey;
  /** Fetches one Zoom page. `pageToken` is `""` for the first page. */
  fetchPage: (request: { pageToken: string; pageSize: number }) => Promise<ZoomListPage<T>>;
}

/**
 * Checks `first` before any Zoom call: Zoom's pages hold 1 to 300 items.
 * @throws GatewayError `BAD_USER_INPUT` with `argument: 'first'`.
 */
export function validateFirst(first: number | null | undefined): number {
  const value = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(value) || value < 1 || value > ZOOM_PAGE_SIZE_MAX) {
    throw new GatewayError('BAD_USER_INPUT', `\`first\` must be an integer from 1 to ${ZOOM_PAGE_SIZE_MAX}; got ${value}.`, {
      argument: 'first',
    });
  }
  return value;
}

/**
 * Builds one connection page over a Zoom list with exactly one Zoom call, which is what the cost estimate counts for
 * a connection field (src/cost): the estimate bounds the actual for every cursor. Arguments are checked before the
 * call.
 *
 * - No cursor, or a cursor on a page boundary (the usual `endCursor` walk): one Zoom page of `first` items.
 * - A cursor in the middle of a page: that page again with the page size it was fetched with (its offset only
 *   lines up with the same size), answering the items after the cursor, at most `first`. That may be fewer than
 *   `first` with `hasNextPage` true: a second call to fill the page could take the field past its estimate (issue
 *   12: 14 aliases estimated at 14 calls made 28). Its `endCursor` is on the next page boundary, so the walk goes on
 *   at full pages. Zoom's `next_page_token` marks a position in the list, not a page size.
 *   @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export async function resolveConnection<T>(options: ResolveConnectionOptions<T>): Promise<Connection<T>> {
  const first = validateFirst(options.first);
  const now = options.now();
  const key = options.cursorKey;
  const start: CursorState = options.after
    ? decodeCursor(options.after, { scope: options.scope, now, key })
    : { token: '', offset: 0, pageSize: first, issuedAt: now, scope: options.scope };
  const { scope, token, offset } = start;
  const pageSize = offset > 0 ? start.pageSize : first;
  // A page token Zoom refuses is CURSOR_EXPIRED, for every list, like one the gateway knows to be too old.
  const page = await withPageTokenExpiry(options.fetchPage)({ pageToken: token, pageSize });
  const receivedAt = options.now();
  const boundary = (): CursorState => ({ token: page.nextPageToken, offset: 0, pageSize, issuedAt: receivedAt, scope });

  // Cursors are signed (an HMAC each), so they are made when a query selects them: a page of 300 meetings whose
  // cursors nobody asked for costs no HMAC. The state each would carry is fixed now, when the page arrived.
  const edges: Array<{ cursor: string; node: T }> = [];
  let index = offset;
  for (; index < page.items.length && edges.length < first; index++) {
    const resumeAt = index + 1;
    const state: CursorState =
      resumeAt >= page.items.length && page.nextPageToken !== '' ? boundary() : { token, offset: resumeAt, pageSize, issuedAt: start.issuedAt, scope };
    edges.push(lazyEdge(state, page.items[index] as T, key));
  }
  const hasNextPage = index < page.items.length || page.nextPageToken !== '';
  const last = edges.at(-1);
  // No edge left on this page (the list shrank since the cursor was made) but more pages: continue at the next one.
  const endState = last === undefined && hasNextPage ? boundary() : undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    // Relay's PageInfo: a page asked for `after` a cursor has items before it (that cursor's own item at least).
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(options.after),
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return last !== undefined ? last.cursor : endState !== undefined ? encodeCursor(endState, key) : null;
      },
    },
    totalCount: page.totalRecords,
  };
}

/** An edge whose cursor is signed on first read, once. */
function lazyEdge<T>(state: CursorState, node: T, key: CursorKey): { cursor: string; node: T } {
  let cursor: string | undefined;
  return {
    get cursor() {
      cursor ??= encodeCursor(state, key);
      return cursor;
    },
    node,
  };
}

/** Reduces a Zoom list body to a `ZoomListPage`. Later pages may omit counts; missing tokens mean the last page. */
export function toListPage<T>(page: { next_page_token?: string; total_records?: number }, items: readonly T[] | undefined): ZoomListPage<T> {
  const list = items ?? [];
  return { items: list, nextPageToken: page.next_page_token ?? '', totalRecords: page.total_records ?? list.length };
}

/** The Zoom query parameters for one page request: an empty token is left out (it means "first page"). */
export function pageQuery(request: { pageToken: string; pageSize: number }): { page_size: number; next_page_token?: string } {
  return request.pageToken === ''
    ? { page_size: request.pageSize }
    : { page_size: request.pageSize, next_page_token: request.pageToken };
}

/**
 * One page of a list Zoom answers whole (no `next_page_token`), for `resolveConnection`: the page tokens are offsets
 * into it, so cursors over it work as over Zoom's paged lists. A token that is not an offset this list has is
 * `BAD_USER_INPUT` (the list shrank, or the cursor was not made here).
 */
export function offsetPage<T>(items: readonly T[], pageToken: string, pageSize: number): ZoomListPage<T> {
  const start = pageToken === '' ? 0 : Number(pageToken);
  if (!Number.isSafeInteger(start) || start < 0 || start > items.length) {
    throw new GatewayError('BAD_USER_INPUT', 'The cursor does not fit this list any more; restart it.', { argument: 'after', reason: 'INVALID_CURSOR' });
  }
  const end = start + pageSize;
  return { items: items.slice(start, end), nextPageToken: end < items.length ? String(end) : '', totalRecords: items.length };
}
