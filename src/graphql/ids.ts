import { GatewayError } from './errors.ts';

const MAX_KEY_LENGTH = 256;

function invalidId(argument: string, expected: string, value: string): GatewayError {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return new GatewayError('BAD_USER_INPUT', `\`${argument}\` must be ${expected}; got "${shown}".`, { argument });
}

/**
 * A `userId` for Zoom: a user id, an email address or `me`. Checked before any call.
 * @throws GatewayError `BAD_USER_INPUT`
 */
export function parseUserKey(value: string, argument = 'id'): string {
  const key = value.trim();
  if (key === '' || key.length > MAX_KEY_LENGTH || /[\s/?#]/.test(key)) {
    throw invalidId(argument, 'a Zoom user id or an email address', value);
  }
  return key;
}

/**
 * A numeric meeting id (Zoom's are 9 to 11 digits today; int64 on the wire). Checked before any call.
 * @throws GatewayError `BAD_USER_INPUT`
 */
export function parseMeetingId(value: string, argument = 'id'): string {
  const key = value.trim();
  if (!/^\d{1,19}$/.test(key)) throw invalidId(argument, 'a numeric Zoom meeting id', value);
  return key;
}

/**
 * A past meeting key: a numeric meeting id or an instance UUID (base64, may hold `/`, `+` and `=`; the client
 * double-encodes it when Zoom requires).
 * @throws GatewayError `BAD_USER_INPUT`
 */
export function parsePastMeetingKey(value: string, argument = 'id'): string {
  const key = value.trim();
  if (key === '' || key.length > MAX_KEY_LENGTH || /\s/.test(key)) {
    throw invalidId(argument, 'a numeric meeting id or a meeting instance UUID', value);
  }
  return key;
}
