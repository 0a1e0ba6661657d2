import { describe, expect, it } from 'vitest';
import { createPlayableLinks } from '../../src/recordings/index.ts';

const TARGET = { fileId: 'f1e2d3c4-0000-4000-8000-000000000001', meetingUuid: 'abc/def==', downloadUrl: 'https://us05web.zoom.us/rec/download/tok' };

describe('playable recording links', () => {
  it('signs a link bound to its file, valid until the TTL ends', () => {
    let now = Date.UTC(2026, 0, 1);
    const links = createPlayableLinks({ ttlMinutes: 30, secret: 'x'.repeat(32), now: () => now });
    const link = links.sign(TARGET);
    expect(link.expiresAt.toISOString()).toBe('2026-01-01T00:30:00.000Z');
    const [path, token] = link.path.split('?t=') as [string, string];
    expect(path).toBe(`/recordings/${TARGET.fileId}`);
    expect(links.verify(TARGET.fileId, token)).toEqual({ ok: true, target: TARGET, expiresAt: link.expiresAt });
    now += 30 * 60_000;
    expect(links.verify(TARGET.fileId, token)).toEqual({ ok: false, code: 'RECORDING_LINK_EXPIRED' });
  });

  it('refuses an altered payload or signature, another file id, or another key, as invalid (not expired)', () => {
    const links = createPlayableLinks({ ttlMinutes: 30, secret: 'x'.repeat(32) });
    const token = links.sign(TARGET).path.split('?t=')[1] ?? '';
    const [payload, signature] = token.split('.') as [string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    expect(links.verify(TARGET.fileId, `${flip(payload, 5)}.${signature}`)).toEqual({ ok: false, code: 'RECORDING_LINK_INVALID' });
    expect(links.verify(TARGET.fileId, `${payload}.${flip(signature, 3)}`)).toEqual({ ok: false, code: 'RECORDING_LINK_INVALID' });
    expect(links.verify('another-file', token)).toEqual({ ok: false, code: 'RECORDING_LINK_INVALID' });
    expect(links.verify(TARGET.fileId, payload)).toEqual({ ok: false, code: 'RECORDING_LINK_INVALID' });
    expect(createPlayableLinks({ ttlMinutes: 30, secret: 'y'.repeat(32) }).verify(TARGET.fileId, token)).toEqual({ ok: false, code: 'RECORDING_LINK_INVALID' });
  });

  it('never carries a token, and a random key per process when none is configured', () => {
    const a = createPlayableLinks({ ttlMinutes: 5 });
    const token = a.sign(TARGET).path.split('?t=')[1] ?? '';
    expect(createPlayableLinks({ ttlMinutes: 5 }).verify(TARGET.fileId, token).ok).toBe(false);
    expect(a.verify(TARGET.fileId, token).ok).toBe(true);
    expect(() => createPlayableLinks({ ttlMinutes: 0 })).toThrow(/ttlMinutes/);
  });
});
