import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { createApolloClient } from './apollo.ts';
import { GATEWAY_URL } from './config.ts';
import { CreateMeeting } from './CreateMeeting.tsx';
import { LiveEvents } from './LiveEvents.tsx';
import { MeetingDetails } from './MeetingDetails.tsx';
import { MeetingList } from './MeetingList.tsx';
import { loadSession, saveSession, type Session } from './session.ts';
import { SignIn } from './SignIn.tsx';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [selected, setSelected] = useState<string | null>(null);
  const signIn = (next: Session | null) => {
    saveSession(next);
    setSession(next);
    setSelected(null);
  };
  const client = useMemo(
    () => (session === null ? null : createApolloClient(GATEWAY_URL, session.token, () => signIn(null))),
    [session],
  );
  // Closes the subscription socket of a client that is no longer used.
  useEffect(() => () => client?.stop(), [client]);

  if (client === null || session === null) {
    return (
      <main>
        <h1>Meetings</h1>
        <SignIn gatewayUrl={GATEWAY_URL} onSignIn={signIn} />
      </main>
    );
  }
  return (
    <ApolloProvider client={client}>
      <main>
        <header>
          <h1>Meetings</h1>
          <span data-testid="signed-in">Signed in as {session.label}</span>
          <button type="button" onClick={() => signIn(null)}>Sign out</button>
        </header>
        <div className="columns">
          <section>
            <MeetingList selected={selected} onSelect={setSelected} />
          </section>
          <section>
            {selected === null ? <p>Select a meeting.</p> : <MeetingDetails id={selected} />}
            <CreateMeeting onCreated={setSelected} />
            <LiveEvents />
          </section>
        </div>
      </main>
    </ApolloProvider>
  );
}
