import { layoutBlueprint } from '@triggerflow/engine';
import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import {
  blueprintMeta,
  handlesOf,
  parentsFirst,
  toBlueprint,
  toFlowElements,
  type FlowNode,
  type NodeData,
} from './convert';
import { blueprintFile, blueprintFiles } from './fixtures.test-support';

const roundTrip = (bp: Blueprint): Blueprint => {
  const { nodes, edges } = toFlowElements(bp);
  return toBlueprint(blueprintMeta(bp), nodes, edges);
};

const byId = (nodes: readonly FlowNode[], id: string): FlowNode => {
  const node = nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
};

describe('toFlowElements ⇄ toBlueprint', () => {
  it('loads all 8 fixtures and 3 samples', () => {
    expect(blueprintFiles.map((f) => f.name)).toEqual([
      'blueprint/fixtures/v1/approval.json',
      'blueprint/fixtures/v1/batch.json',
      'blueprint/fixtures/v1/collect.json',
      'blueprint/fixtures/v1/event-join.json',
      'blueprint/fixtures/v1/for-each.json',
      'blueprint/fixtures/v1/linear-chain.json',
      'blueprint/fixtures/v1/orchestration-playbook.json',
      'blueprint/fixtures/v1/sub-flow-inline.json',
      'nodes/samples/document-review.json',
      'nodes/samples/fan-out-fan-in.json',
      'nodes/samples/orchestration-playbook.json',
    ]);
  });

  it.each(blueprintFiles)('round-trips $name exactly', ({ blueprint }) => {
    const copy = structuredClone(blueprint);
    expect(roundTrip(copy)).toStrictEqual(blueprint);
    expect(copy).toStrictEqual(blueprint); // the input is not mutated
  });

  it.each(blueprintFiles)('round-trips $name after RF adds its own fields', ({ blueprint }) => {
    const { nodes, edges } = toFlowElements(blueprint);
    const touched = nodes.map((n, i) => ({
      ...n,
      data: { ...n.data, status: 'running', count: i },
      selected: i % 2 === 0,
      dragging: false,
      measured: { width: 180 + i, height: 60 },
      zIndex: 3,
    }));
    const touchedEdges = edges.map((e) => ({ ...e, selected: true, animated: true }));
    expect(toBlueprint(blueprintMeta(blueprint), touched, touchedEdges)).toStrictEqual(blueprint);
  });

  it('maps the for-each fixture to a group with children after it', () => {
    const { nodes, edges } = toFlowElements(blueprintFile('v1/for-each.json'));
    expect(nodes.map((n) => [n.id, n.type, n.parentId ?? null])).toEqual([
      ['start', 'start', null],
      ['listItems', 'chunk', null],
      ['each', 'forEach', null],
      ['handleOne', 'chunk', 'each'],
      ['summarize', 'chunk', 'each'],
      ['finalize', 'chunk', null],
    ]);
    expect(byId(nodes, 'each')).toStrictEqual({
      id: 'each',
      type: 'forEach',
      position: { x: 300, y: -50 },
      style: { width: 400, height: 160 },
      data: { kind: 'forEach', label: 'For each subtask', options: { concurrency: 4 } },
    });
    expect(byId(nodes, 'handleOne')).toStrictEqual({
      id: 'handleOne',
      type: 'chunk',
      position: { x: 40, y: 50 },
      parentId: 'each',
      extent: 'parent',
      data: { kind: 'chunk', handler: { ref: 'handleOne', config: { model: 'small' } } },
    });
    expect(edges[2]).toStrictEqual({
      id: 'e-item',
      source: 'each',
      sourceHandle: 'item',
      target: 'handleOne',
    });
    expect(edges[0]).toStrictEqual({ id: 'e-start', source: 'start', target: 'listItems' });
  });

  it('exposes one source handle per match case plus else, default handles first', () => {
    const { nodes } = toFlowElements(blueprintFile('v1/orchestration-playbook.json'));
    expect(handlesOf(byId(nodes, 'route').data)).toEqual({
      targets: ['in'],
      sources: ['case:a', 'case:b', 'else'],
    });
    const forEach = toFlowElements(blueprintFile('v1/for-each.json')).nodes;
    expect(handlesOf(byId(forEach, 'each').data)).toEqual({
      targets: ['in', 'end'],
      sources: ['out', 'item'],
    });
    expect(handlesOf(byId(forEach, 'start').data)).toEqual({ targets: [], sources: ['out'] });
    const noElse: NodeData = { kind: 'match', options: { mode: 'hitAll', cases: [{ id: 'x' }] } };
    expect(handlesOf(noElse)).toEqual({ targets: ['in'], sources: ['case:x'] });
  });

  it('places unpositioned nodes with layoutBlueprint and keeps the placeholders out', () => {
    const bp = blueprintFile('v1/batch.json');
    const placed = new Map(layoutBlueprint(bp).nodes.map((n) => [n.id, n.position]));
    const { nodes, edges } = toFlowElements(bp);
    for (const n of nodes) expect(n.position).toEqual(placed.get(n.id));
    expect(byId(nodes, 'fetchA').data.auto).toEqual({ position: placed.get('fetchA') });
    // The batch had a size: it is no placeholder.
    expect(byId(nodes, 'fetchAll').data.auto).toEqual({ position: placed.get('fetchAll') });
    expect(byId(nodes, 'fetchAll').style).toEqual({ width: 240, height: 260 });

    const moved = nodes.map((n) => (n.id === 'join' ? { ...n, position: { x: 7, y: 8 } } : n));
    const out = toBlueprint(blueprintMeta(bp), moved, edges);
    expect(out.nodes.filter((n) => n.position).map((n) => [n.id, n.position])).toEqual([
      ['join', { x: 7, y: 8 }],
    ]);
  });

  it('gives a group without a size a placeholder size, and stores a resized one', () => {
    const bp: Blueprint = {
      schema: 'triggerflow.blueprint/v1',
      name: 'g',
      nodes: [
        { id: 'g', kind: 'forEach', position: { x: 0, y: 0 }, options: { concurrency: 2 } },
        { id: 'c', kind: 'end', parentId: 'g', position: { x: 10, y: 40 } },
      ],
      edges: [],
    };
    const { nodes } = toFlowElements(bp);
    const group = byId(nodes, 'g');
    expect(group.style).toEqual(group.data.auto?.size);
    expect(toBlueprint(blueprintMeta(bp), nodes, [])).toStrictEqual(bp);
    // NodeResizer sets width/height attributes; they win over the converter's style.
    const resized = nodes.map((n) => (n.id === 'g' ? { ...n, width: 500, height: 300 } : n));
    expect(toBlueprint(blueprintMeta(bp), resized, []).nodes[0]).toStrictEqual({
      id: 'g',
      kind: 'forEach',
      position: { x: 0, y: 0 },
      size: { width: 500, height: 300 },
      options: { concurrency: 2 },
    });
  });

  it('orders parents before children and reaches a fixed point after one pass', () => {
    const bp: Blueprint = {
      schema: 'triggerflow.blueprint/v1',
      name: 'late parent',
      description: 'd',
      nodes: [
        { id: 'inner', kind: 'end', parentId: 'outer', position: { x: 1, y: 1 } },
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        {
          id: 'outer',
          kind: 'batch',
          parentId: 'top',
          position: { x: 2, y: 2 },
          size: { width: 10, height: 10 },
          options: { concurrency: null, branches: ['inner'] },
        },
        {
          id: 'top',
          kind: 'forEach',
          position: { x: 3, y: 3 },
          size: { width: 20, height: 20 },
          options: { concurrency: 1 },
        },
        { id: 'orphan', kind: 'end', parentId: 'missing', position: { x: 4, y: 4 } },
      ],
      edges: [],
    };
    const once = roundTrip(bp);
    expect(once.nodes.map((n) => n.id)).toEqual(['top', 'outer', 'inner', 'start', 'orphan']);
    expect(roundTrip(once)).toStrictEqual(once);
    expect(once.description).toBe('d');
  });

  it('drops undefined fields an edit left behind', () => {
    const bp = blueprintFile('v1/linear-chain.json');
    const { nodes, edges } = toFlowElements(bp);
    const cleared = nodes.map((n) =>
      n.id === 'prepare' ? { ...n, data: { ...n.data, label: undefined } } : n,
    );
    const meta = { ...blueprintMeta(bp), description: undefined, meta: undefined };
    const out = toBlueprint(meta, cleared, edges);
    expect(Object.keys(out).sort()).toEqual(['edges', 'name', 'nodes', 'schema']);
    expect(out.nodes[1]).toStrictEqual({
      id: 'prepare',
      kind: 'chunk',
      position: { x: 200, y: 0 },
      handler: { ref: 'prepare' },
    });
  });

  it('parentsFirst keeps every node once, even with a parent loop', () => {
    const loop = [{ id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }, { id: 'c' }];
    expect(parentsFirst(loop).map((n) => n.id)).toEqual(['b', 'a', 'c']);
  });
});
