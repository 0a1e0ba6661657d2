import { describe, expect, it } from 'vitest';
import { EntityLoader } from '../../src/loaders/entity-loader.ts';
import { normalizeUserKey } from '../../src/loaders/users.ts';

interface Summary { id: string; email: string }
interface Detail extends Summary { pic?: string; role?: string }

function createLoader(missing: ReadonlySet<string> = new Set()) {
  const fetched: string[] = [];
  const loader = new EntityLoader<Summary, Detail>({
    fetchDetail: async (key) => {
      fetched.push(key);
      if (missing.has(key)) throw new Error(`no ${key}`);
      const id = key.includes('@') ? `id-${(key.split('@')[0] ?? '').toLowerCase()}` : key;
      return { id, email: `${id.replace('id-', '')}@example.com`, pic: `https://pics/${id}`, role: 'Admin' };
    },
    keysOf: (user) => [user.id, normalizeUserKey(user.email)],
    detailKeyOf: (user) => user.id,
    normalizeKey: normalizeUserKey,
  });
  return { loader, fetched };
}

describe('EntityLoader', () => {
  it('answers primed summaries without a call', async () => {
    const { loader, fetched } = createLoader();
    const summary = { id: 'u1', email: 'Ann@Example.com' };
    loader.prime([summary]);
    expect(await loader.load('u1')).toBe(summary);
    expect(await loader.load('ANN@example.COM')).toBe(summary);
    expect(fetched).toEqual([]);
  });

  it('fetches a detail once however many fields and callers ask for it', async () => {
    const { loader, fetched } = createLoader();
    const summary = { id: 'u1', email: 'u1@example.com' };
    loader.prime([summary]);
    const [pic, role, again] = await Promise.all([
      loader.field(summary, 'pic'),
      loader.field(summary, 'role'),
      loader.loadDetail('u1'),
    ]);
    expect([pic, role, again.id]).toEqual(['https://pics/u1', 'Admin', 'u1']);
    expect(await loader.field(summary, 'pic')).toBe('https://pics/u1');
    expect(fetched).toEqual(['u1']);
  });

  it('a field the object already carries costs nothing', async () => {
    const { loader, fetched } = createLoader();
    const withPic: Detail = { id: 'u2', email: 'u2@example.com', pic: 'own' };
    expect(await loader.field(withPic, 'pic')).toBe('own');
    expect(fetched).toEqual([]);
  });

  it('remembers a detail under every key: by email, then by id, is one call', async () => {
    const { loader, fetched } = createLoader();
    const byEmail = await loader.load('Bob@Example.com');
    const byId = await loader.load('id-bob');
    expect(byId).toBe(byEmail);
    expect(loader.isDetailed(byId)).toBe(true);
    expect(fetched).toEqual(['Bob@Example.com']);
  });

  it('deduplicates concurrent loads of one key, case-insensitively for emails', async () => {
    const { loader, fetched } = createLoader();
    await Promise.all([loader.load('c@example.com'), loader.load('C@EXAMPLE.COM'), loader.load('c@example.com')]);
    expect(fetched).toHaveLength(1);
  });

  it('fails only the missing key and remembers the failure for the request', async () => {
    const { loader, fetched } = createLoader(new Set(['gone']));
    const [gone, here] = await Promise.allSettled([loader.load('gone'), loader.load('here')]);
    expect(gone.status).toBe('rejected');
    expect(here.status).toBe('fulfilled');
    await expect(loader.load('gone')).rejects.toThrow('no gone');
    expect(fetched.filter((key) => key === 'gone')).toHaveLength(1);
  });

  it('keeps a detail when a summary of the same object arrives later', async () => {
    const { loader, fetched } = createLoader();
    const detail = await loader.load('u3');
    loader.prime([{ id: 'u3', email: 'u3@example.com' }]);
    expect(await loader.load('u3')).toBe(detail);
    expect(fetched).toEqual(['u3']);
  });
  it('primeDetail makes detail-only fields free', async () => {
    const { loader, fetched } = createLoader();
    const detail = { id: 'u4', email: 'u4@example.com', pic: 'https://pics/u4', role: 'Owner' };
    loader.primeDetail([detail]);
    expect(await loader.loadDetail('U4@example.com')).toBe(detail);
    expect(await loader.field({ id: 'u4', email: 'u4@example.com' }, 'role')).toBe('Owner');
    expect(fetched).toEqual([]);
  });

  it('clear forgets an object under all its keys, and a remembered failure, so the next load asks again', async () => {
    const { loader, fetched } = createLoader(new Set(['gone']));
    await loader.load('u5');
    loader.clear('u5@example.com');
    await loader.load('u5');
    await loader.load('u5@example.com');
    expect(fetched).toEqual(['u5', 'u5']);
    await expect(loader.load('gone')).rejects.toThrow();
    loader.clear('gone');
    await expect(loader.load('gone')).rejects.toThrow();
    expect(fetched.filter((key) => key === 'gone')).toHaveLength(2);
  });
});
