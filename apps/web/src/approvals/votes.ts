import type { Vote } from '@triggerflow/blueprint';

/**
 * One vote per person, oldest first: the live votes the run page knows (from `approval.voted`
 * events) win over fetched ones, and a person's later vote over their earlier one.
 */
export function mergeVotes(fetched: readonly Vote[], live: readonly Vote[] = []): Vote[] {
  const byActor = new Map<string, Vote>();
  const keep = (vote: Vote, preferred: boolean) => {
    const known = byActor.get(vote.actor);
    if (known === undefined || vote.at > known.at || (preferred && vote.at === known.at)) {
      byActor.set(vote.actor, vote);
    }
  };
  for (const vote of fetched) keep(vote, false);
  for (const vote of live) keep(vote, true);
  return [...byActor.values()].sort((a, b) => a.at - b.at);
}

/** Distinct people who approved (what the quorum counts). */
export function approvalsOf(votes: readonly Vote[]): number {
  return new Set(votes.filter((v) => v.outcome === 'approved').map((v) => v.actor)).size;
}

/** `1 of 2 approvals` */
export function tallyText(votes: readonly Vote[], quorum: number): string {
  return `${approvalsOf(votes)} of ${quorum} ${quorum === 1 ? 'approval' : 'approvals'}`;
}
