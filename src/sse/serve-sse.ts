import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHandler, type HandlerOptions, type OperationContext } from 'graphql-sse';
import { withRequestIdInErrors } from '../telemetry/index.ts';

/** The request context graphql-sse's callbacks see (`req.context`), as its own fastify adapter gives it. */
export interface SseRequestContext {
  readonly reply: FastifyReply;
}

/**
 * graphql-sse's handler served from a fastify route: `graphql-sse/lib/use/fastify`, with one difference. That adapter
 * writes graphql-sse's own refusals (`Missing query`, `Invalid variables`, ...) and ours straight to the socket, past
 * fastify's `onSend` hook that puts `extensions.requestId` in every error answer (src/telemetry/request-ids.ts); here
 * each JSON answer gets it too, so a client can quote the id whatever refused it. Streams are written as they come.
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/src/use/fastify.ts
 */
export function serveSse<Context extends OperationContext>(
  options: HandlerOptions<FastifyRequest, SseRequestContext, Context>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const handler = createHandler(options);
  return async (request, reply) => {
    const [body, init] = await handler({
      method: request.method,
      url: request.url,
      headers: {
        get(key) {
          const header = reply.getHeader(key) ?? request.headers[key];
          return Array.isArray(header) ? header.join('\n') : String(header);
        },
      },
      body: () => new Promise((resolve, reject) => {
        // fastify has parsed JSON bodies already; any other body is read here.
        if (request.body !== undefined && request.body !== null) return resolve(request.body as Record<string, unknown>);
        let text = '';
        request.raw.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        request.raw.once('error', reject);
        request.raw.once('end', () => {
          request.raw.off('error', reject);
          resolve(text);
        });
      }),
      raw: request,
      context: { reply },
    });
    // fastify's headers (CORS, x-request-id) are set on the reply, not yet on the raw response.
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join('\n') : String(value);
    }
    Object.assign(headers, init.headers);
    if (body === null || typeof body === 'string') {
      const answer = body === null ? undefined : (withRequestIdInErrors(body, request.id, headers['content-type']) as string);
      if (answer !== undefined) headers['content-length'] = String(Buffer.byteLength(answer));
      reply.raw.writeHead(init.status, init.statusText, headers);
      await new Promise<void>((resolve) => reply.raw.end(answer, () => resolve()));
      return;
    }
    reply.raw.writeHead(init.status, init.statusText, headers);
    const stop = (): void => void body.return(undefined);
    reply.raw.once('close', stop);
    for await (const chunk of body) {
      // The response's close event may come late: a response no longer writable has lost its client.
      if (!reply.raw.writable) break;
      await new Promise<void>((resolve, reject) => reply.raw.write(chunk, (error) => (error ? reject(error) : resolve())));
    }
    reply.raw.off('close', stop);
    await new Promise<void>((resolve) => reply.raw.end(() => resolve()));
  };
}
