import { describe, expect, it } from 'vitest';
import { quorumText, rightsOf, whoMayDecide } from './prompt-rights';
import { promptFixture } from './prompt-fixture.test-support';

const names: Record<string, string> = { 'u-ann': 'Ann', 'u-ben': 'Ben' };
const nameOf = (id: string) => (id === 'u-me' ? 'you' : (names[id] ?? id));

describe('whoMayDecide', () => {
  const who = (roles: string[], users: string[]) =>
    whoMayDecide({ approvers: { roles, users } }, nameOf);
  it('names users and roles', () => {
    expect(who(['approver'], [])).toBe('people with the approver role');
    expect(who(['approver', 'editor'], [])).toBe('people with the approver or editor roles');
    expect(who([], ['u-ann'])).toBe('Ann');
    expect(who([], ['u-ann', 'u-ben', 'u-x'])).toBe('Ann, Ben or u-x');
    expect(who(['admin'], ['u-ann'])).toBe('Ann or people with the admin role');
    expect(who([], [])).toBe('nobody (it names no approver)');
  });

  it('words the quorum', () => {
    expect(quorumText(1)).toBe('1 approval needed');
    expect(quorumText(2)).toBe('2 approvals needed');
  });
});

describe('rightsOf', () => {
  const me = { id: 'u-me' };
  const prompt = promptFixture({ startedBy: 'u-ann', allowSelfApproval: false });

  it('lets an approver decide', () => {
    expect(rightsOf({ prompt, votes: [], me, mayDecide: true, nameOf })).toEqual({
      kind: 'decide',
    });
  });

  it('explains a watcher who is not an approver, and who is', () => {
    expect(rightsOf({ prompt, votes: [], me, mayDecide: false, nameOf })).toEqual({
      kind: 'readOnly',
      reason:
        'You are not an approver of this prompt: only people with the approver role may decide it.',
    });
  });

  it('stops a second vote by the same person', () => {
    const votes = [{ actor: 'u-me', outcome: 'approved' as const, response: null, at: 5 }];
    expect(rightsOf({ prompt, votes, me, mayDecide: true, nameOf })).toEqual({
      kind: 'readOnly',
      reason: 'You already approved it; the other votes must come from someone else.',
    });
  });

  it('lets the run’s starter only reject unless self-approval is allowed', () => {
    const mine = { ...prompt, startedBy: 'u-me' };
    expect(rightsOf({ prompt: mine, votes: [], me, mayDecide: true, nameOf })).toEqual({
      kind: 'rejectOnly',
      reason:
        'You started this run and this prompt does not allow self-approval: someone else must approve it (you may still reject it).',
    });
    const allowed = { ...mine, allowSelfApproval: true };
    expect(rightsOf({ prompt: allowed, votes: [], me, mayDecide: true, nameOf })).toEqual({
      kind: 'decide',
    });
  });
});
