import type { UserResolvers } from '../__generated__/resolvers-types.ts';
import { pageQuery, resolveConnection, toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { GatewayError } from '../graphql/errors.ts';
import { idOrNull, orNull } from '../graphql/values.ts';
import { isZoomError } from '../zoom/errors.ts';
import { meetingReport } from '../reports/index.ts';

/** Zoom's "meeting hosting and scheduling capabilities are not allowed for your user account". */
const ZOOM_CANNOT_HOST_CODE = 3161;

/**
 * A user. The parent is a `GET /users` list item or a `GET /users/{userId}` detail; fields only the detail has
 * (picture, company, phone number, language, role name, ...) fetch it once per user per operation, and only when
 * selected. Which fields the list item carries is the spec's `GET /users` item schema.
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users
 */
export const User: UserResolvers = {
  id: (user) => user.id,
  email: (user) => user.email,
  firstName: (user) => orNull(user.first_name),
  lastName: (user) => orNull(user.last_name),
  displayName: (user) => orNull(user.display_name),
  type: (user) => user.type,
  status: (user) => orNull(user.status),
  timezone: (user) => orNull(user.timezone),
  pmi: (user) => idOrNull(user.pmi),
  usePmi: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'use_pmi')),
  personalMeetingUrl: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'personal_meeting_url')),
  department: (user) => orNull(user.dept),
  company: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'company')),
  jobTitle: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'job_title')),
  location: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'location')),
  phoneNumber: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'phone_number')),
  role: (user) => (user.role_id === undefined || user.role_id === '' ? null : user),
  verified: (user) => (user.verified === undefined ? null : user.verified === 1),
  createdAt: (user) => orNull(user.created_at ?? user.user_created_at),
  lastLoginAt: (user) => orNull(user.last_login_time),
  lastClientVersion: (user) => orNull(user.last_client_version),
  picUrl: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'pic_url')),
  language: async (user, _args, { loaders }) => orNull(await loaders.users.field(user, 'language')),

  meetings: (user, { type, first, after, from, to }, { zoom, loaders, now, signal, cursorKey }) => {
    checkDateRange(from, to);
    return resolveConnection({
      first,
      after,
      scope: cursorScope(['meetings', user.id, type, from, to]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const query = { ...pageQuery(request), type, from: from ?? undefined, to: to ?? undefined };
        try {
          const page = await zoom.call('meetings', { path: { userId: user.id }, query, signal });
          loaders.meetings.prime(page.meetings ?? []);
          return toListPage(page, page.meetings);
        } catch (error) {
          // A user without a Meetings license (type 99, or still pending) cannot host: Zoom refuses the list with
          // 400 code 3161 instead of answering an empty one. Such a user has no meetings; that is not a failure.
          // @see https://developers.zoom.us/docs/api/rest/other-references/error-definitions/
          if (isZoomError(error) && error.zoomCode === ZOOM_CANNOT_HOST_CODE) return toListPage({}, []);
          throw error;
        }
      },
    });
  },

  recordings: (user, { from, to, first, after }, { zoom, loaders, now, signal, cursorKey }) => {
    // Zoom answers at most one month per request.
    // @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/users/{userId}/recordings
    checkDateRange(from, to, 1);
    return resolveConnection({
      first,
      after,
      scope: cursorScope(['recordings', user.id, from, to]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const query = { ...pageQuery(request), from: from ?? undefined, to: to ?? undefined };
        const page = await zoom.call('recordingsList', { path: { userId: user.id }, query, signal });
        loaders.recordings.prime(page.meetings ?? []);
        return toListPage(page, page.meetings);
      },
    });
  },

  meetingHistory: (user, args, context) => meetingReport(user.id, args, context),
};

/**
 * Checks a `from`/`to` pair (already valid `YYYY-MM-DD` dates) before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` when `to` precedes `from` or the range is longer than `maxMonths` (no limit
 *   when absent).
 */
function checkDateRange(
  from: string | null | undefined,
  to: string | null | undefined,
  maxMonths?: number,
): void {
  if (!from || !to) return;
  if (to < from) {
    throw new GatewayError('BAD_USER_INPUT', `\`to\` (${to}) must not be before \`from\` (${from}).`, { argument: 'to' });
  }
  if (maxMonths !== undefined) {
    const limit = new Date(`${from}T00:00:00Z`);
    limit.setUTCMonth(limit.getUTCMonth() + maxMonths);
    if (new Date(`${to}T00:00:00Z`) > limit) {
      throw new GatewayError(
        'BAD_USER_INPUT',
        `\`from\` and \`to\` may be at most ${maxMonths} month apart (Zoom's limit); got ${from} to ${to}.`,
        { argument: 'to' },
      );
    }
  }
}
