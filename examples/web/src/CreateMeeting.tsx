import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from './gql';

const CreateMeetingMutation = graphql(`
  mutation CreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
      topic
      startTime
      duration
    }
  }
`);

/** Schedules a meeting for the signed-in user; its CREATED event then shows up under "Live events". */
export function CreateMeeting({ onCreated }: { onCreated: (id: string) => void }) {
  const [topic, setTopic] = useState('');
  const [start, setStart] = useState(() => new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16));
  const [duration, setDuration] = useState(30);
  const [create, { loading, error }] = useMutation(CreateMeetingMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data } = await create({
      // The datetime-local value is wall time here; sent with its offset so the gateway reads it as meant.
      variables: { input: { topic, startTime: new Date(start).toISOString(), duration } },
      refetchQueries: ['MeetingsPage'],
    });
    if (data?.createMeeting != null) {
      setTopic('');
      onCreated(data.createMeeting.id);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event).catch(() => undefined)} className="create">
      <h2>New meeting</h2>
      <label>Topic <input required maxLength={200} value={topic} onChange={(event) => setTopic(event.target.value)} /></label>
      <label>Starts <input type="datetime-local" required value={start} onChange={(event) => setStart(event.target.value)} /></label>
      <label>Minutes <input type="number" min={1} max={1440} value={duration} onChange={(event) => setDuration(Number(event.target.value))} /></label>
      <button type="submit" disabled={loading}>Create</button>
      {error !== undefined && <p role="alert">{error.message}</p>}
    </form>
  );
}
