import { memo, useEffect, useId, useRef } from 'react';
import { formatDate } from '../flows/format';
import { rolesText } from './roles';
import type { ShownLink } from './user-types';
import { useCopyText } from './useCopyText';

const OUTCOME_TEXT = {
  copied: 'Copied to the clipboard.',
  selected: 'The browser did not allow copying: the link is selected, press Ctrl+C (⌘C on a Mac).',
} as const;

/**
 * A one-time sign-in link just issued: read-only, with "Copy link", its expiry and what to do
 * with it. Focus moves to the link so it can be copied at once.
 */
export const SignInLinkPanel = memo(function SignInLinkPanel({
  link,
  onDismiss,
}: {
  link: ShownLink;
  onDismiss: () => void;
}) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const { outcome, copy } = useCopyText();
  const { user, signInUrl, expiresAt } = link.issued;
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  return (
    <section className="panel users-panel sign-in-link" aria-labelledby={`${id}-title`}>
      <div className="panel__head">
        <h2 id={`${id}-title`}>Sign-in link for {user.name}</h2>
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Done
        </button>
      </div>
      <p>
        {link.reason === 'created'
          ? `${user.name} was added (${rolesText(user.roles)}). `
          : `A new link for ${user.name}. `}
        Hand this link to {user.name}: it signs them in once. Anyone who has it can sign in as{' '}
        {user.name}, so send it privately.
      </p>
      <div className="sign-in-link__row">
        <input
          ref={field}
          id={`${id}-link`}
          className="input sign-in-link__url"
          aria-label={`One-time sign-in link for ${user.name}`}
          readOnly
          value={signInUrl}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            if (field.current !== null) void copy(field.current);
          }}
        >
          Copy link
        </button>
      </div>
      <p className="help">
        {expiresAt === null ? (
          'Valid once; it does not expire.'
        ) : (
          <>
            Valid once, until{' '}
            <time dateTime={new Date(expiresAt).toISOString()} data-testid="sign-in-link-expiry">
              {formatDate(expiresAt)}
            </time>
            .
          </>
        )}{' '}
        If it is lost or expires, make a new one with “New sign-in link”.
      </p>
      <p role="status" className="sign-in-link__status">
        {outcome === null ? '' : OUTCOME_TEXT[outcome]}
      </p>
    </section>
  );
});
