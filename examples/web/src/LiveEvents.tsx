import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from './gql';
import type { MeetingEventsSubscription } from './gql/graphql';

const MeetingEvents = graphql(`
  subscription MeetingEvents {
    meetingEvents {
      type
      occurredAt
      meetingId
      meeting {
        id
        topic
      }
    }
  }
`);

type MeetingEvent = MeetingEventsSubscription['meetingEvents'];

/** Meeting events as they happen, over graphql-ws: the newest 20, newest first. */
export function LiveEvents() {
  const [events, setEvents] = useState<MeetingEvent[]>([]);
  const { error } = useSubscription(MeetingEvents, {
    onData: ({ data }) => {
      const event = data.data?.meetingEvents;
      if (event !== undefined) setEvents((previous) => [event, ...previous].slice(0, 20));
    },
  });
  return (
    <section>
      <h2>Live events</h2>
      {error !== undefined && <p role="alert">{error.message}</p>}
      {events.length === 0 ? <p>Waiting for meeting events…</p> : (
        <ol className="events" data-testid="events">
          {events.map((event) => (
            <li key={`${event.occurredAt}-${event.type}-${event.meetingId}`}>
              <strong>{event.type}</strong> {event.meeting?.topic ?? event.meetingId}{' '}
              <time>{new Date(event.occurredAt).toLocaleTimeString()}</time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
