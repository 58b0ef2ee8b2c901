import { Handle, Position, useNodeId, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { handleLabel } from '../model/case-label';
import { handlesOf, type NodeData } from '../model/convert';

const spread = (i: number, count: number): string => `${((i + 1) * 100) / (count + 1)}%`;

/**
 * Targets on the left, sources on the right, one per `handlesOf` id, labelled when not default
 * (`labels={false}` when zoomed out). When the set of handles changes (a match case added or
 * removed), RF is told to measure the node again: the node keeps its size, so nothing else would.
 */
export const NodeHandles = memo(function NodeHandles({
  data,
  labels = true,
  connectable = true,
}: {
  data: NodeData;
  labels?: boolean;
  /** False on a read-only canvas: no connection can be dragged from or to the handles. */
  connectable?: boolean;
}) {
  const { targets, sources } = handlesOf(data);
  useRemeasureOnChange(`${targets.join(',')}|${sources.join(',')}`);
  return (
    <>
      {targets.map((id, i) => (
        <Handle
          key={`t-${id}`}
          id={id}
          type="target"
          position={Position.Left}
          isConnectable={connectable}
          style={{ top: spread(i, targets.length) }}
          aria-label={`Input ${id}`}
        >
          {labels && handleLabel(data, id) && (
            <span className="handle-label handle-label--in">{handleLabel(data, id)}</span>
          )}
        </Handle>
      ))}
      {sources.map((id, i) => (
        <Handle
          key={`s-${id}`}
          id={id}
          type="source"
          position={Position.Right}
          isConnectable={connectable}
          style={{ top: spread(i, sources.length) }}
          aria-label={`Output ${id}`}
        >
          {labels && handleLabel(data, id) && (
            <span className="handle-label handle-label--out">{handleLabel(data, id)}</span>
          )}
        </Handle>
      ))}
    </>
  );
});

/** Asks RF to measure this node again when `key` (its handle ids) changes after mounting. */
function useRemeasureOnChange(key: string): void {
  const nodeId = useNodeId();
  const update = useUpdateNodeInternals();
  const first = useRef(key);
  useEffect(() => {
    if (first.current === key || nodeId === null) return;
    first.current = key;
    update(nodeId);
  }, [key, nodeId, update]);
}
