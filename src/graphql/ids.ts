import { isEmailAddress, isMeetingId, isMeetingUuid, isZoomUserId } from '../zoom/ids.ts';
import { GatewayError } from './errors.ts';

function invalidId(argument: string, expected: string, value: string): GatewayError {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return new GatewayError('BAD_USER_INPUT', `\`${argument}\` must be ${expected}; got "${shown}".`, { argument, reason: 'INVALID_ID' });
}

/**
 * A `userId` for Zoom: `me`, a Zoom user id or an email address (src/zoom/ids.ts). Checked before any call, so a
 * value such as `..` never becomes a path segment.
 * @throws GatewayError `BAD_USER_INPUT` (reason `INVALID_ID`)
 */
export function parseUserKey(value: string, argument = 'id'): string {
  const key = value.trim();
  if (key !== 'me' && !isZoomUserId(key) && !isEmailAddress(key)) {
    throw invalidId(argument, 'a Zoom user id, an email address or `me`', value);
  }
  return key;
}

/**
 * A numeric meeting id (Zoom's are 9 to 11 digits today; int64 on the wire). Checked before any call.
 * @throws GatewayError `BAD_USER_INPUT` (reason `INVALID_ID`)
 */
export function parseMeetingId(value: string, argument = 'id'): string {
  const key = value.trim();
  if (!isMeetingId(key)) throw invalidId(argument, 'a numeric Zoom meeting id', value);
  return key;
}

/**
 * A past meeting key: a numeric meeting id or an instance UUID (base64, may hold `/`, `+` and `=`; the client
 * double-encodes it when Zoom requires).
 * @throws GatewayError `BAD_USER_INPUT` (reason `INVALID_ID`)
 */
export function parsePastMeetingKey(value: string, argument = 'id'): string {
  const key = value.trim();
  if (!isMeetingId(key) && !isMeetingUuid(key)) {
    throw invalidId(argument, 'a numeric meeting id or a meeting instance UUID', value);
  }
  return key;
}

/** The types `node(id:)` reads, told apart by the shape of their ids (README "Ids"). */
export type NodeType = 'User' | 'Meeting' | 'PastMeeting';

/** Most ids one `nodes(ids:)` takes: each may be a Zoom call. */
export const MAX_NODE_IDS = 25;

/**
 * The type a `Node` id belongs to, from its shape alone: digits are a meeting id, 16 bytes of standard base64
 * (`==`-padded, 24 characters) an instance UUID, other base64url a user id. The shapes do not overlap (a user id
 * has no `=`, `+` or `/`; one of digits only would read as a meeting: Zoom's are 22 random characters).
 * @throws GatewayError `BAD_USER_INPUT` (reason `INVALID_ID`) for anything else, before any call.
 */
export function parseNodeId(value: string, argument = 'id'): { type: NodeType; key: string } {
  const key = value.trim();
  if (isMeetingId(key)) return { type: 'Meeting', key };
  if (isMeetingUuid(key)) return { type: 'PastMeeting', key };
  if (isZoomUserId(key)) return { type: 'User', key };
  throw invalidId(argument, 'the id of a User, Meeting or PastMeeting', value);
}

/**
 * `nodes(ids:)`'s list, checked for its length before any call.
 * @throws GatewayError `BAD_USER_INPUT` (reason `TOO_MANY_IDS`) beyond {@link MAX_NODE_IDS}
 */
export function checkNodeIds(ids: readonly string[]): readonly string[] {
  if (ids.length > MAX_NODE_IDS) {
    throw new GatewayError('BAD_USER_INPUT', `\`ids\` takes at most ${MAX_NODE_IDS} ids; got ${ids.length}.`, { argument: 'ids', reason: 'TOO_MANY_IDS' });
  }
  return ids;
}
