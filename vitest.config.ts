import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships an ESM build (index.mjs) and a CJS build (index.js). Vite would hand our sources the ESM
    // one while Node loads the CJS one for @apollo/server and @graphql-tools, and the two copies reject each
    // other's schemas and errors ("Cannot use GraphQLSchema from another module"). Node itself (tsx, dist) only
    // ever loads one copy, so tests pin the same one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real loopback servers (sandbox, gateway); keep the pool small on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
