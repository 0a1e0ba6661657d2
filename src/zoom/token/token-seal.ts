import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Version tag of the sealed format, so a later format can be told apart (and an older one ignored). */
const FORMAT = 'v1';
/** HKDF salt: fixed and public; it separates these keys from any other use of the same secret. */
const SALT = 'zoom-graphql-gateway/token-store/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens a token for storage; see {@link createTokenSeal}. */
export interface TokenSeal {
  /** `plaintext` encrypted and authenticated: `v1.<iv>.<ciphertext>.<tag>` (base64url parts). */
  seal(plaintext: string): string;
  /**
   * The plaintext, or `undefined` when `sealed` was not made by a seal with the same secret and context (another
   * app's credentials, a rotated secret, tampering, another format): the caller treats that as "no token".
   */
  open(sealed: string): string | undefined;
}

/**
 * AES-256-GCM with a key derived by HKDF-SHA256 from `secret` (the Zoom app's client secret), bound to `context`
 * (the store key) as both HKDF info and GCM additional data. Someone who can read the shared store (Redis) but does
 * not hold the Zoom credentials can neither use a stored token nor move it to another key; a changed byte fails the
 * GCM tag. A fresh random 96-bit IV per seal (NIST SP 800-38D §8.2.2: safe far beyond the few tokens an hour sealed here).
 */
export function createTokenSeal(secret: string, context: string): TokenSeal {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('createTokenSeal: secret must be a non-empty string');
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, context, 32));
  const aad = Buffer.from(context, 'utf8');

  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [FORMAT, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== FORMAT) return undefined;
      const [iv, ciphertext, tag] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
