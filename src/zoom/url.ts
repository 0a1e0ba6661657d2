import { ZoomError } from './errors.ts';
import type { HttpMethod } from './operations.ts';

/**
 * Encodes one path parameter. Zoom requires meeting UUIDs that begin with `/` or contain `//` to be encoded twice
 * (its router decodes once before matching); every other value is encoded once.
 * @see https://developers.zoom.us/docs/api/rest/using-zoom-apis/#meeting-id-and-uuid
 */
export function encodePathParam(value: string): string {
  const once = encodeURIComponent(value);
  return value.startsWith('/') || value.includes('//') ? encodeURIComponent(once) : once;
}

/**
 * Fills an operation's `{param}` placeholders with encoded values. Every placeholder needs a non-empty value: a
 * missing one is `INVALID_REQUEST` (sending `/users//meetings` would hit another endpoint or a confusing 404).
 */
export function expandPath(template: string, params: Record<string, unknown>, method: HttpMethod): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
      throw new ZoomError('INVALID_REQUEST', `${method} ${template}: path parameter "${name}" must be a non-empty string`, {
        method,
        path: template,
      });
    }
    return encodePathParam(String(value));
  });
}

/** Serialises a query object, leaving out `undefined` values. Keys keep their order for stable URLs. */
export function buildQueryString(query: Record<string, string | number | boolean | undefined> | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
