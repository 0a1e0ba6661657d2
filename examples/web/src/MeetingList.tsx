import { useQuery } from '@apollo/client/react';
import { graphql } from './gql';

const PAGE_SIZE = 3;

const MeetingsPage = graphql(`
  query MeetingsPage($first: Int!, $after: String) {
    me {
      id
      email
      meetings(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            topic
            startTime
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** The signed-in user's meetings, a page at a time: "More" asks for the page after `endCursor` and appends it. */
export function MeetingList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const { data, loading, error, fetchMore } = useQuery(MeetingsPage, { variables: { first: PAGE_SIZE } });
  const meetings = data?.me?.meetings;
  if (error !== undefined) return <p role="alert">{error.message}</p>;
  if (meetings === undefined) return <p>{loading ? 'Loading meetings…' : 'No user.'}</p>;

  const loadMore = () =>
    fetchMore({
      variables: { after: meetings.pageInfo.endCursor },
      // Append the next page to the list already shown; no cache type policy is needed for this.
      updateQuery: (previous, { fetchMoreResult }) => {
        const before = previous.me?.meetings;
        const next = fetchMoreResult.me?.meetings;
        if (before === undefined || next === undefined || previous.me == null) return previous;
        return { ...previous, me: { ...previous.me, meetings: { ...next, edges: [...before.edges, ...next.edges] } } };
      },
    });

  return (
    <>
      <h2>
        Meetings of {data?.me?.email} <small data-testid="meeting-count">({meetings.edges.length} of {meetings.totalCount})</small>
      </h2>
      <ul className="meetings">
        {meetings.edges.map(({ cursor, node }) => (
          <li key={cursor}>
            <button type="button" aria-pressed={node.id === selected} onClick={() => onSelect(node.id)}>
              {node.topic}
            </button>{' '}
            <time>{node.startTime === null || node.startTime === undefined ? 'no fixed time' : new Date(node.startTime).toLocaleString()}</time>
          </li>
        ))}
      </ul>
      {meetings.pageInfo.hasNextPage && (
        <button type="button" disabled={loading} onClick={() => void loadMore()}>
          More
        </button>
      )}
    </>
  );
}
