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
 * missing one is `INVALID_REQUEST` (sending `/users//meetings` would hit another endpoint or a confusing 404). A
 * value of `.` or `..` is refused too, whoever asks: `encodeURIComponent` leaves dots alone, and URL resolution
 * would turn `/users/..` into `/`, another endpoint (issue 12). GraphQL arguments are checked per kind before they
 * get here (src/graphql/ids.ts); this is the last line for every caller of the client.
 */
export function expandPath(template: string, params: Record<string, unknown>, method: HttpMethod): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '' || isDotSegment(String(value))) {
      throw new ZoomError('INVALID_REQUEST', `${method} ${template}: path parameter "${name}" must be a non-empty string other than a dot segment`, {
        method,
        path: template,
      });
    }
    return encodePathParam(String(value));
  });
}

/** `.` and `..`, also percent-encoded (`%2e`), which some servers and proxies decode before resolving dot segments. */
function isDotSegment(value: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(value);
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

/** The REST base URL as the client joins paths to it: absolute http(s), no query or fragment, no trailing slash. */
export function normaliseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createZoomClient: apiUrl must be an absolute http(s) URL such as https://api.zoom.us/v2, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`createZoomClient: apiUrl must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`createZoomClient: apiUrl must not carry a query or fragment, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}
