import { describe, expect, it } from 'vitest';
import { BACK_EDGE_DROP, BACK_EDGE_Z, edgePath, isBackEdge, withBackEdgesOnTop } from './back-edge';

const node = (id: string, x: number, parentId?: string) => ({
  id,
  position: { x },
  measured: { width: 150 },
  ...(parentId !== undefined && { parentId }),
});

describe('back edges', () => {
  it('lifts only edges that run right to left above the nodes (children by absolute place)', () => {
    const nodes = [node('a', 0), node('b', 300), node('group', 600), node('inner', 20, 'group')];
    const edges: { id: string; source: string; target: string; zIndex?: number }[] = [
      { id: 'ab', source: 'a', target: 'b' },
      { id: 'ba', source: 'b', target: 'a' },
      { id: 'inner-b', source: 'inner', target: 'b' },
      { id: 'inner-end', source: 'inner', target: 'group' },
    ];
    const out = withBackEdgesOnTop(nodes, edges);
    expect(out.map((e) => e.zIndex)).toEqual([undefined, BACK_EDGE_Z, BACK_EDGE_Z, undefined]);
    expect(out[1]).toMatchObject({ data: { back: true } });
    expect(out[0]).toBe(edges[0]);
    // No loop: the same array (RF sees no change).
    expect(withBackEdgesOnTop(nodes, [edges[0]!])).toEqual([edges[0]]);
  });

  it('routes a back edge below both ends instead of through them', () => {
    const ends = { sourceX: 400, sourceY: 100, targetX: 0, targetY: 140 };
    expect(isBackEdge(ends)).toBe(true);
    const { path, midY } = edgePath(ends);
    expect(midY).toBe(140 + BACK_EDGE_DROP);
    const ys = [...path.matchAll(/-?\d+(\.\d+)?/g)]
      .map((m) => Number(m[0]))
      .filter((_, i) => i % 2 === 1);
    expect(Math.max(...ys)).toBeCloseTo(140 + BACK_EDGE_DROP);
    expect(isBackEdge({ sourceX: 0, sourceY: 0, targetX: 200, targetY: 0 })).toBe(false);
  });
});

describe('lifted edges', () => {
  it('keep their identity across calls while the edge itself is unchanged', () => {
    const nodes = [node('a', 0), node('b', 300)];
    const edges = [{ id: 'ba', source: 'b', target: 'a' }];
    const first = withBackEdgesOnTop(nodes, edges);
    const moved = withBackEdgesOnTop([node('a', 10), node('b', 300)], edges);
    expect(moved[0]).toBe(first[0]);
    expect(first).not.toBe(edges);
  });
});
