import type { Vote } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { approvalsOf, mergeVotes, tallyText } from './votes';

const vote = (actor: string, at: number, outcome: Vote['outcome'] = 'approved'): Vote => ({
  actor,
  outcome,
  response: { decision: outcome === 'approved' ? 'approve' : 'reject' },
  at,
});

describe('mergeVotes', () => {
  it('keeps one vote per person, oldest first, live votes winning ties', () => {
    const fetchedAnn = vote('ann', 10);
    const liveAnn = { ...vote('ann', 10), response: { decision: 'approve', comment: 'live' } };
    expect(mergeVotes([vote('ben', 20), fetchedAnn], [liveAnn, vote('cat', 5)])).toEqual([
      vote('cat', 5),
      liveAnn,
      vote('ben', 20),
    ]);
  });

  it('takes a person’s later vote', () => {
    expect(mergeVotes([vote('ann', 10), vote('ann', 30, 'rejected')])).toEqual([
      vote('ann', 30, 'rejected'),
    ]);
    expect(mergeVotes([vote('ann', 30)], [vote('ann', 10, 'rejected')])).toEqual([vote('ann', 30)]);
  });
});

describe('tallyText', () => {
  it('counts distinct approvers against the quorum', () => {
    expect(approvalsOf([vote('ann', 1), vote('ann', 2), vote('ben', 3, 'rejected')])).toBe(1);
    expect(tallyText([], 1)).toBe('0 of 1 approval');
    expect(tallyText([vote('ann', 1)], 2)).toBe('1 of 2 approvals');
  });
});
