import type { Blueprint } from '@triggerflow/blueprint';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesState,
  type NodeMouseHandler,
} from '@xyflow/react';
import { memo, useCallback, useMemo } from 'react';
import { toFlowElements, type FlowEdge, type FlowNode } from '../editor/model/convert';
import { runNodeTypes } from './RunNodeView';
import { useRun, useRunActions } from './RunStoreContext';

/** Above this many nodes, only the elements in view are rendered (as in the editor). */
const VISIBLE_ONLY_FROM = 300;
/** A small flow is shown at its size, not blown up to fill the canvas. */
const FIT = { maxZoom: 1 };

/**
 * The version the run ran, read-only, with each node's live state; edges that fired are
 * coloured, and those feeding a step that is running or waiting are animated.
 */
export const RunCanvas = memo(function RunCanvas({ blueprint }: { blueprint: Blueprint }) {
  const actions = useRunActions();
  const doc = useMemo(() => toFlowElements(blueprint), [blueprint]);
  // RF measures the nodes through `onNodesChange` (the mini map draws them at those sizes).
  const [nodes, , onNodesChange] = useNodesState<FlowNode>(
    doc.nodes.map((n) => ({ ...n, draggable: false, connectable: false })),
  );
  const fired = useRun((s) => s.view.firedEdges);
  const states = useRun((s) => s.view.nodes);
  const edges = useMemo<FlowEdge[]>(
    () =>
      doc.edges.map((e) => {
        if (!fired.has(e.id)) return e;
        const target = states.get(e.target)?.state;
        const busy = target === 'running' || target === 'waiting';
        return { ...e, className: 'run-edge--fired', animated: busy };
      }),
    [doc.edges, fired, states],
  );
  const onNodeClick = useCallback<NodeMouseHandler<FlowNode>>(
    (_, node) => actions.select(node.id),
    [actions],
  );
  return (
    <div className="run-canvas">
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={runNodeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        onNodeClick={onNodeClick}
        fitView
        fitViewOptions={FIT}
        minZoom={0.05}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
        aria-label="Run canvas"
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
        <Controls aria-label="Canvas controls" showInteractive={false} />
      </ReactFlow>
    </div>
  );
});
