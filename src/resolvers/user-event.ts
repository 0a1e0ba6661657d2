import type {
  UserActivatedEventResolvers,
  UserCreatedEventResolvers,
  UserDeactivatedEventResolvers,
  UserDeletedEventResolvers,
  UserEventResolvers,
  UserUpdatedEventResolvers,
} from '../__generated__/resolvers-types.ts';
import { USER_EVENT_TYPENAMES, type UserEvent as GatewayUserEvent } from '../events/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { nullIfNotFound } from '../graphql/errors.ts';
import type { ZoomUserListItem } from '../zoom/wire.ts';

/** The `UserEvent` interface: each event's GraphQL type from its `type`. */
export const UserEvent: UserEventResolvers = {
  __resolveType: (event) => USER_EVENT_TYPENAMES[event.type] as ReturnType<NonNullable<UserEventResolvers['__resolveType']>>,
};

/** The user an event is about, as Zoom has it now (fresh loaders per event); null once Zoom no longer has it. */
async function userOf(event: GatewayUserEvent, _args: unknown, { loaders }: GatewayContext): Promise<ZoomUserListItem | null> {
  if (event.type === 'DELETED') return null;
  return nullIfNotFound(loaders.users.load(event.userId));
}

export const UserCreatedEvent: UserCreatedEventResolvers = { user: userOf };
export const UserUpdatedEvent: UserUpdatedEventResolvers = { user: userOf };
export const UserDeactivatedEvent: UserDeactivatedEventResolvers = { user: userOf };
export const UserActivatedEvent: UserActivatedEventResolvers = { user: userOf };
export const UserDeletedEvent: UserDeletedEventResolvers = { user: () => null };
