import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

describe('createLogger', () => {
  it('redacts credentials wherever a log line carries them', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ req: { headers: { authorization: 'Bearer abc123', cookie: 'sid=xyz789', accept: 'text/html' } } }, 'request');
    logger.info({ auth: { clientSecret: 'cs-456', apiSecret: 'as-654' }, token: { access_token: 'tok-321' } }, 'auth');
    const text = lines.join('');
    for (const secret of ['abc123', 'xyz789', 'cs-456', 'as-654', 'tok-321']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('text/html');
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'zoom-graphql-gateway', msg: 'request' });
  });

  it('redacts an x-api-key header under every headers path it redacts Authorization under', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ request: { headers: { 'x-api-key': 'caller-key-one', cookie: 'sid=cookie-two' } } }, 'request');
    logger.info({ headers: { 'x-api-key': 'caller-key-three' } }, 'headers');
    const text = lines.join('');
    for (const secret of ['caller-key-one', 'cookie-two', 'caller-key-three']) expect(text).not.toContain(secret);
  });
});
