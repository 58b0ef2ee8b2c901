import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeHandles } from '../editor/canvas/NodeHandles';
import { kindText } from '../editor/canvas/node-text';
import type { FlowNode } from '../editor/model/convert';
import { NODE_STATE_TEXT, progressText, progressWords } from './run-format';
import { isEnded, type NodeState, type NodeView } from './run-view';
import { useRun } from './RunStoreContext';

/** The node's state as the canvas shows it, re-rendering only when its own view changes. */
function useNodeRun(id: string): {
  node: NodeView | undefined;
  state: NodeState;
  selected: boolean;
} {
  const node = useRun((s) => s.view.nodes.get(id));
  const ended = useRun((s) => isEnded(s.view.status));
  const selected = useRun((s) => s.selectedNodeId === id);
  return { node, state: node?.state ?? (ended ? 'skipped' : 'idle'), selected };
}

const classes = (base: string, kind: string, state: NodeState, selected: boolean) =>
  `${base} ${base}--${kind} run-node run-node--${state}${selected ? ' flow-node--selected' : ''}`;

const RunsCount = ({ node }: { node: NodeView | undefined }) =>
  node !== undefined && node.runs > 1 ? (
    <span className="run-node__runs"> · ran {node.runs}×</span>
  ) : null;

/** Every kind but the groups: kind, title and the run state (colour, text, `data-status`). */
export const RunNodeView = memo(function RunNodeView({ id, data }: NodeProps<FlowNode>) {
  const { node, state, selected } = useNodeRun(id);
  const title = data.label ?? id;
  return (
    <div
      className={classes('flow-node', data.kind, state, selected)}
      data-testid={`run-node-${id}`}
      data-status={state}
      aria-label={`${kindText(data)} ${title}: ${NODE_STATE_TEXT[state]}`}
    >
      <NodeHandles data={data} />
      <div className="flow-node__kind">{kindText(data)}</div>
      <div className="flow-node__title">{title}</div>
      <div className="run-node__state">
        <span className="run-node__dot" aria-hidden="true" />
        {NODE_STATE_TEXT[state]}
        {node?.reused === true && <span className="run-node__runs"> · reused</span>}
        <RunsCount node={node} />
      </div>
    </div>
  );
});

/** forEach / batch: the frame, its state and the live fan-out counts. */
export const RunGroupView = memo(function RunGroupView({ id, data }: NodeProps<FlowNode>) {
  const { node, state, selected } = useNodeRun(id);
  const title = data.label ?? id;
  const progress = node?.progress ?? null;
  return (
    <div
      className={classes('flow-group', data.kind, state, selected)}
      data-testid={`run-node-${id}`}
      data-status={state}
      aria-label={`${kindText(data)} group ${title}: ${NODE_STATE_TEXT[state]}`}
    >
      <NodeHandles data={data} />
      <div className="flow-group__head">
        <span className="flow-node__kind">{kindText(data)}</span> {title}
        <div className="run-node__state">
          <span className="run-node__dot" aria-hidden="true" />
          {NODE_STATE_TEXT[state]}
          {progress !== null && (
            <>
              {' · '}
              <span
                className="run-node__progress"
                data-testid={`run-progress-${id}`}
                title={progressWords(progress)}
              >
                {progressText(progress)}
              </span>
            </>
          )}
        </div>
      </div>
    </div>
  );
});

export const runNodeTypes = {
  start: RunNodeView,
  event: RunNodeView,
  chunk: RunNodeView,
  when: RunNodeView,
  match: RunNodeView,
  endMatch: RunNodeView,
  collect: RunNodeView,
  pause: RunNodeView,
  end: RunNodeView,
  subFlow: RunNodeView,
  forEach: RunGroupView,
  batch: RunGroupView,
};
