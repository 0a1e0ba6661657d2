/**
 * The `id` of objects whose Zoom id is unique only within a parent: composed here so that every type's `id` is unique
 * across the account, as normalized client caches (Apollo, urql, Relay) assume. README "Ids" lists which ids are
 * Zoom's and which are composed. Composed ids are opaque to clients; the Zoom ids they hold stay fields of their own.
 */

/**
 * `<meetingId>_<occurrenceId>`. Zoom's occurrence id is the occurrence's start in epoch milliseconds, so two meetings
 * with an occurrence at the same time share it.
 * @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/meetings/{meetingId}
 */
export function occurrenceObjectId(meetingId: string | number, occurrenceId: string): string {
  return `${meetingId}_${occurrenceId}`;
}

/** The parts of an {@link occurrenceObjectId}, or `undefined` when `id` is not one (both parts are Zoom's digits). */
export function parseOccurrenceObjectId(id: string): { meetingId: string; occurrenceId: string } | undefined {
  const parts = /^(\d{1,19})_(\d{1,19})$/.exec(id);
  return parts === null ? undefined : { meetingId: parts[1]!, occurrenceId: parts[2]! };
}

/** What identifies one join in a participant list item. */
export interface ParticipantJoin {
  readonly user_id?: string;
  readonly id?: string;
  readonly name: string;
  readonly join_time: string;
}

/**
 * `<instance UUID>_<per-meeting participant id>_<join time>`: one id per join. Zoom's `id` is the person's Zoom user
 * id (the same on every rejoin, `""` for guests) and its `user_id` is valid "for that meeting only", so neither
 * alone tells two joins apart; with the instance and the join time they do. A participant Zoom sends without a
 * per-meeting id falls back to their user id, then their display name.
 * @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/past_meetings/{meetingId}/participants
 */
export function participantObjectId(meetingUuid: string, participant: ParticipantJoin): string {
  const who = participant.user_id || participant.id || participant.name;
  return `${meetingUuid}_${who}_${participant.join_time}`;
}
