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
