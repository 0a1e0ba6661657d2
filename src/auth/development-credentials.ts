import { randomBytes } from 'node:crypto';
import { hashApiKey } from './api-key-matcher.ts';
import type { ApiKeyEntry } from './options.ts';

/** Prefix of generated development keys, so a leaked one is recognisable in a secret scanner. */
export const DEVELOPMENT_API_KEY_PREFIX = 'zgw_dev_';
/** Name (and caller `subject`) of the generated key. */
export const DEVELOPMENT_API_KEY_NAME = 'development';

export interface DevelopmentCredentials {
  /** The plaintext key: print it once beside the playground URL and preconfigure the playground with it. */
  readonly apiKey: string;
  /** The admin entry to pass in `apiKeys` of `createCallerAuthenticator`; it holds only the hash. */
  readonly entry: ApiKeyEntry;
}

/**
 * For sandbox mode: a fresh random admin API key (256 bits, base64url) per process start, so the first run works
 * without configuration while authentication stays on. The key is never stored; restart to rotate it.
 */
export function createDevelopmentCredentials(): DevelopmentCredentials {
  const apiKey = `${DEVELOPMENT_API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return Object.freeze({
    apiKey,
    entry: Object.freeze({ name: DEVELOPMENT_API_KEY_NAME, sha256: hashApiKey(apiKey), role: 'admin' as const }),
  });
}
