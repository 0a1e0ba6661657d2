import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ZOOM_PAGE_TOKEN_TTL_MS } from '../zoom/operations.ts';
import { GatewayError, isPageTokenRejection, type GatewayErrorDetails } from './errors.ts';

/**
 * What a connection cursor holds: enough to resume a Zoom list right after one edge.
 *
 * Zoom paginates with `next_page_token`, which only points at page boundaries. An edge in the middle of a page is
 * resumed by re-fetching its page (same token, same page size) and skipping the edges before it.
 */
export interface CursorState {
  /** The Zoom `next_page_token` that fetches the page to resume in; `""` is the first page. */
  token: string;
  /** How many items of that page come before the resume point. */
  offset: number;
  /** The Zoom `page_size` the page was fetched with; offsets only line up with the same size. */
  pageSize: number;
  /** When the gateway received `token` from Zoom, in epoch milliseconds. */
  issuedAt: number;
  /** Fingerprint of the list (its parent and filters), so a cursor cannot be replayed on another list. */
  scope: string;
}

const CURSOR_VERSION = 2;

/**
 * The server secret cursors are signed with (HMAC-SHA256), at least {@link MIN_CURSOR_SECRET_BYTES} bytes. A cursor
 * signed under another key (another gateway without the same `CURSOR_SECRET`, or before a restart with a generated
 * one) is refused as `INVALID_CURSOR`.
 */
export type CursorKey = Uint8Array;
/** Shortest cursor secret accepted: as long as the HMAC-SHA256 output (RFC 2104 §3). */
export const MIN_CURSOR_SECRET_BYTES = 32;
/** Characters of the base64url MAC a cursor carries: 22, that is 132 bits of HMAC-SHA256. */
const MAC_LENGTH = 22;

/**
 * The key cursors are signed with: from the configured secret, or 32 random bytes made at start (cursors then die
 * with the process and are not understood by other instances: several instances must share `CURSOR_SECRET`).
 */
export function createCursorKey(secret?: string): CursorKey {
  if (secret === undefined) return new Uint8Array(randomBytes(MIN_CURSOR_SECRET_BYTES));
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_CURSOR_SECRET_BYTES) {
    throw new TypeError(`createCursorKey: expected a secret of at least ${MIN_CURSOR_SECRET_BYTES} bytes, got ${key.byteLength}.`);
  }
  return key;
}

function macOf(payload: string, key: CursorKey): string {
  return createHmac('sha256', key).update(`zgw-cursor.${payload}`).digest('base64url').slice(0, MAC_LENGTH);
}

/**
 * Zoom's page tokens live 15 minutes from issue; the gateway notes `issuedAt` just after Zoom answered, so it
 * treats a token as expired slightly early rather than spend a call on a token Zoom will refuse.
 * @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export const CURSOR_EXPIRY_MARGIN_MS = 30_000;

const wireSchema = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  t: z.string().max(4096),
  o: z.number().int().min(0).max(300),
  p: z.number().int().min(1).max(300),
  i: z.number().int().min(0),
  s: z.string().max(64),
});

/**
 * Opaque, URL-safe encoding of a cursor: its state, then `.` and an HMAC of it under `key`. The state holds the
 * list's scope, so the MAC binds the cursor to the list and its arguments; nothing in it can be changed or forged
 * without the key (issue 12: a forged offset or page size made a field cost more calls than estimated).
 */
export function encodeCursor(state: CursorState, key: CursorKey): string {
  const wire = { v: CURSOR_VERSION, t: state.token, o: state.offset, p: state.pageSize, i: Math.floor(state.issuedAt), s: state.scope };
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${payload}.${macOf(payload, key)}`;
}

/**
 * Decodes and checks an `after` cursor before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` (reason `INVALID_CURSOR`) when it is not a cursor of this list,
 *   `CURSOR_EXPIRED` when its Zoom page token is too old to use.
 */
export function decodeCursor(cursor: string, expected: { scope: string; now: number; key: CursorKey }): CursorState {
  const invalid = (why: string) =>
    new GatewayError('BAD_USER_INPUT', `The cursor passed as \`after\` is not valid: ${why}.`, {
      reason: 'INVALID_CURSOR',
      argument: 'after',
    });
  const match = cursor.length > 8192 ? null : /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (match === null) throw invalid('it is not a cursor this gateway issued');
  const [, payload, mac] = match as unknown as [string, string, string];
  // Checked before anything in it is read: a cursor this gateway did not sign is refused whatever it says.
  if (!timingSafeEqual(Buffer.from(mac), Buffer.from(macOf(payload, expected.key)))) {
    throw invalid('it is not a cursor this gateway issued, or it was altered');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a cursor this gateway issued');
  }
  const result = wireSchema.safeParse(parsed);
  if (!result.success) throw invalid('it is not a cursor this gateway issued');
  const wire = result.data;
  if (wire.s !== expected.scope) throw invalid('it belongs to a different list or different filters');
  if (wire.t !== '' && expected.now - wire.i >= ZOOM_PAGE_TOKEN_TTL_MS - CURSOR_EXPIRY_MARGIN_MS) {
    throw cursorExpired('The cursor passed as `after` has expired (Zoom page tokens live 15 minutes).');
  }
  return { token: wire.t, offset: wire.o, pageSize: wire.p, issuedAt: wire.i, scope: wire.s };
}

/** A short, stable fingerprint of a list's identity (e.g. `['meetings', userId, 'scheduled', from, to]`). */
export function cursorScope(parts: ReadonlyArray<string | number | null | undefined>): string {
  const text = JSON.stringify(parts.map((part) => part ?? null));
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/**
 * Wraps a connection's `fetchPage` so that Zoom refusing the page token a request carried (see
 * `isPageTokenRejection`) answers `CURSOR_EXPIRED`, as a cursor the gateway itself knows to be too old does, and
 * not a generic `BAD_USER_INPUT`. The gateway's own clock cannot see every such token: Zoom may drop one early,
 * or the clocks may disagree. A first page carries no token and is never affected.
 * @see https://developers.zoom.us/docs/api/rest/pagination/
 */
export function withPageTokenExpiry<R extends { pageToken: string }, P>(
  fetchPage: (request: R) => Promise<P>,
): (request: R) => Promise<P> {
  return async (request) => {
    try {
      return await fetchPage(request);
    } catch (error) {
      if (request.pageToken === '' || !isPageTokenRejection(error)) throw error;
      throw cursorExpired('Zoom refused the page token of the cursor passed as `after` as invalid or expired.', {
        reason: 'ZOOM_REJECTED_PAGE_TOKEN',
        zoomCode: error.zoomCode,
        zoomStatus: error.status,
        cause: error,
      });
    }
  };
}

/** `CURSOR_EXPIRED` on `after`: the one answer for a cursor whose Zoom page token can no longer be used. */
function cursorExpired(why: string, details: GatewayErrorDetails = {}): GatewayError {
  return new GatewayError('CURSOR_EXPIRED', `${why} Fetch the list again from the start.`, { argument: 'after', ...details });
}
