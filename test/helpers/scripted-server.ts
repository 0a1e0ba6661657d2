import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer. */
export interface ScriptedStep {
  /** HTTP status. Default 200. */
  status?: number;
  /** Serialised as the JSON body with `content-type: application/json`. */
  json?: unknown;
  /** A raw body (sent as is; set `content-type` in `headers` yourself). */
  body?: string;
  headers?: Record<string, string>;
  /** Never answer: the request hangs until the client gives up or the server closes. */
  hang?: boolean;
  /** Destroy the connection after the request arrived, without answering (a reset). */
  destroy?: boolean;
}

/** A route's script: answers consumed in order, or a function of the request (for "always answer X"). */
export type Script = ScriptedStep[] | ((request: RecordedRequest) => ScriptedStep);

export interface RecordedRequest {
  method: string;
  /** The raw path as sent on the wire, without the query (not decoded, so double-encoding is visible). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** `"METHOD /path"` key the request was matched by. */
  route: string;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request in arrival order, scripted or not. */
  readonly requests: RecordedRequest[];
  /** Scripts `route` ("GET /v2/users/me"), replacing any previous script for it. */
  script(route: string, script: Script): void;
  /** Requests received for one route. */
  requestsFor(route: string): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers each route from a script and records every request (headers included), so
 * tests can assert exactly what the client sent and how often. An unscripted request, or one past the end of its
 * script, gets a 599 with an explanatory body, so a test can never pass by accident.
 */
export async function startScriptedServer(options: { port?: number } = {}): Promise<ScriptedServer> {
  const scripts = new Map<string, Script>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const queryAt = rawUrl.indexOf('?');
      const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
      const route = `${req.method ?? 'GET'} ${path}`;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        query: new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        route,
      };
      requests.push(recorded);
      const script = scripts.get(route);
      const step: ScriptedStep | undefined = typeof script === 'function' ? script(recorded) : script?.shift();
      if (step === undefined) {
        res.writeHead(599, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: -1, message: `scripted-server: no scripted answer left for ${route}` }));
        return;
      }
      if (step.hang) return;
      if (step.destroy) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { ...step.headers };
      let body = step.body ?? '';
      if (step.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(step.json);
      }
      res.writeHead(step.status ?? 200, headers);
      res.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(route, script) {
      scripts.set(route, Array.isArray(script) ? [...script] : script);
    },
    requestsFor(route) {
      return requests.filter((r) => r.route === route);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that was free a moment ago and has nothing listening on it now (connections to it are refused). */
export async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
