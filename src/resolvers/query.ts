import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { resolveConnection, pageQuery, toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { parseMeetingId, parsePastMeetingKey, parseUserKey } from '../graphql/ids.ts';
import { dailyUsage } from '../reports/index.ts';

/** The read entry points. Single objects go through the per-request loaders, so repeats cost nothing. */
export const Query: QueryResolvers = {
  me: (_root, _args, { loaders }) => loaders.users.load('me'),

  user: (_root, { id }, { loaders }) => loaders.users.load(parseUserKey(id)),

  users: (_root, { first, after, status, roleId }, { zoom, loaders, now, signal, cursorKey }) =>
    resolveConnection({
      first,
      after,
      scope: cursorScope(['users', status, roleId]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const query = { ...pageQuery(request), status: status ?? undefined, role_id: roleId ?? undefined };
        const page = await zoom.call('users', { query, signal });
        loaders.users.prime(page.users ?? []);
        return toListPage(page, page.users);
      },
    }),

  meeting: (_root, { id }, { loaders }) => loaders.meetings.load(parseMeetingId(id)),

  pastMeeting: (_root, { id }, { loaders }) => loaders.pastMeetings.load(parsePastMeetingKey(id)),

  dailyUsage: (_root, args, context) => dailyUsage(args, context),
};
