import type { Vote } from '@triggerflow/blueprint';
import { memo } from 'react';
import type { NameOf } from './prompt-rights';
import { formatTime } from './time-format';

const commentOf = (response: unknown): string | null => {
  if (typeof response !== 'object' || response === null) return null;
  const comment = (response as Record<string, unknown>)['comment'];
  return typeof comment === 'string' && comment.trim() !== '' ? comment : null;
};

/** Who voted how and when, oldest first, with a comment when the answer has one. */
export const VoteList = memo(function VoteList({
  votes,
  nameOf,
}: {
  votes: readonly Vote[];
  nameOf: NameOf;
}) {
  if (votes.length === 0) return <p className="empty">No votes yet.</p>;
  return (
    <ul className="vote-list" aria-label="Votes">
      {votes.map((vote) => {
        const comment = commentOf(vote.response);
        return (
          <li key={`${vote.actor}-${vote.at}`} className={`vote vote--${vote.outcome}`}>
            <span className="vote__who">{voter(nameOf(vote.actor))}</span>{' '}
            <span className="vote__outcome">{vote.outcome}</span>{' '}
            <time className="vote__when" dateTime={new Date(vote.at).toISOString()}>
              {formatTime(vote.at)}
            </time>
            {comment !== null && <q className="vote__comment">{comment}</q>}
          </li>
        );
      })}
    </ul>
  );
});

/** `you` opens the line as `You`; names and ids stay as they are. */
const voter = (name: string) => (name === 'you' ? 'You' : name);
