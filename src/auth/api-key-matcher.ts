import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResolvedApiKey } from './options.ts';

/** Longest API key accepted, in characters; longer input is refused before hashing. */
export const MAX_API_KEY_LENGTH = 512;

/** The hex SHA-256 of an API key's UTF-8 bytes: the value to put in configuration. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Finds the configured key whose digest equals the presented key's digest.
 *
 * Every configured digest is compared, with `timingSafeEqual` over equal-length (32-byte) buffers, and the
 * loop never exits early, so the time taken says nothing about which key (if any) matched or how much of it.
 */
export function matchApiKey(presented: string, keys: readonly ResolvedApiKey[]): ResolvedApiKey | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let match: ResolvedApiKey | undefined;
  for (const key of keys) {
    const isEqual = timingSafeEqual(digest, key.digest);
    // Branch-free selection would be overkill in JS; the assignment below costs the same either way.
    match = isEqual ? key : match;
  }
  return match;
}
