import { z } from 'zod';
import { commaList, row, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** Which `Host` names the gateway answers (src/hosts). */
export interface HostsConfig {
  /** Whether `Host` is checked at all: in sandbox and development modes always, in production when `allowed` is set. */
  readonly enabled: boolean;
  /** Host names answered besides loopback ones, lower case, without port (`gateway.example.com`, `[2001:db8::1]`). */
  readonly allowed: readonly string[];
}

/** A host name (letters, digits, dots and dashes, or an IPv4 literal) or a bracketed IPv6 literal; no port, no wildcard. */
const hostName = z
  .string()
  .transform((value) => value.toLowerCase().replace(/\.$/, ''))
  .refine((value) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(value) || (/^\[[0-9a-f:.]+\]$/.test(value) && z.ipv6().safeParse(value.slice(1, -1)).success));

const hostList = z.string().transform(commaList).pipe(z.array(hostName).min(1));

export const HOST_SETTINGS = {
  ALLOWED_HOSTS: row(hostList, {
    group: 'Server',
    description: 'Host names the gateway answers besides loopback (localhost, 127.0.0.1, [::1]), comma-separated, without port; a request with another Host header is refused with 421 HOST_NOT_ALLOWED before anything else, HTTP and WebSocket alike, so a web page cannot reach the gateway through DNS rebinding. Checked in sandbox and development modes always, in production only when set (then list the names clients and Zoom\'s webhooks use).',
    defaultText: '(none: loopback names only; no check in production)',
    example: 'gateway.example.com,gateway.internal',
    expected: 'host names (or bracketed IPv6 addresses) separated by commas, without port or wildcard',
  }),
};

/** Builds `GatewayConfig.hosts`. */
export function resolveHostsConfig(
  values: SettingsValues<typeof HOST_SETTINGS>,
  _issues: ConfigIssue[],
  context: { readonly isProduction: boolean; readonly mode: 'sandbox' | 'zoom' },
): HostsConfig {
  const allowed = values.ALLOWED_HOSTS ?? [];
  return { enabled: !context.isProduction || context.mode === 'sandbox' || allowed.length > 0, allowed: [...new Set(allowed)] };
}
