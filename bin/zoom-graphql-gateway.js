#!/usr/bin/env node
// Runs the compiled gateway (`npm run build` writes dist/). From a source checkout, `npm start` runs src/ with tsx.
import { main } from '../dist/main.js';

main().then(
  (status) => {
    if (status !== undefined) process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`zoom-graphql-gateway: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
