import { useQuery } from '@apollo/client/react';
import { graphql } from './gql';

const MeetingDetailsQuery = graphql(`
  query MeetingDetails($id: ID!) {
    meeting(id: $id) {
      id
      topic
      type
      status
      startTime
      duration
      timezone
      agenda
      joinUrl
      host {
        id
        email
      }
    }
  }
`);

export function MeetingDetails({ id }: { id: string }) {
  const { data, loading, error } = useQuery(MeetingDetailsQuery, { variables: { id } });
  if (loading && data === undefined) return <p>Loading…</p>;
  if (error !== undefined) return <p role="alert">{error.message}</p>;
  const meeting = data?.meeting;
  if (meeting == null) return <p>This meeting no longer exists.</p>;
  return (
    <article data-testid="meeting-details">
      <h2>{meeting.topic}</h2>
      <dl>
        <dt>Id</dt>
        <dd>{meeting.id}</dd>
        <dt>Type</dt>
        <dd>{meeting.type}{meeting.status == null ? '' : `, ${meeting.status}`}</dd>
        <dt>Starts</dt>
        <dd>{meeting.startTime == null ? 'no fixed time' : `${new Date(meeting.startTime).toLocaleString()} (${meeting.duration ?? '?'} min, ${meeting.timezone ?? 'host time zone'})`}</dd>
        <dt>Host</dt>
        <dd>{meeting.host.email}</dd>
        {meeting.agenda && (<><dt>Agenda</dt><dd>{meeting.agenda}</dd></>)}
        <dt>Join</dt>
        <dd><a href={meeting.joinUrl}>{meeting.joinUrl}</a></dd>
      </dl>
    </article>
  );
}
