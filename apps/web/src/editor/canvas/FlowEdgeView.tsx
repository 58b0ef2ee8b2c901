import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../model/convert';
import { useEditor, useEditorActions } from '../store/context';
import { edgePath } from './back-edge';
import { NODE_SIZE } from './node-size';

/**
 * Every edge of the editor: a bezier, or a loop around its ends for a back edge (back-edge.ts).
 * A selected edge shows a "+" at its middle that inserts a step there (the kind picker).
 */
export const FlowEdgeView = memo(function FlowEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, markerEnd, style, selected } = props;
  const back = props.data?.['back'] === true;
  const { path, midX, midY } = edgePath({ sourceX, sourceY, targetX, targetY }, back);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={style}
        className={back ? 'edge-path--back' : undefined}
        interactionWidth={props.interactionWidth}
      />
      {selected === true && <InsertButton edgeId={id} x={midX} y={midY} />}
    </>
  );
});

const InsertButton = memo(function InsertButton({
  edgeId,
  x,
  y,
}: {
  edgeId: string;
  x: number;
  y: number;
}) {
  const readOnly = useEditor((s) => s.readOnly);
  const actions = useEditorActions();
  if (readOnly) return null;
  return (
    <EdgeLabelRenderer>
      <button
        type="button"
        className="edge-insert nodrag nopan"
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
        aria-label="Insert a step on this edge"
        title="Insert a step here"
        data-testid={`insert-${edgeId}`}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          // x, y are flow coordinates: the new node's middle lands on the edge's middle.
          actions.openPicker({
            screen: { x: box.right + 6, y: box.top },
            at: {
              x: Math.round(x - NODE_SIZE.width / 2),
              y: Math.round(y - NODE_SIZE.height / 2),
            },
            edgeId,
          });
        }}
      >
        +
      </button>
    </EdgeLabelRenderer>
  );
});
