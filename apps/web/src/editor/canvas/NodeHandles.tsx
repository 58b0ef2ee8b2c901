import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { handlesOf, type NodeData } from '../model/convert';

const LABELS: Record<string, string> = { in: '', out: '', else: 'else', item: 'item', end: 'end' };

const spread = (i: number, count: number): string => `${((i + 1) * 100) / (count + 1)}%`;

const labelOf = (id: string): string => LABELS[id] ?? id.replace(/^case:/, '');

/** Targets on the left, sources on the right, one per `handlesOf` id, labelled when not default. */
export const NodeHandles = memo(function NodeHandles({ data }: { data: NodeData }) {
  const { targets, sources } = handlesOf(data);
  return (
    <>
      {targets.map((id, i) => (
        <Handle
          key={`t-${id}`}
          id={id}
          type="target"
          position={Position.Left}
          style={{ top: spread(i, targets.length) }}
          aria-label={`Input ${id}`}
        >
          {labelOf(id) && <span className="handle-label handle-label--in">{labelOf(id)}</span>}
        </Handle>
      ))}
      {sources.map((id, i) => (
        <Handle
          key={`s-${id}`}
          id={id}
          type="source"
          position={Position.Right}
          style={{ top: spread(i, sources.length) }}
          aria-label={`Output ${id}`}
        >
          {labelOf(id) && <span className="handle-label handle-label--out">{labelOf(id)}</span>}
        </Handle>
      ))}
    </>
  );
});
