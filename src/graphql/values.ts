/**
 * Small conversions from Zoom's wire values to what the schema promises. Zoom sends `""` for some absent values
 * (an empty `last_login_time`, a guest participant's `id`), which the schema exposes as null.
 */

/** `undefined` and `""` become null; anything else passes. */
export function orNull<T>(value: T | undefined | null): T | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** A Zoom int64 (meeting id, PMI) as a string, or null. Zoom ids are never used in arithmetic. */
export function idOrNull(value: number | string | undefined | null): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}
