import type { PausePrompt, Vote } from '@triggerflow/blueprint';

/** The signed-in user, as far as deciding goes. */
export interface Decider {
  id: string;
}

/** What the user may do with a prompt, and if not everything, why (a sentence to show). */
export type Rights =
  | { kind: 'decide' }
  | { kind: 'rejectOnly'; reason: string }
  | { kind: 'readOnly'; reason: string };

/** A user id as people read it: a name where one is known, `you` for the user. */
export type NameOf = (userId: string) => string;

function list(names: readonly string[], joiner: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`;
}

/**
 * Who may decide, in words: `people with the approver role`, `Ann or Ben`, `Ann, or people with
 * the approver or editor role`. Admins hold every role, so a role list includes them.
 */
export function whoMayDecide(prompt: Pick<PausePrompt, 'approvers'>, nameOf: NameOf): string {
  const { users, roles } = prompt.approvers;
  const people = users.map(nameOf);
  const holders =
    roles.length === 0
      ? []
      : [`people with the ${list(roles, 'or')} ${roles.length === 1 ? 'role' : 'roles'}`];
  if (people.length === 0 && holders.length === 0) return 'nobody (it names no approver)';
  return list([...people, ...holders], 'or');
}

/** `1 approval needed`, `2 approvals needed` */
export const quorumText = (quorum: number) =>
  `${quorum} ${quorum === 1 ? 'approval' : 'approvals'} needed`;

/**
 * The user's rights on a prompt, by the server's rules (`mayDecide` comes from the server): an
 * approver who already voted is done; the run's starter may only reject unless the prompt
 * allows self-approval.
 */
export function rightsOf(input: {
  prompt: Pick<PausePrompt, 'approvers' | 'startedBy' | 'allowSelfApproval'>;
  votes: readonly Vote[];
  me: Decider;
  mayDecide: boolean;
  nameOf: NameOf;
}): Rights {
  const { prompt, votes, me, mayDecide, nameOf } = input;
  if (!mayDecide) {
    return {
      kind: 'readOnly',
      reason: `You are not an approver of this prompt: only ${whoMayDecide(prompt, nameOf)} may decide it.`,
    };
  }
  const mine = [...votes].reverse().find((vote) => vote.actor === me.id);
  if (mine !== undefined) {
    return {
      kind: 'readOnly',
      reason: `You already ${mine.outcome} it; the other votes must come from someone else.`,
    };
  }
  if (!prompt.allowSelfApproval && prompt.startedBy === me.id) {
    return {
      kind: 'rejectOnly',
      reason:
        'You started this run and this prompt does not allow self-approval: someone else must approve it (you may still reject it).',
    };
  }
  return { kind: 'decide' };
}
