import type { ZoomClient } from '../zoom/client-types.ts';
import type { ZoomUser, ZoomUserListItem } from '../zoom/wire.ts';
import { EntityLoader } from './entity-loader.ts';

/** Users by id or email (emails compare case-insensitively; ids are case-sensitive), and `me`. */
export type UserLoader = EntityLoader<ZoomUserListItem, ZoomUser>;

/**
 * Normalises a `userId` path value: Zoom accepts a user id, an email address or `me`.
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 */
export function normalizeUserKey(key: string): string {
  const trimmed = key.trim();
  return trimmed.includes('@') ? trimmed.toLowerCase() : trimmed;
}

/** Creates the per-request user loader. `GET /users/{userId}` answers the detail. */
export function createUserLoader(zoom: ZoomClient, signal?: AbortSignal): UserLoader {
  return new EntityLoader<ZoomUserListItem, ZoomUser>({
    fetchDetail: (userId) => zoom.call('user', { path: { userId }, signal }),
    keysOf: (user) => (user.email ? [user.id, normalizeUserKey(user.email)] : [user.id]),
    detailKeyOf: (user) => user.id,
    normalizeKey: normalizeUserKey,
  });
}
