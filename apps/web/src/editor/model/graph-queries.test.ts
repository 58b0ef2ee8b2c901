import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { caseLabel, handleLabel } from './case-label';
import { toFlowElements } from './convert';
import { branchesUpstream, namesInFlow } from './graph-queries';

const flow: Blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'q',
  nodes: [
    { id: 'start', kind: 'start' },
    {
      id: 'outer',
      kind: 'match',
      options: {
        mode: 'hitFirst',
        cases: [
          { id: 'a', when: { value: 'A' } },
          { id: 'else', isElse: true },
        ],
      },
    },
    {
      id: 'inner',
      kind: 'match',
      options: { mode: 'hitFirst', cases: [{ id: 'x', when: { expression: 'input > 1' } }] },
    },
    { id: 'keep', kind: 'chunk', handler: { ref: 'setState', config: { key: 'request' } } },
    { id: 'read', kind: 'chunk', handler: { ref: 'getState', config: { key: 'draft.title' } } },
    { id: 'send', kind: 'chunk', handler: { ref: 'emitEvent', config: { event: 'done' } } },
    { id: 'listen', kind: 'event', options: { type: 'event', event: 'ready' } },
    { id: 'merge', kind: 'endMatch', options: { match: '' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'outer' },
    { id: 'e2', source: 'outer', sourceHandle: 'case:a', target: 'inner' },
    { id: 'e3', source: 'inner', sourceHandle: 'case:x', target: 'merge' },
    { id: 'e4', source: 'outer', sourceHandle: 'else', target: 'merge' },
  ],
};

describe('what the graph knows', () => {
  it('finds the branches upstream of a merge, nearest first', () => {
    const doc = toFlowElements(flow);
    expect(branchesUpstream(doc, 'merge').map((n) => n.id)).toEqual(['inner', 'outer']);
    expect(branchesUpstream(doc, 'start')).toEqual([]);
  });

  it('lists the names the flow uses', () => {
    const doc = toFlowElements(flow);
    expect(namesInFlow(doc, 'stateKeys')).toEqual(['draft.title', 'request']);
    expect(namesInFlow(doc, 'events')).toEqual(['done', 'ready']);
    expect(namesInFlow(doc, 'collections')).toEqual([]);
  });

  it('labels a case’s exit by its value, else by its number', () => {
    const cases = [
      { id: 'a', when: { value: 'A' } },
      { id: 'n', when: { value: 3 } },
      { id: 'x', when: { expression: 'input > 1' } },
      { id: 'long', when: { value: 'a very long category name' } },
      { id: 'else', isElse: true },
    ];
    expect(cases.slice(0, 4).map((c) => caseLabel(cases, c.id))).toEqual([
      'A',
      '3',
      'Case 3',
      'a very long c…',
    ]);
    const outer = toFlowElements(flow).nodes[1]!;
    expect(handleLabel(outer.data, 'case:a')).toBe('A');
    expect(handleLabel(outer.data, 'else')).toBe('else');
    expect(handleLabel(outer.data, 'out')).toBe('');
  });
});
