import type { PausePrompt, Vote } from '@triggerflow/blueprint';
import { memo, useId } from 'react';
import { Link } from '../app/Link';
import { runPath } from '../app/router';
import { Countdown } from './Countdown';
import { Markdown } from './Markdown';
import { quorumText, whoMayDecide, type NameOf } from './prompt-rights';
import { timeoutConsequence } from './prompt-status';
import { formatTime } from './time-format';
import { VoteList } from './VoteList';
import { useRunFlows } from './useRunFlows';
import { tallyText } from './votes';

function payloadText(payload: unknown): string | null {
  if (payload === null || payload === undefined) return null;
  return typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
}

/** Everything a prompt says: what is asked, about what, who decides, the votes, the deadline. */
export const PromptDetails = memo(function PromptDetails({
  prompt,
  votes,
  nameOf,
  open,
}: {
  prompt: PausePrompt;
  votes: readonly Vote[];
  nameOf: NameOf;
  /** Still waiting: the deadline counts down. */
  open: boolean;
}) {
  const payload = payloadText(prompt.payload);
  const id = useId();
  const flow = useRunFlows([prompt.runId]).get(prompt.runId);
  const step = prompt.nodeId === null ? null : (flow?.stepName(prompt.nodeId) ?? null);
  const isApproval = prompt.type === 'approval';
  return (
    <div className="prompt-details">
      <p className="prompt-details__meta">
        <Link href={runPath(prompt.runId)}>
          {flow?.flowName ? `The run of ${flow.flowName}` : 'The run'}
        </Link>
        {step !== null && <> · at “{step}”</>}
        {' · '}waiting since{' '}
        <time dateTime={new Date(prompt.createdAt).toISOString()}>
          {formatTime(prompt.createdAt)}
        </time>
      </p>
      {prompt.description !== null && prompt.description.trim() !== '' && (
        <Markdown source={prompt.description} />
      )}
      <section aria-labelledby={`${id}-payload`}>
        <h3 id={`${id}-payload`}>Payload</h3>
        {payload === null ? (
          <p className="empty">No payload.</p>
        ) : (
          <pre className="prompt-details__payload" tabIndex={0}>
            {payload}
          </pre>
        )}
      </section>
      <section aria-labelledby={`${id}-who`}>
        <h3 id={`${id}-who`}>Who decides</h3>
        <p>
          Decided by <span className="prompt-details__who">{whoMayDecide(prompt, nameOf)}</span> ·{' '}
          {isApproval ? quorumText(prompt.quorum) : 'the first answer continues the run'}
          {!prompt.allowSelfApproval && ' · the run’s starter may not approve'}
        </p>
      </section>
      {isApproval && (
        <section aria-labelledby={`${id}-votes`}>
          <h3 id={`${id}-votes`}>
            Votes <span className="prompt-details__tally">{tallyText(votes, prompt.quorum)}</span>
          </h3>
          <VoteList votes={votes} nameOf={nameOf} />
        </section>
      )}
      <section aria-labelledby={`${id}-deadline`}>
        <h3 id={`${id}-deadline`}>Deadline</h3>
        {prompt.deadlineAt === null ? (
          <p>No deadline. {timeoutConsequence(prompt.timeout)}</p>
        ) : (
          <p>
            {open ? (
              <Countdown deadlineAt={prompt.deadlineAt} />
            ) : (
              `Deadline: ${formatTime(prompt.deadlineAt)}`
            )}
            . {timeoutConsequence(prompt.timeout)}
          </p>
        )}
      </section>
    </div>
  );
});
