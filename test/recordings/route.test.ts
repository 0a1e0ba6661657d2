import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlayableLinks, registerRecordingRoute, type PlayableLinks } from '../../src/recordings/index.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { sandboxFileBytes } from '../../src/sandbox/downloads.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createZoomClient, type ZoomRestClient } from '../../src/zoom/index.ts';
import type { ZoomRecordingFile, ZoomRecordingPage } from '../../src/zoom/wire.ts';
import { testConfig } from '../server/helpers.ts';

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);

/** The playable link route over the sandbox: ranges, expiry, tampering, and no Zoom token anywhere. */
describe('the /recordings route', () => {
  let sandbox: Sandbox;
  let zoom: ZoomRestClient;
  let app: FastifyInstance;
  let links: PlayableLinks;
  let now = NOW;
  let base: string;
  let recording: ZoomRecordingPage['meetings'][number];
  let video: ZoomRecordingFile;
  let accessToken = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, rateLimits: 'unlimited', tokenTtlSeconds: 86_400, data: { users: 30 } });
    zoom = createZoomClient({
      auth: { type: 's2s', ...sandbox.credentials, oauthUrl: sandbox.oauthUrl },
      apiUrl: sandbox.apiUrl,
      now: () => NOW,
      onCredential: (token) => (accessToken = token),
    });
    const page = await zoom.call('recordingsList', { path: { userId: 'me' }, query: { from: '2026-10-29', to: '2026-11-28' } });
    recording = page.meetings[0]!;
    video = recording.recording_files.find((f) => f.file_type === 'MP4')!;
    links = createPlayableLinks({ ttlMinutes: 10, now: () => now });
    app = Fastify();
    registerRecordingRoute(app, { links, zoom });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await zoom.close();
    await sandbox.close();
  });

  const linkTo = (file: ZoomRecordingFile) => `${base}${links.sign({ fileId: file.id, meetingUuid: recording.uuid, downloadUrl: file.download_url }).path}`;
  const token = (file: ZoomRecordingFile) => file.download_url.slice(file.download_url.lastIndexOf('/') + 1);

  it('streams a range with a correct 206 and Content-Range, as a seeking video player asks', async () => {
    sandbox.stats.reset();
    const response = await fetch(linkTo(video), { headers: { range: 'bytes=1048576-1114111' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 1048576-1114111/${video.file_size}`);
    expect(response.headers.get('content-length')).toBe('65536');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(sandboxFileBytes(token(video), 1_048_576, 1_114_112))).toBe(true);
    // One token-bearing request to the download URL, one token-less one to storage; no API call at all.
    expect(sandbox.stats.count('download', 302)).toBe(1);
    expect(sandbox.stats.count('download-file', 206)).toBe(1);
    expect(sandbox.stats.apiCalls()).toBe(0);
  });

  it('serves a small file whole, an open-ended and a suffix range, and 416 past the end', async () => {
    const small = recording.recording_files.find((f) => f.file_type === 'M4A')!;
    const whole = await fetch(linkTo(small));
    expect(whole.status).toBe(200);
    expect(Number(whole.headers.get('content-length'))).toBe(small.file_size);
    await whole.body?.cancel();
    const tail = await fetch(linkTo(small), { headers: { range: 'bytes=-100' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${small.file_size - 100}-${small.file_size - 1}/${small.file_size}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(sandboxFileBytes(token(small), small.file_size - 100, small.file_size))).toBe(true);
    const beyond = await fetch(linkTo(small), { headers: { range: `bytes=${small.file_size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${small.file_size}`);
  });

  it('refuses an expired link with 410 RECORDING_LINK_EXPIRED and an altered one with 403 RECORDING_LINK_INVALID, before any Zoom request', async () => {
    const link = linkTo(video);
    sandbox.stats.reset();
    const altered = link.replace(/(\?t=.{10})(.)/, (_, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`);
    const refusedAltered = await fetch(altered);
    expect(refusedAltered.status).toBe(403);
    expect(await refusedAltered.json()).toMatchObject({ code: 'RECORDING_LINK_INVALID' });
    const otherFile = link.replace(encodeURIComponent(video.id), encodeURIComponent(recording.recording_files[1]!.id));
    expect((await fetch(otherFile)).status).toBe(403);
    now += 10 * 60_000;
    const expired = await fetch(link, { headers: { range: 'bytes=0-1' } });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'RECORDING_LINK_EXPIRED' });
    now = NOW;
    expect(sandbox.stats.count('download')).toBe(0);
  });

  it('answers 404 RECORDING_NOT_FOUND once the file is trashed, and never shows a Zoom token or Zoom URL', async () => {
    const chat = recording.recording_files.at(-1)!;
    const link = linkTo(chat);
    await zoom.call('recordingFileDelete', { path: { meetingId: recording.uuid, recordingId: chat.id } });
    const gone = await fetch(link);
    expect(gone.status).toBe(404);
    const text = await gone.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'RECORDING_NOT_FOUND' });
    expect(accessToken).not.toBe('');
    for (const answer of [text, link, JSON.stringify([...(await fetch(linkTo(video), { headers: { range: 'bytes=0-0' } })).headers])]) {
      expect(answer).not.toContain(accessToken);
      expect(answer).not.toContain(sandbox.url);
    }
  });
});

describe('the gateway serves /recordings without caller credentials', () => {
  let sandbox: Sandbox;
  let gateway: Gateway;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: 'unlimited', data: { users: 30 } });
    const { accountId, clientId, clientSecret } = sandbox.credentials;
    gateway = await createGateway(
      testConfig({ ZOOM_ACCOUNT_ID: accountId, ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret, ZOOM_API_URL: sandbox.apiUrl, ZOOM_OAUTH_URL: sandbox.oauthUrl, RECORDING_LINK_TTL_MINUTES: '5' }),
    );
  });
  afterAll(async () => {
    await gateway.close();
    await sandbox.close();
  });

  it('plays a link the gateway signed, with a range, and says when it expires', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const token = await (await fetch(sandbox.oauthUrl + `?grant_type=account_credentials&account_id=${sandbox.credentials.accountId}`, {
      method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.clientId}:${sandbox.credentials.clientSecret}`).toString('base64')}` },
    })).json() as { access_token: string };
    const page = await (await fetch(`${sandbox.apiUrl}/users/me/recordings?from=${from}&to=${today}`, { headers: { authorization: `Bearer ${token.access_token}` } })).json() as ZoomRecordingPage;
    const file = page.meetings[0]!.recording_files[0]!;
    const link = gateway.recordingLinks.sign({ fileId: file.id, meetingUuid: page.meetings[0]!.uuid, downloadUrl: file.download_url });
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const response = await fetch(`${gateway.url}${link.path}`, { headers: { range: 'bytes=0-9' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-9/${file.file_size}`);
    expect((await response.arrayBuffer()).byteLength).toBe(10);
  });
});
