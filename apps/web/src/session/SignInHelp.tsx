import { memo } from 'react';

/** How to get a sign-in link: from an admin, or from the server's output. */
export const SignInHelp = memo(function SignInHelp() {
  return (
    <section className="help" aria-label="How to sign in">
      <p>TriggerFlow Studio signs you in with a one-time link. To get one:</p>
      <ul>
        <li>
          <strong>Ask an admin</strong> for a sign-in link (they create one for a new user, or a
          fresh one for an existing user, from the users API).
        </li>
        <li>
          <strong>If you run the server</strong>, look in its output for a line like{' '}
          <code>Sign in: http://127.0.0.1:3000/signin?token=tf_…</code> — it is printed at start
          until the first admin has signed in.
        </li>
      </ul>
      <p>A link works once and for 24 hours; a session lasts 30 days.</p>
    </section>
  );
});
