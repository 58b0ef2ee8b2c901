import { describe, expect, it } from 'vitest';
import { toFlowElements, type FlowDocument } from '../model/convert';
import { blueprintFile } from '../model/fixtures.test-support';
import { addNode, connectFrom, insertOnEdge } from './graph-ops';
import { newNode, type CatalogEntry } from '../catalog';

const transform = {
  kind: 'transform',
  nodeKind: 'chunk',
  label: 'Transform',
  icon: 'wand-2',
  category: 'data',
  summary: '',
  input: '',
  output: '',
  docs: '',
  categoryLabel: 'Data',
  form: [],
  configJsonSchema: { type: 'object', properties: { expression: { default: 'input' } } },
} satisfies CatalogEntry;

const withStep = (doc: FlowDocument) => {
  const node = newNode(transform, {
    position: { x: 0, y: 0 },
    taken: new Set(doc.nodes.map((n) => n.id)),
  });
  return { doc: addNode(doc, node), id: node.id };
};

const ends = (doc: FlowDocument) =>
  doc.edges.map((e) => `${e.source}.${e.sourceHandle ?? '-'}→${e.target}.${e.targetHandle ?? '-'}`);

describe('insertOnEdge', () => {
  it('replaces an edge by two through the new node, keeping both ends’ handles', () => {
    const start = toFlowElements(blueprintFile('v1/approval.json'));
    const timeout = start.edges.find((e) => e.sourceHandle === 'timeout');
    if (timeout === undefined) throw new Error('the approval fixture has a timeout edge');
    const { doc, id } = withStep(start);
    const next = insertOnEdge(doc, timeout.id, id);
    expect(next.edges).toHaveLength(start.edges.length + 1);
    expect(next.edges.some((e) => e.id === timeout.id)).toBe(false);
    const added = ends(next).filter((e) => e.includes(id));
    expect(added).toEqual([
      `${timeout.source}.timeout→${id}.in`,
      `${id}.out→${timeout.target}.${timeout.targetHandle ?? '-'}`,
    ]);
  });

  it('changes nothing for a node that has no input (or an unknown edge)', () => {
    const start = toFlowElements(blueprintFile('v1/linear-chain.json'));
    const edge = start.edges[0]!;
    expect(insertOnEdge(start, edge.id, 'start')).toBe(start);
    expect(insertOnEdge(start, 'nope', 'start')).toBe(start);
  });
});

describe('connectFrom', () => {
  it('connects an output handle to the new node’s default input', () => {
    const start = toFlowElements(blueprintFile('v1/approval.json'));
    const { doc, id } = withStep(start);
    const pause = start.edges.find((e) => e.sourceHandle === 'timeout')?.source;
    if (pause === undefined) throw new Error('the approval fixture has a timeout edge');
    const next = connectFrom(doc, { nodeId: pause, handle: 'timeout' }, id);
    expect(ends(next).at(-1)).toBe(`${pause}.timeout→${id}.in`);
    expect(next.edges).toHaveLength(start.edges.length + 1);
    expect(next.nodes.find((n) => n.id === id)?.selected).toBe(true);
  });
});
