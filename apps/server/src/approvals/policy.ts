import type { PausePrompt, Vote } from '@triggerflow/blueprint';
import { hasRole } from '../auth/roles';
import { ROLES, type Role, type UserRecord } from '../storage';

export type Permission = { ok: true } | { ok: false; reason: string };

export type Tally =
  | { settled: false; approvals: number; needed: number }
  | { settled: true; outcome: 'approved' | 'rejected'; value: unknown };

const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

function list(names: readonly string[], joiner: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`;
}

function whoMayDecide(users: readonly string[], roles: readonly Role[]): string {
  const people =
    users.length > 0 ? `${users.length === 1 ? 'user' : 'users'} ${users.join(', ')}` : '';
  const holders =
    roles.length > 0
      ? `holders of the ${list(roles, 'or')} ${roles.length === 1 ? 'role' : 'roles'}`
      : '';
  return [people, holders].filter((part) => part !== '').join(' or ');
}

/**
 * Whether `user` may answer `prompt`: named in `approvers.users`, or holding one of
 * `approvers.roles` (names that are not roles are ignored). Admin holds every role, so it passes
 * any role list, but it is not special otherwise: a prompt that names users only refuses admin.
 */
export function mayDecide(user: UserRecord, prompt: PausePrompt): Permission {
  const { users } = prompt.approvers;
  const roles = prompt.approvers.roles.filter(isRole);
  if (users.includes(user.id) || roles.some((role) => hasRole(user.roles, role))) {
    return { ok: true };
  }
  if (users.length === 0 && roles.length === 0) {
    return {
      ok: false,
      reason: `nobody may decide "${prompt.title}": it names no approver user or known role`,
    };
  }
  return { ok: false, reason: `only ${whoMayDecide(users, roles)} may decide "${prompt.title}"` };
}

/** `mayDecide`, plus the self-approval ban: the run's starter may reject but not approve. */
export function mayVote(
  user: UserRecord,
  prompt: PausePrompt,
  outcome: 'approved' | 'rejected',
): Permission {
  const allowed = mayDecide(user, prompt);
  if (!allowed.ok) return allowed;
  if (!prompt.allowSelfApproval && user.id === prompt.startedBy && outcome === 'approved') {
    return {
      ok: false,
      reason: `you started this run and "${prompt.title}" does not allow self-approval: someone else must approve it (you may still reject it)`,
    };
  }
  return allowed;
}

/**
 * Where the votes (in the order they were cast) leave a prompt. The first rejection settles it as
 * rejected; enough distinct approving actors (one actor's repeated votes count once) settle it as
 * approved. The deciding vote is the one that settles it, normally the last: votes after it (there
 * should be none, the caller stops at a settlement) are not part of the decision.
 *
 * The value resumes the paused step: for an approval node exactly what `approvalDecisionSchema`
 * accepts (`{ outcome, response, votes }`), for any other pause the deciding vote's response.
 */
export function tally(prompt: PausePrompt, votes: readonly Vote[]): Tally {
  const approvers = new Set<string>();
  for (const [index, vote] of votes.entries()) {
    if (vote.outcome === 'approved') approvers.add(vote.actor);
    if (vote.outcome === 'rejected' || approvers.size >= prompt.quorum) {
      const decision = votes.slice(0, index + 1);
      const value =
        prompt.type === 'approval'
          ? { outcome: vote.outcome, response: vote.response, votes: decision }
          : vote.response;
      return { settled: true, outcome: vote.outcome, value };
    }
  }
  return { settled: false, approvals: approvers.size, needed: prompt.quorum };
}
