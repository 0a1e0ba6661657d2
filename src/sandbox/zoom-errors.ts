import { SandboxHttpError } from './types.ts';

/**
 * Zoom's error answers, built in one place so the codes and wording stay consistent across operations.
 * Codes and messages follow each operation's `responses` text in the spec and zoom-facts.md.
 * @see https://developers.zoom.us/docs/api/rest/error-definitions/
 */

/** One entry of a code-300 body's `errors` array. */
export interface ZoomFieldError {
  field: string;
  message: string;
}

/** Zoom's generic message for a field that fails validation (seen on every validated field). */
export const INVALID_FIELD = 'Invalid field.';

/**
 * 400 code 300 with `errors[]`, as Zoom answers a body or query that fails validation:
 * `{"code":300,"message":"Validation Failed.","errors":[{"field":"last_name","message":"Invalid field."}]}`.
 * @see https://devforum.zoom.us/t/string-field-validation/16202
 */
export function validationFailed(errors: ZoomFieldError[]): SandboxHttpError {
  return new SandboxHttpError(400, { code: 300, message: 'Validation Failed.', errors });
}

/** A Zoom error without field details. */
export function zoomError(status: number, code: number, message: string): SandboxHttpError {
  return new SandboxHttpError(status, { code, message });
}

/** 404 code 1001, e.g. "User does not exist: jane@example.com." */
export function userNotFound(userId: string): SandboxHttpError {
  return zoomError(404, 1001, `User does not exist: ${userId}.`);
}

/** 404 code 3001: "Meeting 123 is not found or has expired." */
export function meetingNotFound(meetingId: string): SandboxHttpError {
  return zoomError(404, 3001, `Meeting ${meetingId} is not found or has expired.`);
}

/** 404 code 3001 for past meetings: the spec's wording for an unknown id or a meeting that has not ended. */
export function pastMeetingNotFound(): SandboxHttpError {
  return zoomError(404, 3001, 'The meeting ID is invalid or the meeting has not ended.');
}

/** 400 code 3161: the user has no Meetings capability (Zoom user type 99, or a pending user). */
export function hostingNotAllowed(): SandboxHttpError {
  return zoomError(400, 3161, 'Meeting hosting and scheduling capabilities are not allowed for your user account.');
}

/** 400 code 200, the spec's wording for an operation a free (Basic) account may not use. */
export function paidAccountOnly(accountId: string): SandboxHttpError {
  return zoomError(400, 200, `Only available for paid account: ${accountId}`);
}
