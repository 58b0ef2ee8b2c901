import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useDoc, useEditor, useEditorActions, useEditorStoreApi } from '../store/context';
import { dropNode } from './drop';
import { nodeTypes } from './FlowNodeView';

export const PALETTE_MIME = 'application/x-triggerflow-kind';
const SNAP: [number, number] = [10, 10];
/** Above this many nodes, only the elements in view are rendered. */
const VISIBLE_ONLY_FROM = 300;

export function Canvas() {
  const doc = useDoc();
  const actions = useEditorActions();
  const edgeIssues = useEditor((s) => s.issues?.edges);
  const catalog = useEditor((s) => s.catalog);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();

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
    <div className="editor-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={doc.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={actions.connect}
        onNodeDragStop={actions.seal}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode="Shift"
        snapToGrid
        snapGrid={SNAP}
        fitView
        minZoom={0.05}
        onlyRenderVisibleElements={doc.nodes.length > VISIBLE_ONLY_FROM}
        aria-label="Flow canvas"
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
        <Controls aria-label="Canvas controls" />
      </ReactFlow>
    </div>
  );
}
