import { Background, Controls, ReactFlow, type Viewport } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useDoc, useEditor, useEditorActions, useEditorStoreApi } from '../store/context';
import { withBackEdgesOnTop } from './back-edge';
import { DetailLevelProvider, useZoomDetailLevel } from './detail-level';
import { DiffBanner } from './DiffBanner';
import { FarEdges } from './FarEdges';
import { FlowEdgeView } from './FlowEdgeView';
import { nodeTypes } from './FlowNodeView';
import { flowBounds, initialViewport, type ViewportLimits } from './initial-viewport';
import { KindLabelsProvider } from './kind-labels';
import { KindPicker } from './KindPicker';
import { useCanvasAdd } from './useCanvasAdd';
import { useMotionClass } from './useMotionClass';
import { useRemeasureAfterBoxes } from './useRemeasureAfterBoxes';
import { useRenderAll, type OpeningView } from './useRenderAll';

export { PALETTE_MIME } from './useCanvasAdd';

const SNAP: [number, number] = [10, 10];
/** Above this many nodes, only the elements in view are rendered (unless most are in view). */
const VISIBLE_ONLY_FROM = 300;
/** Zoomed out far, RF gets no edges: FarEdges draws them all at once. */
const NO_EDGES: FlowEdge[] = [];
const LIMITS: ViewportLimits = { minZoom: 0.05, maxZoom: 2, padding: 0.1 };
const edgeTypes = { default: FlowEdgeView };

/**
 * The editing canvas. Its mini map is not drawn over it (CanvasMap, beside the palette), so
 * nothing covers the nodes; a read-only flow can be looked at and selected, not changed.
 */
export function Canvas() {
  const doc = useDoc();
  const actions = useEditorActions();
  const edgeIssues = useEditor((s) => s.issues?.edges);
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const picker = useEditor((s) => s.picker);
  const diff = useEditor((s) => s.diffView);
  const store = useEditorStoreApi();
  const frame = useRef<HTMLDivElement>(null);
  const motion = useMotionClass(frame, 'editor-canvas--moving');
  const add = useCanvasAdd(catalog, readOnly);

  // The opening view is computed from the pane's size before RF mounts (see initial-viewport).
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
    const marked =
      !edgeIssues || edgeIssues.size === 0
        ? doc.edges
        : doc.edges.map((e) => {
            const list = edgeIssues.get(e.id);
            if (!list) return e;
            const tone = list.some((i) => i.severity === 'error') ? 'error' : 'warning';
            const ariaLabel = list.map((i) => i.message).join('; ');
            return { ...e, className: `edge--${tone}`, ariaLabel };
          });
    return withBackEdgesOnTop(doc.nodes, marked);
  }, [doc.edges, doc.nodes, edgeIssues]);

  // A version diff shown on the canvas: added and changed nodes marked (VersionsDialog).
  const nodes = useMemo(() => {
    if (diff === null) return doc.nodes;
    return doc.nodes.map((n) => {
      const mark = diff.added.has(n.id) ? 'added' : diff.changed.has(n.id) ? 'changed' : null;
      return mark === null ? n : { ...n, className: `diff-node diff-node--${mark}` };
    });
  }, [diff, doc.nodes]);

  return (
    <div
      className={readOnly ? 'editor-canvas editor-canvas--read-only' : 'editor-canvas'}
      ref={frame}
      onDragOver={add.onDragOver}
      onDrop={add.onDrop}
      onPointerMove={add.onPointerMove}
      onPointerLeave={add.onPointerLeave}
    >
      {opening && (
        <KindLabelsProvider entries={catalog}>
          <DetailLevelProvider level={level}>
            <ReactFlow<FlowNode, FlowEdge>
              nodes={nodes}
              edges={level === 'box' ? NO_EDGES : edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={actions.onNodesChange}
              onEdgesChange={actions.onEdgesChange}
              onConnect={actions.connect}
              onConnectEnd={add.onConnectEnd}
              onNodeDragStop={actions.seal}
              onMoveStart={motion.onMoveStart}
              onMoveEnd={motion.onMoveEnd}
              // Read-only nodes stay draggable for RF (its click selection of undraggable nodes
              // loses to the pane's pan gesture) while the store refuses every move: they do not
              // move, and a click selects them to read their settings.
              nodesConnectable={!readOnly}
              deleteKeyCode={null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode="Shift"
              snapToGrid
              snapGrid={SNAP}
              defaultViewport={opening.viewport}
              minZoom={LIMITS.minZoom}
              maxZoom={LIMITS.maxZoom}
              onlyRenderVisibleElements={large && !renderAll}
              aria-label={readOnly ? 'Flow canvas (read only)' : 'Flow canvas'}
            >
              {level === 'box' && <FarEdges nodes={doc.nodes} edges={doc.edges} tones={tones} />}
              <Background gap={20} />
              <Controls aria-label="Canvas controls" showInteractive={false} />
            </ReactFlow>
          </DetailLevelProvider>
        </KindLabelsProvider>
      )}
      <DiffBanner />
      {picker && (
        <KindPicker
          request={picker}
          catalog={catalog}
          onPick={add.onPick}
          onClose={add.closePicker}
        />
      )}
    </div>
  );
}
