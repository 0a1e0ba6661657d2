import type { Redis } from 'ioredis';
import { checkIncrementBy, checkTtl, type SharedStore } from '../state/store.ts';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Prepended to every key (`REDIS_KEY_PREFIX`), so gateways sharing one Redis do not see each other's state. */
  keyPrefix: string;
}

/**
 * INCRBY that sets the TTL only when it created the key, in one step: an existing counter keeps its TTL, as the
 * interface promises. Redis answers "value is not an integer" for a non-integer value, mapped to TypeError below.
 */
const INCREMENT = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

/** Compare-and-delete: DEL only while the key still holds the expected value. */
const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A {@link SharedStore} on Redis: every instance configured with the same Redis and key prefix sees the same
 * entries. Each method is one Redis command or one Lua script, so each is atomic across instances. TTLs are Redis's
 * own (PX), so expiry needs no clock agreement between instances. Failures (Redis down, command timeout) reject;
 * the fallback to process memory is the caller's choice (src/store/fallback.ts).
 */
export function createRedisStore(redis: Redis, options: RedisStoreOptions): SharedStore {
  const { keyPrefix } = options;
  const k = (key: string): string => `${keyPrefix}${key}`;

  return {
    async get(key) {
      return (await redis.get(k(key))) ?? undefined;
    },
    async getMany(keys) {
      if (keys.length === 0) return [];
      const values = await redis.mget(keys.map(k));
      return values.map((value) => value ?? undefined);
    },
    async set(key, value, setOptions = {}) {
      const { ttlMs } = setOptions;
      checkTtl('set', ttlMs);
      if (ttlMs === undefined) await redis.set(k(key), value);
      else await redis.set(k(key), value, 'PX', ttlMs);
    },
    async setIfAbsent(key, value, { ttlMs }) {
      checkTtl('setIfAbsent', ttlMs, true);
      return (await redis.set(k(key), value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async increment(key, incrementOptions = {}) {
      const { by = 1, ttlMs } = incrementOptions;
      checkIncrementBy(by);
      checkTtl('increment', ttlMs);
      try {
        return Number(await redis.eval(INCREMENT, 1, k(key), by, ttlMs ?? 0));
      } catch (error) {
        if (error instanceof Error && /not an integer/.test(error.message)) {
          throw new TypeError(`SharedStore.increment: the value at ${JSON.stringify(key)} is not an integer`);
        }
        throw error;
      }
    },
    async delete(key) {
      await redis.del(k(key));
    },
    async deleteIfEquals(key, value) {
      return Number(await redis.eval(DELETE_IF_EQUALS, 1, k(key), value)) === 1;
    },
  };
}
