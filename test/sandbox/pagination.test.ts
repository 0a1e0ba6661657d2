import { describe, expect, it } from 'vitest';
import { createPaginator, sortKey } from '../../src/sandbox/pagination.ts';
import { SandboxHttpError } from '../../src/sandbox/types.ts';
import { ZOOM_PAGE_TOKEN_TTL_MS } from '../../src/zoom/operations.ts';

interface Item { id: number }
const keyOf = (item: Item) => sortKey(item.id);
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: i + 1 }));
const q = (params: Record<string, string> = {}) => new URLSearchParams(params);
const opts = { scope: 'test', withPageNumber: true };

function thrown(fn: () => unknown): SandboxHttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SandboxHttpError) return error;
    throw error;
  }
  throw new Error('expected a SandboxHttpError');
}

describe('createPaginator', () => {
  it('defaults to 30 per page with the first page envelope', () => {
    const page = createPaginator(() => 0).page(items(95), keyOf, q(), opts);
    expect(page.items.map((i) => i.id)).toEqual(items(30).map((i) => i.id));
    expect(page.envelope).toMatchObject({ page_count: 4, page_number: 1, page_size: 30, total_records: 95 });
    expect(page.envelope.next_page_token).toMatch(/^[A-Za-z0-9]{35}$/);
  });

  it('walks every item exactly once and ends with an empty token', () => {
    const paginator = createPaginator(() => 0);
    const all = items(1_001);
    const seen: number[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = paginator.page(all, keyOf, q({ page_size: '300', ...(token ? { next_page_token: token } : {}) }), opts);
      seen.push(...page.items.map((i) => i.id));
      token = page.envelope.next_page_token;
      pages++;
    } while (token !== '' && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('neither repeats nor skips existing items when items are inserted and removed between pages', () => {
    const paginator = createPaginator(() => 0);
    let data = items(10).map((i) => ({ id: i.id * 10 }));
    const first = paginator.page(data, keyOf, q({ page_size: '4' }), opts);
    // Insert before and after the cursor, delete one already seen.
    data = [...data, { id: 5 }, { id: 95 }].filter((i) => i.id !== 20).sort((a, b) => a.id - b.id);
    const seen = first.items.map((i) => i.id);
    let token = first.envelope.next_page_token;
    for (let guard = 0; token !== '' && guard < 10; guard++) {
      const page = paginator.page(data, keyOf, q({ page_size: '4', next_page_token: token }), opts);
      seen.push(...page.items.map((i) => i.id));
      token = page.envelope.next_page_token;
    }
    expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('expires tokens after 15 minutes by the injected clock', () => {
    let now = 1_000_000;
    const paginator = createPaginator(() => now);
    const { envelope } = paginator.page(items(50), keyOf, q({ page_size: '10' }), opts);
    now += ZOOM_PAGE_TOKEN_TTL_MS - 1;
    expect(paginator.page(items(50), keyOf, q({ page_size: '10', next_page_token: envelope.next_page_token }), opts).items[0]).toEqual({ id: 11 });
    now += 1;
    const error = thrown(() => paginator.page(items(50), keyOf, q({ next_page_token: envelope.next_page_token }), opts));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
  });

  it('rejects unknown tokens, tokens of another list, and forgets tokens on reset', () => {
    const paginator = createPaginator(() => 0);
    const { envelope } = paginator.page(items(50), keyOf, q({ page_size: '10' }), opts);
    expect(thrown(() => paginator.page(items(50), keyOf, q({ next_page_token: 'nope' }), opts)).body.code).toBe(300);
    expect(thrown(() => paginator.page(items(50), keyOf, q({ next_page_token: envelope.next_page_token }), { ...opts, scope: 'other' })).body.code).toBe(300);
    paginator.reset();
    expect(thrown(() => paginator.page(items(50), keyOf, q({ next_page_token: envelope.next_page_token }), opts)).status).toBe(400);
  });

  it.each(['301', '0', '-1', '2.5', 'ten', '1e2'])('answers page_size=%s with Zoom validation error 300', (size) => {
    const error = thrown(() => createPaginator(() => 0).page(items(5), keyOf, q({ page_size: size }), opts));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ code: 300, message: 'Validation Failed.', errors: [{ field: 'page_size', message: 'Invalid field.' }] });
  });

  it('accepts page_size 300 and the deprecated page_number', () => {
    const paginator = createPaginator(() => 0);
    expect(paginator.page(items(400), keyOf, q({ page_size: '300' }), opts).items).toHaveLength(300);
    const third = paginator.page(items(25), keyOf, q({ page_size: '10', page_number: '3' }), opts);
    expect(third.items.map((i) => i.id)).toEqual([21, 22, 23, 24, 25]);
    expect(third.envelope).toMatchObject({ page_number: 3, page_count: 3, next_page_token: '' });
    expect(paginator.page(items(25), keyOf, q({ page_size: '10', page_number: '9' }), opts).items).toEqual([]);
    expect(thrown(() => paginator.page(items(5), keyOf, q({ page_number: '0' }), opts)).body.errors?.[0]?.field).toBe('page_number');
  });

  it('omits page_number where the operation has none, and on token pages', () => {
    const paginator = createPaginator(() => 0);
    const first = paginator.page(items(20), keyOf, q({ page_size: '10' }), { scope: 's', withPageNumber: false });
    expect(first.envelope).not.toHaveProperty('page_number');
    const second = paginator.page(items(20), keyOf, q({ next_page_token: first.envelope.next_page_token, page_size: '10' }), { scope: 's', withPageNumber: true });
    expect(second.envelope).not.toHaveProperty('page_number');
    expect(second.envelope.next_page_token).toBe('');
  });

  it('answers an empty list with an empty last page', () => {
    expect(createPaginator(() => 0).page([], keyOf, q(), opts).envelope).toEqual({ page_count: 0, page_number: 1, page_size: 30, total_records: 0, next_page_token: '' });
  });

  it('sortKey orders like the tuple of its parts', () => {
    const keys = [sortKey(10, 'b'), sortKey(9, 'z'), sortKey(10, 'a'), sortKey(100, '')];
    expect([...keys].sort()).toEqual([sortKey(9, 'z'), sortKey(10, 'a'), sortKey(10, 'b'), sortKey(100, '')]);
  });
});
