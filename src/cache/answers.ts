import { ZoomError, type ZoomErrorDetails } from '../zoom/errors.ts';

// How the cache keeps an answer: Zoom's JSON, a refusal of Zoom's kept as an answer, the parsed value shared frozen.

/** How long Zoom's refusal of a read (404, or 400 with a Zoom code) is kept, at most: new objects rarely take old ids. */
export const REFUSAL_TTL_MS = 30_000;
/** Marks a stored refusal: no JSON text starts with it. */
const REFUSAL_PREFIX = '!';

export function encodeRefusal(error: ZoomError): string {
  const { code, message, status, zoomCode, fieldErrors, category, method, path } = error;
  return REFUSAL_PREFIX + JSON.stringify({ code, message, status, zoomCode, fieldErrors, category, method, path });
}

/** A stored answer as the client would have answered it: the parsed body, or its refusal thrown again. */
export function decodeAnswer(json: string): unknown {
  if (!json.startsWith(REFUSAL_PREFIX)) return JSON.parse(json);
  const { code, message, ...details } = JSON.parse(json.slice(REFUSAL_PREFIX.length)) as { code: ZoomError['code']; message: string } & ZoomErrorDetails;
  throw new ZoomError(code, message, { ...details, attempts: 0 });
}

/** Freezes a parsed JSON answer and everything in it (objects and arrays; JSON has no other containers). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
