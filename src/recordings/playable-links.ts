import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The gateway's own short-lived links to recording files: `/recordings/{fileId}?t={payload}.{signature}`, where the
 * payload (base64url JSON) names the file, its meeting instance and Zoom's `download_url`, and when the link
 * expires; the signature is HMAC-SHA256 over the path's file id and the payload. A browser's video element can
 * use the link as it is (no header to send); the gateway streams the file from Zoom with its own token, which never
 * appears in the link. A link is bound to its file: changing any byte of it, or moving the payload to another file
 * id, fails the signature.
 */

/** The route prefix of playable links. */
export const RECORDING_LINK_PATH = '/recordings';

/** The file a link plays. */
export interface RecordingLinkTarget {
  /** Zoom's recording file id. */
  fileId: string;
  /** The recorded meeting instance's UUID. */
  meetingUuid: string;
  /** Zoom's `download_url` of the file. */
  downloadUrl: string;
}

/** A link handed out. */
export interface SignedRecordingLink {
  /** Path and token, relative to the gateway's origin: `/recordings/{fileId}?t={token}`. */
  path: string;
  expiresAt: Date;
}

/** Why a link is refused: a stable code for clients. */
export type RecordingLinkRefusal = 'RECORDING_LINK_INVALID' | 'RECORDING_LINK_EXPIRED';

export type RecordingLinkCheck = { ok: true; target: RecordingLinkTarget; expiresAt: Date } | { ok: false; code: RecordingLinkRefusal };

/** Options of {@link createPlayableLinks}. */
export interface PlayableLinksOptions {
  /** Minutes a link stays valid. */
  ttlMinutes: number;
  /** HMAC key; default a random 32-byte key for this process. */
  secret?: string | null;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/** Signs and checks playable links. */
export interface PlayableLinks {
  sign(target: RecordingLinkTarget): SignedRecordingLink;
  /** Checks a request's `{fileId}` path segment and `t` query parameter. */
  verify(fileId: string, token: string): RecordingLinkCheck;
}

interface Payload {
  /** meeting UUID */
  m: string;
  /** download URL */
  u: string;
  /** expiry, epoch seconds */
  e: number;
}

/** Creates the signer; the key is fixed for its lifetime. */
export function createPlayableLinks(options: PlayableLinksOptions): PlayableLinks {
  if (!Number.isInteger(options.ttlMinutes) || options.ttlMinutes < 1) {
    throw new TypeError(`createPlayableLinks: ttlMinutes must be a whole number of minutes >= 1, got ${String(options.ttlMinutes)}`);
  }
  const key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
  const now = options.now ?? Date.now;
  const mac = (fileId: string, payload: string): Buffer => createHmac('sha256', key).update(`v1\n${fileId}\n${payload}`).digest();

  return {
    sign(target) {
      const expiresAt = Math.floor(now() / 1000) + options.ttlMinutes * 60;
      const payload = Buffer.from(JSON.stringify({ m: target.meetingUuid, u: target.downloadUrl, e: expiresAt } satisfies Payload)).toString('base64url');
      const token = `${payload}.${mac(target.fileId, payload).toString('base64url')}`;
      // The token rides in the query: path segments are kept short by servers (fastify's default is 100 characters).
      return { path: `${RECORDING_LINK_PATH}/${encodeURIComponent(target.fileId)}?t=${token}`, expiresAt: new Date(expiresAt * 1000) };
    },
    verify(fileId, token) {
      const dot = token.indexOf('.');
      if (dot <= 0) return { ok: false, code: 'RECORDING_LINK_INVALID' };
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(fileId, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'RECORDING_LINK_INVALID' };
      let parsed: Payload;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
      } catch {
        return { ok: false, code: 'RECORDING_LINK_INVALID' };
      }
      if (typeof parsed.m !== 'string' || typeof parsed.u !== 'string' || typeof parsed.e !== 'number') return { ok: false, code: 'RECORDING_LINK_INVALID' };
      // Checked after the signature: an altered link says INVALID, never whether it would have expired.
      if (now() >= parsed.e * 1000) return { ok: false, code: 'RECORDING_LINK_EXPIRED' };
      return { ok: true, target: { fileId, meetingUuid: parsed.m, downloadUrl: parsed.u }, expiresAt: new Date(parsed.e * 1000) };
    },
  };
}
