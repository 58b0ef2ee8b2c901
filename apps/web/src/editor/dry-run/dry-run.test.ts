import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { dryRun, prepareDryRun, STUB_DECISION } from './dry-run';

/** start → classify → route (match on value: 'big' | 'small' | expression | else) → … → end */
function sample(): Blueprint {
  return {
    schema: 'triggerflow.blueprint/v1',
    name: 'dry-run sample',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'classify', kind: 'chunk', handler: { ref: 'transform', config: { expression: 'x' } } },
      {
        id: 'route',
        kind: 'match',
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'big', when: { value: 'big' } },
            { id: 'small', when: { value: 'small' } },
            { id: 'odd', when: { expression: 'input = "odd"' } },
            { id: 'other', isElse: true },
          ],
        },
      },
      { id: 'listItems', kind: 'chunk', handler: { ref: 'transform' } },
      { id: 'each', kind: 'forEach', options: { concurrency: null } },
      { id: 'handleOne', kind: 'chunk', parentId: 'each', handler: { ref: 'transform' } },
      { id: 'small', kind: 'chunk', handler: { ref: 'transform' } },
      { id: 'odd', kind: 'chunk', handler: { ref: 'transform' } },
      { id: 'review', kind: 'pause', options: { type: 'approval' } },
      { id: 'end', kind: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'classify' },
      { id: 'e2', source: 'classify', target: 'route' },
      { id: 'e3', source: 'route', sourceHandle: 'case:big', target: 'listItems' },
      { id: 'e4', source: 'listItems', target: 'each' },
      { id: 'e5', source: 'each', sourceHandle: 'item', target: 'handleOne' },
      { id: 'e6', source: 'handleOne', target: 'each', targetHandle: 'end' },
      { id: 'e7', source: 'each', sourceHandle: 'out', target: 'end' },
      { id: 'e8', source: 'route', sourceHandle: 'case:small', target: 'small' },
      { id: 'e9', source: 'route', sourceHandle: 'case:odd', target: 'odd' },
      { id: 'e10', source: 'route', sourceHandle: 'else', target: 'review' },
    ],
  };
}

const ORDER = [
  'classify',
  'route',
  'listItems',
  'handleOne',
  'handleOne',
  'handleOne',
  'each',
  'end',
];
const completed = (result: Awaited<ReturnType<typeof dryRun>>) =>
  result.steps.filter((s) => s.type === 'completed').map((s) => s.nodeId);

describe('dry run', () => {
  it('takes the stubbed case and fans out over the stubbed list', async () => {
    const result = await dryRun(sample(), {
      input: { text: 'hi' },
      stubs: { classify: 'big', listItems: [1, 2, 3], handleOne: 'handled' },
    });
    expect(result.error).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.nodes['classify']).toEqual({ status: 'done', runs: 1 });
    expect(result.nodes['listItems']).toEqual({ status: 'done', runs: 1 });
    expect(result.nodes['handleOne']).toEqual({ status: 'done', runs: 3 });
    expect(result.nodes['small']).toBeUndefined();
    expect(result.nodes['odd']).toBeUndefined();
    expect(result.nodes['review']).toBeUndefined();
    expect(result.fanOuts['each']).toMatchObject({ total: 3, done: 3, failed: 0 });
    const handled = result.steps.filter((s) => s.type === 'started' && s.nodeId === 'handleOne');
    expect(handled.map((s) => s.value)).toEqual([1, 2, 3]);
    expect(completed(result)).toEqual(ORDER);
    expect(result.steps[0]).toMatchObject({
      type: 'started',
      nodeId: 'classify',
      value: { text: 'hi' },
    });
    expect(result.final).not.toBeNull();
    expect(result.notes).toEqual([
      {
        nodeId: 'route',
        text: 'takes no case that uses an expression (pick the case it takes to follow one).',
      },
      { nodeId: 'review', text: 'resolves at once with a stub decision.' },
    ]);
  });

  it('passes input through by default, and the else branch resolves the pause at once', async () => {
    const result = await dryRun(sample(), { input: 'nothing' });
    expect(result.ok).toBe(true);
    expect(result.nodes['review']).toEqual({ status: 'done', runs: 1 });
    expect(result.nodes['listItems']).toBeUndefined();
    const review = result.steps.find((s) => s.type === 'completed' && s.nodeId === 'review');
    expect(review?.value).toEqual(STUB_DECISION);
    const classify = result.steps.find((s) => s.type === 'completed' && s.nodeId === 'classify');
    expect(classify?.value).toBe('nothing');
  });

  it('resolves approval chunks at once with the stub decision', async () => {
    const bp = sample();
    const classify = bp.nodes.find((n) => n.id === 'classify');
    if (classify?.kind === 'chunk') classify.handler = { ref: 'approval' };
    const result = await dryRun(bp, { input: 'x' });
    const step = result.steps.find((s) => s.type === 'completed' && s.nodeId === 'classify');
    expect(step?.value).toEqual(STUB_DECISION);
  });

  it('takes the case the user picked, expression cases included', async () => {
    const result = await dryRun(sample(), { input: 'x', caseChoices: { route: 'odd' } });
    expect(result.nodes['odd']).toEqual({ status: 'done', runs: 1 });
    expect(result.nodes['review']).toBeUndefined();
    const prepared = prepareDryRun(sample(), { caseChoices: { route: 'odd' } });
    expect(prepared.notes).toEqual([
      { nodeId: 'review', text: 'resolves at once with a stub decision.' },
    ]);
  });

  it('reports a failing flow clearly', async () => {
    const bp = sample();
    bp.edges.push({ id: 'bad', source: 'nowhere', target: 'end' });
    const result = await dryRun(bp, {});
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/nowhere/);
    expect(result.final).toBeNull();
  });
});

describe('the step budget', () => {
  /** start → work → again? (value 'go' loops back to work; else ends): 'go' loops forever. */
  const loop = (): Blueprint => ({
    schema: 'triggerflow.blueprint/v1',
    name: 'loop',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'work', kind: 'chunk', handler: { ref: 'transform' } },
      {
        id: 'again',
        kind: 'match',
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'go', when: { value: 'go' } },
            { id: 'other', isElse: true },
          ],
        },
      },
      { id: 'end', kind: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'work' },
      { id: 'e2', source: 'work', target: 'again' },
      { id: 'e3', source: 'again', sourceHandle: 'case:go', target: 'work' },
      { id: 'e4', source: 'again', sourceHandle: 'else', target: 'end' },
    ],
  });

  it('stops a run that loops, after the budget, naming how far it got', async () => {
    const result = await dryRun(loop(), { input: 'go', maxSteps: 50 });
    expect(result.ok).toBe(false);
    expect(result.stoppedAfter).toBe(50);
    expect(result.error).toBe('the dry run was stopped after 50 steps');
    expect(result.nodes['work']?.runs).toBe(50);
  });

  it('leaves a run that ends within the budget alone', async () => {
    const result = await dryRun(loop(), { input: 'stop', maxSteps: 50 });
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result.stoppedAfter).toBeUndefined();
    expect(result.nodes['work']?.runs).toBe(1);
  });
});
