import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import { Agent, request } from 'undici';

/*
 * The common hand-written approach, as a yardstick for the gateway: a plain Apollo Server whose resolvers each call
 * Zoom REST for what they need, with no DataLoader, no priming, no field-awareness and no retries. A meeting list
 * is followed by GET /meetings/{id} for every meeting (the list lacks settings), and `Meeting.host` is
 * GET /users/{hostId} every time. It is honest otherwise: keep-alive connections (the same pool size as the
 * gateway's Zoom client), sibling resolvers run concurrently (graphql-js does that), and its answers equal the
 * gateway's for the benchmark's queries (bench/run.ts compares them, cursors aside).
 */

/** Where the baseline finds Zoom and how it authenticates. */
export interface NaiveBaselineOptions {
  /** Zoom API base URL, e.g. the sandbox's `http://127.0.0.1:43117/v2`. */
  apiUrl: string;
  /** A Zoom OAuth access token, sent as `Authorization: Bearer`. It is never logged. */
  accessToken: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/** A running baseline. */
export interface NaiveBaseline {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:43200/`. */
  readonly url: string;
  close(): Promise<void>;
}

const typeDefs = `#graphql
  type Query {
    me: User!
    user(id: ID!): User
    users(first: Int = 30, after: String, status: UserStatus): UserConnection!
  }
  type User {
    id: ID!
    email: String!
    displayName: String
    type: UserType!
    timezone: String
    department: String
    role: Role
    meetings(first: Int = 30, after: String): MeetingConnection!
    recordings(first: Int = 30, after: String, from: String, to: String): RecordingConnection!
  }
  type Recording { meetingId: ID! topic: String! startTime: String! files: [RecordingFile!]! }
  type RecordingFile { fileType: String! fileSize: Float! playUrl: String }
  type RecordingConnection { nodes: [Recording!]! pageInfo: PageInfo! totalCount: Int! }
  type Role { id: ID! name: String }
  enum UserType { BASIC LICENSED UNASSIGNED_WITHOUT_MEETINGS_BASIC NONE }
  enum UserStatus { ACTIVE INACTIVE PENDING }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type UserEdge { cursor: String! node: User! }
  type UserConnection { edges: [UserEdge!]! nodes: [User!]! pageInfo: PageInfo! totalCount: Int! }
  type Meeting {
    id: ID!
    topic: String!
    type: MeetingType!
    startTime: String
    duration: Int
    joinUrl: String!
    settings: MeetingSettings
    host: User!
  }
  enum MeetingType { INSTANT SCHEDULED RECURRING_NO_FIXED_TIME RECURRING_FIXED_TIME }
  type MeetingSettings { waitingRoom: Boolean joinBeforeHost: Boolean muteUponEntry: Boolean autoRecording: AutoRecording }
  enum AutoRecording { LOCAL CLOUD NONE }
  type MeetingConnection { nodes: [Meeting!]! pageInfo: PageInfo! totalCount: Int! }
`;

interface ZoomUser {
  id: string;
  email: string;
  display_name?: string;
  type: number;
  timezone?: string;
  dept?: string;
  role_id?: string;
  role_name?: string;
}
interface ZoomMeeting {
  id: number;
  host_id: string;
  topic: string;
  type: number;
  start_time?: string;
  duration?: number;
  join_url: string;
  settings?: { waiting_room?: boolean; join_before_host?: boolean; mute_upon_entry?: boolean; auto_recording?: string };
}
interface ZoomRecording {
  id: number;
  topic: string;
  start_time: string;
  recording_files?: Array<{ file_type: string; file_size: number; play_url?: string; deleted_time?: string }>;
}
interface ZoomPage {
  next_page_token?: string;
  total_records?: number;
}

type Get = <T>(path: string, query?: Record<string, string | number | null | undefined>) => Promise<T>;
interface Context {
  get: Get;
}

/** Zoom's "meeting hosting and scheduling capabilities are not allowed for your user account". */
const ZOOM_CANNOT_HOST_CODE = 3161;

const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, { get }: Context) => get<ZoomUser>('/users/me'),
    user: (_: unknown, { id }: { id: string }, { get }: Context) => get<ZoomUser>(`/users/${encodeURIComponent(id)}`),
    users: async (_: unknown, args: { first: number; after?: string | null; status?: string | null }, { get }: Context) => {
      const page = await get<ZoomPage & { users?: ZoomUser[] }>('/users', {
        page_size: args.first,
        next_page_token: args.after,
        status: args.status,
      });
      return connection(page, page.users ?? []);
    },
  },
  User: {
    displayName: (user: ZoomUser) => user.display_name ?? null,
    timezone: (user: ZoomUser) => user.timezone ?? null,
    department: (user: ZoomUser) => user.dept ?? null,
    role: (user: ZoomUser) => (user.role_id ? { id: user.role_id, name: user.role_name ?? null } : null),
    meetings: async (user: ZoomUser, args: { first: number; after?: string | null }, { get }: Context) => {
      let page: ZoomPage & { meetings?: ZoomMeeting[] };
      try {
        page = await get(`/users/${encodeURIComponent(user.id)}/meetings`, { page_size: args.first, next_page_token: args.after });
      } catch (error) {
        // A user without a Meetings license has none (Zoom answers 400/3161); the gateway answers the same.
        if (error instanceof GraphQLError && error.extensions.zoomCode === ZOOM_CANNOT_HOST_CODE) return connection({}, []);
        throw error;
      }
      // The list lacks settings, so fetch every meeting's detail, whatever the query selects.
      const details = await Promise.all((page.meetings ?? []).map((m) => get<ZoomMeeting>(`/meetings/${m.id}`)));
      return connection(page, details);
    },
    recordings: async (user: ZoomUser, args: { first: number; after?: string | null; from?: string | null; to?: string | null }, { get }: Context) => {
      const page = await get<ZoomPage & { meetings?: ZoomRecording[] }>(`/users/${encodeURIComponent(user.id)}/recordings`, {
        page_size: args.first,
        next_page_token: args.after,
        from: args.from,
        to: args.to,
      });
      return connection(page, page.meetings ?? []);
    },
  },
  Recording: {
    meetingId: (recording: ZoomRecording) => String(recording.id),
    startTime: (recording: ZoomRecording) => recording.start_time,
    files: (recording: ZoomRecording) => recording.recording_files ?? [],
  },
  RecordingFile: {
    fileType: (file: NonNullable<ZoomRecording['recording_files']>[number]) => file.file_type,
    fileSize: (file: NonNullable<ZoomRecording['recording_files']>[number]) => file.file_size,
    // Zoom's own play_url, which needs a Zoom login to play (the gateway signs a link of its own instead).
    playUrl: (file: NonNullable<ZoomRecording['recording_files']>[number]) => (file.deleted_time === undefined ? file.play_url ?? null : null),
  },
  Meeting: {
    id: (meeting: ZoomMeeting) => String(meeting.id),
    startTime: (meeting: ZoomMeeting) => meeting.start_time ?? null,
    duration: (meeting: ZoomMeeting) => meeting.duration ?? null,
    joinUrl: (meeting: ZoomMeeting) => meeting.join_url,
    settings: (meeting: ZoomMeeting) => meeting.settings ?? null,
    host: (meeting: ZoomMeeting, _: unknown, { get }: Context) => get<ZoomUser>(`/users/${encodeURIComponent(meeting.host_id)}`),
  },
  MeetingSettings: {
    waitingRoom: (s: NonNullable<ZoomMeeting['settings']>) => s.waiting_room ?? null,
    joinBeforeHost: (s: NonNullable<ZoomMeeting['settings']>) => s.join_before_host ?? null,
    muteUponEntry: (s: NonNullable<ZoomMeeting['settings']>) => s.mute_upon_entry ?? null,
    autoRecording: (s: NonNullable<ZoomMeeting['settings']>) => s.auto_recording ?? null,
  },
  // Zoom's wire values as the enums' internal values.
  UserType: { BASIC: 1, LICENSED: 2, UNASSIGNED_WITHOUT_MEETINGS_BASIC: 4, NONE: 99 },
  UserStatus: { ACTIVE: 'active', INACTIVE: 'inactive', PENDING: 'pending' },
  MeetingType: { INSTANT: 1, SCHEDULED: 2, RECURRING_NO_FIXED_TIME: 3, RECURRING_FIXED_TIME: 8 },
  AutoRecording: { LOCAL: 'local', CLOUD: 'cloud', NONE: 'none' },
};

/** Zoom's `next_page_token` serves as the cursor; each edge carries the page's (exact for the last edge). */
function connection<T>(page: ZoomPage, items: T[]) {
  const next = page.next_page_token ?? '';
  return {
    nodes: items,
    edges: items.map((node) => ({ cursor: next, node })),
    pageInfo: { hasNextPage: next !== '', endCursor: next === '' ? null : next },
    totalCount: page.total_records ?? items.length,
  };
}

/** Starts the baseline on 127.0.0.1. */
export async function startNaiveBaseline(options: NaiveBaselineOptions): Promise<NaiveBaseline> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${options.accessToken}`;
  // The same pool shape as the gateway's Zoom client (src/zoom/client.ts).
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, headersTimeout: 10_000, bodyTimeout: 10_000 });

  const get: Get = async <T>(path: string, query: Record<string, string | number | null | undefined> = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
    const search = params.size === 0 ? '' : `?${params}`;
    const response = await request(`${base}${path}${search}`, { dispatcher: agent, headers: { authorization, accept: 'application/json' } });
    const text = await response.body.text();
    let body: T & { code?: number; message?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new GraphQLError(`Zoom answered ${response.statusCode} with a body that is not JSON`, { extensions: { code: 'UPSTREAM_ERROR' } });
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return body;
    throw new GraphQLError(body.message ?? `Zoom answered ${response.statusCode}`, {
      extensions: { code: response.statusCode === 404 ? 'NOT_FOUND' : 'UPSTREAM_ERROR', zoomCode: body.code },
    });
  };

  const server = new ApolloServer<Context>({ typeDefs, resolvers, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: options.port ?? 0 },
    context: async () => ({ get }),
  });
  return {
    url,
    async close() {
      await server.stop();
      await agent.close();
    },
  };
}
