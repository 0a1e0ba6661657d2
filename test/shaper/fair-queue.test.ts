import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../src/shaper/fair-queue.ts';

/** Serves the queue to the end and returns the flows in the order their items left. */
function drain(queue: FairQueue<string>): string[] {
  const order: string[] = [];
  for (let next = queue.peek(); next !== undefined; next = queue.peek()) {
    queue.remove(next.flow, next.item, true);
    order.push(next.flow);
  }
  return order;
}

describe('FairQueue', () => {
  it('serves two waiting flows in proportion to their weights', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 8; i++) queue.push('member', 1, `m${i}`);
    for (let i = 0; i < 8; i++) queue.push('admin', 4, `a${i}`);
    expect(drain(queue).slice(0, 10)).toEqual(['admin', 'admin', 'admin', 'member', 'admin', 'admin', 'admin', 'admin', 'member', 'admin']);
  });

  it('serves a flow that arrives after a long flood next, not after the flood', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 100; i++) queue.push('flooder', 1, `f${i}`);
    for (let i = 0; i < 10; i++) {
      const next = queue.peek()!;
      queue.remove(next.flow, next.item, true);
    }
    queue.push('other', 1, 'o0');
    // Equal weights: it takes turns with the flood from where the flood is, one of each.
    expect(drain(queue).slice(0, 3)).toEqual(['flooder', 'other', 'flooder']);
  });

  it('forgets a cancelled item and keeps each flow first in, first out', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 1, 'a0');
    queue.push('a', 1, 'a1');
    queue.push('b', 1, 'b0');
    expect(queue.remove('a', 'a0')).toBe(true);
    expect(queue.remove('a', 'a0')).toBe(false);
    expect(queue.queued('a')).toBe(1);
    expect(queue.size).toBe(2);
    expect(queue.peek((item) => item !== 'b0')?.item).toBe('a1');
  });
});
