/**
 * Why an input value was refused:
 * - `REQUIRED`: a value that must be given is missing.
 * - `INVALID_TYPE`: the value has the wrong JSON type (a string where a number belongs).
 * - `INVALID_VALUE`: not one of the allowed values (an enum, Zoom's passcode characters).
 * - `INVALID_FORMAT`: a string that does not parse (a date-time, a time zone).
 * - `TOO_LONG`: longer than Zoom allows.
 * - `OUT_OF_RANGE`: a number outside Zoom's range.
 * - `CONFLICT`: allowed alone but not together with another given field.
 * - `NOT_ALLOWED`: not allowed in this context (recurrence on a non-recurring meeting, a field a single
 *   occurrence cannot change).
 */
export type InputProblemCode =
  | 'REQUIRED'
  | 'INVALID_TYPE'
  | 'INVALID_VALUE'
  | 'INVALID_FORMAT'
  | 'TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'CONFLICT'
  | 'NOT_ALLOWED';

/**
 * One refused input value. `path` starts at the argument name, e.g. `['input', 'recurrence', 'repeatInterval']`
 * or `['input', 'settings', 'alternativeHosts', 2]`; the resolver reports the list as `BAD_USER_INPUT`.
 */
export interface InputProblem {
  path: ReadonlyArray<string | number>;
  code: InputProblemCode;
  message: string;
}
