import fastifyCompress from '@fastify/compress';
import { constants } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/**
 * Answers smaller than this go out as they are: below about a kilobyte, compressing saves less than a TCP packet
 * and costs CPU on every request (a one-call query's answer is a few hundred bytes).
 */
export const COMPRESSION_THRESHOLD_BYTES = 1_024;

/**
 * Brotli or gzip for answers above {@link COMPRESSION_THRESHOLD_BYTES}, as the client's `accept-encoding` asks
 * (@fastify/compress picks br, then gzip). Only compressible media types (JSON, HTML, JS, CSS, SDL) are touched:
 * recording streams (`/recordings/...`, video and audio with Range answers) and WebSocket frames are not.
 * Brotli runs at quality 4: the default (11) costs tens of milliseconds per 100 KB answer for a few percent more.
 */
export async function useCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    // Compressed request bodies are accepted; fastify's body limit (MAX_BODY_BYTES) counts the inflated bytes, so a
    // small zip bomb still gets 413.
    requestEncodings: ['br', 'gzip', 'deflate'],
  });
}
