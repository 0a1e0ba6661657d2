import type { PaginatedOperationId, ZoomCall, ZoomClient, ZoomOperationTypes } from './client-types.ts';
import { ZoomError } from './errors.ts';
import { ZOOM_OPERATIONS, ZOOM_PAGE_SIZE_MAX } from './operations.ts';
import type { ZoomPage } from './wire.ts';

/**
 * Upper bound on pages in one walk: 10 000 pages of 300 is three million records, far past any account this
 * gateway serves; reaching it means Zoom keeps handing out tokens, and the walk stops with an error.
 */
export const PAGINATE_MAX_PAGES = 10_000;

/**
 * Walks a token-paginated list: requests a page, yields it, and follows `next_page_token` until Zoom returns `""`
 * (or omits it). Starts from `call.query.next_page_token` when given, so a GraphQL cursor can resume a walk.
 * `pageSize` defaults to Zoom's maximum, 300, and must be an integer from 1 to 300 (`INVALID_REQUEST` otherwise).
 * A token Zoom already returned in this walk is `INVALID_RESPONSE` rather than an endless loop.
 * @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export async function* paginate<Op extends PaginatedOperationId>(
  client: Pick<ZoomClient, 'call'>,
  operationId: Op,
  call: ZoomCall<Op> & { pageSize?: number } = {},
): AsyncGenerator<ZoomOperationTypes[Op]['response'], void, undefined> {
  const { pageSize = ZOOM_PAGE_SIZE_MAX, ...rest } = call;
  const operation = ZOOM_OPERATIONS[operationId];
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ZOOM_PAGE_SIZE_MAX) {
    throw new ZoomError('INVALID_REQUEST', `${operationId}: pageSize must be an integer from 1 to ${ZOOM_PAGE_SIZE_MAX}, got ${String(pageSize)}`, {
      method: operation.method,
      path: operation.path,
    });
  }
  const startToken = rest.query?.next_page_token;
  let pageToken = typeof startToken === 'string' ? startToken : '';
  const seen = new Set<string>();
  for (let page = 0; page < PAGINATE_MAX_PAGES; page++) {
    const query = { ...rest.query, page_size: pageSize, next_page_token: pageToken === '' ? undefined : pageToken };
    const body = await client.call(operationId, { ...rest, query } as ZoomCall<Op>);
    yield body;
    const next = (body as ZoomPage | undefined)?.next_page_token;
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next) || next === pageToken) {
      throw new ZoomError('INVALID_RESPONSE', `${operationId}: Zoom returned next_page_token it had already returned in this walk`, {
        method: operation.method,
        path: operation.path,
      });
    }
    seen.add(next);
    pageToken = next;
  }
  throw new ZoomError('INVALID_RESPONSE', `${operationId}: more than ${PAGINATE_MAX_PAGES} pages; stopped walking`, {
    method: operation.method,
    path: operation.path,
  });
}
