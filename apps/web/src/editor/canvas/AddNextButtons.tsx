import { useReactFlow } from '@xyflow/react';
import { memo } from 'react';
import { handlesOf, type FlowEdge, type FlowNode, type NodeData } from '../model/convert';
import { useEditor, useEditorActions } from '../store/context';
import { NODE_SIZE } from './node-size';

/** How far right of its source a node added from a handle lands. */
const GAP = 110;
/** Vertical distance between nodes added from the outputs of one node. */
const ROW = 90;

const spread = (i: number, count: number): string => `${((i + 1) * 100) / (count + 1)}%`;

/**
 * On the selected node: a "+" beside each output handle that opens the kind picker; the new node
 * lands to the right of that output, already connected from it. Inside a forEach, the group's
 * `item` output adds the first step inside the group.
 */
export const AddNextButtons = memo(function AddNextButtons({
  nodeId,
  data,
}: {
  nodeId: string;
  data: NodeData;
}) {
  const readOnly = useEditor((s) => s.readOnly);
  const actions = useEditorActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const { sources } = handlesOf(data);
  if (readOnly) return null;
  return (
    <>
      {sources.map((handle, i) => (
        <button
          key={handle}
          type="button"
          className="handle-add nodrag nopan"
          style={{ top: spread(i, sources.length) }}
          aria-label={`Add the next step after ${handle === 'out' ? 'this node' : handle.replace(/^case:/, 'case ')}`}
          title="Add the next step here"
          data-testid={`add-next-${nodeId}-${handle}`}
          onClick={(event) => {
            event.stopPropagation();
            const node = flow.getInternalNode(nodeId);
            if (node === undefined) return;
            const origin = node.internals.positionAbsolute;
            const width = node.measured.width ?? NODE_SIZE.width;
            const inside = handle === 'item';
            const at = inside
              ? { x: origin.x + 40, y: origin.y + 60 }
              : {
                  x: origin.x + width + GAP,
                  y: origin.y + (i - (sources.length - 1) / 2) * ROW,
                };
            const box = event.currentTarget.getBoundingClientRect();
            actions.openPicker({
              screen: { x: box.right + 8, y: box.top - 12 },
              at: { x: Math.round(at.x), y: Math.round(at.y) },
              from: { nodeId, handle },
            });
          }}
        >
          +
        </button>
      ))}
    </>
  );
});
