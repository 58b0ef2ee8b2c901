import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { toFlowElements } from '../model/convert';
import { blueprintFile } from '../model/fixtures.test-support';
import { initialViewport, READABLE_ZOOM } from './initial-viewport';
import { NODE_SIZE, withDrawnSizes } from './node-size';

const limits = { minZoom: 0.05, maxZoom: 2, padding: 0.1 };
const pane = { width: 1000, height: 600 };

/** A chain of `count` steps after a start node, 200 apart (wider than any pane at zoom 0.6). */
function chain(count: number): Blueprint {
  const nodes: Blueprint['nodes'] = [{ id: 'start', kind: 'start', position: { x: 0, y: 300 } }];
  for (let i = 1; i <= count; i += 1) {
    nodes.push({
      id: `s${i}`,
      kind: 'chunk',
      handler: { ref: 'transform', config: { expression: 'input' } },
      position: { x: i * 200, y: 300 + (i % 3) * 120 },
    });
  }
  return { schema: 'triggerflow.blueprint/v1', name: 'chain', nodes, edges: [] };
}

const sized = (bp: Blueprint) => withDrawnSizes(toFlowElements(bp).nodes);

describe('initialViewport', () => {
  it('fits a flow that is readable when fitted', () => {
    const view = initialViewport(sized(blueprintFile('v1/linear-chain.json')), pane, limits);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
  });

  it('opens a large flow at the readable zoom, centred on its start node vertically', () => {
    const view = initialViewport(sized(chain(21)), pane, limits);
    expect(view.zoom).toBe(READABLE_ZOOM);
    const startMiddleY = (300 + NODE_SIZE.height / 2) * view.zoom + view.y;
    expect(startMiddleY).toBeCloseTo(pane.height / 2);
    // The start is the flow's left end: it sits at the left margin, not in the middle of the pane.
    const startLeft = 0 * view.zoom + view.x;
    expect(startLeft).toBeCloseTo(pane.width * 0.05);
    // Fitting it would have been far too small to read.
    expect(
      initialViewport(sized(chain(21)), pane, { ...limits, readableZoom: 0 }).zoom,
    ).toBeLessThan(0.3);
  });

  it('centres on the start node when the flow reaches out to its left', () => {
    const bp = chain(21);
    bp.nodes.push({
      id: 'before',
      kind: 'chunk',
      handler: { ref: 'transform' },
      position: { x: -3000, y: 300 },
    });
    const view = initialViewport(sized(bp), pane, limits);
    expect((0 + NODE_SIZE.width / 2) * view.zoom + view.x).toBeCloseTo(pane.width / 2);
  });
});
