import { useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { mapFrame, placedBoxes, type MapFrame } from './overview-map';

export const MAP_WIDTH = 166;
export const MAP_HEIGHT = 110;
const WIDTH = MAP_WIDTH;
const HEIGHT = MAP_HEIGHT;

const FILL: Record<string, string> = {
  start: '#9fd3b3',
  end: '#9fd3b3',
  match: '#f1c27d',
  when: '#f1c27d',
  endMatch: '#f1c27d',
  pause: '#c9a7f0',
};

/**
 * The mini map of a large flow: every node drawn once into a canvas (again when the document
 * changes), the view's rectangle over it, a click or drag moves the view there. RF's `<MiniMap>`
 * keeps an SVG element and a store subscription per node, which costs more on every pan frame
 * than the canvas itself for a thousand nodes and more.
 */
export const OverviewMap = memo(function OverviewMap({ nodes }: { nodes: readonly FlowNode[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const boxes = useMemo(() => placedBoxes(nodes), [nodes]);
  const frame = useMemo(() => mapFrame(boxes, WIDTH, HEIGHT), [boxes]);
  const flow = useReactFlow<FlowNode, FlowEdge>();

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const b of boxes) {
      const x = (b.x - frame.x) * frame.scale;
      const y = (b.y - frame.y) * frame.scale;
      const w = Math.max(b.width * frame.scale, 1);
      const h = Math.max(b.height * frame.scale, 1);
      if (b.group) {
        context.strokeStyle = '#8c97aa';
        context.strokeRect(x, y, w, h);
      } else {
        context.fillStyle = FILL[b.kind] ?? '#b8c0cc';
        context.fillRect(x, y, w, h);
      }
    }
  }, [boxes, frame]);

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = frame.x + (event.clientX - box.left) / frame.scale;
    const y = frame.y + (event.clientY - box.top) / frame.scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom() });
  };

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <div
      className="overview-map"
      role="img"
      aria-label="Mini map"
      style={{ width: WIDTH, height: HEIGHT }}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
      }}
    >
      <canvas
        ref={canvas}
        width={WIDTH * ratio}
        height={HEIGHT * ratio}
        style={{ width: WIDTH, height: HEIGHT }}
      />
      <ViewRect frame={frame} />
    </div>
  );
});

const selectView = (s: ReactFlowState): string =>
  `${s.transform[0]},${s.transform[1]},${s.transform[2]},${s.width},${s.height}`;

/** The part of the flow in view, as a rectangle on the map (the only part redrawn on a pan). */
function ViewRect({ frame }: { frame: MapFrame }) {
  const [tx = 0, ty = 0, zoom = 1, width = 0, height = 0] = useStore(selectView)
    .split(',')
    .map(Number);
  const left = (-tx / zoom - frame.x) * frame.scale;
  const top = (-ty / zoom - frame.y) * frame.scale;
  return (
    <div
      className="overview-map__view"
      style={{
        transform: `translate(${left}px, ${top}px)`,
        width: (width / zoom) * frame.scale,
        height: (height / zoom) * frame.scale,
      }}
    />
  );
}
