import {
  defaultFieldResolver,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { GatewayError } from '../graphql/errors.ts';
import type { Caller } from './caller.ts';
import type { FieldRule, FieldRuleMap } from './field-rules.ts';
import { hideNotFound, NotVisibleError } from './not-visible.ts';

/** What the access checks read from the GraphQL context (the gateway's `GatewayContext` has all of it). */
export interface AccessContext {
  readonly caller?: Caller;
  readonly loaders: {
    readonly users: { load(key: string): Promise<{ id: string; email?: string }> };
    /** Ended instances by meeting id or UUID: a recording write's host (`recordingArgument`). */
    readonly pastMeetings?: { load(key: string): Promise<{ host_id: string }> };
  };
  readonly zoom: {
    call(operation: 'meeting', call: { path: { meetingId: string }; signal?: AbortSignal }): Promise<{ host_id: string }>;
  };
  readonly signal?: AbortSignal;
}

export interface FieldAccessOptions {
  /**
   * `true`: a field without a rule is denied to every caller at run time instead of failing here. Only for tests
   * of the run-time default; the gateway always starts strict.
   */
  readonly allowMissingRules?: boolean;
}

/** Thrown by `applyFieldAccess` when the rule map and the schema disagree; `problems` lists each. */
export class FieldAccessConfigError extends TypeError {
  override readonly name = 'FieldAccessConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`applyFieldAccess: the access rules do not fit the schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Lists what is wrong between a schema and a rule map: fields of object and interface types with no rule (their
 * own or their interface's), rules for fields the schema lacks, and argument rules naming missing arguments.
 */
export function findFieldRuleProblems(schema: GraphQLSchema, rules: FieldRuleMap): string[] {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      known.add(key);
      const rule = ruleFor(type, field.name, rules);
      if (rule === undefined) {
        problems.push(`${key} has no access rule: add one to the rule map (default: denied to everyone).`);
        continue;
      }
      if ('argument' in rule && !field.args.some((arg) => arg.name === rule.argument)) {
        problems.push(`${key}: its ${rule.kind} rule names the argument "${rule.argument}", which the field does not have.`);
      }
    }
  }
  for (const key of Object.keys(rules)) {
    if (!known.has(key)) problems.push(`${key} has a rule but the schema has no such field: remove the rule.`);
  }
  return problems;
}

/**
 * Enforces `rules` on `schema` by wrapping every field's resolver (and subscription's `subscribe`) in place; returns
 * the schema. A call without `context.caller` fails with `UNAUTHENTICATED`; a refused field fails with `FORBIDDEN`
 * (`extensions.reason: 'ACCESS_RULE'`) at its own path, so the rest of the response is intact.
 * @throws FieldAccessConfigError when a field has no rule or a rule names no field (see `findFieldRuleProblems`).
 */
export function applyFieldAccess<TSchema extends GraphQLSchema>(
  schema: TSchema,
  rules: FieldRuleMap,
  options: FieldAccessOptions = {},
): TSchema {
  const problems = findFieldRuleProblems(schema, rules);
  const missingOnly = problems.every((problem) => problem.includes('has no access rule'));
  if (problems.length > 0 && !(options.allowMissingRules === true && missingOnly)) throw new FieldAccessConfigError(problems);

  const subscriptionType = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = ruleFor(type, field.name, rules);
      const original = field.resolve ?? defaultFieldResolver;
      field.resolve = guardResolver(rule, original);
      if (type === subscriptionType && field.subscribe !== undefined) {
        field.subscribe = guardSubscription(rule, field.subscribe, original);
      }
    }
  }
  return schema;
}

function ruleFor(type: GraphQLObjectType | Parameters<typeof isInterfaceType>[0], fieldName: string, rules: FieldRuleMap): FieldRule | undefined {
  const name = (type as { name: string }).name;
  const own = rules[`${name}.${fieldName}`];
  if (own !== undefined || !isObjectType(type)) return own;
  for (const iface of type.getInterfaces()) {
    const inherited = rules[`${iface.name}.${fieldName}`];
    if (inherited !== undefined) return inherited;
  }
  return undefined;
}

type Resolver = GraphQLFieldResolver<unknown, AccessContext, Record<string, unknown>>;

function unauthenticated(): GatewayError {
  return new GatewayError('UNAUTHENTICATED', 'Authentication required.', { reason: 'missing' });
}

function forbidden(): GatewayError {
  return new GatewayError('FORBIDDEN', 'Your credentials do not allow access to this field.', { reason: 'ACCESS_RULE' });
}

/** The resolver with the rule in front of it. Admins and `parent`/`authenticated` fields take no extra step. */
function guardResolver(rule: FieldRule | undefined, original: Resolver): Resolver {
  if (rule === undefined) {
    return (_source, _args, context) => {
      if (context.caller === undefined) throw unauthenticated();
      throw forbidden();
    };
  }
  return (source, args, context, info) => {
    const caller = context.caller;
    if (caller === undefined) throw unauthenticated();
    if (caller.role === 'admin') return original(source, args, context, info);
    switch (rule.kind) {
      case 'parent':
      case 'authenticated':
      case 'ownEvents':
        return original(source, args, context, info);
      case 'admin':
        throw forbidden();
      case 'me':
        return boundUser(caller, context);
      case 'self':
        if (!isCallersUser(caller, source as UserLike)) throw forbidden();
        return original(source, args, context, info);
      case 'host':
        return whenHost(caller, context, hostOf(source), () => original(source, args, context, info));
      case 'userArgument':
        return resolveUserArgument(caller, rule.argument, source, args, context, info, original);
      case 'hostedResult': {
        // Another host's object and a missing one get one answer (NotVisibleError), so a member cannot probe ids.
        const what = describeType(info.returnType.toString());
        return hideNotFound(what, () => original(source, args, context, info)).then((result) =>
          result === null || result === undefined ? result : whenHost(caller, context, hostOf(result), () => result, what),
        );
      }
      case 'ownedNodes': {
        // Bad ids are refused by the resolver before any read; each object read is then checked on its own.
        const result = original(source, args, context, info);
        return Array.isArray(result) ? result.map((item) => ownedNode(caller, context, () => item)) : ownedNode(caller, context, () => result);
      }
      case 'meetingArgument':
        // Bad input is refused before the meeting read; the id is the one the resolver will write to (trimmed).
        return checkMeetingHost(caller, context, rule.checkArguments(args).meetingId)
          // An update may move the meeting to another host (`input.scheduleFor`): only to the member itself.
          .then(() => requireCaller(caller, context, scheduleForOf(args)))
          .then(() => original(source, args, context, info));
      case 'recordingArgument':
        // Bad input is refused before the instance read; the key is the one the resolver will write to.
        return checkRecordingHost(caller, context, rule.checkArguments(args).recordingKey)
          .then(() => original(source, args, context, info));
      case 'createMeeting':
        return resolveCreateMeeting(caller, rule, source, args, context, info, original);
    }
  };
}

interface UserLike {
  readonly id?: unknown;
  readonly email?: unknown;
}

/** The member's own `userId` for Zoom: its bound id, else its bound email (Zoom accepts either). */
function bindingKey(caller: Caller): string {
  const key = caller.zoomUserId ?? caller.email;
  // createCallerAuthenticator never makes a member without a binding; refuse rather than fall back to `me`.
  if (key === undefined) throw forbidden();
  return key;
}

function sameEmail(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function isCallersUser(caller: Caller, user: UserLike | null | undefined): boolean {
  if (user === null || user === undefined) return false;
  return (caller.zoomUserId !== undefined && user.id === caller.zoomUserId) || sameEmail(caller.email, user.email);
}

/** Whether an argument names the member's user without asking Zoom: `me`, its id, or its email. */
function namesCaller(caller: Caller, value: string): boolean {
  return value === 'me' || value === caller.zoomUserId || sameEmail(value, caller.email);
}

function hostOf(object: unknown): string | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  const record = object as { host_id?: unknown; hostId?: unknown };
  const host = record.host_id ?? record.hostId;
  return typeof host === 'string' && host !== '' ? host : undefined;
}

/**
 * The member's own Zoom user, resolved once per operation from its binding (`GET /users/{id or email}` through the
 * user loader, which also primes `me`/`host` lookups of the same user; the cost estimate counts it) and checked to be
 * the user the binding names: its id or its email, never whatever else Zoom might answer for the value.
 */
const boundUsers = new WeakMap<object, Promise<{ id: string; email?: string }>>();
function boundUser(caller: Caller, context: AccessContext): Promise<{ id: string; email?: string }> {
  let lookup = boundUsers.get(context);
  if (lookup === undefined) {
    lookup = context.loaders.users.load(bindingKey(caller)).then((user) => {
      if (!isCallersUser(caller, user)) throw forbidden();
      return user;
    });
    boundUsers.set(context, lookup);
  }
  return lookup;
}

/** The member's Zoom user id: its binding when bound by id, else its bound user's (see {@link boundUser}). */
function callerUserId(caller: Caller, context: AccessContext): string | Promise<string> {
  if (caller.zoomUserId !== undefined) return caller.zoomUserId;
  return boundUser(caller, context).then((user) => user.id);
}

/**
 * `next()` when the member hosts the object, else a refusal: `FORBIDDEN` for a field of an object already reached,
 * the uniform "not found" for a root object (`notVisibleAs` names its kind) so its existence is not given away.
 */
function whenHost<T>(caller: Caller, context: AccessContext, host: string | undefined, next: () => T, notVisibleAs?: string): T | Promise<T> {
  const refuse = () => (notVisibleAs === undefined ? forbidden() : new NotVisibleError(notVisibleAs, 'NOT_OWNER'));
  if (host === undefined) throw refuse();
  const id = callerUserId(caller, context);
  if (typeof id === 'string') {
    if (id !== host) throw refuse();
    return next();
  }
  return id.then((resolved) => {
    if (resolved !== host) throw refuse();
    return next();
  });
}

/**
 * The object `read` returns if the member owns it: a hosted one (`host_id`) if it hosts it, a user if it is itself.
 * Another's and a missing one get one answer, so a member cannot probe ids through `node`.
 */
async function ownedNode(caller: Caller, context: AccessContext, read: () => unknown): Promise<unknown> {
  const object = await hideNotFound('node', read);
  if (object === null || object === undefined) return object;
  const host = hostOf(object);
  if (host !== undefined) return whenHost(caller, context, host, () => object, 'node');
  if (!isCallersUser(caller, object as UserLike)) throw new NotVisibleError('node', 'NOT_OWNER');
  return object;
}

async function checkMeetingHost(caller: Caller, context: AccessContext, meetingId: string): Promise<void> {
  // Straight to Zoom, not through the loader: the write that follows changes the meeting, and a cached copy of
  // the old one must not answer the mutation's result.
  const meeting = await hideNotFound('meeting', () => context.zoom.call('meeting', { path: { meetingId }, signal: context.signal }));
  await whenHost(caller, context, hostOf(meeting), () => undefined, 'meeting');
}

async function checkRecordingHost(caller: Caller, context: AccessContext, recordingKey: string): Promise<void> {
  const pastMeetings = context.loaders.pastMeetings;
  if (pastMeetings === undefined) throw forbidden();
  // Through the loader: a recording write leaves its instance's host as it was, and the resolver reads it too.
  const instance = await hideNotFound('recording', () => pastMeetings.load(recordingKey));
  await whenHost(caller, context, hostOf(instance), () => undefined, 'recording');
}

/** `Meeting` -> `meeting`, `PastMeeting` -> `past meeting`: the kind named in the uniform "not found". */
function describeType(typeName: string): string {
  return typeName.replace(/[!\[\]]/g, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function resolveUserArgument(
  caller: Caller,
  argument: string,
  source: unknown,
  args: Record<string, unknown>,
  context: AccessContext,
  info: Parameters<Resolver>[3],
  original: Resolver,
): unknown {
  const value = String(args[argument] ?? '').trim();
  if (value === 'me') return boundUser(caller, context);
  if (namesCaller(caller, value)) return original(source, args, context, info);
  // Another identifier of the same user (an email for an id-bound member, say): decide from the user itself. Another
  // user and a missing one get one answer.
  return hideNotFound('user', () => original(source, args, context, info)).then((user) => {
    if (user === null || user === undefined) return user;
    if (!isCallersUser(caller, user as UserLike)) throw new NotVisibleError('user', 'NOT_OWNER');
    return user;
  });
}

async function resolveCreateMeeting(
  caller: Caller,
  rule: Extract<FieldRule, { kind: 'createMeeting' }>,
  source: unknown,
  args: Record<string, unknown>,
  context: AccessContext,
  info: Parameters<Resolver>[3],
  original: Resolver,
): Promise<unknown> {
  const value = args[rule.argument];
  const requested = typeof value === 'string' ? value.trim() : 'me';
  // For a member `me` is itself, not the user the gateway's Zoom credentials act as.
  const forwarded = { ...args, [rule.argument]: requested === 'me' ? bindingKey(caller) : requested };
  // The arguments the resolver will get are checked first: checking an id against an email-bound member's own
  // costs a user lookup, which bad input must not.
  rule.checkArguments(forwarded);
  await requireCaller(caller, context, requested);
  await requireCaller(caller, context, scheduleForOf(args));
  return original(source, forwarded, context, info);
}

/** A write's `input.scheduleFor` (the user the meeting is scheduled for or moved to), when given. */
function scheduleForOf(args: Record<string, unknown>): string | undefined {
  const input = args['input'] as { scheduleFor?: unknown } | undefined;
  return typeof input?.scheduleFor === 'string' ? input.scheduleFor.trim() : undefined;
}

/** Refuses unless `user` (absent, `me`, an id or an email) names the member itself. */
async function requireCaller(caller: Caller, context: AccessContext, user: string | undefined): Promise<void> {
  if (user === undefined || namesCaller(caller, user)) return;
  // An id for an email-bound member: compare with its id (one lookup, counted in the estimate).
  if ((await callerUserId(caller, context)) !== user) throw forbidden();
}

type Subscriber = NonNullable<GraphQLField<unknown, AccessContext>['subscribe']>;

/** A member's event stream keeps only events about meetings it hosts or about its own user. */
function guardSubscription(rule: FieldRule | undefined, subscribe: Subscriber, resolve: Resolver): Subscriber {
  return async (source, args, context, info) => {
    const caller = context.caller;
    if (caller === undefined) throw unauthenticated();
    if (rule === undefined || (rule.kind !== 'ownEvents' && rule.kind !== 'authenticated' && caller.role !== 'admin')) {
      throw forbidden();
    }
    const stream = await subscribe(source, args, context, info);
    if (caller.role === 'admin' || rule.kind !== 'ownEvents' || !isAsyncIterable(stream)) return stream;
    return filterStream(stream, async (payload) => {
      const event = (await resolve(payload, args, context, info)) as { kind?: unknown; userId?: unknown; email?: unknown } | null;
      if (event === null || typeof event !== 'object') return false;
      const host = hostOf(event);
      if (host !== undefined) return host === (await callerUserId(caller, context));
      if (event.kind === 'user' || (event.userId !== undefined && event.kind !== 'meeting')) {
        return isCallersUser(caller, { id: event.userId, email: event.email });
      }
      return false;
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

/**
 * An async iterator that skips what `keep` refuses. Hand-written rather than an async generator, so `return()`
 * (the client unsubscribing) reaches the source at once instead of waiting for its next event.
 */
function filterStream<T>(source: AsyncIterable<T>, keep: (value: T) => Promise<boolean>): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      // Bounded by the source: each turn consumes one of its events.
      for (;;) {
        const step = await iterator.next();
        if (step.done === true || (await keep(step.value))) return step;
      }
    },
    return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => iterator.throw?.(error) ?? Promise.reject(error),
  };
}
