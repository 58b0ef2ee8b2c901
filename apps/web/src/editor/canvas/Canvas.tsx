import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useDoc, useEditor, useEditorActions, useEditorStoreApi } from '../store/context';
import { DetailLevelProvider, useZoomDetailLevel } from './detail-level';
import { dropNode } from './drop';
import { FarEdges } from './FarEdges';
import { nodeTypes } from './FlowNodeView';
import { flowBounds, initialViewport, type ViewportLimits } from './initial-viewport';
import { OverviewMap } from './OverviewMap';
import { useMotionClass } from './useMotionClass';
import { useRemeasureAfterBoxes } from './useRemeasureAfterBoxes';
import { useRenderAll, type OpeningView } from './useRenderAll';

export const PALETTE_MIME = 'application/x-triggerflow-kind';
const SNAP: [number, number] = [10, 10];
/** Above this many nodes, only the elements in view are rendered (unless most are in view). */
const VISIBLE_ONLY_FROM = 300;
/** From this many nodes, the mini map is a canvas (OverviewMap) instead of RF's SVG one. */
const OVERVIEW_FROM = 1000;
/** Zoomed out far, RF gets no edges: FarEdges draws them all at once. */
const NO_EDGES: FlowEdge[] = [];
const LIMITS: ViewportLimits = { minZoom: 0.05, maxZoom: 2, padding: 0.1 };

export function Canvas() {
  const doc = useDoc();
  const actions = useEditorActions();
  const edgeIssues = useEditor((s) => s.issues?.edges);
  const catalog = useEditor((s) => s.catalog);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();
  const frame = useRef<HTMLDivElement>(null);
  const motion = useMotionClass(frame, 'editor-canvas--moving');

  // The flow opens fitted: computed from the pane's size before RF mounts (see initial-viewport).
  const [opening, setOpening] = useState<{ viewport: Viewport; view: OpeningView } | null>(null);
  useLayoutEffect(() => {
    const pane = frame.current;
    if (pane === null) return;
    const nodes = store.getState().history.present.doc.nodes;
    const size = { width: pane.clientWidth, height: pane.clientHeight };
    const viewport = initialViewport(nodes, size, LIMITS);
    setOpening({ viewport, view: { transform: [viewport.x, viewport.y, viewport.zoom], ...size } });
  }, [store]);

  const large = doc.nodes.length > VISIBLE_ONLY_FROM;
  const bounds = useMemo(() => (large ? flowBounds(doc.nodes) : undefined), [large, doc.nodes]);
  const renderAll = useRenderAll(bounds, opening?.view ?? null);

  const level = useZoomDetailLevel(opening?.viewport.zoom ?? 1);
  useRemeasureAfterBoxes(level, frame);
  const tones = useMemo(() => {
    const out = new Map<string, 'warning' | 'error'>();
    for (const [id, list] of edgeIssues ?? []) {
      out.set(id, list.some((i) => i.severity === 'error') ? 'error' : 'warning');
    }
    return out;
  }, [edgeIssues]);

  const edges = useMemo(() => {
    if (!edgeIssues || edgeIssues.size === 0) return doc.edges;
    return doc.edges.map((e) => {
      const list = edgeIssues.get(e.id);
      if (!list) return e;
      const tone = list.some((i) => i.severity === 'error') ? 'error' : 'warning';
      return { ...e, className: `edge--${tone}`, ariaLabel: list.map((i) => i.message).join('; ') };
    });
  }, [doc.edges, edgeIssues]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      const entry = catalog.find((e) => e.kind === kind);
      if (entry === undefined) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const groups = flow
        .getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 })
        .map((n) => flow.getInternalNode(n.id))
        .filter((n) => n !== undefined);
      const next = dropNode(store.getState().history.present.doc, { entry, at, groups });
      actions.commit(next, `Add ${entry.label}`);
    },
    [actions, catalog, flow, store],
  );

  return (
    <div className="editor-canvas" ref={frame} onDragOver={onDragOver} onDrop={onDrop}>
      {opening && (
        <DetailLevelProvider level={level}>
          <ReactFlow<FlowNode, FlowEdge>
            nodes={doc.nodes}
            edges={level === 'box' ? NO_EDGES : edges}
            nodeTypes={nodeTypes}
            onNodesChange={actions.onNodesChange}
            onEdgesChange={actions.onEdgesChange}
            onConnect={actions.connect}
            onNodeDragStop={actions.seal}
            onMoveStart={motion.onMoveStart}
            onMoveEnd={motion.onMoveEnd}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode="Shift"
            snapToGrid
            snapGrid={SNAP}
            defaultViewport={opening.viewport}
            minZoom={LIMITS.minZoom}
            maxZoom={LIMITS.maxZoom}
            onlyRenderVisibleElements={large && !renderAll}
            aria-label="Flow canvas"
          >
            {level === 'box' && <FarEdges nodes={doc.nodes} edges={doc.edges} tones={tones} />}
            <Background gap={20} />
            {doc.nodes.length >= OVERVIEW_FROM ? (
              <OverviewMap nodes={doc.nodes} />
            ) : (
              <MiniMap pannable zoomable ariaLabel="Mini map" />
            )}
            <Controls aria-label="Canvas controls" />
          </ReactFlow>
        </DetailLevelProvider>
      )}
    </div>
  );
}
