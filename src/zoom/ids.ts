/**
 * The shapes of Zoom's identifiers, checked before a value becomes a path parameter or binds a caller. Each kind has
 * one predicate, so the GraphQL arguments (src/graphql/ids.ts) and caller bindings (src/auth) agree on what an id is.
 */

/**
 * Values Zoom reads as keywords in a `userId` path parameter rather than as a user: `me` is the user the token acts
 * for (for an account-level app, the account owner). Compared case-insensitively, so no spelling of one can pass as
 * an id or bind a caller.
 * @see https://developers.zoom.us/docs/api/rest/reference/user/methods/#operation/user
 */
export const ZOOM_USER_KEYWORDS: ReadonlySet<string> = new Set(['me']);

/** Longest email address accepted (RFC 5321 §4.5.3.1.3: 254 octets in a path). */
export const MAX_EMAIL_LENGTH = 254;

/** A Zoom user id: base64url characters (22 today); generous in length, strict in alphabet, never a keyword. */
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** One dot-atom local part, `@`, and a domain of dot-separated labels with a dot in it (no IP literals, no quotes). */
const EMAIL = /^[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A meeting number: digits only (9 to 11 today; int64 on the wire). */
const MEETING_ID = /^\d{1,19}$/;
/** A meeting instance UUID: 16 bytes in standard base64, 24 characters ending `==` (may hold `/` and `+`). */
const MEETING_UUID = /^[A-Za-z0-9+/]{22}==$/;

export function isZoomUserKeyword(value: string): boolean {
  return ZOOM_USER_KEYWORDS.has(value.toLowerCase());
}

/** Whether `value` has the shape of a Zoom user id (and is no keyword such as `me`). */
export function isZoomUserId(value: string): boolean {
  return USER_ID.test(value) && !isZoomUserKeyword(value);
}

/** Whether `value` is a plain email address (`local@domain.tld`), as Zoom accepts in a `userId` path parameter. */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);
}

/** Whether `value` is a numeric Zoom meeting id. */
export function isMeetingId(value: string): boolean {
  return MEETING_ID.test(value);
}

/** Whether `value` is a Zoom meeting instance UUID. */
export function isMeetingUuid(value: string): boolean {
  return MEETING_UUID.test(value);
}
