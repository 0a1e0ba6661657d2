import { describe, expect, it } from 'vitest';
import { createSubscriptionAdmission } from '../../src/connections/subscription-admission.ts';
import { createClusterLimit } from '../../src/connections/cluster-limit.ts';
import { createSubscriptionCaps } from '../../src/connections/subscription-caps.ts';
import { createMemoryStore } from '../../src/state/memory-store.ts';

const limits = { maxConnections: 2, maxConnectionsPerCaller: 1, anonymousPerAddress: 2, anonymousMax: 3 };

describe('createSubscriptionAdmission', () => {
  it('keeps at most anonymousPerAddress and anonymousMax sockets pending, evicting the oldest', () => {
    const admission = createSubscriptionAdmission(limits);
    const evicted: string[] = [];
    const arrive = (name: string, address: string) => admission.arrive(address, () => evicted.push(name));
    arrive('a1', 'a');
    arrive('a2', 'a');
    arrive('a3', 'a');
    expect(evicted).toEqual(['a1']);
    arrive('b1', 'b');
    arrive('c1', 'c');
    expect(evicted).toEqual(['a1', 'a2']);
    expect(admission.anonymous).toBe(3);
    expect(admission.authenticated).toBe(0);
  });

  it('counts a connection against maxConnections only once authenticated, and per caller', async () => {
    const admission = createSubscriptionAdmission(limits);
    const first = admission.arrive('a', () => undefined);
    expect(await first.authenticate('ops')).toBeUndefined();
    expect(admission.anonymous).toBe(0);
    expect(await admission.arrive('a', () => undefined).authenticate('ops')).toBe('TOO_MANY_CALLER_CONNECTIONS');
    expect(await admission.arrive('a', () => undefined).authenticate('other')).toBeUndefined();
    expect(admission.full).toBe(true);
    expect(await admission.arrive('a', () => undefined).authenticate('third')).toBe('TOO_MANY_CONNECTIONS');
    first.leave();
    first.leave();
    expect(admission.authenticated).toBe(1);
    expect(await admission.arrive('a', () => undefined).authenticate('ops')).toBeUndefined();
  });

  it('refuses to authenticate a socket evicted while it was authenticating', async () => {
    const admission = createSubscriptionAdmission({ ...limits, anonymousPerAddress: 1 });
    const slow = admission.arrive('a', () => undefined);
    admission.arrive('a', () => undefined);
    expect(await slow.authenticate('ops')).toBe('TOO_MANY_CONNECTIONS');
    expect(admission.authenticated).toBe(0);
  });
});

describe('createSubscriptionCaps', () => {
  it('caps live subscriptions per connection and per caller, and gives places back', async () => {
    const caps = createSubscriptionCaps({ maxPerConnection: 2, maxPerCaller: 3 });
    const one = caps.connection('ops');
    const two = caps.connection('ops');
    expect([await one.take('1'), await one.take('2'), await one.take('3')]).toEqual([undefined, undefined, 'PER_CONNECTION']);
    expect([await two.take('1'), await two.take('2')]).toEqual([undefined, 'PER_CALLER']);
    expect(await caps.connection('member').take('1')).toBeUndefined();
    one.release('1');
    one.release('1');
    expect(await two.take('2')).toBeUndefined();
    one.releaseAll();
    expect([await one.take('4'), await two.take('3')]).toEqual([undefined, 'PER_CONNECTION']);
  });

  it('with the shared store, caps a caller over every instance on it', async () => {
    const store = createMemoryStore();
    const limits = [createClusterLimit({ store, max: 3, keyPrefix: 'subs:' }), createClusterLimit({ store, max: 3, keyPrefix: 'subs:' })];
    try {
      const [a, b] = limits.map((limit) => createSubscriptionCaps({ maxPerConnection: 10, maxPerCaller: 3 }, limit));
      const onA = a!.connection('ops');
      const onB = b!.connection('ops');
      expect([await onA.take('1'), await onA.take('2'), await onB.take('1'), await onB.take('2')]).toEqual([undefined, undefined, undefined, 'PER_CALLER']);
      onA.releaseAll();
      expect(await onB.take('2')).toBeUndefined();
    } finally {
      for (const limit of limits) limit.close();
    }
  });

  it('gives a place straight back when its connection closed while the place was being taken', async () => {
    let count = 0;
    let finish: (() => void) | undefined;
    const slow = {
      acquire: () => new Promise<(() => void) | undefined>((resolve) => {
        count++;
        finish = () => resolve(() => count--);
      }),
    };
    const connection = createSubscriptionCaps({ maxPerConnection: 2, maxPerCaller: 5 }, slow).connection('ops');
    const taking = connection.take('1');
    connection.releaseAll();
    finish!();
    expect(await taking).toBeUndefined();
    expect(count).toBe(0);
  });
});
