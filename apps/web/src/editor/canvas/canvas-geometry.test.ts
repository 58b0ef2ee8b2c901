import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toFlowElements, type FlowNode } from '../model/convert';
import { blueprintFile } from '../model/fixtures.test-support';
import { detailLevel } from './detail-level';
import { flowBounds, initialViewport } from './initial-viewport';
import { DETAILED_NODE_SIZE, NODE_SIZE, drawnSize, withDrawnSizes } from './node-size';
import { getBezierPath, Position } from '@xyflow/react';
import { bezier, farEdgePaths } from './far-edges';
import { mapFrame, placedBoxes } from './overview-map';
import { viewShare } from './useRenderAll';

const nodes = (): FlowNode[] =>
  withDrawnSizes(toFlowElements(blueprintFile('v1/for-each.json')).nodes);

describe('node sizes known before measuring', () => {
  it('gives plain and detailed nodes their drawn box, groups their style', () => {
    const sized = nodes();
    const byId = new Map(sized.map((n) => [n.id, n]));
    expect(byId.get('start')?.measured).toEqual(NODE_SIZE);
    expect(byId.get('each')?.measured).toEqual({ width: 400, height: 160 });
    expect(
      drawnSize({
        type: 'match',
        data: {
          kind: 'match',
          options: { mode: 'hitFirst', cases: [{ id: 'a', when: { value: 1 } }] },
        },
      }),
    ).toEqual(DETAILED_NODE_SIZE);
  });

  it('matches the boxes editor.css draws (else RF measures every node again at open)', () => {
    const css = readFileSync(new URL('../../styles/editor.css', import.meta.url), 'utf8');
    const rule = (selector: string) => {
      const body = new RegExp(`\\n${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(css)?.[1];
      if (body === undefined) throw new Error(`no rule ${selector} in editor.css`);
      const sizes: Record<string, number> = {};
      for (const m of body.matchAll(/(width|height): (\d+)px;/g)) sizes[m[1]!] = Number(m[2]);
      return sizes;
    };
    expect(rule('.flow-node')).toEqual(NODE_SIZE);
    expect(rule('.flow-node--detailed')).toEqual({ height: DETAILED_NODE_SIZE.height });
    expect(DETAILED_NODE_SIZE.width).toBe(NODE_SIZE.width);
  });

  it('keeps nodes RF has measured, and leaves a group without a size to the DOM', () => {
    const measured: FlowNode = {
      id: 'x',
      type: 'chunk',
      position: { x: 0, y: 0 },
      measured: { width: 1, height: 2 },
      data: { kind: 'chunk', handler: { ref: 't', config: {} } },
    };
    expect(withDrawnSizes([measured])[0]).toBe(measured);
    expect(
      drawnSize({
        type: 'batch',
        data: { kind: 'batch', options: { concurrency: 1, branches: [] } },
      }),
    ).toBeUndefined();
  });
});

describe('initialViewport', () => {
  it('fits the top-level nodes like RF’s fitView (padding 0.1, zoom limits)', () => {
    const sized = nodes();
    const bounds = flowBounds(sized);
    expect(bounds).toBeDefined();
    // Children sit inside their group: the bounds are those of the top-level nodes.
    const top = sized.filter((n) => n.parentId === undefined);
    expect(bounds!.x).toBe(Math.min(...top.map((n) => n.position.x)));
    const limits = { minZoom: 0.05, maxZoom: 2, padding: 0.1 };
    const view = initialViewport(sized, { width: 1000, height: 600 }, limits);
    // Inside the pane, filling it but for the padding in one direction.
    const share = Math.max((bounds!.width * view.zoom) / 1000, (bounds!.height * view.zoom) / 600);
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThanOrEqual(0.95);
    // Centred: the flow's middle lands in the pane's middle.
    expect((bounds!.x + bounds!.width / 2) * view.zoom + view.x).toBeCloseTo(500);
    expect((bounds!.y + bounds!.height / 2) * view.zoom + view.y).toBeCloseTo(300);
  });

  it('opens an empty flow, or an unmeasured pane, at zoom 1', () => {
    const limits = { minZoom: 0.05, maxZoom: 2, padding: 0.1 };
    expect(initialViewport([], { width: 800, height: 600 }, limits)).toEqual({
      x: 0,
      y: 0,
      zoom: 1,
    });
    expect(initialViewport(nodes(), { width: 0, height: 0 }, limits)).toEqual({
      x: 0,
      y: 0,
      zoom: 1,
    });
  });
});

describe('detailLevel', () => {
  it('draws less as the zoom goes down', () => {
    expect([1, 0.4, 0.39, 0.2, 0.19, 0.05].map(detailLevel)).toEqual([
      'full',
      'full',
      'title',
      'title',
      'box',
      'box',
    ]);
  });
});

describe('viewShare', () => {
  const bounds = { x: 0, y: 0, width: 1000, height: 500 };
  it('is the share of the flow in view', () => {
    expect(viewShare({ transform: [0, 0, 1], width: 1000, height: 500 }, bounds)).toBe(1);
    expect(viewShare({ transform: [0, 0, 1], width: 500, height: 500 }, bounds)).toBe(0.5);
    expect(viewShare({ transform: [0, 0, 0.5], width: 500, height: 250 }, bounds)).toBe(1);
    expect(viewShare({ transform: [-250, 0, 0.5], width: 500, height: 250 }, bounds)).toBe(0.5);
    expect(viewShare({ transform: [-2000, 0, 1], width: 500, height: 500 }, bounds)).toBe(0);
  });
});

describe('overview map', () => {
  it('places children by their group and fits everything into the map', () => {
    const sized = nodes();
    const boxes = placedBoxes(sized);
    const group = sized.find((n) => n.id === 'each')!;
    const child = sized.find((n) => n.parentId === 'each')!;
    const childBox = boxes[sized.indexOf(child)]!;
    expect(childBox.x).toBe(group.position.x + child.position.x);
    expect(boxes.find((b) => b.kind === 'forEach')?.group).toBe(true);
    const frame = mapFrame(boxes, 200, 150);
    for (const b of boxes) {
      expect((b.x - frame.x) * frame.scale).toBeGreaterThanOrEqual(0);
      expect((b.x + b.width - frame.x) * frame.scale).toBeLessThanOrEqual(200 + 1e-9);
      expect((b.y + b.height - frame.y) * frame.scale).toBeLessThanOrEqual(150 + 1e-9);
    }
  });
});

describe('farEdgePaths', () => {
  const flow = toFlowElements({
    schema: 'triggerflow.blueprint/v1',
    name: 'far',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      {
        id: 'route',
        kind: 'match',
        position: { x: 300, y: 100 },
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'a', when: { value: 1 } },
            { id: 'b', isElse: true },
          ],
        },
      },
      { id: 'end', kind: 'end', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'route' },
      { id: 'e2', source: 'route', sourceHandle: 'else', target: 'end' },
      { id: 'e3', source: 'route', sourceHandle: 'nope', target: 'end' },
    ],
  });
  const sized = withDrawnSizes(flow.nodes);

  it('attaches edges where RF does: outside the handles, spread along the sides', () => {
    const { plain, warning, error } = farEdgePaths(sized, flow.edges);
    // start (150 × 46): its one source at half height; route (150 × 63): target at half height,
    // sources case:a and else at 1/3 and 2/3; the edge from a handle it lacks is not drawn.
    expect(plain.match(/M[-\d.]+,[-\d.]+/g)).toEqual(['M153,23', `M453,${100 + (63 * 2) / 3}`]);
    expect(plain).toContain(`297,${100 + 63 / 2}`);
    expect(plain).toContain('597,23');
    expect([warning, error]).toEqual(['', '']);
  });

  it('draws RF’s bezier', () => {
    for (const [from, to] of [
      [
        { x: 0, y: 0 },
        { x: 200, y: 80 },
      ],
      [
        { x: 300, y: 10 },
        { x: 40, y: -60 },
      ],
    ] as const) {
      const [rf] = getBezierPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: Position.Right,
        targetX: to.x,
        targetY: to.y,
        targetPosition: Position.Left,
      });
      expect(bezier(from, to)).toBe(rf);
    }
  });

  it('draws edges with issues in their own path', () => {
    const paths = farEdgePaths(sized, flow.edges, new Map([['e2', 'error']]));
    expect(paths.plain.match(/M/g)).toHaveLength(1);
    expect(paths.error.match(/M/g)).toHaveLength(1);
  });
});
