import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers/index.ts';

/**
 * The package root's `schema/` folder. This module runs as `src/graphql/schema.ts` under tsx and as
 * `dist/src/graphql/schema.js` after a build, at different depths, so walk up (at most five levels) until a
 * `schema/` folder with SDL files appears.
 */
export function schemaDirectory(): string {
  let url = new URL('./', import.meta.url);
  for (let depth = 0; depth < 5; depth++) {
    url = new URL('../', url);
    const candidate = new URL('schema/', url);
    try {
      if (readdirSync(candidate).some((name) => name.endsWith('.graphql'))) return fileURLToPath(candidate);
    } catch {
      // Not here; keep walking up.
    }
  }
  throw new Error(`No schema/*.graphql found above ${fileURLToPath(import.meta.url)}.`);
}

/** The SDL of every `schema/*.graphql` file, in file-name order. */
export function loadTypeDefs(directory: string = schemaDirectory()): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(`${directory}/${name}`, 'utf8'));
}

/** The gateway's executable schema: `schema/*.graphql` with the resolvers of `src/resolvers/`. */
export function buildGatewaySchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
