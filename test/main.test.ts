import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config/index.ts';
import { main } from '../src/main.ts';
import { installShutdownHandlers } from '../src/server/shutdown.ts';
import { memoryLogger } from './server/helpers.ts';

function capture() {
  const out: string[] = [];
  return { stream: { write: (text: string) => out.push(text) > 0 }, text: () => out.join('') };
}

describe('main', () => {
  it('--help lists every variable and exits 0', async () => {
    const stdout = capture();
    const stderr = capture();
    expect(await main({ argv: ['--help'], env: {}, envFile: null, stdout: stdout.stream, stderr: stderr.stream })).toBe(0);
    for (const variable of CONFIG_VARIABLES) expect(stdout.text()).toContain(variable.name);
    expect(stderr.text()).toBe('');
  });

  it('prints a bad configuration without a stack trace and exits 1', async () => {
    const stderr = capture();
    const status = await main({ argv: [], env: { ZOOM_CLIENT_ID: 'x', PORT: 'eighty' }, envFile: null, stdout: capture().stream, stderr: stderr.stream });
    expect(status).toBe(1);
    expect(stderr.text()).toContain('PORT must be a port number');
    expect(stderr.text()).toContain('ZOOM_ACCOUNT_ID and ZOOM_CLIENT_SECRET are missing');
    expect(stderr.text()).not.toMatch(/\n\s+at /);
  });

  it('refuses unknown arguments with exit 2', async () => {
    const stderr = capture();
    expect(await main({ argv: ['--port=1'], env: {}, envFile: null, stdout: capture().stream, stderr: stderr.stream })).toBe(2);
    expect(stderr.text()).toContain('--help');
  });
});

describe('installShutdownHandlers', () => {
  it('closes once on SIGTERM and exits 0; a second signal exits 130 at once', async () => {
    const emitter = new EventEmitter();
    const exits: number[] = [];
    let release!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    installShutdownHandlers({ close, logger: memoryLogger().logger, timeoutMs: 1_000, emitter: emitter as never, exit: (code) => exits.push(code) });
    emitter.emit('SIGTERM', 'SIGTERM');
    expect(close).toHaveBeenCalledTimes(1);
    emitter.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    release();
    await vi.waitFor(() => expect(exits).toEqual([130, 0]));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when closing fails or outlives its timeout', async () => {
    vi.useFakeTimers();
    try {
      const emitter = new EventEmitter();
      const exits: number[] = [];
      installShutdownHandlers({ close: () => new Promise(() => undefined), logger: memoryLogger().logger, timeoutMs: 1_000, emitter: emitter as never, exit: (code) => exits.push(code) });
      emitter.emit('SIGTERM', 'SIGTERM');
      await vi.advanceTimersByTimeAsync(5_999);
      expect(exits).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      expect(exits).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
    const emitter = new EventEmitter();
    const exits: number[] = [];
    installShutdownHandlers({ close: async () => Promise.reject(new Error('x')), logger: memoryLogger().logger, timeoutMs: 1_000, emitter: emitter as never, exit: (code) => exits.push(code) });
    emitter.emit('SIGINT', 'SIGINT');
    await vi.waitFor(() => expect(exits).toEqual([1]));
  });
});

describe('npm start as a process', () => {
  it('starts in sandbox mode, serves, and exits 0 on SIGTERM', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => expect(stderr).toMatch(/GraphQL endpoint:\s+http:\/\/127\.0\.0\.1:\d+\/graphql/), { timeout: 75_000, interval: 50 });
      expect(stderr).toContain('SANDBOX MODE');
      const endpoint = /GraphQL endpoint:\s+(\S+)/.exec(stderr)![1]!;
      // Authentication is on in sandbox mode too: the banner prints the development key, as a first-time user reads it.
      await vi.waitFor(() => expect(stderr).toMatch(/Development API key:\s+zgw_dev_\S+/), { timeout: 5_000, interval: 50 });
      const key = /Development API key:\s+(\S+)/.exec(stderr)![1]!;
      const anonymous = await fetch(endpoint, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }),
      });
      expect(anonymous.status).toBe(401);
      const response = await fetch(endpoint, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: '{ me { email } }' }),
      });
      expect(((await response.json()) as { data: { me: { email: string } } }).data.me.email).toMatch(/@/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    // A cold start transpiles the whole gateway with tsx: seconds on an idle machine, far more on a loaded CI core.
  }, 90_000);
});
