import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, MemorySample, ParentMessage, StartPhases, SystemKind, ZoomTarget } from './protocol.ts';

/** Longest wait for a host to boot and listen, in ms; the large preset is not built there, so this is generous. */
const START_TIMEOUT_MS = 60_000;
/** Longest wait for any other answer of a host, in ms. */
const REPLY_TIMEOUT_MS = 15_000;

/** A system under test running in its own process (bench/system-host.ts). */
export interface SystemProcess {
  readonly system: SystemKind;
  readonly graphqlUrl: string;
  /** `performance.now()` of this process when the fork was requested. */
  readonly forkedAt: number;
  /** When the host reported listening, on this process's `performance.now()` clock. */
  readonly listeningAt: number;
  /** The host's own start-up phases (ms since the host process started). */
  readonly phases: StartPhases;
  /** Where the gateway serves `/metrics`, when METRICS_PORT is among `env`. */
  readonly metricsUrl: string | undefined;
  memory(): Promise<MemorySample>;
  /** The host's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  /** Stops the system and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Forks a host, starts `system` in it and waits until it listens. */
export async function startSystemProcess(
  system: SystemKind,
  zoom: ZoomTarget,
  apiKey: string,
  env?: Record<string, string>,
): Promise<SystemProcess> {
  const forkedAt = performance.now();
  const child = fork(fileURLToPath(new URL('./system-host.ts', import.meta.url)), [], {
    // tsx runs the TypeScript; --expose-gc lets the host collect garbage before reporting its heap.
    // BENCH_HOST_NODE_OPTIONS adds Node flags to the host only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_HOST_NODE_OPTIONS ?? '').split(' ').filter((flag) => flag !== '')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // `--import tsx` resolves from the working directory: the package root.
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    // The host reads no environment: its configuration arrives over IPC.
    env: { PATH: process.env.PATH ?? '' },
  });
  const exited = once(child, 'exit');
  try {
    await reply(child, 'hello', START_TIMEOUT_MS);
    post(child, { type: 'start', system, zoom, apiKey, ...(env === undefined ? {} : { env }) });
    const listening = await reply(child, 'listening', START_TIMEOUT_MS);
    const listeningAt = performance.now();
    return {
      system,
      graphqlUrl: listening.graphqlUrl,
      forkedAt,
      listeningAt,
      phases: listening.phases,
      metricsUrl: listening.metricsUrl,
      async memory() {
        post(child, { type: 'memory' });
        return (await reply(child, 'memory', REPLY_TIMEOUT_MS)).memory;
      },
      async cpuMicros() {
        post(child, { type: 'cpu' });
        return (await reply(child, 'cpu', REPLY_TIMEOUT_MS)).micros;
      },
      async stop() {
        if (child.exitCode === null) post(child, { type: 'stop' });
        await withTimeout(exited, REPLY_TIMEOUT_MS, `${system} host did not exit`).catch((error: unknown) => {
          child.kill('SIGKILL');
          throw error;
        });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function post(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

/** The next message of `type` from the host; rejects on a `failed` message, an exit, or after `timeoutMs`. */
function reply<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`bench: no '${type}' from the system host within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === type) finish(undefined, message as Extract<ChildMessage, { type: T }>);
      else if (message.type === 'failed') finish(new Error(`bench: the system host failed to start: ${message.message}`));
    };
    const onExit = (code: number | null) => finish(new Error(`bench: the system host exited (code ${code}) before '${type}'`));
    function finish(error: Error | undefined, message?: Extract<ChildMessage, { type: T }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error !== undefined) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`bench: ${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
