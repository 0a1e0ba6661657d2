import { randomBytes } from 'node:crypto';
import { ZOOM_PAGE_SIZE_DEFAULT, ZOOM_PAGE_SIZE_MAX, ZOOM_PAGE_TOKEN_TTL_MS } from '../zoom/operations.ts';
import type { Clock } from './types.ts';
import { INVALID_FIELD, validationFailed, zoomError } from './zoom-errors.ts';

/**
 * Zoom's token pagination for the sandbox's list operations.
 *
 * - `page_size`: default 30, at most 300 (the spec's `maximum: 300` on every list used here). A larger, zero or
 *   non-integer value is answered like any other invalid field: 400 code 300 "Validation Failed." with
 *   `errors: [{field: "page_size", message: "Invalid field."}]`, so a client that asks for too much learns at once
 *   instead of silently getting fewer rows than it asked for.
 * - `next_page_token`: opaque, `""` on the last page, valid for 15 minutes ("This token's expiration period is
 *   15 minutes", spec parameter text). Zoom documents no error body for an expired token; the sandbox answers
 *   400 code 300 "The next page token is invalid or expired.", Zoom's validation code, so clients treat it as a
 *   bad request rather than something to retry.
 * - Pages are cut by key (the last item's sort key), not by offset, so a walk over all pages yields every item that
 *   existed throughout exactly once even when items are created or deleted between pages.
 * - `page_number` (deprecated) is still accepted when no token is sent.
 * @see https://developers.zoom.us/docs/api/rest/pagination/
 */

/** Where a list stands after one page: the envelope fields of the spec's list responses. */
export interface PageEnvelope {
  page_count: number;
  page_number?: number;
  page_size: number;
  total_records: number;
  next_page_token: string;
}

export interface Page<T> {
  items: T[];
  envelope: PageEnvelope;
}

export interface PageOptions {
  /** What the list is (operation and filters); a token only continues the list it was issued for. */
  scope: string;
  /** Whether this operation's response carries `page_number` (users, meetings, registrants do). */
  withPageNumber: boolean;
}

export interface Paginator {
  /**
   * Cuts one page from `items`, which must be sorted by `keyOf` ascending with unique keys (see `sortKey`).
   * Throws `SandboxHttpError` (400, code 300) for a bad `page_size`/`page_number` or an unknown/expired token.
   */
  page<T>(items: readonly T[], keyOf: (item: T) => string, query: URLSearchParams, options: PageOptions): Page<T>;
  /** Forgets every issued token. */
  reset(): void;
}

interface TokenState {
  scope: string;
  lastKey: string;
  expiresAt: number;
}

// Tokens are kept server-side (so they stay short and opaque like Zoom's); this bounds the table.
const HARD_CAP = 50_000;

/** Creates a paginator whose tokens expire `ttlMs` (default 15 min) after issue, by `clock`. */
export function createPaginator(clock: Clock, ttlMs: number = ZOOM_PAGE_TOKEN_TTL_MS): Paginator {
  const tokens = new Map<string, TokenState>();

  const issue = (scope: string, lastKey: string): string => {
    const now = clock();
    // Every token lives `ttlMs`, so the Map's insertion order is expiry order: drop expired tokens from the front,
    // and the oldest live ones when the table is full. This stops at the first keeper, so issuing stays O(1)
    // amortised instead of scanning every live token on each page (benchmarks walk thousands of pages).
    for (const [token, state] of tokens) {
      if (state.expiresAt > now && tokens.size < HARD_CAP) break;
      tokens.delete(token);
    }
    // Zoom's tokens look like "IAfJX3jsOLW7w3dokmFl84zOa0MAVGyMEB2": 35 letters and digits.
    const token = randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 35).padEnd(35, '0');
    tokens.set(token, { scope, lastKey, expiresAt: now + ttlMs });
    return token;
  };

  return {
    page(items, keyOf, query, options) {
      const pageSize = parsePositiveInt(query, 'page_size', ZOOM_PAGE_SIZE_DEFAULT, ZOOM_PAGE_SIZE_MAX);
      const tokenText = query.get('next_page_token') ?? '';
      let start = 0;
      let pageNumber: number | undefined;
      if (tokenText !== '') {
        const state = tokens.get(tokenText);
        if (!state || state.expiresAt <= clock() || state.scope !== options.scope) {
          throw zoomError(400, 300, 'The next page token is invalid or expired.');
        }
        start = firstIndexAfter(items, keyOf, state.lastKey);
      } else {
        pageNumber = parsePositiveInt(query, 'page_number', 1, Number.MAX_SAFE_INTEGER);
        start = Math.min(items.length, (pageNumber - 1) * pageSize);
      }
      const pageItems = items.slice(start, start + pageSize);
      const last = pageItems[pageItems.length - 1];
      const hasMore = start + pageItems.length < items.length && last !== undefined;
      const envelope: PageEnvelope = {
        page_count: Math.ceil(items.length / pageSize),
        ...(options.withPageNumber && pageNumber !== undefined ? { page_number: pageNumber } : {}),
        page_size: pageSize,
        total_records: items.length,
        next_page_token: hasMore ? issue(options.scope, keyOf(last)) : '',
      };
      return { items: pageItems, envelope };
    },
    reset() {
      tokens.clear();
    },
  };
}

/**
 * A sort key that orders like the tuple of its parts: numbers are zero-padded (they must be non-negative
 * integers below 10^16), strings are compared as-is, parts are separated by a character below any printable one.
 */
export function sortKey(...parts: Array<string | number>): string {
  return parts.map((part) => (typeof part === 'number' ? String(part).padStart(16, '0') : part)).join('\u0001');
}

function firstIndexAfter<T>(items: readonly T[], keyOf: (item: T) => string, lastKey: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(items[mid] as T) <= lastKey) low = mid + 1;
    else high = mid;
  }
  return low;
}

function parsePositiveInt(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw validationFailed([{ field: name, message: INVALID_FIELD }]);
  }
  return value;
}
