import { describe, expect, it } from 'vitest';
import { createSecretScrubber, MAX_SECRETS } from '../../src/security/secret-scrubber.ts';

describe('createSecretScrubber', () => {
  it('redacts registered values wherever they appear, and their JSON-escaped form', () => {
    const scrubber = createSecretScrubber();
    scrubber.add('tok-0123456789', 'se"cret\\value', undefined, null);
    expect(scrubber.scrub('a tok-0123456789 b tok-0123456789')).toBe('a [redacted] b [redacted]');
    expect(scrubber.scrub(JSON.stringify({ msg: 'x se"cret\\value y' }))).toBe('{"msg":"x [redacted] y"}');
  });

  it('redacts credential-shaped header values it was never told about', () => {
    const scrubber = createSecretScrubber();
    expect(scrubber.scrub('Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9.abc and Basic c2FuZGJveDpzZWNyZXQ= and ApiKey zgw_dev_abcdef12'))
      .toBe('Authorization: Bearer [redacted] and Basic [redacted] and ApiKey [redacted]');
    // Words that merely follow "Bearer" in prose are too short to be credentials.
    expect(scrubber.scrub('a Bearer token was refused')).toBe('a Bearer token was refused');
  });

  it('ignores values too short to be secrets, and forgets the oldest beyond its bound', () => {
    const scrubber = createSecretScrubber();
    scrubber.add('short');
    expect(scrubber.scrub('short')).toBe('short');
    for (let i = 0; i <= MAX_SECRETS; i++) scrubber.add(`secret-value-${i}`);
    expect(scrubber.scrub('secret-value-0')).toBe('secret-value-0');
    expect(scrubber.scrub(`secret-value-${MAX_SECRETS}`)).toBe('[redacted]');
  });
});
