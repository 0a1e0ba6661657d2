import { z } from 'zod';

/**
 * The building blocks of configuration rows. Each feature owns its variables next to its code (a `settings.ts`
 * exporting rows made with {@link row}); `src/config/table.ts` collects them into one table, `src/config/parse.ts`
 * parses the environment once and builds the frozen `GatewayConfig`.
 */

/** One configuration problem: the variable(s) at fault and a sentence saying what is wrong and how to fix it. */
export interface ConfigIssue {
  readonly variables: readonly string[];
  readonly message: string;
}

/** One row of the configuration table. */
export interface ConfigVariable {
  readonly name: string;
  readonly group: ConfigGroup;
  /** What it does, one sentence. */
  readonly description: string;
  /** The default as shown to people (`--help`, README); `undefined` when there is none. */
  readonly defaultText?: string;
  /** A valid value, used in error messages. */
  readonly example: string;
  /** Its value is a credential: never printed, never logged. */
  readonly secret?: boolean;
  /** What a valid value looks like, used in error messages ("must be ..."). */
  readonly expected: string;
}

export type ConfigGroup =
  | 'Zoom: Server-to-Server OAuth'
  | 'Zoom: legacy JWT app'
  | 'Zoom: connection'
  | 'Zoom: rate shaping'
  | 'Server'
  | 'Embedded sandbox'
  | 'Callers'
  | 'Request limits'
  | 'Webhooks and subscriptions'
  | 'Shared state (Redis)'
  | 'Telemetry'
  | 'Shared cache';

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** An http(s) URL; plain http only to a loopback host, so a token never crosses a network in clear text. */
export const baseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return (
      url !== undefined &&
      (url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname)) &&
      url.search === '' && url.hash === '' && url.username === '' && url.password === ''
    );
  })
  .transform((value) => value.replace(/\/+$/, ''));

export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const flag = z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'], case: 'insensitive' });

/** A credential: any non-empty string without whitespace (Zoom's ids and secrets are opaque). */
export const credential = z.string().regex(/^\S+$/);

/** Comma-separated credentials (`a,b`), each non-empty and without whitespace; duplicates dropped. */
export const secretList = z
  .string()
  .regex(/^[^\s,]+(?:,[^\s,]+)*$/)
  .transform((value) => [...new Set(value.split(','))]);

/** A comma-separated list of values without whitespace (issuers, audiences, algorithms). */
export const commaSeparated = z.string().transform(commaList).pipe(z.array(z.string().regex(/^\S+$/)).min(1));

/** A comma-separated list; blanks around items and empty items are dropped. */
export function commaList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** One table row: the variable's zod schema (string in, typed value out) and how it is shown to people. */
export function row<S extends z.ZodType>(schema: S, spec: Omit<ConfigVariable, 'name'>) {
  return { ...spec, schema };
}


/**
 * The parsed values of a feature's rows: each variable's typed value, absent when unset. A feature's
 * `resolveXConfig(values, issues)` builds its slice of `GatewayConfig` from these, pushing a {@link ConfigIssue}
 * (naming the variables) for combinations that cannot work.
 */
export type SettingsValues<Rows extends Record<string, { schema: z.ZodType }>> = {
  [K in keyof Rows]?: z.output<Rows[K]['schema']>;
};
