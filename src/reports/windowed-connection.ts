import type { Connection, ZoomListPage } from '../graphql/connection.ts';
import { validateFirst } from '../graphql/connection.ts';
import { decodeCursor, encodeCursor, withPageTokenExpiry, type CursorKey, type CursorState } from '../graphql/cursor.ts';
import { GatewayError } from '../graphql/errors.ts';
import { ZOOM_PAGE_SIZE_MAX } from '../zoom/operations.ts';
import type { ReportWindow } from '../zoom/report-windows.ts';

/** A connection over several report windows; its total is unknown without reading every window, so it has none. */
export type WindowedConnection<T> = Omit<Connection<T>, 'totalCount'>;

export interface WindowedConnectionOptions<T> {
  /** The windows the range splits into, oldest first (`reportWindows`). */
  windows: readonly ReportWindow[];
  first?: number | null;
  after?: string | null;
  /** The list's fingerprint (`cursorScope`), which must name the whole range. */
  scope: string;
  now: () => number;
  cursorKey: CursorKey;
  /** One Zoom page of one window; `pageToken` is `""` for a window's first page. */
  fetchPage: (request: { window: ReportWindow; pageToken: string; pageSize: number }) => Promise<ZoomListPage<T>>;
}

/**
 * Most Zoom calls one page of a windowed connection makes: one per window (`first` up to 300, Zoom's page size),
 * as many again per further 300 items. The cost map (`FieldCost.reportWindows`) counts exactly this, so the estimate
 * bounds the actual for every cursor; the walk stops at it even if Zoom answers short pages.
 */
export function windowedCallLimit(windowCount: number, first: number): number {
  return Math.max(1, windowCount) * Math.max(1, Math.ceil(first / ZOOM_PAGE_SIZE_MAX));
}

/**
 * One page of a list that Zoom serves one window at a time (a report over a long range), merged so a client sees one
 * list: the walk reads the windows oldest first, each page by page, until it has `first` items. A cursor names a
 * window, Zoom's page token in it and an offset in that page (re-read with the page size it was read with, as
 * `resolveConnection` does), so pagination continues across windows transparently.
 */
export async function resolveWindowedConnection<T>(options: WindowedConnectionOptions<T>): Promise<WindowedConnection<T>> {
  const first = validateFirst(options.first);
  const { windows, scope, cursorKey: key } = options;
  const now = options.now();
  const start = options.after
    ? decodeCursor(options.after, { scope, now, key })
    : { token: encodeWindowToken(0, ''), offset: 0, pageSize: first, issuedAt: now, scope };
  let { window, token } = decodeWindowToken(start.token, windows.length);
  let offset = start.offset;
  const fetchPage = withPageTokenExpiry(options.fetchPage);
  const edges: Array<{ cursor: string; node: T }> = [];
  let isCutShort = false;
  let calls = 0;
  const limit = windowedCallLimit(windows.length, first);

  while (edges.length < first && window < windows.length) {
    if (calls >= limit) {
      isCutShort = true;
      break;
    }
    const pageSize = offset > 0 ? start.pageSize : Math.min(ZOOM_PAGE_SIZE_MAX, first - edges.length);
    calls++;
    const page = await fetchPage({ window: windows[window]!, pageToken: token, pageSize });
    const issuedAt = options.now();
    // Where the list goes on after this page: the window's next page, else the next window's first.
    const after = page.nextPageToken !== '' ? { window, token: page.nextPageToken } : { window: window + 1, token: '' };
    let index = offset;
    for (; index < page.items.length && edges.length < first; index++) {
      const resumeAt = index + 1;
      const state: CursorState = resumeAt >= page.items.length
        ? { token: encodeWindowToken(after.window, after.token), offset: 0, pageSize, issuedAt, scope }
        : { token: encodeWindowToken(window, token), offset: resumeAt, pageSize, issuedAt, scope };
      edges.push({ cursor: encodeCursor(state, key), node: page.items[index] as T });
    }
    if (index < page.items.length) {
      isCutShort = true;
      break;
    }
    ({ window, token } = after);
    offset = 0;
  }
  const hasNextPage = isCutShort || window < windows.length;
  const last = edges.at(-1);
  const endCursor = last !== undefined
    ? last.cursor
    : hasNextPage
      ? encodeCursor({ token: encodeWindowToken(window, token), offset: 0, pageSize: first, issuedAt: options.now(), scope }, key)
      : null;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage, hasPreviousPage: Boolean(options.after), startCursor: edges[0]?.cursor ?? null, endCursor },
  };
}

/** A cursor's page token: the window's index and Zoom's token in it. */
function encodeWindowToken(window: number, token: string): string {
  return `${window}:${token}`;
}

function decodeWindowToken(value: string, windowCount: number): { window: number; token: string } {
  const colon = value.indexOf(':');
  const window = Number(value.slice(0, colon));
  if (colon < 1 || !Number.isSafeInteger(window) || window < 0 || window > windowCount) {
    throw new GatewayError('BAD_USER_INPUT', 'The cursor passed as `after` does not belong to this report.', { reason: 'INVALID_CURSOR', argument: 'after' });
  }
  return { window, token: value.slice(colon + 1) };
}
