import { z } from 'zod';
import { flag, row, wholeNumber } from '../define.ts';
import { CONFIG_DEFAULTS } from '../defaults.ts';

/** The 'Server' group: environment, listening address, playground, logging and HTTP timeouts. */
export const SERVER_SETTINGS = {
  NODE_ENV: row(z.enum(['development', 'production', 'test']), {
    group: 'Server',
    description: 'Runtime environment. production hides error details, turns GraphiQL and introspection off, and refuses to start the sandbox unless ZOOM_SANDBOX=true.',
    defaultText: 'development',
    example: 'production',
    expected: 'one of development, production, test',
  }),
  HOST: row(z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]), {
    group: 'Server',
    description: 'Interface to listen on. Loopback by default: the gateway acts on your Zoom account with admin scopes, so exposing it is a deliberate choice (use 0.0.0.0 in a container behind a proxy).',
    defaultText: CONFIG_DEFAULTS.host,
    example: '0.0.0.0',
    expected: 'an IPv4 or IPv6 address, or localhost',
  }),
  PORT: row(wholeNumber(0, 65_535), {
    group: 'Server',
    description: 'TCP port of the GraphQL endpoint; 0 picks a free port.',
    defaultText: String(CONFIG_DEFAULTS.port),
    example: '8080',
    expected: 'a port number from 0 to 65535',
  }),
  GRAPHIQL: row(flag, {
    group: 'Server',
    description: 'Serve the GraphiQL playground at GET /graphql to browsers (it is bundled: no internet needed). Its docs and autocompletion need INTROSPECTION, which production keeps off unless asked.',
    defaultText: 'true, except false when NODE_ENV=production and not in sandbox mode',
    example: 'true',
    expected: 'true or false',
  }),
  INTROSPECTION: row(flag, {
    group: 'Server',
    description: 'Answer schema introspection queries (__schema, __type). Off in production so the schema is not handed to anyone who asks; turn it on there only behind trusted callers.',
    defaultText: 'true, except false when NODE_ENV=production',
    example: 'false',
    expected: 'true or false',
  }),
  LOG_LEVEL: row(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), {
    group: 'Server',
    description: 'pino log level. Logs are JSON lines on stdout; Authorization headers are redacted.',
    defaultText: 'info, silent when NODE_ENV=test',
    example: 'debug',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  KEEP_ALIVE_TIMEOUT_MS: row(wholeNumber(1_000, 600_000), {
    group: 'Server',
    description: 'Idle HTTP keep-alive connections are closed after this many milliseconds; keep it above your load balancer\'s idle timeout.',
    defaultText: String(CONFIG_DEFAULTS.keepAliveTimeoutMs),
    example: '65000',
    expected: 'milliseconds from 1000 to 600000',
  }),
  SHUTDOWN_TIMEOUT_MS: row(wholeNumber(0, 600_000), {
    group: 'Server',
    description: 'On SIGTERM/SIGINT the gateway stops accepting connections and waits this long for in-flight requests before closing them.',
    defaultText: String(CONFIG_DEFAULTS.shutdownTimeoutMs),
    example: '25000',
    expected: 'milliseconds from 0 to 600000',
  }),
};
