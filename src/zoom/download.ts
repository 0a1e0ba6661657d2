import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { ZoomError } from './errors.ts';
import type { AccessToken } from './token/types.ts';

/**
 * Downloading a cloud recording file. A file's `download_url` (on a Zoom web host such as `zoom.us` or
 * `us05web.zoom.us`) takes the API's bearer token and redirects to a short-lived signed URL on Zoom's storage; the
 * token is sent to the download URL only, never along a redirect, so no other host ever sees it. Byte ranges are
 * passed through, so a player can seek.
 * @see https://developers.zoom.us/docs/api/rest/reference/cloud-recording/methods/#operation/recordingGet
 */

/** What a download answered: 200 (whole file), 206 (one range) or 416 (range not satisfiable). */
export interface ZoomDownload {
  status: 200 | 206 | 416;
  /** `content-type`, `content-length`, `content-range`, `accept-ranges`, `last-modified`, `etag` when Zoom sent them. */
  headers: Record<string, string>;
  /** The bytes; consume or destroy it. */
  body: Readable;
}

/** Options of one download. */
export interface ZoomDownloadOptions {
  /** The `Range` header to pass on (`bytes=0-1023`); only a single `bytes=` range is passed. */
  range?: string;
  /** Aborts the download (e.g. the browser went away). */
  signal?: AbortSignal;
}

/** What {@link downloadRecordingFile} needs from the client. */
export interface DownloadDeps {
  dispatcher: Dispatcher;
  getToken(signal: AbortSignal | undefined): Promise<AccessToken>;
  /** Origins besides Zoom's web hosts whose download URLs take the token: the configured API's (the sandbox). */
  trustedOrigins: readonly string[];
  userAgent: string;
  /** Time allowed until the answer's headers arrive, in milliseconds (the body then streams as long as it takes). */
  timeoutMs: number;
}

/** Headers passed on from Zoom's answer; nothing else (no cookies, no storage internals) reaches the caller. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'] as const;

/** Redirects followed at most (Zoom uses one, to its storage). */
const MAX_REDIRECTS = 3;

/**
 * Whether `url` may receive the gateway's token: https on a Zoom web host (`zoom.us` or a subdomain), or one of
 * the trusted origins. Any other URL would hand a Zoom token to a stranger.
 */
export function isZoomDownloadUrl(url: URL, trustedOrigins: readonly string[]): boolean {
  if (trustedOrigins.includes(url.origin)) return true;
  return url.protocol === 'https:' && (url.hostname === 'zoom.us' || url.hostname.endsWith('.zoom.us'));
}

/**
 * Downloads one recording file: the token goes to the download URL; redirects are followed without it. Fails with
 * a `ZoomError`: `INVALID_REQUEST` for a URL that may not receive the token, `UNAUTHORIZED` (401),
 * `HTTP_ERROR` (404 once the file is gone, other statuses), `TIMEOUT`/`NETWORK`.
 */
export async function downloadRecordingFile(deps: DownloadDeps, downloadUrl: string, options: ZoomDownloadOptions = {}): Promise<ZoomDownload> {
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    throw new ZoomError('INVALID_REQUEST', 'the recording download URL is not a URL');
  }
  if (!isZoomDownloadUrl(url, deps.trustedOrigins)) {
    throw new ZoomError('INVALID_REQUEST', `refusing to send the Zoom token to ${url.origin}: not a Zoom download host`);
  }
  const range = options.range !== undefined && /^bytes=\d*-\d*$/.test(options.range.trim()) ? options.range.trim() : undefined;
  const token = await deps.getToken(options.signal);
  const where = `GET ${url.origin}${url.pathname.replace(/[^/]+$/, '…')}`;
  let target = url;
  let withToken = true;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await send(deps, target, {
      'user-agent': deps.userAgent,
      ...(withToken ? { authorization: `Bearer ${token.value}` } : {}),
      ...(range === undefined ? {} : { range }),
    }, options.signal, where);
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers['location'] !== undefined) {
      discard(res.body);
      const location = String(res.headers['location']);
      target = new URL(location, target);
      if (target.protocol !== 'https:' && !deps.trustedOrigins.includes(target.origin)) {
        throw new ZoomError('INVALID_RESPONSE', `${where}: Zoom redirected to a plain-http URL`, { status: res.statusCode });
      }
      // The signed storage URL authenticates itself: the token stays with Zoom's own host.
      withToken = false;
      continue;
    }
    if (res.statusCode === 200 || res.statusCode === 206 || res.statusCode === 416) {
      const headers: Record<string, string> = {};
      for (const name of PASSED_HEADERS) {
        const value = res.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      return { status: res.statusCode, headers, body: res.body };
    }
    discard(res.body);
    const code = res.statusCode === 401 ? 'UNAUTHORIZED' : 'HTTP_ERROR';
    throw new ZoomError(code, `${where}: Zoom answered ${res.statusCode}`, { status: res.statusCode, method: 'GET' });
  }
  throw new ZoomError('INVALID_RESPONSE', `${where}: more than ${MAX_REDIRECTS} redirects`);
}

async function send(deps: DownloadDeps, url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, where: string): Promise<Dispatcher.ResponseData> {
  try {
    return await request(url, {
      dispatcher: deps.dispatcher,
      method: 'GET',
      headers,
      headersTimeout: deps.timeoutMs,
      // A paused player may leave the stream idle for a while; the caller's signal ends it.
      bodyTimeout: 0,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw new ZoomError('ABORTED', `${where}: the download was cancelled`, { cause: error });
    const isTimeout = (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT';
    throw new ZoomError(isTimeout ? 'TIMEOUT' : 'NETWORK', `${where}: ${isTimeout ? 'no answer in time' : 'the connection failed'}`, { cause: error });
  }
}

/** Drops a body we will not read; undici reports the cut as an error, which nobody needs to hear. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
