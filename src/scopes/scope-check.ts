import type { ZoomOperationId } from '../zoom/operations.ts';
import { isClassicScopeSet, missingScopes, type MissingScope } from '../zoom/scopes.ts';

/**
 * What the comparison of the token's granted scopes with the gateway's operations found:
 * - `complete`: every operation has a scope it needs;
 * - `missing`: these scopes are not granted, so the listed operations will fail with `ZOOM_SCOPE_MISSING`;
 * - `unknown`: no comparison was possible (`NOT_REPORTED`: the token endpoint sent no `scope`, as for legacy JWT
 *   apps; `GRANULAR_SCOPES`: the app has Zoom's granular scopes, which the spec the gateway follows does not map).
 */
export type ScopeReport =
  | { status: 'complete'; granted: number }
  | { status: 'missing'; granted: number; missing: MissingScope[] }
  | { status: 'unknown'; reason: 'NOT_REPORTED' | 'GRANULAR_SCOPES' };

/** The subset of a pino logger the check uses. */
export interface ScopeCheckLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link createScopeCheck}. */
export interface ScopeCheckOptions {
  /** The scopes granted to the current token (fetching one if needed); `undefined` when Zoom did not say. */
  grantedScopes: (signal?: AbortSignal) => Promise<readonly string[] | undefined>;
  logger: ScopeCheckLogger;
  /** The operations to check. Default: every operation the gateway calls (`ZOOM_OPERATIONS`). */
  operations?: readonly ZoomOperationId[];
}

/** The start-time and `/readyz` check of the S2S token's scopes. */
export interface ScopeCheck {
  /** Compares the current token's scopes with what the operations need; warns when the result changes. */
  run(signal?: AbortSignal): Promise<ScopeReport>;
  /** The latest report, for `/readyz`'s details; `undefined` before the first run. */
  readonly last: ScopeReport | undefined;
}

/**
 * Creates the scope check. Missing scopes do not make the gateway unready (the other operations work); they are a
 * warning naming each scope to add and the operations that need it, logged once per change of the result rather
 * than on every probe.
 */
export function createScopeCheck(options: ScopeCheckOptions): ScopeCheck {
  let last: ScopeReport | undefined;
  let lastKey = '';
  return {
    get last() {
      return last;
    },
    async run(signal) {
      const granted = await options.grantedScopes(signal);
      const report = compare(granted, options.operations);
      const key = JSON.stringify(report);
      if (key !== lastKey) {
        lastKey = key;
        if (report.status === 'missing') {
          options.logger.warn(
            { missingScopes: report.missing },
            `the Zoom app lacks ${report.missing.map((m) => `${m.scope} (for ${m.operations.join(', ')})`).join('; ')}: `
              + 'those calls will fail with ZOOM_SCOPE_MISSING until the scopes are added to the app in the Zoom Marketplace',
          );
        } else if (report.status === 'unknown' && report.reason === 'GRANULAR_SCOPES') {
          options.logger.info({ scopes: granted }, 'the Zoom app has granular scopes; the gateway cannot check them against the operations it calls');
        }
      }
      last = report;
      return report;
    },
  };
}

function compare(granted: readonly string[] | undefined, operations: readonly ZoomOperationId[] | undefined): ScopeReport {
  if (granted === undefined) return { status: 'unknown', reason: 'NOT_REPORTED' };
  if (!isClassicScopeSet(granted)) return { status: 'unknown', reason: 'GRANULAR_SCOPES' };
  const missing = missingScopes(granted, operations);
  return missing.length === 0 ? { status: 'complete', granted: granted.length } : { status: 'missing', granted: granted.length, missing };
}
