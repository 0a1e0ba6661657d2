import { describe, expect, it } from 'vitest';
import { createKeyedLimit } from '../../src/connections/keyed-limit.ts';

describe('createKeyedLimit', () => {
  it('gives each key at most max places, frees a place once per release, and forgets empty keys', () => {
    const limit = createKeyedLimit(2);
    const a1 = limit.acquire('a');
    const a2 = limit.acquire('a');
    expect(a1 && a2).toBeTypeOf('function');
    expect(limit.acquire('a')).toBeUndefined();
    expect(limit.acquire('b')).toBeTypeOf('function');
    expect(limit.total).toBe(3);
    a1!();
    a1!();
    expect(limit.count('a')).toBe(1);
    expect(limit.acquire('a')).toBeTypeOf('function');
    expect(limit.total).toBe(3);
  });

  it('refuses a max that is not a positive whole number', () => {
    expect(() => createKeyedLimit(0)).toThrow(/positive whole number/);
    expect(createKeyedLimit(Infinity).acquire('x')).toBeTypeOf('function');
  });
});
