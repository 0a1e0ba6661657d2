import type { ZoomUser, ZoomUserListItem } from '../../zoom/wire.ts';
import { ZOOM_INVITATION_TTL_DAYS } from '../data.ts';
import { sortKey } from '../pagination.ts';
import { DAY_MS, formatZoomTime } from '../time.ts';
import type { SandboxResponse } from '../types.ts';
import { userNotFound, zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import { booleanParam, enumParam, ok } from './params.ts';

/**
 * Zoom's users: the account's people, looked up by id, email or `me`, and the rule that a pending invitation
 * expires after 30 days (GET /users/{userId} then answers 1120 and the lists forget the user).
 */
export class UsersResource {
  private users: ZoomUser[] = [];
  private byId = new Map<string, ZoomUser>();
  private byEmail = new Map<string, ZoomUser>();
  private seqOf = new Map<string, number>();

  constructor(private readonly ctx: ResourceContext) {}

  load(users: ZoomUser[]): void {
    this.users = users;
    this.byId = new Map(users.map((u) => [u.id, u]));
    this.byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
    this.seqOf = new Map(users.map((u, index) => [u.id, index]));
  }

  /** The account owner, the user `me` stands for (Server-to-Server OAuth apps act as the account). */
  get owner(): ZoomUser {
    return this.users[0] as ZoomUser;
  }

  get all(): readonly ZoomUser[] {
    return this.users;
  }

  byIdOrUndefined(id: string): ZoomUser | undefined {
    return this.byId.get(id);
  }

  byEmailOrUndefined(email: string): ZoomUser | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  /** A user on the account by id, email or `me`; one whose invitation expired is no longer on it. */
  find(userId: string): ZoomUser | undefined {
    const user = this.findAny(userId);
    return user && !invitationExpired(user, this.ctx.clock()) ? user : undefined;
  }

  /** Like `find`, but also a pending user whose invitation expired (GET /users/{userId} tells them apart). */
  findAny(userId: string): ZoomUser | undefined {
    if (userId === 'me') return this.users[0];
    return this.byId.get(userId) ?? this.byEmail.get(userId.toLowerCase());
  }

  require(userId: string): ZoomUser {
    const user = this.find(userId);
    if (!user) throw userNotFound(userId);
    return user;
  }

  /** GET /users */
  list(query: URLSearchParams): SandboxResponse {
    const status = enumParam(query, 'status', ['active', 'inactive', 'pending'] as const, 'active');
    const roleId = query.get('role_id') ?? '';
    const includeHostKey = query.get('include_fields') === 'host_key';
    const now = this.ctx.clock();
    const items = this.users.filter((u) => u.status === status && (roleId === '' || u.role_id === roleId) && !invitationExpired(u, now));
    const page = this.ctx.paginate(items, (u) => sortKey(this.seqOf.get(u.id) ?? 0), query, 'users', `${status}|${roleId}`);
    return ok({ ...page.envelope, users: page.items.map((u) => userListItem(u, includeHostKey)) });
  }

  /** GET /users/{userId} */
  get(userId: string, query: URLSearchParams): SandboxResponse {
    const byUniqueId = booleanParam(query, 'search_by_unique_id', false);
    const user = byUniqueId ? this.users.find((u) => u.employee_unique_id === userId) : this.findAny(userId);
    if (!user) throw userNotFound(userId);
    if (invitationExpired(user, this.ctx.clock())) {
      throw zoomError(400, 1120, 'A valid invitation to join the Zoom account was not found for this user.');
    }
    const { host_key: _hostKey, ...detail } = structuredClone(user);
    // Spec note: a pending user's created_at "will also display the time at which the API call was made".
    if (user.status === 'pending') detail.created_at = formatZoomTime(this.ctx.clock());
    return ok(detail);
  }
}

/** A pending user who did not accept the invitation within Zoom's 30 days (see `ZOOM_INVITATION_TTL_DAYS`). */
function invitationExpired(user: ZoomUser, now: number): boolean {
  if (user.status !== 'pending') return false;
  const invited = Date.parse(user.user_created_at ?? user.created_at ?? '');
  return Number.isFinite(invited) && now - invited > ZOOM_INVITATION_TTL_DAYS * DAY_MS;
}

function userListItem(user: ZoomUser, includeHostKey: boolean): ZoomUserListItem {
  const item: ZoomUserListItem = {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: user.display_name,
    email: user.email,
    type: user.type,
    pmi: user.pmi,
    timezone: user.timezone,
    verified: user.verified,
    dept: user.dept,
    created_at: user.created_at,
    user_created_at: user.user_created_at,
    ...(user.last_login_time ? { last_login_time: user.last_login_time } : {}),
    ...(user.last_client_version ? { last_client_version: user.last_client_version } : {}),
    status: user.status,
    role_id: user.role_id,
    group_ids: [...(user.group_ids ?? [])],
    employee_unique_id: user.employee_unique_id,
  };
  if (includeHostKey && user.host_key) item.host_key = user.host_key;
  return item;
}
