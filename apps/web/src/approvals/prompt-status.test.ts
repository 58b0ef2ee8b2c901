import { describe, expect, it } from 'vitest';
import { closedText, timeoutConsequence } from './prompt-status';

describe('timeoutConsequence', () => {
  it('says what the run does at the deadline', () => {
    expect(timeoutConsequence(null)).toBe('It waits until someone decides.');
    expect(timeoutConsequence({ afterMs: 1, action: 'branch' })).toBe(
      'Then the run takes its timeout branch.',
    );
    expect(timeoutConsequence({ afterMs: 1, action: 'continue' })).toBe(
      'Then the run goes on with its default decision.',
    );
    expect(timeoutConsequence({ afterMs: 1, action: 'fail' })).toBe('Then the run fails.');
  });
});

describe('closedText', () => {
  it('says how a prompt closed', () => {
    expect(closedText('decided', null, true)).toBe(
      'Your vote decided this prompt: the run goes on.',
    );
    expect(closedText('decided', null, false)).toBe(
      'Someone decided this prompt: the run goes on.',
    );
    expect(closedText('decided', null, null)).toBe('This prompt is decided: the run goes on.');
    const pause = { type: 'input-needed', timeout: null };
    expect(closedText('decided', pause, null)).toBe('This prompt was answered: the run goes on.');
    expect(closedText('decided', pause, true)).toBe('Your answer was taken: the run goes on.');
    expect(closedText('decided', pause, false)).toBe(
      'Someone answered this prompt: the run goes on.',
    );
    const approval = { type: 'approval', timeout: { afterMs: 5, action: 'branch' } };
    expect(closedText('timedOut', approval, false)).toBe(
      'Nobody decided in time, so this prompt timed out: the run took its timeout branch.',
    );
    expect(closedText('timedOut', null, false)).toBe(
      'Nobody decided in time, so this prompt timed out.',
    );
    expect(closedText('cancelled', null, false)).toBe(
      'The run was cancelled, so this prompt takes no more decisions.',
    );
    expect(closedText(null, null, false)).toBe(
      'This prompt is no longer waiting for a decision: it was decided, timed out, or its run ended.',
    );
  });
});
