import { describe, expect, it } from 'vitest';
import { blueprintMeta, toBlueprint, toFlowElements, type FlowNode } from './convert';
import { blueprintFile, blueprintFiles } from './fixtures.test-support';
import { createLayoutClient, toLayoutEdge, toLayoutNode, type WorkerLike } from './layout-client';
import type { Blueprint } from '@triggerflow/blueprint';
import {
  applyLayout,
  handleLayoutRequest,
  layoutElements,
  type LayoutRequest,
  type LayoutResponse,
  type LayoutResult,
} from './layout';

const NODE = { width: 200, height: 64 };

/** start → branch (cases a, b, else) → one step per case, wired so that ELK alone might cross them. */
function branchFlow(): Blueprint {
  const step = (id: string) => ({
    id,
    kind: 'chunk' as const,
    handler: { ref: 'transform', config: { expression: 'input' } },
    position: { x: 0, y: 0 },
  });
  return {
    schema: 'triggerflow.blueprint/v1',
    name: 'branch order',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      {
        id: 'route',
        kind: 'match',
        position: { x: 0, y: 0 },
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'a', when: { value: 'A' } },
            { id: 'b', when: { value: 'B' } },
            { id: 'else', isElse: true },
          ],
        },
      },
      // Listed (and connected) in the reverse order of the cases.
      step('onElse'),
      step('onB'),
      step('onA'),
    ],
    edges: [
      { id: 'e0', source: 'start', target: 'route' },
      { id: 'e1', source: 'route', sourceHandle: 'else', target: 'onElse' },
      { id: 'e2', source: 'route', sourceHandle: 'case:b', target: 'onB' },
      { id: 'e3', source: 'route', sourceHandle: 'case:a', target: 'onA' },
    ],
  };
}

describe('layoutElements', () => {
  it('keeps a branch’s handle order: case a above case b above else', async () => {
    const { nodes, edges } = toFlowElements(branchFlow());
    const { positions } = await layoutElements(nodes.map(toLayoutNode), edges.map(toLayoutEdge));
    const y = (id: string) => positions[id]!.y;
    expect(y('onA')).toBeLessThan(y('onB'));
    expect(y('onB')).toBeLessThan(y('onElse'));
    // Without the handles, ELK orders them its own way (not by case): this flow is one it gets wrong.
    const plain = (await layoutElements(nodes, edges)).positions;
    const order = ['onA', 'onB', 'onElse'].sort((p, q) => plain[p]!.y - plain[q]!.y);
    expect(order).not.toEqual(['onA', 'onB', 'onElse']);
  });

  it('lays out the for-each fixture left to right with the body inside its group', async () => {
    const { nodes, edges } = toFlowElements(blueprintFile('v1/for-each.json'));
    expect(await layoutElements(nodes, edges)).toStrictEqual({
      positions: {
        start: { x: 12, y: 52 },
        listItems: { x: 292, y: 52 },
        each: { x: 572, y: 12 },
        handleOne: { x: 30, y: 50 },
        summarize: { x: 310, y: 50 },
        finalize: { x: 1192, y: 52 },
      },
      sizes: { each: { width: 540, height: 144 } },
    });
  });

  it('keeps batch branches in their order, top to bottom', async () => {
    const { nodes, edges } = toFlowElements(blueprintFile('v1/batch.json'));
    const { positions } = await layoutElements(nodes, edges);
    expect(['fetchA', 'fetchB', 'fetchC'].map((id) => positions[id])).toEqual([
      { x: 30, y: 50 },
      { x: 30, y: 134 },
      { x: 30, y: 218 },
    ]);
  });

  it.each(blueprintFiles)(
    'places every node of $name inside its group, without overlaps',
    async ({ blueprint }) => {
      const { nodes, edges } = toFlowElements(blueprint);
      const { positions, sizes } = await layoutElements(nodes, edges);
      expect(Object.keys(positions).sort()).toEqual(nodes.map((n) => n.id).sort());
      const parents = new Set(nodes.flatMap((n) => n.parentId ?? []));
      expect(Object.keys(sizes).sort()).toEqual([...parents].sort());
      const box = (n: FlowNode) => ({ ...positions[n.id]!, ...(sizes[n.id] ?? NODE) });
      for (const n of nodes) {
        const b = box(n);
        if (n.parentId) {
          const group = sizes[n.parentId]!;
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(50); // below the group's header
          expect(b.x + b.width).toBeLessThanOrEqual(group.width);
          expect(b.y + b.height).toBeLessThanOrEqual(group.height);
        }
        for (const other of nodes) {
          if (other === n || other.parentId !== n.parentId) continue;
          const o = box(other);
          const apart =
            b.x + b.width <= o.x ||
            o.x + o.width <= b.x ||
            b.y + b.height <= o.y ||
            o.y + o.height <= b.y;
          expect(apart, `${n.id} overlaps ${other.id}`).toBe(true);
        }
      }
    },
  );

  it('uses measured sizes, honours the direction and spacing options', async () => {
    const nodes = [
      { id: 'a', position: { x: 0, y: 0 }, measured: { width: 100, height: 40 } },
      { id: 'b', position: { x: 0, y: 0 }, measured: { width: 100, height: 40 } },
    ];
    const edges = [{ id: 'e', source: 'a', target: 'b' }];
    expect(await layoutElements(nodes, edges, { direction: 'DOWN', layerSpacing: 30 })).toEqual({
      positions: { a: { x: 12, y: 12 }, b: { x: 12, y: 82 } },
      sizes: {},
    });
  });

  it('ignores dangling edges, duplicate ids and parent loops', async () => {
    const nodes = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
      { id: 'b' },
      { id: 'c', parentId: 'missing' },
    ];
    const result = await layoutElements(nodes, [{ id: 'e', source: 'a', target: 'zz' }]);
    expect(Object.keys(result.positions)).toEqual(['a', 'b', 'c']);
    expect(result.sizes).toEqual({});
  });
});

describe('applyLayout', () => {
  it('moves nodes, resizes groups, makes placeholders real and shares the rest', () => {
    const bp = blueprintFile('v1/batch.json');
    const { nodes, edges } = toFlowElements(bp);
    const resized = nodes.map((n) => (n.id === 'fetchAll' ? { ...n, width: 999, height: 999 } : n));
    const result: LayoutResult = {
      positions: { fetchAll: { x: 1, y: 2 }, join: { x: 3, y: 4 } },
      sizes: { fetchAll: { width: 300, height: 400 } },
    };
    const laid = applyLayout(resized, result);
    expect(laid.find((n) => n.id === 'fetchAll')).toStrictEqual({
      id: 'fetchAll',
      type: 'batch',
      position: { x: 1, y: 2 },
      style: { width: 300, height: 400 },
      data: {
        kind: 'batch',
        options: { concurrency: 2, branches: ['fetchA', 'fetchB', 'fetchC'] },
      },
    });
    expect(laid[0]).toBe(resized[0]);
    const out = toBlueprint(blueprintMeta(bp), laid, edges);
    expect(out.nodes.filter((n) => n.position).map((n) => [n.id, n.position, n.size])).toEqual([
      ['fetchAll', { x: 1, y: 2 }, { width: 300, height: 400 }],
      ['join', { x: 3, y: 4 }, undefined],
    ]);
  });
});

describe('the worker protocol', () => {
  it('answers a request with its id, and a failure as data', async () => {
    const { nodes, edges } = toFlowElements(blueprintFile('v1/for-each.json'));
    const answer = await handleLayoutRequest({ id: 7, nodes, edges });
    expect(answer).toStrictEqual({ id: 7, ok: true, result: await layoutElements(nodes, edges) });
    const broken = await handleLayoutRequest({ id: 8, nodes: null as never, edges: [] });
    expect(broken).toMatchObject({ id: 8, ok: false });
    if (!broken.ok) expect(broken.error).toMatch(/^Auto-layout failed: /);
  });

  it('matches answers to requests and sends only what the layout reads', async () => {
    const sent: LayoutRequest[] = [];
    let listener: ((event: { data: LayoutResponse }) => void) | undefined;
    const worker: WorkerLike = {
      postMessage: (message) => sent.push(message),
      addEventListener: (_type, l) => (listener = l),
    };
    const client = createLayoutClient(worker);
    const { nodes, edges } = toFlowElements(blueprintFile('v1/for-each.json'));
    const first = client.layout(nodes, edges);
    const second = client.layout(nodes.slice(0, 1), [], { direction: 'DOWN' });
    expect(sent.map((r) => r.id)).toEqual([1, 2]);
    expect(sent[1]).toStrictEqual({
      id: 2,
      nodes: [
        {
          id: 'start',
          parentId: undefined,
          width: undefined,
          height: undefined,
          measured: undefined,
          style: undefined,
          sources: ['out'],
          targets: [],
        },
      ],
      edges: [],
      options: { direction: 'DOWN' },
    });
    const [one, two] = sent as [LayoutRequest, LayoutRequest];
    listener?.({ data: { id: 99, ok: true, result: { positions: {}, sizes: {} } } });
    listener?.({ data: await handleLayoutRequest(two) });
    listener?.({ data: { id: one.id, ok: false, error: 'Auto-layout failed: boom' } });
    expect(await second).toEqual({ positions: { start: { x: 12, y: 12 } }, sizes: {} });
    await expect(first).rejects.toThrow('Auto-layout failed: boom');
  });
});
