import type { BlueprintIssue } from '@triggerflow/blueprint';
import { BLUEPRINT_SCHEMA, type Blueprint } from '@triggerflow/blueprint';
import { validateBlueprint } from '@triggerflow/engine';
import { createBuiltinCatalog } from '@triggerflow/nodes';
import { describe, expect, it } from 'vitest';
import { toFlowElements, type FlowNode } from './convert';
import { issueWords } from './issue-text';

const catalog = createBuiltinCatalog();
const labels = new Map(catalog.entries().map((e) => [e.kind, e.label]));
const nameOf = (n: FlowNode) =>
  n.data.label ?? labels.get(n.data.kind === 'chunk' ? n.data.handler.ref : n.data.kind) ?? '?';

const entries = catalog.entries();
const kindOf = (n: FlowNode) =>
  entries.find((e) => e.kind === (n.data.kind === 'chunk' ? n.data.handler.ref : n.data.kind));

function words(blueprint: Blueprint): [string | null, string][] {
  const doc = toFlowElements(blueprint);
  return validateBlueprint(blueprint, catalog.registry()).map((issue: BlueprintIssue) => {
    const w = issueWords(issue, doc, nameOf, kindOf);
    return [w.subject, w.message];
  });
}

const loop: Blueprint = {
  schema: BLUEPRINT_SCHEMA,
  name: 'loop',
  nodes: [
    { id: 'start', kind: 'start' },
    {
      id: 'work',
      kind: 'chunk',
      label: 'Work',
      handler: { ref: 'transform', config: { expression: 'input' } },
    },
    {
      id: 'again',
      kind: 'match',
      label: 'Again?',
      options: {
        mode: 'hitFirst',
        cases: [
          { id: 'yes', when: { value: 'go' } },
          { id: 'other', isElse: true },
        ],
      },
    },
    { id: 'lonely', kind: 'chunk', handler: { ref: 'delay', config: { ms: 5 } } },
    { id: 'each', kind: 'forEach', options: { concurrency: null } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'work' },
    { id: 'e2', source: 'work', target: 'again' },
    { id: 'e3', source: 'again', sourceHandle: 'case:yes', target: 'work' },
    { id: 'e4', source: 'again', sourceHandle: 'else', target: 'work' },
    { id: 'e5', source: 'again', sourceHandle: 'case:gone', target: 'lonely' },
  ],
};

describe('problems in the editor’s words', () => {
  it('names nodes by label and says what to do', () => {
    expect(words(loop)).toEqual([
      [
        'Again?',
        'A connection leaves from a case that is gone: remove it or connect another case.',
      ],
      ['For each', 'Runs every item at once: set “At most at once”.'],
      ['For each', 'Nothing leads to this step: connect it, or remove it.'],
      [
        'Work',
        'This loop never ends: every case of its branch leads back into it (Work → Again?).',
      ],
    ]);
  });

  it('keeps the node library’s words for config problems', () => {
    const flow: Blueprint = {
      ...loop,
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'work', kind: 'chunk', handler: { ref: 'transform', config: {} } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'work' }],
    };
    expect(words(flow)).toEqual([['Transform', 'Transform needs an expression']]);
  });

  it('names a structural setting that is missing by its field', () => {
    const flow: Blueprint = {
      ...loop,
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'child', kind: 'subFlow', options: { flow: { ref: { flowId: '' } } } },
        { id: 'merge', kind: 'endMatch', options: { match: '' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'child' },
        { id: 'e2', source: 'child', target: 'merge' },
      ],
    };
    expect(words(flow)).toEqual([
      ['Sub-flow', 'Sub-flow needs the flow to run'],
      ['Merge branches', 'Merge branches needs the branch it closes'],
    ]);
  });
});
