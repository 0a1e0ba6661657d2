import { GatewayError, toGatewayError } from '../graphql/errors.ts';

/** Why a member was told "not found"; only the server log sees it. */
export type NotVisibleReason = 'NOT_OWNER' | 'NOT_FOUND';

/**
 * The one answer a member gets for an object that is not its own and for one that does not exist (issue 12): the
 * same code, message and extensions, so a member cannot learn which users and meetings exist. `reason` is the truth,
 * for the server log ({@link notVisibleReasonOf}); it never reaches `extensions`.
 */
export class NotVisibleError extends GatewayError {
  readonly hiddenReason: NotVisibleReason;
  constructor(what: string, reason: NotVisibleReason) {
    super('NOT_FOUND', `No such ${what}.`);
    this.hiddenReason = reason;
  }
}

/** Runs `read` for a member: Zoom's "not found" becomes the member's uniform answer; anything else is rethrown. */
export async function hideNotFound<T>(what: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (toGatewayError(error).code === 'NOT_FOUND') throw new NotVisibleError(what, 'NOT_FOUND');
    throw error;
  }
}

/** The hidden reason of an error as GraphQL hands it over (wrapped in located errors), for the server log. */
export function notVisibleReasonOf(error: unknown): NotVisibleReason | undefined {
  let current = error;
  // Bounded: graphql-js wraps a resolver's error at most a couple of times.
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof NotVisibleError) return current.hiddenReason;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
