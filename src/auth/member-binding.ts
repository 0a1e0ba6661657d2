import { isEmailAddress, isZoomUserId } from '../zoom/ids.ts';
import type { MemberBinding } from './options.ts';

/**
 * The Zoom user a binding value names, when it is a valid value of its declared type: an email address for
 * `email`, a Zoom user id for `zoomUserId`. Anything else is refused, `me` and other Zoom keywords above all: as a
 * `userId` path parameter `me` is the user the gateway's own Zoom credentials act for, the account owner, so a token
 * whose binding claim says `me` would act as the owner (issue 12). A user id in an email claim is refused too, or
 * a member could bind itself to any user whose id it knows.
 */
export function parseBindingValue(value: unknown, as: MemberBinding['as']): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return (as === 'email' ? isEmailAddress(trimmed) : isZoomUserId(trimmed)) ? trimmed : undefined;
}

/** The binding kind a configured API key's Zoom user has: an `@` makes it an email, anything else a user id. */
export function bindingKindOf(value: string): MemberBinding['as'] {
  return value.includes('@') ? 'email' : 'zoomUserId';
}
