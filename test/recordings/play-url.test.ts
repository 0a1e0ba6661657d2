import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

/**
 * Issue 14's figure, end to end through a real gateway: a member's recordings page hands out `playUrl`s that stream
 * with a correct Content-Range for a range request, and are refused once expired or altered, before any Zoom call.
 * Only `Date` is faked (it advances with real time), so the test can move past the links' lifetime without waiting.
 */
describe('RecordingFile.playUrl, fetched', () => {
  let gw: SecuredGateway;
  const DAY_MS = 86_400_000;
  const range = {
    from: new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10),
    to: new Date(Date.now()).toISOString().slice(0, 10),
  };

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    gw = await startSecuredGateway({ env: { RECORDING_LINK_TTL_MINUTES: '5' } });
  });
  afterAll(async () => {
    await gw?.close();
    vi.useRealTimers();
  });

  interface Page { me: { recordings: { nodes: Array<{ files: Array<{ fileType: string; fileSize: number; playUrl: string }> }> } } }

  async function recordingsPage(): Promise<Page> {
    gw.sandbox.stats.reset();
    const { body } = await gw.graphql(
      'query ($from: Date, $to: Date) { me { recordings(first: 30, from: $from, to: $to) { nodes { files { fileType fileSize playUrl } } } } }',
      'member',
      range,
    );
    expect(body.errors).toBeUndefined();
    return body.data as Page;
  }

  it("a member's recordings page costs two Zoom calls, and its links stream a byte range with Content-Range", async () => {
    const page = await recordingsPage();
    const files = page.me.recordings.nodes.flatMap((node) => node.files);
    expect(files.length).toBeGreaterThan(1);
    // GET /users/{id} for the member's own user (`me`) and GET /users/{id}/recordings: no call per file or link.
    expect(gw.sandbox.stats.apiCalls()).toBe(2);
    expect(gw.sandbox.stats.count('recordingsList')).toBe(1);

    const video = files.find((file) => file.fileType === 'MP4')!;
    gw.sandbox.stats.reset();
    const response = await fetch(`${gw.url}${video.playUrl}`, { headers: { range: 'bytes=100-1123' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-1123/${video.fileSize}`);
    expect((await response.arrayBuffer()).byteLength).toBe(1024);
    // Streaming is not an API call: one authorised download request, then Zoom's storage.
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    expect(gw.sandbox.stats.count('download')).toBe(1);
  });

  it('refuses an altered link (403) and, past its lifetime, an expired one (410), without asking Zoom', async () => {
    const page = await recordingsPage();
    const link = page.me.recordings.nodes[0]!.files[0]!.playUrl;
    gw.sandbox.stats.reset();
    const altered = link.replace(/(\?t=.{12})(.)/, (_match, head: string, char: string) => `${head}${char === 'A' ? 'B' : 'A'}`);
    const refused = await fetch(`${gw.url}${altered}`, { headers: { range: 'bytes=0-9' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'RECORDING_LINK_INVALID' });

    vi.setSystemTime(Date.now() + 5 * 60_000 + 1_000);
    const expired = await fetch(`${gw.url}${link}`, { headers: { range: 'bytes=0-9' } });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'RECORDING_LINK_EXPIRED' });
    expect(gw.sandbox.stats.count('download')).toBe(0);

    // A fresh read of the page hands out links that play again.
    const fresh = (await recordingsPage()).me.recordings.nodes[0]!.files[0]!.playUrl;
    const played = await fetch(`${gw.url}${fresh}`, { headers: { range: 'bytes=0-9' } });
    expect(played.status).toBe(206);
    await played.body?.cancel();
  });
});
