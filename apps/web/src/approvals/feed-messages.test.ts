import { describe, expect, it } from 'vitest';
import { parseChange, parseSnapshot } from './feed-messages';
import { promptFixture } from './prompt-fixture.test-support';

const prompt = promptFixture();

describe('parseSnapshot', () => {
  it('accepts a list of prompts', () => {
    expect(parseSnapshot([prompt])).toEqual({ ok: true, value: [prompt] });
    expect(parseSnapshot([])).toEqual({ ok: true, value: [] });
  });

  it('names what is wrong', () => {
    expect(parseSnapshot({})).toEqual({
      ok: false,
      problem: 'approvals:snapshot: expected a list',
    });
    const bad = parseSnapshot([prompt, { ...prompt, quorum: 0 }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/^approvals:snapshot\.1\.quorum: /);
  });
});

describe('parseChange', () => {
  it('accepts opened, voted and closed', () => {
    expect(parseChange({ type: 'opened', prompt })).toEqual({
      ok: true,
      value: { type: 'opened', prompt },
    });
    expect(parseChange({ type: 'voted', prompt, votes: 1 })).toEqual({
      ok: true,
      value: { type: 'voted', prompt, votes: 1 },
    });
    const closed = { type: 'closed', runId: 'r', interruptId: 'i', status: 'timedOut' };
    expect(parseChange(closed)).toEqual({ ok: true, value: closed });
  });

  it('refuses other shapes with the field at fault', () => {
    const problem = (raw: unknown) => {
      const parsed = parseChange(raw);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem(null)).toBe('approvals:changed: expected an object');
    expect(problem({ type: 'renamed' })).toBe(
      'approvals:changed.type: expected opened, voted or closed, got "renamed"',
    );
    expect(problem({ type: 'voted', prompt, votes: -1 })).toBe(
      'approvals:changed.votes: expected a count of votes',
    );
    expect(problem({ type: 'closed', runId: '', interruptId: 'i', status: 'decided' })).toBe(
      'approvals:changed.runId: expected a run id',
    );
    expect(problem({ type: 'closed', runId: 'r', interruptId: 'i', status: 'gone' })).toBe(
      'approvals:changed.status: expected decided, timedOut, cancelled, got "gone"',
    );
    expect(problem({ type: 'opened', prompt: { ...prompt, title: 3 } })).toMatch(
      /^approvals:changed\.prompt\.title: /,
    );
  });
});
