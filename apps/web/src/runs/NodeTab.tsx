import { memo, useId, useMemo } from 'react';
import { kindText } from '../editor/canvas/node-text';
import { formatDate } from '../flows/format';
import { JsonBlock } from './JsonBlock';
import { formatElapsed, NODE_STATE_TEXT, progressWords, scopeText } from './run-format';
import { labelOf } from './run-graph';
import { nodeStateOf, type NodeView } from './run-view';
import { useRun, useRunActions } from './RunStoreContext';

const OUTCOME_TEXT = { done: 'done', failed: 'failed', reused: 'reused', interrupted: 'stopped' };

/** The selected node: state, timing, how often it ran, its input, output and error. */
export const NodeTab = memo(function NodeTab() {
  const pickerId = useId();
  const graph = useRun((s) => s.view.graph);
  const selected = useRun((s) => s.selectedNodeId);
  const node = useRun((s) => (selected === null ? undefined : s.view.nodes.get(selected)));
  const state = useRun((s) => (selected === null ? null : nodeStateOf(s.view, selected)));
  const actions = useRunActions();
  const options = useMemo(
    () =>
      [...graph.nodes.values()]
        .map((n) => ({ id: n.id, label: n.label ?? n.id }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [graph],
  );
  const blueprintNode = selected === null ? undefined : graph.nodes.get(selected);
  return (
    <div className="run-node-tab">
      <label htmlFor={pickerId} className="field__label">
        Node
      </label>
      <select
        id={pickerId}
        className="input"
        value={selected ?? ''}
        onChange={(e) => actions.select(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">Choose a node (or click one on the canvas)</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
            {o.label === o.id ? '' : ` (${o.id})`}
          </option>
        ))}
      </select>
      {selected !== null && state !== null && (
        <section aria-label={`Node ${labelOf(graph, selected)}`} data-testid="run-node-details">
          <h3>
            {labelOf(graph, selected)}{' '}
            {blueprintNode && (
              <span className="help">
                {kindText(blueprintNode)} · {selected}
              </span>
            )}
          </h3>
          <p>
            <span className={`run-state run-state--${state}`} data-testid="run-node-state">
              {NODE_STATE_TEXT[state]}
            </span>
            {node?.inferred === true && (
              <span className="help"> (inferred: this kind of node reports no events)</span>
            )}
          </p>
          {node === undefined ? (
            <p className="empty">This node has not run.</p>
          ) : (
            <NodeDetails node={node} />
          )}
        </section>
      )}
    </div>
  );
});

const NodeDetails = memo(function NodeDetails({ node }: { node: NodeView }) {
  const took =
    node.firstStartedAt !== null && node.lastFinishedAt !== null
      ? formatElapsed(node.lastFinishedAt - node.firstStartedAt)
      : null;
  return (
    <>
      <dl className="run-facts run-facts--stacked">
        <div className="run-facts__item">
          <dt>Runs</dt>
          <dd data-testid="run-node-runs">
            {node.runs} started, {node.completed} completed, {node.failures} failed
            {node.inFlight.size > 0 ? `, ${node.inFlight.size} in flight` : ''}
            {node.reused ? ' (output reused from the earlier run)' : ''}
          </dd>
        </div>
        <div className="run-facts__item">
          <dt>First started</dt>
          <dd>{node.firstStartedAt === null ? '—' : formatDate(node.firstStartedAt)}</dd>
        </div>
        <div className="run-facts__item">
          <dt>Last finished</dt>
          <dd>
            {node.lastFinishedAt === null ? '—' : formatDate(node.lastFinishedAt)}
            {took !== null && ` (${took} after the first start)`}
          </dd>
        </div>
        {node.progress !== null && (
          <div className="run-facts__item">
            <dt>Progress</dt>
            <dd>{progressWords(node.progress)}</dd>
          </div>
        )}
      </dl>
      {node.error !== null && (
        <div className="error-box" role="note">
          <strong>{node.error.name}</strong>
          <p>{node.error.message}</p>
        </div>
      )}
      <h4>Input{node.runs > 1 ? ' (latest run)' : ''}</h4>
      <JsonBlock value={node.input} label="Node input" testId="run-node-input" />
      <h4>Output{node.completed > 1 ? ' (latest)' : ''}</h4>
      <JsonBlock value={node.output} label="Node output" testId="run-node-output" />
      {node.recent.length > 1 || (node.recent[0]?.scope.length ?? 0) > 0 ? (
        <>
          <h4>Latest runs</h4>
          <table className="run-recent">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Outcome</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {node.recent.map((r, i) => (
                <tr key={i}>
                  <td>{scopeText(r.scope) || '—'}</td>
                  <td>{OUTCOME_TEXT[r.outcome]}</td>
                  <td>{r.startedAt === null ? '—' : formatElapsed(r.finishedAt - r.startedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
});
