import type { RoleResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

/** A user's role. The parent is the user: the id comes with every user, the name only with the user's detail. */
export const Role: RoleResolvers = {
  id: (user) => user.role_id ?? '',
  name: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'role_name')),
};
