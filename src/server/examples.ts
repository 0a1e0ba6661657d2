import type { GraphiqlExample } from './graphiql.ts';

/**
 * The example operations: preloaded as GraphiQL tabs and shown in the README (test/server/examples.test.ts keeps
 * the two identical and runs every one against the sandbox, so they always work).
 */
export const GRAPHIQL_EXAMPLES: readonly GraphiqlExample[] = Object.freeze([
  {
    title: 'Who am I',
    query: `# The account owner the gateway's credentials act for.
query Me {
  me {
    id
    email
    displayName
    type
    timezone
    role {
      name
    }
  }
}
`,
  },
  {
    title: 'Users and their meetings, in few Zoom calls',
    query: `# One GET /users, then one GET /users/{id}/meetings per user, run concurrently.
# host comes from the list answers already: it costs no call.
query UsersWithMeetings {
  users(first: 5, status: ACTIVE) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      email
      department
      meetings(first: 3) {
        nodes {
          id
          topic
          startTime
          duration
          host {
            email
          }
        }
      }
    }
  }
}
`,
  },
  {
    title: 'Paging through users',
    query: `# Pass pageInfo.endCursor as $after to get the next page (cursors wrap Zoom's next_page_token,
# which expires after 15 minutes).
query UsersPage($after: String) {
  users(first: 2, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        email
      }
    }
  }
}
`,
    variables: '{ "after": null }',
  },
  {
    title: 'Meeting details',
    query: `# settings only come from GET /meetings/{id}: the gateway makes that call only because it is selected.
query MeetingDetails {
  me {
    meetings(first: 2) {
      nodes {
        id
        topic
        type
        joinUrl
        settings {
          waitingRoom
          joinBeforeHost
          muteUponEntry
          autoRecording
        }
      }
    }
  }
}
`,
  },
  {
    title: 'A recordings page with playable links',
    query: `# Two Zoom calls (GET /users/me, GET /users/me/recordings) however many files: each playUrl is
# the gateway's own signed link (/recordings/{fileId}?t=...), playable in a <video> element.
query RecordingsPage {
  me {
    recordings(first: 30) {
      nodes {
        topic
        startTime
        files {
          fileType
          fileSize
          playUrl
        }
      }
    }
  }
}
`,
  },
  {
    title: 'A missing user: partial data and a typed error',
    query: `# me is still returned; user is null with an error whose extensions.code is NOT_FOUND.
query MissingUser {
  me {
    email
  }
  user(id: "nobody@example.com") {
    email
  }
}
`,
  },
]);
