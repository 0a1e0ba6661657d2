import { z } from 'zod';
import { commaList, row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** Which browser origins may call the gateway (src/cors). */
export interface CorsConfig {
  /**
   * Exact origins (`https://app.example.com`) allowed to call `/graphql` from a browser, with credentials; or `'*'`
   * for any origin without credentials; empty: same-origin only (no CORS headers at all).
   */
  readonly origins: readonly string[] | '*';
  /** How long a browser may cache a preflight answer, in seconds. */
  readonly maxAgeSeconds: number;
  /** True when `origins` are the sandbox's local dev-server defaults rather than configured ones. */
  readonly sandboxDefaults: boolean;
}

/**
 * The usual local dev servers (Vite dev and preview, Create React App / Next.js, Angular, webpack-dev-server /
 * Vue CLI), on localhost and 127.0.0.1: allowed out of the box in sandbox mode only, so a frontend started next to
 * `npm start` works before anything is configured.
 */
export const SANDBOX_DEV_ORIGINS: readonly string[] = Object.freeze(
  [5173, 4173, 3000, 4200, 8080].flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]),
);

export const CORS_DEFAULTS = Object.freeze({ maxAgeSeconds: 600 });

/** An exact origin: scheme, host and optional port, nothing else (no path, no trailing slash, no wildcard). */
const exactOrigin = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value && !url.hostname.includes('*');
});

const originList = z
  .string()
  .transform(commaList)
  .pipe(z.union([z.tuple([z.literal('*')]), z.array(exactOrigin).min(1)]));

export const CORS_SETTINGS = {
  CORS_ORIGINS: row(originList, {
    group: 'Server',
    description:
      'Browser origins allowed to call the gateway from another origin (CORS and the WebSocket Origin check), exact and comma-separated (scheme://host[:port]); `*` allows any origin but then without credentials (cookies, Authorization are still sent by fetch only when the app adds them itself). Unset: same-origin only, except in sandbox mode, where the usual local dev servers (ports 5173, 4173, 3000, 4200, 8080 on localhost and 127.0.0.1) are allowed.',
    defaultText: '(none; sandbox mode: local dev servers)',
    example: 'https://app.example.com,https://admin.example.com',
    expected: 'exact origins like https://app.example.com, comma-separated, or *',
  }),
  CORS_MAX_AGE_SECONDS: row(wholeNumber(0, 86_400), {
    group: 'Server',
    description: 'How long a browser may reuse a CORS preflight answer, in seconds (browsers cap it: Chromium at 7200).',
    defaultText: String(CORS_DEFAULTS.maxAgeSeconds),
    example: '3600',
    expected: 'seconds from 0 to 86400',
  }),
};

/** Builds `GatewayConfig.cors`. */
export function resolveCorsConfig(
  values: SettingsValues<typeof CORS_SETTINGS>,
  _issues: ConfigIssue[],
  { mode }: { readonly mode: 'sandbox' | 'zoom' },
): CorsConfig {
  const configured = values.CORS_ORIGINS;
  const origins = configured === undefined ? (mode === 'sandbox' ? SANDBOX_DEV_ORIGINS : []) : configured[0] === '*' ? '*' : Object.freeze([...new Set(configured)]);
  return {
    origins,
    maxAgeSeconds: values.CORS_MAX_AGE_SECONDS ?? CORS_DEFAULTS.maxAgeSeconds,
    sandboxDefaults: configured === undefined && mode === 'sandbox',
  };
}
