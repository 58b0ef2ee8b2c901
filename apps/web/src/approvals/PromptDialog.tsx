import type { Vote } from '@triggerflow/blueprint';
import { memo, useEffect, useId, useRef } from 'react';
import { ErrorMessage } from '../app/ErrorMessage';
import '../styles/approvals.css';
import { DecisionPanel } from './DecisionPanel';
import { PromptDetails } from './PromptDetails';
import { rightsOf, whoMayDecide, type NameOf, type Rights } from './prompt-rights';
import { closedText } from './prompt-status';
import { useDecide, type DecideResult } from './useDecide';
import { useMe } from './useMe';
import type { PendingApproval } from './pending';
import { usePrompt, type PromptState } from './usePrompt';
import { useUserNames } from './useUserNames';
import { mergeVotes, tallyText } from './votes';

export interface PromptDialogProps {
  runId: string;
  interruptId: string;
  /** Live votes the caller knows (the run page's `approval.voted` events); they win by actor. */
  votes?: readonly Vote[];
  onClose: () => void;
}

/**
 * A pause prompt in a modal dialog: what is asked, the votes, the countdown and the answer form.
 * People who may not decide see it read-only with the reason and who can; when it closes
 * while open (decided elsewhere, timed out, cancelled) the dialog says so instead of offering
 * buttons. Escape closes it.
 */
export function PromptDialog({ runId, interruptId, votes, onClose }: PromptDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const state = usePrompt(runId, interruptId, votes);
  const decide = useDecide(runId, interruptId);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  const title =
    state.phase === 'open' || state.phase === 'closed'
      ? state.entry.prompt.title
      : state.phase === 'loading'
        ? 'Loading the prompt…'
        : 'Approval prompt';
  return (
    <dialog
      ref={ref}
      className="prompt-dialog"
      aria-labelledby={titleId}
      aria-modal="true"
      onClose={onClose}
    >
      <header className="prompt-dialog__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <PromptBody state={state} decide={decide} />
    </dialog>
  );
}

const PromptBody = memo(function PromptBody({
  state,
  decide,
}: {
  state: PromptState;
  decide: ReturnType<typeof useDecide>;
}) {
  const me = useMe();
  const nameOf = useUserNames();
  switch (state.phase) {
    case 'loading':
      return (
        <p role="status" className="page-status">
          Loading the prompt…
        </p>
      );
    case 'failed':
      return (
        <>
          <ErrorMessage title="Could not load the prompt" error={state.error} />
          <button type="button" className="button" onClick={state.retry}>
            Try again
          </button>
        </>
      );
    case 'gone':
      return (
        <p role="status" className="notice notice--warning prompt-dialog__closed">
          {closedText(state.status, null, false)}
        </p>
      );
    case 'open':
    case 'closed': {
      const { entry, votes } = state;
      // The server said this vote settled it: closed now, whatever the feed still says.
      const decidedByMe = decide.data?.status === 'decided';
      // While the user's own decision is in flight, a close may be theirs: say nothing of who.
      const byMe = decide.isPending ? null : decidedByMe;
      const open = state.phase === 'open' && !decidedByMe;
      const status = state.status ?? (decidedByMe ? 'decided' : null);
      const rights: Rights | null =
        me === undefined
          ? null
          : rightsOf({ prompt: entry.prompt, votes, me, mayDecide: entry.mayDecide, nameOf });
      return (
        <>
          <PromptDetails prompt={entry.prompt} votes={votes} nameOf={nameOf} open={open} />
          {open && decide.data !== undefined && (
            <Recorded result={decide.data} quorum={entry.prompt.quorum} votes={votes} />
          )}
          {open ? (
            <OpenFooter rights={rights} decide={decide} entry={entry} nameOf={nameOf} />
          ) : (
            <p
              role="status"
              className={`notice prompt-dialog__closed${status === 'decided' ? '' : ' notice--warning'}`}
            >
              {closedText(status, entry.prompt, byMe)}
            </p>
          )}
        </>
      );
    }
  }
});

function OpenFooter({
  rights,
  decide,
  entry,
  nameOf,
}: {
  rights: Rights | null;
  decide: ReturnType<typeof useDecide>;
  entry: PendingApproval;
  nameOf: NameOf;
}) {
  if (rights === null) return <p className="page-status">Checking who you are…</p>;
  if (rights.kind === 'readOnly') {
    return (
      <div className="notice notice--warning prompt-dialog__read-only" role="note">
        <strong>You can’t decide this prompt.</strong>
        <p>{rights.reason}</p>
        {entry.mayDecide && <p>It can be decided by {whoMayDecide(entry.prompt, nameOf)}.</p>}
      </div>
    );
  }
  return (
    <>
      {rights.kind === 'rejectOnly' && (
        <p className="notice notice--warning" role="note">
          {rights.reason}
        </p>
      )}
      <DecisionPanel
        prompt={entry.prompt}
        rejectOnly={rights.kind === 'rejectOnly'}
        decide={decide}
      />
    </>
  );
}

/** What the user's own vote did: recorded and waiting for more, or settled. */
const Recorded = memo(function Recorded({
  result,
  quorum,
  votes,
}: {
  result: DecideResult;
  quorum: number;
  votes: readonly Vote[];
}) {
  const { outcome, actor, response, at } = result.decision;
  const counted = mergeVotes(votes, [{ actor, outcome, response, at }]);
  const text =
    result.status === 'pending'
      ? `Your vote (${outcome}) is recorded: ${tallyText(counted, quorum)} so far; the prompt waits for more.`
      : `Your vote (${outcome}) is recorded.`;
  return (
    <p role="status" className="notice prompt-dialog__recorded">
      {text}
    </p>
  );
});
