import { randomBytes } from 'node:crypto';
import { ZOOM_OPERATIONS } from '../../zoom/operations.ts';
import { parseUtcDate } from '../time.ts';
import type { SandboxRequest, SandboxResponse } from '../types.ts';
import { INVALID_FIELD, validationFailed } from '../zoom-errors.ts';

/** Request parsing shared by the resource modules: Zoom answers every bad parameter with 400 code 300. */

export function ok(body: unknown): SandboxResponse {
  return { status: 200, body };
}

export const NO_CONTENT: SandboxResponse = Object.freeze({ status: 204 });

export function param(request: SandboxRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined || value === '') {
    throw new TypeError(`Sandbox request for ${ZOOM_OPERATIONS[request.operation].path} is missing path parameter ${name}`);
  }
  return value;
}

export function enumParam<const T extends readonly string[]>(query: URLSearchParams, name: string, values: T, fallback: T[number]): T[number] {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!values.includes(raw)) throw validationFailed([{ field: name, message: INVALID_FIELD }]);
  return raw;
}

export function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw validationFailed([{ field: name, message: INVALID_FIELD }]);
}

/** A `yyyy-mm-dd` query parameter as the UTC day's start, or `undefined` when absent. */
export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = parseUtcDate(raw);
  if (ms === undefined) throw validationFailed([{ field: name, message: INVALID_FIELD }]);
  return ms;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A meeting instance UUID in Zoom's shape (base64 of 16 bytes). */
export function newUuid(): string {
  return randomBytes(16).toString('base64');
}

/** Whether a path value is a numeric meeting id (Zoom's are 10+ digits; the sandbox accepts any long). */
export function isMeetingNumber(value: string): boolean {
  return /^\d{1,19}$/.test(value);
}
