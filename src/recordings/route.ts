import type { FastifyInstance } from 'fastify';
import { discard, isZoomError, type ZoomDownload, type ZoomDownloadOptions } from '../zoom/index.ts';
import { RECORDING_LINK_PATH, type PlayableLinks } from './playable-links.ts';

/**
 * Stable codes of the recording route's refusals, in the JSON body `{ code, message }`:
 * - `RECORDING_LINK_INVALID` (403): the link was altered, truncated or signed with another key;
 * - `RECORDING_LINK_EXPIRED` (410): the link outlived `RECORDING_LINK_TTL_MINUTES`; ask for a new one;
 * - `RECORDING_NOT_FOUND` (404): Zoom no longer has the file (trashed or deleted since the link was made);
 * - `UPSTREAM_UNAVAILABLE` (502): Zoom failed, timed out or refused the gateway's token.
 */
export type RecordingRouteCode = 'RECORDING_LINK_INVALID' | 'RECORDING_LINK_EXPIRED' | 'RECORDING_NOT_FOUND' | 'UPSTREAM_UNAVAILABLE';

/** What the route needs: the link checker and a way to stream a file from Zoom. */
export interface RecordingRouteDeps {
  links: PlayableLinks;
  zoom: { download(downloadUrl: string, options?: ZoomDownloadOptions): Promise<ZoomDownload> };
}

/**
 * `GET` (and `HEAD`) `/recordings/{fileId}?t={token}`: checks the signed link, then streams the file from Zoom with
 * the gateway's token, passing the browser's `Range` through so a video player can seek (206 with Zoom's
 * `Content-Range`, 416 when unsatisfiable). The link is the credential (a `<video src>` sends no header), so the
 * route needs no caller authentication; no Zoom token or Zoom URL appears in any answer.
 */
export function registerRecordingRoute(app: FastifyInstance, deps: RecordingRouteDeps): void {
  app.get<{ Params: { fileId: string }; Querystring: { t?: string } }>(`${RECORDING_LINK_PATH}/:fileId`, async (request, reply) => {
    const refuse = (status: number, code: RecordingRouteCode, message: string) => {
      void reply.header('cache-control', 'no-store');
      return reply.code(status).send({ code, message });
    };
    const check = deps.links.verify(request.params.fileId, typeof request.query.t === 'string' ? request.query.t : '');
    if (!check.ok) {
      return check.code === 'RECORDING_LINK_EXPIRED'
        ? refuse(410, check.code, 'This recording link has expired; ask for a new one.')
        : refuse(403, check.code, 'This recording link is not valid.');
    }
    // The browser leaving (closing the tab, seeking elsewhere) ends the download from Zoom too.
    const controller = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    let download: ZoomDownload;
    try {
      download = await deps.zoom.download(check.target.downloadUrl, {
        ...(request.headers.range === undefined ? {} : { range: request.headers.range }),
        signal: controller.signal,
      });
    } catch (error) {
      if (isZoomError(error) && error.status === 404) return refuse(404, 'RECORDING_NOT_FOUND', 'Zoom no longer has this recording file.');
      request.log.warn({ err: error }, 'recording download from Zoom failed');
      return refuse(502, 'UPSTREAM_UNAVAILABLE', 'Zoom could not deliver this recording file.');
    }
    const secondsLeft = Math.max(0, Math.floor((check.expiresAt.getTime() - Date.now()) / 1000));
    void reply.headers({ ...download.headers, 'cache-control': `private, max-age=${secondsLeft}`, 'referrer-policy': 'no-referrer' });
    if (!download.headers['accept-ranges']) void reply.header('accept-ranges', 'bytes');
    if (request.method === 'HEAD') {
      discard(download.body);
      return reply.code(download.status).send();
    }
    return reply.code(download.status).send(download.body);
  });
}
