/**
 * A small seeded PRNG for the sandbox's data. Same seed, same sequence, on every Node version and platform.
 *
 * Why not a faker library: its output changes between releases (locale tables get edited), which would silently
 * change "deterministic" fixtures on a lockfile bump, and generating 50,000+ meetings through it costs seconds.
 * mulberry32 is 32-bit, fast, and more than random enough for test data (it is not for secrets).
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** `true` with probability `p` (0..1). */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
  /** `count` pseudo-random bytes. */
  bytes(count: number): Uint8Array;
}

/** Creates a generator from a 32-bit integer seed (other numbers are hashed to 32 bits). */
export function createSeededRandom(seed: number): SeededRandom {
  let state = Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed >>> 0 : hashSeed(String(seed));
  const next = (): number => {
    // mulberry32 (public domain, Tommy Ettinger).
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    string: (length, alphabet) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
    bytes: (count) => {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

/** A 32-bit FNV-1a hash, to derive independent seeds for lazily generated sub-collections (`${seed}:${key}`). */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Letters and digits, as in Zoom's user ids and page tokens. */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The base64url alphabet (Zoom user ids such as `KDcuGIm1QgePTO8WbOqwIQ` use it). */
export const BASE64URL = `${ALPHANUMERIC}-_`;
