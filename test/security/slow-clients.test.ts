import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, type SecuredGateway } from './secured-gateway.ts';

// Issue 12 item 6: slow headers held sockets, and nothing capped connections.
let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway({
    production: true,
    env: { SERVER_HEADERS_TIMEOUT_MS: '1000', SERVER_REQUEST_TIMEOUT_MS: '2000', SERVER_MAX_CONNECTIONS_PER_ADDRESS: '4' },
  });
});
afterAll(async () => {
  await gw?.close();
});

function open(): Promise<Socket> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent before it closed the socket. */
function closed(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  return new Promise((resolve) => socket.once('close', () => resolve(received)));
}

describe('slow and numerous clients', () => {
  it('closes a socket that trickles its headers (408) once the headers timeout passes; no Zoom call; next request served', async () => {
    gw.sandbox.stats.reset();
    const socket = await open();
    const done = closed(socket);
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One header line every 300 ms, bounded: the server must cut it long before the loop ends.
    let lines = 0;
    const trickle = setInterval(() => {
      if (socket.destroyed || lines++ > 100) return clearInterval(trickle);
      socket.write(`x-slow-${lines}: 1\r\n`);
    }, 300);
    const answer = await done;
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(lines).toBeLessThan(100);
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
    const next = await gw.graphql('{ me { id } }', 'admin');
    expect(next.body.data.me.id).toBeTypeOf('string');
  }, 30_000);

  it('caps connections per remote address: the next one is closed at once, and a place frees when one closes', async () => {
    gw.sandbox.stats.reset();
    const held = [await open(), await open(), await open(), await open()];
    const extra = await open();
    expect(await closed(extra)).toBe('');
    held[0]!.destroy();
    // The server sees the close a moment later: try again, a bounded number of times, until the freed place is used.
    let answer = '';
    for (let attempt = 0; attempt < 100 && !answer.startsWith('HTTP/1.1 200'); attempt++) {
      const replacement = await open();
      const answered = closed(replacement);
      replacement.end('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      answer = await answered;
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    for (const socket of held) socket.destroy();
    expect(gw.sandbox.stats.apiCalls()).toBe(0);
  }, 30_000);
});
