import type { SignedOutReason } from './session-store';
import { SignInHelp } from './SignInHelp';

const LEAD: Record<SignedOutReason, string> = {
  none: 'You are not signed in.',
  signedOut: 'You signed out.',
  expired: 'Your session has ended (it expired or was revoked). Sign in again to continue.',
};

/** What every page shows without a session. */
export function SignedOutPage({ reason }: { reason: SignedOutReason }) {
  return (
    <main className="centered-page" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">Sign in to TriggerFlow Studio</h1>
      <p role={reason === 'expired' ? 'alert' : undefined}>{LEAD[reason]}</p>
      <SignInHelp />
    </main>
  );
}
