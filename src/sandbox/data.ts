import type {
  ZoomMeetingSettings,
  ZoomMeetingType,
  ZoomParticipant,
  ZoomPastMeeting,
  ZoomRecordingFile,
  ZoomRecurrence,
  ZoomRegistrant,
  ZoomRegistrantStatus,
  ZoomUser,
  ZoomUserStatus,
  ZoomUserType,
} from '../zoom/wire.ts';
import type { SandboxDataOptions } from './types.ts';
import { ALPHANUMERIC, BASE64URL, createSeededRandom, hashSeed, type SeededRandom } from './random.ts';
import { DAY_MS, formatZoomTime, HOUR_MS, MINUTE_MS, zonedLocalToUtc } from './time.ts';

/**
 * The sandbox's seeded data: users, scheduled meetings and past meeting instances, generated from a seed and
 * sizes. Big sub-collections (past participants, registrants, recording files) are not stored: they are generated
 * on demand from `${seed}:<entity>` so the large preset stays small in memory and quick to build.
 */

/** Named data sizes. `small` is the default; `large` is for benchmarks (5,000 users, > 50,000 meetings). */
export const SANDBOX_DATA_PRESETS = {
  small: {
    seed: 20231001,
    users: 40,
    meetingsPerUser: 6,
    pastMeetingsPerUser: 3,
    participantsPerPastMeeting: 8,
    registrantsPerMeeting: 5,
    recordingsPerUser: 2,
  },
  large: {
    seed: 20231001,
    users: 5_000,
    meetingsPerUser: 12,
    pastMeetingsPerUser: 4,
    participantsPerPastMeeting: 40,
    registrantsPerMeeting: 20,
    recordingsPerUser: 2,
  },
} as const satisfies Record<string, SandboxDataOptions>;

export type SandboxDataPreset = keyof typeof SANDBOX_DATA_PRESETS;

/** Upper bounds on the options: generous, but they stop a typo from exhausting memory. */
export const SANDBOX_DATA_LIMITS: Readonly<Record<Exclude<keyof SandboxDataOptions, 'seed'>, number>> = {
  users: 100_000,
  meetingsPerUser: 200,
  pastMeetingsPerUser: 200,
  participantsPerPastMeeting: 1_000,
  registrantsPerMeeting: 1_000,
  recordingsPerUser: 200,
};

/** The account's company; every user's email is on its domain (a reserved `.example` name, RFC 2606). */
export const SANDBOX_COMPANY = { name: 'Northwind Labs', domain: 'northwindlabs.example' } as const;

/** Zoom's web host for the sandbox's URLs (a free account's cluster, as in Zoom's own examples). */
export const SANDBOX_WEB_HOST = 'https://us05web.zoom.us';

/** A scheduled meeting as seeded. `settings` holds only what differs from `DEFAULT_MEETING_SETTINGS`. */
export interface SeedMeeting {
  id: number;
  uuid: string;
  host_id: string;
  topic: string;
  type: ZoomMeetingType;
  /** UTC, Zoom format; absent for type 3 (no fixed time). */
  start_time?: string;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: string;
  password: string;
  encrypted_password: string;
  h323_password: string;
  pre_schedule: boolean;
  recurrence?: ZoomRecurrence;
  settings: ZoomMeetingSettings;
}

/** One ended meeting instance. `total_minutes` is derived from its (generated) participants by the model. */
export interface SeedPastMeeting extends Omit<ZoomPastMeeting, 'total_minutes'> {
  /** Whether it has a cloud recording (listed by `GET /users/{userId}/recordings`). */
  recorded: boolean;
}

export interface SandboxSeedData {
  accountId: string;
  /** UTC midnight the data is laid out around ("today" when it was built). */
  anchorMs: number;
  options: SandboxDataOptions;
  /** Index 0 is the account owner (`me`). */
  users: ZoomUser[];
  meetings: SeedMeeting[];
  pastMeetings: SeedPastMeeting[];
}

/**
 * Meeting settings every meeting has unless it overrides them, with the spec's defaults where it states one.
 * @see https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/meeting (settings)
 */
export const DEFAULT_MEETING_SETTINGS: Readonly<ZoomMeetingSettings> = Object.freeze({
  host_video: false,
  participant_video: false,
  cn_meeting: false,
  in_meeting: false,
  join_before_host: false,
  jbh_time: 0,
  mute_upon_entry: false,
  watermark: false,
  use_pmi: false,
  approval_type: 2,
  registration_type: 1,
  audio: 'both',
  auto_recording: 'none',
  enforce_login: false,
  enforce_login_domains: '',
  alternative_hosts: '',
  alternative_hosts_email_notification: true,
  close_registration: false,
  show_share_button: false,
  allow_multiple_devices: false,
  registrants_confirmation_email: true,
  waiting_room: false,
  registrants_email_notification: true,
  meeting_authentication: false,
  encryption_type: 'enhanced_encryption',
  approved_or_denied_countries_or_regions: { enable: false },
  breakout_room: { enable: false },
  internal_meeting: false,
  continuous_meeting_chat: { enable: false, auto_add_invited_external_users: false },
  participant_focused_meeting: false,
  push_change_to_calendar: false,
  email_notification: true,
  host_save_video_order: false,
  focus_mode: false,
  private_meeting: false,
  global_dial_in_countries: ['US'],
  global_dial_in_numbers: [
    { country_name: 'US', city: 'New York', number: '+1 6465588656', type: 'toll', country: 'US' },
    { country_name: 'US', city: 'San Jose', number: '+1 6699006833', type: 'toll', country: 'US' },
  ],
});

/** Resolves `'small' | 'large' | Partial<options>` (over the small preset) and checks every size. */
export function resolveDataOptions(data: Partial<SandboxDataOptions> | SandboxDataPreset | undefined): SandboxDataOptions {
  if (typeof data === 'string') {
    const preset = SANDBOX_DATA_PRESETS[data];
    if (!preset) throw new TypeError(`Unknown sandbox data preset "${String(data)}": expected "small" or "large"`);
    return { ...preset };
  }
  const options: SandboxDataOptions = { ...SANDBOX_DATA_PRESETS.small, ...(data ?? {}) };
  if (!Number.isSafeInteger(options.seed)) throw new TypeError(`Sandbox data seed must be an integer, got ${String(options.seed)}`);
  for (const [key, max] of Object.entries(SANDBOX_DATA_LIMITS) as Array<[keyof typeof SANDBOX_DATA_LIMITS, number]>) {
    const value = options[key];
    const min = key === 'users' ? 1 : 0;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`Sandbox data option ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  return options;
}

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Isabella',
  'Levi', 'Harper', 'Asher', 'Evelyn', 'James', 'Luna', 'Leo', 'Camila', 'Ethan', 'Sofia', 'Aiden', 'Priya', 'Arjun',
  'Mei', 'Hiroshi', 'Yuki', 'Chen', 'Fatima', 'Omar', 'Amara', 'Kwame', 'Ingrid', 'Lars', 'Chloé', 'Mathieu', 'Lena',
  'Jonas', 'Sofía', 'Diego', 'Ana', 'João', 'Aisha', 'Ravi', 'Zoe', 'Daniel', 'Grace', 'Samuel', 'Nora', 'Henry',
  'Hannah', 'Jack', 'Aria', 'Owen', 'Ella', 'Wyatt', 'Layla', 'Julian',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Patel', 'Sharma', 'Nguyen', 'Kim',
  'Tanaka', 'Suzuki', 'Wang', 'Li', 'Zhang', 'Okafor', 'Mensah', 'Hansen', 'Johansson', 'Müller', 'Schmidt', 'Dubois',
  'Lefebvre', 'Rossi', 'Silva', 'Santos', "O'Brien", 'Murphy', 'Kowalski', 'Novak', 'Haddad', 'Khan', 'Cohen', 'Ali',
  'Fischer', 'Costa',
];
const DEPARTMENTS: Record<string, readonly string[]> = {
  Engineering: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'SRE'],
  Product: ['Product Manager', 'Senior Product Manager', 'Director of Product'],
  Design: ['Product Designer', 'UX Researcher', 'Design Lead'],
  Sales: ['Account Executive', 'Sales Development Rep', 'Sales Manager', 'Solutions Engineer'],
  Marketing: ['Marketing Manager', 'Content Strategist', 'Growth Marketer'],
  'Customer Success': ['Customer Success Manager', 'Support Engineer', 'Onboarding Specialist'],
  Finance: ['Financial Analyst', 'Controller', 'Accountant'],
  People: ['Recruiter', 'People Partner', 'HR Generalist'],
  Legal: ['Counsel', 'Paralegal'],
  Operations: ['Operations Manager', 'Business Analyst', 'IT Administrator'],
};
const DEPARTMENT_NAMES = Object.keys(DEPARTMENTS);
/** Every job title, for people outside the account (registrants, interview candidates). */
const JOB_TITLES = Object.values(DEPARTMENTS).flat();
/** IANA zones where the company has people, weighted toward the US like a US-headquartered account. */
const TIME_ZONES = [
  'America/New_York', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles',
  'America/Los_Angeles', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Asia/Kolkata',
  'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney',
];
const LOCATIONS: Record<string, string> = {
  'America/New_York': 'New York', 'America/Chicago': 'Chicago', 'America/Denver': 'Denver',
  'America/Los_Angeles': 'San Francisco', 'America/Sao_Paulo': 'São Paulo', 'Europe/London': 'London',
  'Europe/Berlin': 'Berlin', 'Europe/Paris': 'Paris', 'Asia/Kolkata': 'Bengaluru', 'Asia/Singapore': 'Singapore',
  'Asia/Tokyo': 'Tokyo', 'Australia/Sydney': 'Sydney',
};
const CITIES = Object.values(LOCATIONS);
const CUSTOMERS = ['Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella Health', 'Wayne Logistics', 'Stark Energy', 'Hooli', 'Tyrell Bio', 'Acme Retail'];
const PROJECTS = ['Atlas', 'Beacon', 'Comet', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper'];
const CLIENT_VERSIONS = ['5.16.10.26186(mac)', '5.16.10.26186(win)', '5.17.5.31030(mac)', '5.17.5.31030(win)', '5.15.7.21404(android)', '5.16.6.24664(iphone)'];
const RECORDING_VIEWS = ['shared_screen_with_speaker_view', 'active_speaker', 'gallery_view', 'shared_screen_with_gallery_view'] as const;

/**
 * Days a user has to accept an invitation to the account. After that Zoom drops it from the pending list, and
 * GET /users/{userId} answers 400 code 1120 ("A valid invitation to join the Zoom account was not found for this
 * user ... the invitation expired - thus making the userId invalid", the spec's text). Zoom support's user
 * management article: "Pending invitations expire after 30 days and are removed from the pending list."
 */
export const ZOOM_INVITATION_TTL_DAYS = 30;

/** Role ids and names as Zoom's default roles have them. */
export const ZOOM_ROLES = { owner: { id: '0', name: 'Owner' }, admin: { id: '1', name: 'Admin' }, member: { id: '2', name: 'Member' } } as const;

/**
 * Builds the seeded data. Same `options`, `accountId` and `anchorMs` give the same JSON, byte for byte.
 * Past data lies before `anchorMs`, upcoming data after it; pass the UTC midnight of "today".
 */
export function generateSandboxData(options: SandboxDataOptions, accountId: string, anchorMs: number): SandboxSeedData {
  const random = createSeededRandom(hashSeed(`${options.seed}:root`));
  const ids = new UniqueIds(random);
  const users = generateUsers(options, accountId, anchorMs, random, ids);
  const meetings: SeedMeeting[] = [];
  const pastMeetings: SeedPastMeeting[] = [];
  for (const user of users) {
    if (!canHost(user)) continue;
    const own = generateMeetings(options, user, users, anchorMs, random, ids);
    meetings.push(...own);
    pastMeetings.push(...generatePastMeetings(options, user, own, anchorMs, random, ids));
  }
  forceSlashUuids(pastMeetings);
  return { accountId, anchorMs, options, users, meetings, pastMeetings };
}

/** Whether Zoom lets this user host meetings: active or deactivated users with a Meetings license (not type 99). */
export function canHost(user: ZoomUser): boolean {
  return user.status !== 'pending' && user.type !== 99;
}

const BASE64 = `${ALPHANUMERIC}+/`;
const LAST_UUID_DIGIT = ['A', 'Q', 'g', 'w'];

class UniqueIds {
  private readonly numbers = new Set<number>();
  private readonly strings = new Set<string>();
  constructor(private readonly random: SeededRandom) {}
  /** A 10 or 11 digit integer, as Zoom's meeting ids and PMIs are; never 0-prefixed, never reused. */
  meetingNumber(): number {
    for (;;) {
      const digits = this.random.chance(0.75) ? 11 : 10;
      const value = this.random.int(10 ** (digits - 1), 10 ** digits - 1);
      if (!this.numbers.has(value)) {
        this.numbers.add(value);
        return value;
      }
    }
  }
  /** A 22-character base64url id like Zoom's user ids. */
  userId(): string {
    return this.unique(() => this.random.string(22, BASE64URL));
  }
  /** A Zoom meeting UUID: 16 bytes in standard base64, 24 characters ending `==` (may contain `/` and `+`). */
  uuid(): string {
    // 16 bytes are 21 full base64 digits plus one holding the last 2 bits (so its low 4 bits are 0: A, Q, g or w).
    return this.unique(() => `${this.random.string(21, BASE64)}${this.random.pick(LAST_UUID_DIGIT)}==`);
  }
  private unique(make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.strings.has(value)) {
        this.strings.add(value);
        return value;
      }
    }
  }
}

function generateUsers(options: SandboxDataOptions, accountId: string, anchorMs: number, random: SeededRandom, ids: UniqueIds): ZoomUser[] {
  const users: ZoomUser[] = [];
  const emails = new Set<string>();
  const accountNumber = 10_000_000 + (hashSeed(accountId) % 89_999_999);
  let pendingSoFar = 0;
  for (let index = 0; index < options.users; index++) {
    const isOwner = index === 0;
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const base = `${ascii(firstName)}.${ascii(lastName)}`;
    let email = `${base}@${SANDBOX_COMPANY.domain}`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@${SANDBOX_COMPANY.domain}`;
    emails.add(email);
    const role = isOwner ? ZOOM_ROLES.owner : random.chance(0.04) ? ZOOM_ROLES.admin : ZOOM_ROLES.member;
    const status: ZoomUserStatus = isOwner ? 'active' : pickWeighted(random, [['active', 90], ['inactive', 6], ['pending', 4]]);
    const type: ZoomUserType = isOwner || role === ZOOM_ROLES.admin ? 2 : pickWeighted(random, [[2, 80], [1, 17], [99, 3]]);
    const dept = isOwner ? 'Operations' : random.pick(DEPARTMENT_NAMES);
    const timezone = isOwner ? 'America/New_York' : random.pick(TIME_ZONES);
    const id = ids.userId();
    const pmi = ids.meetingNumber();
    const ageDays = isOwner ? 1_500 : status === 'pending' ? invitationAgeDays(random, pendingSoFar++) : random.int(20, 1_400);
    const createdMs = anchorMs - ageDays * DAY_MS - random.int(0, DAY_MS - 1);
    const user: ZoomUser = {
      id,
      first_name: firstName,
      last_name: lastName,
      display_name: `${firstName} ${lastName}`,
      email,
      type,
      role_name: role.name,
      pmi,
      use_pmi: false,
      personal_meeting_url: `${SANDBOX_WEB_HOST}/j/${pmi}?pwd=${random.string(32, ALPHANUMERIC)}`,
      timezone,
      verified: status === 'pending' ? 0 : 1,
      dept,
      created_at: formatZoomTime(createdMs),
      user_created_at: formatZoomTime(createdMs),
      ...(status === 'pending'
        ? {}
        : {
            last_login_time: formatZoomTime(anchorMs - random.int(1, status === 'inactive' ? 2_000 : 200) * HOUR_MS),
            last_client_version: random.pick(CLIENT_VERSIONS),
          }),
      pic_url: `${SANDBOX_WEB_HOST}/p/v2/${random.string(40, '0123456789abcdef')}/${random.string(36, '0123456789abcdef')}`,
      language: 'en-US',
      phone_number: `+1 ${random.int(200, 989)}${random.int(200, 999)}${random.int(1000, 9999)}`,
      phone_country: 'US',
      status,
      role_id: role.id,
      group_ids: [],
      employee_unique_id: `NW-${String(10_000 + index)}`,
      account_id: accountId,
      account_number: accountNumber,
      company: SANDBOX_COMPANY.name,
      job_title: isOwner ? 'Chief Executive Officer' : random.pick(DEPARTMENTS[dept] ?? ['Specialist']),
      location: LOCATIONS[timezone] ?? 'Remote',
      cluster: 'us05',
      login_types: [random.chance(0.8) ? 101 : 100],
      jid: `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@xmpp.zoom.us`,
      host_key: String(random.int(100_000, 999_999)),
    };
    users.push(user);
  }
  // Managers: everyone reports to someone earlier in the list (the owner at the top).
  for (let index = 1; index < users.length; index++) {
    const manager = users[Math.floor(random.next() * Math.min(index, 1 + Math.floor(index / 8)))];
    if (manager) (users[index] as ZoomUser).manager = manager.email;
  }
  return users;
}

/**
 * Days since a pending user was invited (their `user_created_at`). Zoom drops an invitation nobody accepted within
 * `ZOOM_INVITATION_TTL_DAYS`; pending users alternate between a live invitation (1-20 days old) and an expired one
 * (45-400 days), so any data set with two pending users has both. One draw either way, as for other users.
 */
function invitationAgeDays(random: SeededRandom, pendingIndex: number): number {
  return pendingIndex % 2 === 0 ? random.int(1, 20) : random.int(45, 400);
}

function generateMeetings(
  options: SandboxDataOptions, host: ZoomUser, users: readonly ZoomUser[], anchorMs: number, random: SeededRandom, ids: UniqueIds,
): SeedMeeting[] {
  const meetings: SeedMeeting[] = [];
  const timezone = host.timezone ?? 'UTC';
  for (let k = 0; k < options.meetingsPerUser; k++) {
    // Every host gets each type early on, so even tiny data sets have all four.
    const type: ZoomMeetingType = k < 3 ? ([2, 8, 3] as const)[k] as ZoomMeetingType
      : k === 3 && host.role_id === ZOOM_ROLES.owner.id ? 1
      : pickWeighted<ZoomMeetingType>(random, [[2, 62], [8, 26], [3, 9], [1, 3]]);
    const id = ids.meetingNumber();
    const duration = random.pick([15, 30, 30, 45, 60, 60, 60, 90]);
    const topic = meetingTopic(random, host, users);
    const settings: ZoomMeetingSettings = {};
    if (random.chance(0.35)) settings.waiting_room = true;
    if (random.chance(0.25)) Object.assign(settings, { join_before_host: true, jbh_time: random.pick([0, 5, 10] as const) });
    if (random.chance(0.3)) settings.mute_upon_entry = true;
    if (random.chance(0.2)) settings.host_video = true;
    if (random.chance(0.2)) settings.auto_recording = 'cloud';
    if (type !== 1 && random.chance(0.3)) Object.assign(settings, { approval_type: random.chance(0.7) ? 0 : 1, registration_type: 1 });
    if (random.chance(0.1)) {
      const alt = random.pick(users);
      if (alt.id !== host.id && canHost(alt)) settings.alternative_hosts = alt.email;
    }
    let startMs: number | undefined;
    let recurrence: ZoomRecurrence | undefined;
    if (type === 1) {
      startMs = anchorMs - random.int(1, 6) * HOUR_MS;
    } else if (type === 2) {
      startMs = businessHour(random, anchorMs + random.int(-20, 60) * DAY_MS, timezone);
    } else if (type === 8) {
      const dayMs = anchorMs + random.int(-14, 14) * DAY_MS;
      startMs = businessHour(random, dayMs, timezone);
      recurrence = randomRecurrence(random, startMs, dayMs);
    }
    const createdMs = Math.min(startMs ?? anchorMs, anchorMs) - random.int(1, 40) * DAY_MS - random.int(0, DAY_MS - 1);
    const meeting: SeedMeeting = {
      id,
      uuid: ids.uuid(),
      host_id: host.id,
      topic,
      type,
      ...(startMs === undefined ? {} : { start_time: formatZoomTime(startMs) }),
      duration,
      timezone,
      agenda: random.chance(0.6) ? `${topic}: review open items, decisions, next steps.` : '',
      created_at: formatZoomTime(createdMs),
      password: random.string(6, ALPHANUMERIC),
      encrypted_password: random.string(32, ALPHANUMERIC),
      h323_password: String(random.int(100_000, 999_999)),
      pre_schedule: false,
      ...(recurrence ? { recurrence } : {}),
      settings,
    };
    meetings.push(meeting);
  }
  return meetings;
}

function generatePastMeetings(
  options: SandboxDataOptions, host: ZoomUser, own: readonly SeedMeeting[], anchorMs: number, random: SeededRandom, ids: UniqueIds,
): SeedPastMeeting[] {
  const past: SeedPastMeeting[] = [];
  const reusable = own.filter((m) => m.type === 2 || m.type === 8);
  for (let k = 0; k < options.pastMeetingsPerUser; k++) {
    // Half are earlier instances of a meeting still on the calendar, half of meetings that have since expired.
    const parent = reusable.length > 0 && random.chance(0.5) ? random.pick(reusable) : undefined;
    const startMs = businessHour(random, anchorMs - random.int(1, 28) * DAY_MS, host.timezone ?? 'UTC');
    const duration = random.int(5, 75);
    const participants = options.participantsPerPastMeeting === 0
      ? 0
      : Math.max(2, Math.round(options.participantsPerPastMeeting * (0.5 + random.next())));
    past.push({
      id: parent?.id ?? ids.meetingNumber(),
      uuid: ids.uuid(),
      host_id: host.id,
      topic: parent?.topic ?? `${random.pick(['Quarterly review', 'Kickoff', 'Incident retro', 'Vendor demo', 'Town hall'])}: ${random.pick(PROJECTS)}`,
      type: parent?.type ?? 2,
      start_time: formatZoomTime(startMs),
      end_time: formatZoomTime(startMs + duration * MINUTE_MS),
      duration,
      participants_count: participants,
      user_name: host.display_name ?? `${host.first_name} ${host.last_name}`,
      user_email: host.email,
      ...(host.dept ? { dept: host.dept } : {}),
      source: 'Zoom',
      recorded: false,
    });
  }
  // The most recent instances carry the user's cloud recordings.
  past.sort((a, b) => (a.start_time < b.start_time ? 1 : a.start_time > b.start_time ? -1 : 0));
  for (let k = 0; k < Math.min(options.recordingsPerUser, past.length); k++) (past[k] as SeedPastMeeting).recorded = true;
  return past;
}

/**
 * Zoom UUIDs are base64 and may begin with `/` or contain `//`; such UUIDs must be double-encoded in paths. A few
 * seeded instances are made so on purpose, so that clients are tested against each case: a leading `/`, an inner
 * `//` (its first digit is forced off `/`, or the UUID would only test the leading case) and both.
 * @see https://developers.zoom.us/docs/api/rest/using-zoom-apis/#meeting-id-and-uuid
 */
function forceSlashUuids(past: SeedPastMeeting[]): void {
  const patterns = [
    (u: string) => `/${u.slice(1)}`,
    (u: string) => `${u.startsWith('/') ? 'A' : u.slice(0, 1)}${u.slice(1, 6)}//${u.slice(8)}`,
    (u: string) => `//${u.slice(2)}`,
  ];
  const seen = new Set(past.map((p) => p.uuid));
  patterns.forEach((pattern, index) => {
    const target = past[index];
    if (!target) return;
    const next = pattern(target.uuid);
    if (seen.has(next)) return;
    seen.delete(target.uuid);
    seen.add(next);
    target.uuid = next;
  });
}

/** A recurrence rule starting at `startMs`, whose local date (in the host's zone) is the UTC date of `localDayMs`. */
function randomRecurrence(random: SeededRandom, startMs: number, localDayMs: number): ZoomRecurrence {
  const kind = pickWeighted<1 | 2 | 3>(random, [[1, 20], [2, 55], [3, 25]]);
  const ending = random.chance(0.75) ? { end_times: random.int(4, 20) } : { end_date_time: formatZoomTime(startMs + random.int(30, 120) * DAY_MS) };
  if (kind === 1) return { type: 1, repeat_interval: random.pick([1, 1, 2]), ...ending };
  const local = new Date(localDayMs);
  const weekday = (local.getUTCDay() + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  const dayOfMonth = local.getUTCDate();
  // One day a week: the spec's response schema enumerates weekly_days as single values "1".."7".
  if (kind === 2) return { type: 2, repeat_interval: random.pick([1, 1, 1, 2]), weekly_days: String(weekday), ...ending };
  return random.chance(0.5)
    ? { type: 3, repeat_interval: 1, monthly_day: dayOfMonth, ...ending }
    // A 5th weekday of the month (days 29-31) is the month's last one: Zoom's monthly_week -1.
    : { type: 3, repeat_interval: 1, monthly_week: dayOfMonth > 28 ? -1 : (Math.ceil(dayOfMonth / 7) as 1 | 2 | 3 | 4), monthly_week_day: weekday, ...ending };
}

function meetingTopic(random: SeededRandom, host: ZoomUser, users: readonly ZoomUser[]): string {
  const other = random.pick(users);
  switch (random.int(0, 7)) {
    case 0: return `${host.dept ?? 'Team'} weekly sync`;
    case 1: return `1:1 ${host.first_name} / ${other.first_name}`;
    case 2: return `Sprint planning: ${random.pick(PROJECTS)}`;
    case 3: return `${host.dept ?? 'Team'} all-hands`;
    case 4: return `Customer call: ${random.pick(CUSTOMERS)}`;
    case 5: return `Design review: ${random.pick(PROJECTS)}`;
    case 6: return `Interview: ${random.pick(JOB_TITLES)} candidate`;
    default: return `${random.pick(PROJECTS)} status update`;
  }
}

/** A half-hour slot between 08:00 and 17:30 on the host's wall clock, on the UTC date of `dayMs`. */
function businessHour(random: SeededRandom, dayMs: number, timezone: string): number {
  const hour = random.int(8, 17);
  const minute = random.pick([0, 30]);
  return localNoonUtc(dayMs, timezone) + ((hour - 12) * 60 + minute) * MINUTE_MS;
}

// Intl time zone math dominates building the large preset; business hours only need each (zone, day) once.
// Noon's offset is the offset of the whole 08:00-18:00 window: DST switches happen at night.
const noonCache = new Map<string, number>();
function localNoonUtc(dayMs: number, timezone: string): number {
  const key = `${timezone}|${dayMs}`;
  let noon = noonCache.get(key);
  if (noon === undefined) {
    const day = new Date(dayMs);
    noon = zonedLocalToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 12, minute: 0, second: 0 }, timezone);
    if (noonCache.size > 10_000) noonCache.clear();
    noonCache.set(key, noon);
  }
  return noon;
}

function pickWeighted<T>(random: SeededRandom, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (weighted[weighted.length - 1] as readonly [T, number])[0];
}

function ascii(name: string): string {
  return name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

// ---- Lazily generated sub-collections: pure functions of (seed, entity) ----

/**
 * The participants of a seeded past meeting instance, in join order. Colleagues appear with their account user id
 * and email; guests with an empty `id`, as Zoom reports people who are not signed in to the account.
 */
export function generateParticipants(seed: number, past: SeedPastMeeting, users: readonly ZoomUser[]): ZoomParticipant[] {
  const random = createSeededRandom(hashSeed(`${seed}:participants:${past.uuid}`));
  const startMs = Date.parse(past.start_time);
  const endMs = Date.parse(past.end_time);
  const span = Math.max(1, Math.floor((endMs - startMs) / 1000));
  const host = users.find((u) => u.id === past.host_id);
  const out: ZoomParticipant[] = [];
  for (let index = 0; index < past.participants_count; index++) {
    const colleague = index === 0 ? host : random.chance(0.7) ? random.pick(users) : undefined;
    const joinOffset = index === 0 ? 0 : random.int(0, Math.floor(span / 3));
    const leaveOffset = random.chance(0.8) ? span : random.int(joinOffset + 1, span);
    const name = colleague ? (colleague.display_name ?? colleague.email) : `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    out.push({
      id: colleague?.id ?? '',
      name,
      user_id: String(16_778_240 + index * 1_024 + random.int(0, 1_023)),
      user_email: colleague?.email ?? `${ascii(name.split(' ')[0] ?? 'guest')}.${random.int(10, 99)}@${random.pick(['example.com', 'example.org', 'example.net'])}`,
      join_time: formatZoomTime(startMs + joinOffset * 1000),
      leave_time: formatZoomTime(startMs + leaveOffset * 1000),
      duration: Math.max(1, leaveOffset - joinOffset),
      failover: false,
      status: 'in_meeting',
    });
  }
  return out;
}

/**
 * Registrants of a meeting that requires registration. With automatic approval (`approval_type` 0) nearly
 * everyone is approved; with manual approval (1) some are still pending or were denied.
 */
export function generateRegistrants(
  seed: number, meeting: { id: number; created_at: string; settings: ZoomMeetingSettings }, count: number,
): ZoomRegistrant[] {
  const random = createSeededRandom(hashSeed(`${seed}:registrants:${meeting.id}`));
  const manual = meeting.settings.approval_type === 1;
  const createdMs = Date.parse(meeting.created_at);
  const out: ZoomRegistrant[] = [];
  for (let index = 0; index < count; index++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const status: ZoomRegistrantStatus = manual ? pickWeighted(random, [['approved', 60], ['pending', 30], ['denied', 10]]) : 'approved';
    const id = random.string(22, BASE64URL);
    out.push({
      id,
      email: `${ascii(first)}.${ascii(last)}${index}@${random.pick(['example.com', 'example.org', 'example.net'])}`,
      first_name: first,
      last_name: last,
      status,
      create_time: formatZoomTime(createdMs + (index + 1) * random.int(1, 120) * MINUTE_MS),
      join_url: `${SANDBOX_WEB_HOST}/w/${meeting.id}?tk=${random.string(43, BASE64URL)}.DQMAAAA${random.string(20, BASE64URL)}`,
      city: random.pick(CITIES),
      country: random.pick(['US', 'GB', 'DE', 'FR', 'IN', 'JP', 'BR', 'AU', 'SG']),
      org: random.pick(CUSTOMERS),
      job_title: random.pick(JOB_TITLES),
      phone: '',
      comments: '',
      custom_questions: [],
    });
  }
  return out;
}

/** The cloud recording files of a recorded past instance: video, audio, and usually a transcript and chat. */
export function generateRecordingFiles(seed: number, past: { uuid: string; start_time: string; end_time: string }): ZoomRecordingFile[] {
  const random = createSeededRandom(hashSeed(`${seed}:recording:${past.uuid}`));
  const start = past.start_time;
  const end = past.end_time;
  const minutes = Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / MINUTE_MS));
  const file = (
    file_type: ZoomRecordingFile['file_type'], file_extension: string, recording_type: string, bytesPerMinute: number,
  ): ZoomRecordingFile => {
    const token = random.string(64, BASE64URL);
    return {
      id: uuidV4(random),
      meeting_id: past.uuid,
      recording_start: start,
      recording_end: end,
      file_type,
      file_extension,
      file_size: Math.round(bytesPerMinute * minutes * (0.8 + random.next() * 0.4)),
      play_url: `${SANDBOX_WEB_HOST}/rec/play/${token}`,
      download_url: `${SANDBOX_WEB_HOST}/rec/download/${token}`,
      status: 'completed',
      recording_type,
    };
  };
  const files = [file('MP4', 'MP4', random.pick(RECORDING_VIEWS), 6_000_000), file('M4A', 'M4A', 'audio_only', 480_000)];
  if (random.chance(0.7)) files.push(file('TRANSCRIPT', 'VTT', 'audio_transcript', 1_200));
  if (random.chance(0.5)) files.push(file('CHAT', 'TXT', 'chat_file', 150));
  return files;
}

function uuidV4(random: SeededRandom): string {
  const b = random.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
