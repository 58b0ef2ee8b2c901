import { useEffect, useState } from 'react';
import { describeError, type ShownError } from '../api/errors';
import { useTRPCClient, type ApiClient } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { navigate } from '../app/router';
import { useSession, useSessionStore } from './SessionContext';
import { SignInHelp } from './SignInHelp';

type SignInResult = Awaited<ReturnType<ApiClient['auth']['signInWithCookie']['mutate']>>;

/** One attempt per one-time token, however often React runs the effect (StrictMode runs it twice). */
const attempts = new Map<string, Promise<SignInResult>>();

function signInOnce(client: ApiClient, token: string): Promise<SignInResult> {
  let attempt = attempts.get(token);
  if (attempt === undefined) {
    attempt = client.auth.signInWithCookie.mutate({ token });
    attempts.set(token, attempt);
  }
  return attempt;
}

/**
 * `/signin?token=…`: trades the one-time token for a cookie session (its secret out of script
 * reach), keeps its CSRF token, then opens the flows page.
 */
export function SignInPage({ token }: { token: string | null }) {
  const client = useTRPCClient();
  const session = useSessionStore();
  const signedIn = useSession().session !== null;
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    if (token === null) {
      if (session.getState().session !== null) navigate('/flows', { replace: true });
      return;
    }
    let current = true;
    signInOnce(client, token).then(
      (result) => {
        if (!current) return;
        session.signIn({ csrfToken: result.csrfToken, expiresAt: result.expiresAt });
        navigate('/flows', { replace: true });
      },
      (failure: unknown) => {
        if (current) setError(describeError(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [client, session, token]);

  return (
    <main className="centered-page" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to TriggerFlow Studio</h1>
      {token === null ? (
        <p>This address has no sign-in token.</p>
      ) : error === null ? (
        <p role="status">Signing in…</p>
      ) : (
        <ErrorMessage title="Sign-in failed" error={error} />
      )}
      {(token === null || error !== null) && <SignInHelp />}
      {signedIn && error !== null && (
        <p>
          You already have a session: <Link href="/flows">go to your flows</Link>.
        </p>
      )}
    </main>
  );
}
