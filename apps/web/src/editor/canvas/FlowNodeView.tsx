import { NodeResizer, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../model/convert';
import { IssueBadge } from './IssueBadge';
import { NodeHandles } from './NodeHandles';
import { detailText, kindText } from './node-text';

/** Below this zoom, nodes draw a simplified body (level of detail for large flows). */
export const LOW_DETAIL_ZOOM = 0.4;
const lowDetail = (s: ReactFlowState): boolean => s.transform[2] < LOW_DETAIL_ZOOM;

/** Every kind but the groups: title, kind line, detail, handles and the issue badge. */
export const FlowNodeView = memo(function FlowNodeView({
  id,
  data,
  selected,
}: NodeProps<FlowNode>) {
  const simple = useStore(lowDetail);
  const title = data.label ?? id;
  return (
    <div
      className={`flow-node flow-node--${data.kind}${selected ? ' flow-node--selected' : ''}`}
      data-testid={`node-${id}`}
      aria-label={`${kindText(data)} node ${title}`}
    >
      <NodeHandles data={data} />
      {simple ? (
        <div className="flow-node__title">{title}</div>
      ) : (
        <>
          <div className="flow-node__kind">{kindText(data)}</div>
          <div className="flow-node__title">{title}</div>
          {detailText(data) && <div className="flow-node__detail">{detailText(data)}</div>}
          <IssueBadge nodeId={id} />
        </>
      )}
    </div>
  );
});

/** forEach / batch: a resizable frame whose children (RF sub flow) move with it. */
export const GroupNodeView = memo(function GroupNodeView({
  id,
  data,
  selected,
}: NodeProps<FlowNode>) {
  const title = data.label ?? id;
  return (
    <div
      className={`flow-group flow-group--${data.kind}${selected ? ' flow-node--selected' : ''}`}
      data-testid={`node-${id}`}
      aria-label={`${kindText(data)} group ${title}`}
    >
      <NodeResizer isVisible={selected} minWidth={160} minHeight={100} />
      <NodeHandles data={data} />
      <div className="flow-group__head">
        <span className="flow-node__kind">{kindText(data)}</span> {title}
        {detailText(data) && <span className="flow-node__detail"> · {detailText(data)}</span>}
      </div>
      <IssueBadge nodeId={id} />
    </div>
  );
});

export const nodeTypes = {
  start: FlowNodeView,
  event: FlowNodeView,
  chunk: FlowNodeView,
  when: FlowNodeView,
  match: FlowNodeView,
  endMatch: FlowNodeView,
  collect: FlowNodeView,
  pause: FlowNodeView,
  end: FlowNodeView,
  subFlow: FlowNodeView,
  forEach: GroupNodeView,
  batch: GroupNodeView,
};
