import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../src/store/redis-store.ts';
import type { SharedStore } from '../../src/state/store.ts';

/** The Redis every test shares (.ci/run makes sure one answers). Tests only touch keys under their own prefix. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test (or helper) uses. */
export function randomKeyPrefix(): string {
  return `test:${randomUUID()}:`;
}

/**
 * A Redis store under a random prefix on the shared Redis, remembering every key it was given so `cleanup()`
 * deletes exactly those (never KEYS or FLUSH on a database others use).
 */
export function createTestRedisStore(): { store: SharedStore; keyPrefix: string; redis: Redis; cleanup(): Promise<void> } {
  const redis = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 1 });
  const keyPrefix = randomKeyPrefix();
  const inner = createRedisStore(redis, { keyPrefix });
  const keys = new Set<string>();
  const store = Object.fromEntries(
    Object.entries(inner).map(([name, method]) => [
      name,
      (first: string | readonly string[], ...rest: unknown[]) => {
        for (const key of Array.isArray(first) ? first : [first]) keys.add(`${keyPrefix}${key as string}`);
        return (method as (...args: unknown[]) => Promise<unknown>)(first, ...rest);
      },
    ]),
  ) as unknown as SharedStore;
  return {
    store,
    keyPrefix,
    redis,
    async cleanup() {
      if (keys.size > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** A redis-server of a test's own, on a free loopback port, that it may stop and start again. */
export interface OwnRedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: like a crash or a network cut) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and commands go unanswered, like a stalled network. */
  freeze(): void;
  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void;
}

export async function startOwnRedisServer(): Promise<OwnRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: OwnRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitForPing(port);
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async stop() {
      const current = child;
      child = undefined;
      if (current === undefined || current.exitCode !== null) return;
      // A frozen process ignores nothing of SIGKILL, but let it run so it exits at once.
      current.kill('SIGCONT');
      await new Promise<void>((resolve) => {
        current.once('exit', () => resolve());
        current.kill('SIGKILL');
      });
    },
  };
  await server.start();
  return server;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer`);
}
