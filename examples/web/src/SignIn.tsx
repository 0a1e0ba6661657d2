import { useState, type FormEvent } from 'react';
import { requestDevToken, type Session } from './session.ts';

/** Sign in with a development token (sandbox mode) or with a JWT from your identity provider. */
export function SignIn({ gatewayUrl, onSignIn }: { gatewayUrl: string; onSignIn: (session: Session) => void }) {
  const [role, setRole] = useState<'admin' | 'member'>('admin');
  const [email, setEmail] = useState('');
  const [jwt, setJwt] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function devSignIn(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      onSignIn(await requestDevToken(gatewayUrl, role, email.trim()));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <div className="sign-in">
      <form onSubmit={devSignIn}>
        <h2>Development token (sandbox mode)</h2>
        <label>
          Role{' '}
          <select value={role} onChange={(event) => setRole(event.target.value as 'admin' | 'member')}>
            <option value="admin">admin</option>
            <option value="member">member</option>
          </select>
        </label>
        {role === 'member' && (
          <label>
            Sandbox user's email <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
          </label>
        )}
        <button type="submit">Sign in</button>
      </form>
      <form onSubmit={(event) => { event.preventDefault(); onSignIn({ token: jwt.trim(), label: 'your JWT' }); }}>
        <h2>Or a JWT from your identity provider</h2>
        <input aria-label="JWT" required value={jwt} onChange={(event) => setJwt(event.target.value)} />
        <button type="submit">Use this token</button>
      </form>
      {error !== null && <p role="alert">{error}</p>}
      <p className="hint">Gateway: {gatewayUrl}</p>
    </div>
  );
}
