import { ZOOM_PAGE_SIZE_DEFAULT, ZOOM_PAGE_SIZE_MAX } from '../zoom/operations.ts';
import { decodeCursor, encodeCursor, withPageTokenExpiry, type CursorState } from './cursor.ts';
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
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
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

/** Zoom pages one connection field may fetch at most; normally one, two when a mid-page cursor resumes. */
export const MAX_PAGES_PER_FIELD = 5;

/**
 * Builds one connection page over a Zoom list, spending as few calls as the page allows. Arguments are checked
 * before any call.
 *
 * - No cursor, or a cursor on a page boundary (the usual `endCursor` walk): one Zoom page of `first` items.
 * - A cursor in the middle of a page: that page again with the page size it was fetched with (its offset only
 *   lines up with the same size), then, if `first` reaches past it, one more page of just the missing items.
 *   Zoom's `next_page_token` marks a position in the list, not a page size.
 *   @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export async function resolveConnection<T>(options: ResolveConnectionOptions<T>): Promise<Connection<T>> {
  const first = validateFirst(options.first);
  const now = options.now();
  const start: CursorState = options.after
    ? decodeCursor(options.after, { scope: options.scope, now })
    : { token: '', offset: 0, pageSize: first, issuedAt: now, scope: options.scope };
  const { scope } = start;
  // A page token Zoom refuses is CURSOR_EXPIRED, for every list, like one the gateway knows to be too old.
  const fetchPage = withPageTokenExpiry(options.fetchPage);

  const edges: Array<{ cursor: string; node: T }> = [];
  let token = start.token;
  let tokenIssuedAt = start.issuedAt;
  let offset = start.offset;
  let pageSize = offset > 0 ? start.pageSize : first;
  let totalCount = 0;
  let hasNextPage = false;
  for (let pages = 0; pages < MAX_PAGES_PER_FIELD; pages++) {
    const page = await fetchPage({ pageToken: token, pageSize });
    const receivedAt = options.now();
    totalCount = page.totalRecords;
    let index = offset;
    for (; index < page.items.length && edges.length < first; index++) {
      const resumeAt = index + 1;
      const cursor: CursorState =
        resumeAt >= page.items.length && page.nextPageToken !== ''
          ? { token: page.nextPageToken, offset: 0, pageSize, issuedAt: receivedAt, scope }
          : { token, offset: resumeAt, pageSize, issuedAt: tokenIssuedAt, scope };
      edges.push({ cursor: encodeCursor(cursor), node: page.items[index] as T });
    }
    hasNextPage = index < page.items.length || page.nextPageToken !== '';
    if (edges.length >= first || page.nextPageToken === '') break;
    token = page.nextPageToken;
    tokenIssuedAt = receivedAt;
    offset = 0;
    pageSize = first - edges.length;
  }
  const last = edges.at(-1);
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage, endCursor: last ? last.cursor : null },
    totalCount,
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
