import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatConfigHelp, isConfigError, loadConfig, redactConfig } from './config/index.ts';
import { createLogger } from './logger.ts';

/** Where `main` writes and how it ends; injectable so tests can run it in-process. */
export interface MainIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: Pick<NodeJS.WriteStream, 'write'>;
  stderr: Pick<NodeJS.WriteStream, 'write'>;
  /** The dotenv file to read; default `.env` in the working directory, `null` for none. */
  envFile?: string | null;
}

/**
 * The gateway's entry point (`npm start`, the `zoom-graphql-gateway` bin): `--help` prints every variable;
 * otherwise it reads the configuration, starts the gateway (with the embedded sandbox when there are no Zoom
 * credentials), prints the banner and shuts down gracefully on SIGTERM/SIGINT.
 * Resolves with the exit status when the process should end now (help, bad configuration, cannot listen);
 * once the gateway runs it resolves with `undefined` and the process lives until a signal.
 */
export async function main(io: MainIo = { argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr }): Promise<number | undefined> {
  const [arg, ...rest] = io.argv;
  if (arg === '--help' || arg === '-h') {
    io.stdout.write(formatConfigHelp(process.stdout.columns ?? 100));
    return 0;
  }
  if (arg !== undefined || rest.length > 0) {
    io.stderr.write(`zoom-graphql-gateway: unknown argument ${JSON.stringify(arg)}. It is configured by environment variables: run with --help to list them.\n`);
    return 2;
  }

  let config;
  let envFile;
  try {
    ({ config, envFile } = loadConfig({ env: io.env, envFile: io.envFile }));
  } catch (error) {
    if (!isConfigError(error)) throw error;
    // The message names each variable at fault; a stack trace would only bury it.
    io.stderr.write(`zoom-graphql-gateway: ${error.message}\nRun with --help to list every variable.\n`);
    return 1;
  }

  // Loaded only now, so that --help and configuration errors answer without loading the server and the sandbox.
  const [{ GatewayListenError }, { installShutdownHandlers }, { startGateway }] = await Promise.all([
    import('./server/app.ts'),
    import('./server/shutdown.ts'),
    import('./server/start.ts'),
  ]);
  const logger = createLogger({ level: config.log.level });
  let started;
  try {
    started = await startGateway(config, { logger });
  } catch (error) {
    if (!(error instanceof GatewayListenError)) throw error;
    io.stderr.write(`zoom-graphql-gateway: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`\n${started.banner}\n\n`);
  logger.info({ url: started.gateway.url, mode: started.config.mode, envFile, config: redactConfig(started.config) }, 'gateway listening');
  installShutdownHandlers({ close: () => started.gateway.close(), logger, timeoutMs: config.server.shutdownTimeoutMs });
  return undefined;
}

/** True when this module is the program (`node src/main.ts`), not imported (tests, the bin). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    (status) => {
      if (status !== undefined) process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`zoom-graphql-gateway: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
