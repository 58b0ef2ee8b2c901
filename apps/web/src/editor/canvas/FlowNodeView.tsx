import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../model/convert';
import { useDetailLevel } from './detail-level';
import { useEditor } from '../store/context';
import { AddNextButtons } from './AddNextButtons';
import { IssueBadge, useIssueTone } from './IssueBadge';
import { useKindLabels } from './kind-labels';
import { NodeHandles } from './NodeHandles';
import { detailText, kindText } from './node-text';

type ViewProps = NodeProps<FlowNode>;

/**
 * What the views draw depends on these props only: RF's others (position, size, z-index, drag
 * state) change on every drag frame and on every measurement, and must not re-render the body.
 */
const sameView = (a: ViewProps, b: ViewProps): boolean =>
  a.id === b.id &&
  a.data === b.data &&
  a.selected === b.selected &&
  a.isConnectable === b.isConnectable;

/**
 * Every kind but the groups: kind line, title, detail, handles and the issue badge; the title
 * only when zoomed out, and further out a plain box coloured by kind and issues, without handles
 * (RF gets no edges at that zoom: FarEdges draws them; the canvas has RF measure the handles
 * again when it zooms back in).
 */
export const FlowNodeView = memo(function FlowNodeView({
  id,
  data,
  selected,
  isConnectable,
}: ViewProps) {
  const level = useDetailLevel();
  const tone = useIssueTone(id);
  const kind = kindText(data, useKindLabels());
  const title = data.label ?? kind;
  const detail = detailText(data);
  // The box's height follows the detail line at every level (node-size.ts), never the zoom.
  const className = `flow-node flow-node--${data.kind}${detail ? ' flow-node--detailed' : ''}${selected ? ' flow-node--selected' : ''}`;
  const label = `${kind} node ${title}`;
  if (level === 'box') {
    return (
      <div
        className={`${className} flow-node--box${tone ? ` flow-node--${tone}` : ''}`}
        data-testid={`node-${id}`}
        aria-label={label}
      />
    );
  }
  return (
    <div className={className} data-testid={`node-${id}`} aria-label={label}>
      <NodeHandles data={data} labels={level === 'full'} connectable={isConnectable} />
      {level === 'title' ? (
        <div className="flow-node__title">{title}</div>
      ) : (
        <>
          <div className="flow-node__kind">{kind}</div>
          <div className="flow-node__title">{title}</div>
          {detail && <div className="flow-node__detail">{detail}</div>}
        </>
      )}
      <IssueBadge nodeId={id} />
      {selected && <AddNextButtons nodeId={id} data={data} />}
    </div>
  );
}, sameView);

/**
 * forEach / batch: a resizable frame whose children (RF sub flow) move with it; zoomed out far,
 * the frame alone, coloured by its issues.
 */
export const GroupNodeView = memo(function GroupNodeView({
  id,
  data,
  selected,
  isConnectable,
}: ViewProps) {
  const level = useDetailLevel();
  const tone = useIssueTone(id);
  const kind = kindText(data, useKindLabels());
  const title = data.label ?? kind;
  const far = level === 'box' && tone ? ` flow-node--${tone}` : '';
  return (
    <div
      className={`flow-group flow-group--${data.kind}${selected ? ' flow-node--selected' : ''}${far}`}
      data-testid={`node-${id}`}
      aria-label={`${kind} group ${title}`}
    >
      {selected && <GroupResizer />}
      {level !== 'box' && (
        <>
          <NodeHandles data={data} labels={level === 'full'} connectable={isConnectable} />
          <div className="flow-group__head">
            <span className="flow-node__kind">{kind}</span> {title}
            {detailText(data) && <span className="flow-node__detail"> · {detailText(data)}</span>}
          </div>
          <IssueBadge nodeId={id} />
          {selected && <AddNextButtons nodeId={id} data={data} />}
        </>
      )}
    </div>
  );
}, sameView);

/** A selected group's resize handles (none when the flow is read-only). */
const GroupResizer = memo(function GroupResizer() {
  const readOnly = useEditor((s) => s.readOnly);
  return readOnly ? null : <NodeResizer isVisible minWidth={160} minHeight={100} />;
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
