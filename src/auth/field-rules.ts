/**
 * Who may resolve a field. Every field of the schema has one (see `GATEWAY_FIELD_RULES`); an `admin` passes every
 * rule, so the kinds below describe what a `member` (bound to one Zoom user) may do.
 *
 * - `parent`: the object was checked where it was reached (the field that returned it, or its own type's rule),
 *   and this field reveals nothing its parent's rule did not already allow: connections, edges, settings, ...
 * - `authenticated`: any caller.
 * - `admin`: admins only.
 * - `me`: `Query.me`; a member gets its bound user instead of the user the gateway's Zoom credentials act as.
 * - `self`: the parent is a Zoom user (`id`, `email`); only the member bound to it.
 * - `host`: the parent carries its host (`host_id`, or `hostId` on events); only that host. `sensitive` marks fields
 *   that must never reach anyone but the host or an admin (start URL, passcodes); it documents the intent and the
 *   role-matrix test holds it, as the `host` check already enforces it.
 * - `userArgument`: a root field whose `argument` names a user (id, email or `me`): only the member's own user.
 *   Decided from the argument when it names the member's binding, otherwise from the user the field returns.
 * - `hostedResult`: a root field returning an object with `host_id`: the read happens, then only its host sees it.
 * - `meetingArgument`: a mutation on the meeting in `argument`: the meeting is read first (one `GET
 *   /meetings/{id}`, counted in the cost map) and only its host may go on; an `input.scheduleFor` (moving the
 *   meeting) must be the member.
 * - `recordingArgument`: a write on the recorded instance in `argument` (a meeting id or an instance UUID): the
 *   instance is read first (one `GET /past_meetings/{id}` through the loader, which the resolver's own read of it
 *   shares; counted in the cost map) and only its host may go on; another's and a missing one answer alike.
 * - `createMeeting`: the host (`userId`, default `me` = the member itself) and `input.scheduleFor` must be the member.
 * - `ownedNodes`: a root field returning objects read by id (`node`, `nodes`; one or a list): each is shown only
 *   to its owner, a hosted object (`host_id`) to its host and a user to itself; another's and a missing one answer
 *   alike ("not found"), item by item in a list.
 * - `ownEvents`: a subscription: a member's stream carries only events about meetings it hosts (`hostId`) or about
 *   its own user (`userId` / `email`).
 *
 * The write kinds carry `checkArguments`, the resolver's own argument check. It runs before their ownership
 * checks, so invalid input is `BAD_USER_INPUT` before any Zoom call (the meeting read, an email-bound member's user
 * lookup), and a `meetingArgument` check reads the meeting id from its result: the meeting checked is the one the
 * resolver writes.
 */
export type FieldRule =
  | { readonly kind: 'parent' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'admin' }
  | { readonly kind: 'me' }
  | { readonly kind: 'self' }
  | { readonly kind: 'host'; readonly sensitive?: boolean }
  | { readonly kind: 'userArgument'; readonly argument: string }
  | { readonly kind: 'hostedResult' }
  | { readonly kind: 'meetingArgument'; readonly argument: string; readonly checkArguments: ArgumentCheck<{ readonly meetingId: string }> }
  | { readonly kind: 'recordingArgument'; readonly argument: string; readonly checkArguments: ArgumentCheck<{ readonly recordingKey: string }> }
  | { readonly kind: 'createMeeting'; readonly argument: string; readonly checkArguments: ArgumentCheck }
  | { readonly kind: 'ownedNodes' }
  | { readonly kind: 'ownEvents' };

/**
 * A field's argument check: returns the checked arguments, or throws (`BAD_USER_INPUT`) when they are invalid.
 * It must be the one the resolver runs, so that what the access check decides on is what the resolver acts on.
 */
export type ArgumentCheck<T = unknown> = (args: Readonly<Record<string, unknown>>) => T;

/** Rules keyed by `Type.field`; an `Interface.field` rule applies to implementing types that have none of their own. */
export type FieldRuleMap = Readonly<Record<string, FieldRule>>;

export const PARENT: FieldRule = Object.freeze({ kind: 'parent' });
export const AUTHENTICATED: FieldRule = Object.freeze({ kind: 'authenticated' });
export const ADMIN: FieldRule = Object.freeze({ kind: 'admin' });
export const SELF: FieldRule = Object.freeze({ kind: 'self' });
export const HOST: FieldRule = Object.freeze({ kind: 'host' });
export const HOST_SENSITIVE: FieldRule = Object.freeze({ kind: 'host', sensitive: true });

/** `{ 'Type.a': rule, 'Type.b': rule }` for the listed fields: each field is still named, so none is implied. */
export function fieldsOf(type: string, fields: readonly string[], rule: FieldRule): Record<string, FieldRule> {
  return Object.fromEntries(fields.map((field) => [`${type}.${field}`, rule]));
}
