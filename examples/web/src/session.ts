/** A signed-in session: the JWT sent as `Authorization: Bearer`, kept for this tab only. */
export interface Session {
  readonly token: string;
  /** Who the token says it is, for display. */
  readonly label: string;
}

const KEY = 'zoom-graphql-gateway-example.session';

export function loadSession(): Session | null {
  const stored = sessionStorage.getItem(KEY);
  return stored === null ? null : (JSON.parse(stored) as Session);
}

export function saveSession(session: Session | null): void {
  if (session === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, JSON.stringify(session));
}

/**
 * Asks a sandbox-mode gateway for a development JWT (`POST /dev/token`, sandbox mode with no callers configured,
 * from this machine only). Against a real deployment the token comes from your identity provider instead.
 */
export async function requestDevToken(gatewayUrl: string, role: 'admin' | 'member', email: string): Promise<Session> {
  const response = await fetch(`${gatewayUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role === 'admin' ? { role } : { role, email }),
  });
  const body = (await response.json()) as { token?: string; expiresAt?: string; errors?: { message: string }[] };
  if (!response.ok || body.token === undefined) {
    throw new Error(body.errors?.[0]?.message ?? `The gateway answered ${response.status}: is it in sandbox mode with no callers configured?`);
  }
  return { token: body.token, label: `${role === 'admin' ? 'admin' : email} (development token until ${new Date(body.expiresAt!).toLocaleTimeString()})` };
}
