/*
 * The floor of bench/cache.ts's "thirty" scenario: the same Zoom calls as the gateway's cold answer (a page of 30
 * users, each user's first 10 meetings, each meeting's detail), made with nothing but undici and JSON.parse, in a
 * process of its own as the gateway is. Each user's meeting details go out as soon as that user's list arrives, as
 * the gateway's DataLoaders do. No GraphQL, auth, cost, cache, shaper or retries: what it takes on this machine is
 * what any client takes for these three waves of calls against this sandbox, so gateway / floor is the gateway's
 * own share of the wall time.
 *
 * Forked by bench/cache.ts; IPC: `{ type: 'start', zoom }` -> `{ type: 'ready' }`; `{ type: 'run' }` ->
 * `{ type: 'ran', ms, calls }`; `{ type: 'stop' }`.
 */
import { Agent, request } from 'undici';
import type { ZoomTarget } from './protocol.ts';

type Message = { type: 'start'; zoom: ZoomTarget; connections: number } | { type: 'run' } | { type: 'stop' };

let agent: Agent | undefined;
let zoom: ZoomTarget | undefined;

async function get(path: string): Promise<unknown> {
  const response = await request(`${zoom!.apiUrl}${path}`, {
    dispatcher: agent,
    headers: { authorization: `Bearer ${zoom!.accessToken}`, accept: 'application/json' },
  });
  const body = await response.body.text();
  // The gateway is served users without a meetings licence too; Zoom refuses their list (400), as it does here.
  return response.statusCode === 200 ? JSON.parse(body) : undefined;
}

async function run(): Promise<{ ms: number; calls: number }> {
  const started = performance.now();
  let calls = 1;
  const page = (await get('/users?page_size=30')) as { users: Array<{ id: string }> };
  await Promise.all(page.users.map(async (user) => {
    calls++;
    const list = (await get(`/users/${encodeURIComponent(user.id)}/meetings?page_size=10`)) as { meetings?: Array<{ id: number }> } | undefined;
    const meetings = list?.meetings ?? [];
    calls += meetings.length;
    await Promise.all(meetings.map((meeting) => get(`/meetings/${meeting.id}`)));
  }));
  return { ms: performance.now() - started, calls };
}

process.on('message', (message: Message) => {
  switch (message.type) {
    case 'start':
      zoom = message.zoom;
      agent = new Agent({ connections: message.connections, keepAliveTimeout: 30_000 });
      process.send?.({ type: 'ready' });
      break;
    case 'run':
      run().then(
        (result) => process.send?.({ type: 'ran', ...result }),
        (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
      break;
    case 'stop':
      void agent?.close().finally(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
