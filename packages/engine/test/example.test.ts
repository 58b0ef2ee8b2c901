import { describe, expect, it } from 'vitest';
import { keywordClassifier, run } from '../examples/orchestration';

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
