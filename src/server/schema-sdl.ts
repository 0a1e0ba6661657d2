import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { printSchema, type GraphQLSchema } from 'graphql';

/** Where the schema is served as one SDL file, next to the endpoint it describes. */
export const SCHEMA_SDL_PATH = '/graphql/schema.graphql';

/**
 * Serves the gateway's schema as one SDL document, for frontend codegen (`schema: http://localhost:4000/graphql/schema.graphql`
 * with the caller's headers) and editors. The same rule as introspection decides whether it is served at all
 * (`INTROSPECTION`, off in production), and the same caller authentication guards it: the SDL is what an
 * introspection query would answer, in the form tools read fastest. Printed once: the schema is fixed at start.
 */
export function registerSchemaSdl(app: FastifyInstance, schema: GraphQLSchema, authenticate: onRequestHookHandler): void {
  const sdl = `${printSchema(schema)}\n`;
  app.get(SCHEMA_SDL_PATH, { onRequest: authenticate }, async (_request, reply) =>
    reply.type('application/graphql; charset=utf-8').header('cache-control', 'no-cache').send(sdl),
  );
}
