import { describe, expect, it } from 'vitest';
import { keywordClassifier, run } from '../examples/orchestration';
import { blueprintRoundTrip, reviewAcrossRestart } from '../examples/review';

describe('the orchestration-playbook example', () => {
  it('routes by category, writes state and streams progress', async () => {
    const { snapshot, items } = await run('  Found a bug in checkout ', keywordClassifier);
    expect(snapshot).toEqual({ input: 'Found a bug in checkout', answer: 'handled as B' });
    expect(items).toEqual([
      { step: 'classify', category: 'B' },
      { step: 'handle', answer: 'handled as B' },
    ]);
  });

  it('falls through to the else branch', async () => {
    const { snapshot } = await run('hello', keywordClassifier);
    expect(snapshot).toEqual({ input: 'hello', answer: 'handled as C' });
  });
});

describe('the README pause/resume and blueprint example', () => {
  it('answers a pause after a save and a load into a fresh flow', async () => {
    const { pending, snapshot } = await reviewAcrossRestart('Ship v2?', 'approved');
    expect(pending).toMatchObject({ type: 'approval', payload: { summary: 'Ship v2?' } });
    expect(snapshot).toEqual({ decision: 'approved' });
  });

  it('round-trips the blueprint with the same fingerprint', () => {
    const { blueprint, sameFingerprint, issues } = blueprintRoundTrip();
    expect(blueprint.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['start', 'start'],
      ['ask', 'chunk'],
      ['publish', 'chunk'],
    ]);
    expect(sameFingerprint).toBe(true);
    expect(issues).toEqual([]);
  });
});
