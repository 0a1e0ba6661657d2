/**
 * Removes credentials from text on its way out (log lines). Two nets: credential-shaped header values
 * (`Bearer …`, `Basic …`, `ApiKey …`) whatever they hold, and the exact secret values the process knows: its
 * configured secrets and every Zoom access token it obtained. It exists for what structured redaction cannot
 * see: a secret inside an error message, such as an upstream body that echoes the token it was sent.
 */
export interface SecretScrubber {
  /** Adds values to redact. Values shorter than {@link MIN_SECRET_LENGTH} are ignored (they would redact words). */
  add(...values: ReadonlyArray<string | null | undefined>): void;
  /** `text` with every known secret and credential-shaped header value replaced by `[redacted]`. */
  scrub(text: string): string;
}

/** Shorter values are not treated as secrets: redacting them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 8;
/** How many values are remembered at most; the oldest go first (expired Zoom tokens). */
export const MAX_SECRETS = 256;

const CREDENTIAL_HEADER_VALUE = /\b(Bearer|Basic|ApiKey)(\s+)(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/g;
const REDACTED = '[redacted]';

export function createSecretScrubber(): SecretScrubber {
  // Insertion-ordered, so trimming drops the oldest.
  const secrets = new Set<string>();
  // Longest first, so a secret that contains another is replaced whole. Rebuilt on add (rare), read per line.
  let longestFirst: string[] = [];
  return {
    add(...values) {
      for (const value of values) {
        if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
        secrets.delete(value);
        secrets.add(value);
        // A secret inside a JSON log line appears escaped when it holds quotes or backslashes.
        const escaped = JSON.stringify(value).slice(1, -1);
        if (escaped !== value) secrets.add(escaped);
      }
      while (secrets.size > MAX_SECRETS) secrets.delete(secrets.values().next().value as string);
      longestFirst = [...secrets].sort((a, b) => b.length - a.length);
    },
    scrub(text) {
      let out = text.replace(CREDENTIAL_HEADER_VALUE, `$1$2${REDACTED}`);
      for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      return out;
    },
  };
}
