import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createSeededRandom, hashSeed } from './random.ts';
import type { SandboxStats } from './stats.ts';
import type { Clock, SandboxModel } from './types.ts';

/**
 * Zoom's recording downloads, as the sandbox serves them. A file's `download_url` (`/rec/download/{token}`) takes
 * the API's bearer token and answers 302 to a short-lived signed storage URL (`/rec/cdn/{token}?expires=&signature=`),
 * as Zoom's does to its storage: the storage URL refuses a request that still carries an `Authorization` header
 * (400, as S3-style storage refuses two auth mechanisms), so a client that forwards its token there is caught.
 * Storage answers honour single byte ranges (206 with `Content-Range`, 416 when unsatisfiable) so players can seek.
 * The bytes are a deterministic pattern per file (see {@link sandboxFileBytes}); nothing is held in memory.
 * @see https://developers.zoom.us/docs/api/rest/reference/cloud-recording/methods/#operation/recordingGet
 */

/** Lifetime of a storage URL the download redirect hands out, in milliseconds of the sandbox clock. */
export const SANDBOX_STORAGE_URL_TTL_MS = 60_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  MP4: 'video/mp4',
  M4A: 'audio/mp4',
  VTT: 'text/vtt',
  TXT: 'text/plain; charset=utf-8',
  JSON: 'application/json',
  CSV: 'text/csv',
};

const BLOCK = 4096;

/** The bytes `[start, end)` of a sandbox recording file: a seeded 4 KiB block, varied per block index. */
export function sandboxFileBytes(token: string, start: number, end: number): Buffer {
  const block = createSeededRandom(hashSeed(`file:${token}`)).bytes(BLOCK);
  const out = Buffer.allocUnsafe(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) {
    const offset = start + i;
    out[i] = (block[offset % BLOCK] ?? 0) ^ (Math.floor(offset / BLOCK) & 0xff);
  }
  return out;
}

/** What the download handler needs from the shell. */
export interface DownloadDeps {
  model: SandboxModel;
  stats: SandboxStats;
  clock: Clock;
  /** Whether the request's `Authorization` is a live API token. */
  isAuthorized(authorization: string | undefined): Promise<boolean>;
  origin(): string;
}

/** Serves `/rec/download/{token}` and `/rec/cdn/{token}`; returns false for any other path. */
export function createDownloadHandler(deps: DownloadDeps): (req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string) => Promise<boolean> {
  const signingKey = randomBytes(32);
  const sign = (token: string, expires: number): string => createHmac('sha256', signingKey).update(`${token}:${expires}`).digest('hex');

  return async (req, res, path, rawQuery) => {
    const match = /^\/rec\/(download|cdn)\/([A-Za-z0-9_-]+)$/.exec(path);
    if (!match) return false;
    const [, kind, token] = match as unknown as [string, 'download' | 'cdn', string];
    const method = req.method ?? 'GET';
    const operation = kind === 'download' ? 'download' : 'download-file';
    const record = (status: number) =>
      deps.stats.record({ method, path: `/rec/${kind}/${token.slice(0, 8)}...`, query: '', auth: 'none', operation, status, timestamp: deps.clock() });
    const json = (status: number, body: unknown) => {
      record(status);
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (method !== 'GET' && method !== 'HEAD') {
      json(405, { code: 405, message: 'Method not allowed.' });
      return true;
    }
    const file = deps.model.recordingDownload?.(token);

    if (kind === 'download') {
      if (!(await deps.isAuthorized(req.headers.authorization))) {
        json(401, { code: 124, message: 'Invalid access token.' });
        return true;
      }
      if (!file) {
        json(404, { code: 3301, message: 'There is no recording for this meeting.' });
        return true;
      }
      const expires = deps.clock() + SANDBOX_STORAGE_URL_TTL_MS;
      record(302);
      res.writeHead(302, { Location: `${deps.origin()}/rec/cdn/${token}?expires=${expires}&signature=${sign(token, expires)}`, 'Content-Length': 0 });
      res.end();
      return true;
    }

    const query = new URLSearchParams(rawQuery);
    const expires = Number(query.get('expires'));
    const signature = Buffer.from(query.get('signature') ?? '', 'hex');
    const expected = Buffer.from(sign(token, expires), 'hex');
    if (!Number.isFinite(expires) || signature.length !== expected.length || !timingSafeEqual(signature, expected) || deps.clock() > expires) {
      json(403, { code: 403, message: 'Request has expired or the signature does not match.' });
      return true;
    }
    if (req.headers.authorization !== undefined) {
      json(400, { code: 400, message: 'Only one auth mechanism allowed; the signed URL already authenticates this request.' });
      return true;
    }
    if (!file) {
      json(404, { code: 3301, message: 'There is no recording for this meeting.' });
      return true;
    }
    const range = parseRange(req.headers.range, file.size);
    const headers: Record<string, string | number> = {
      'Content-Type': CONTENT_TYPES[file.extension] ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
    };
    if (range === 'unsatisfiable') {
      record(416);
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${file.size}`, 'Content-Length': 0 });
      res.end();
      return true;
    }
    const [start, end] = range ?? [0, file.size];
    const status = range === undefined ? 200 : 206;
    record(status);
    res.writeHead(status, {
      ...headers,
      'Content-Length': end - start,
      ...(range === undefined ? {} : { 'Content-Range': `bytes ${start}-${end - 1}/${file.size}` }),
    });
    if (method === 'HEAD') {
      res.end();
      return true;
    }
    await pipeline(Readable.from(chunks(token, start, end)), res).catch(() => undefined);
    return true;
  };
}

/** The file's bytes in 64 KiB chunks, generated as the socket drains. */
function* chunks(token: string, start: number, end: number): Generator<Buffer> {
  for (let at = start; at < end; at += 65_536) yield sandboxFileBytes(token, at, Math.min(end, at + 65_536));
}

/**
 * One `bytes=` range as `[start, end)`; `undefined` for no (or an ignorable multi-) range, `'unsatisfiable'` when
 * it starts past the end. RFC 9110 section 14.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size];
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size : Math.min(size, Number(last) + 1);
  if (end <= start) return undefined;
  return [start, end];
}
