import { memo, useCallback, useMemo } from 'react';
import { entryOf } from '../catalog';
import type { NodeData } from '../model/convert';
import type { EditorState } from '../store/editor-store';
import { useEditor, useEditorActions, useEditorStoreApi } from '../store/context';
import { updateData } from '../store/graph-ops';
import { NodeSettings } from './NodeSettings';

/** The one selected node's id, or how many nodes are selected (a string: cheap to compare). */
function selection(s: EditorState): string {
  let count = 0;
  let id = '';
  for (const n of s.history.present.doc.nodes) {
    if (!n.selected) continue;
    count += 1;
    id = n.id;
  }
  return count === 1 ? `node:${id}` : `count:${count}`;
}

/**
 * The selected step: what it is, its name on the canvas, and its settings as its kind describes
 * them. It follows the node's data only: moving or measuring nodes does not re-render it.
 */
export const Inspector = memo(function Inspector() {
  const picked = useEditor(selection);
  const nodeId = picked.startsWith('node:') ? picked.slice(5) : undefined;
  const data = useEditor((s) =>
    nodeId === undefined
      ? undefined
      : s.history.present.doc.nodes.find((n) => n.id === nodeId)?.data,
  );
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const entry = useMemo(() => (data ? entryOf(catalog, data) : undefined), [catalog, data]);

  const change = useCallback(
    (next: NodeData, field: string) => {
      if (nodeId === undefined) return;
      const doc = updateData(store.getState().history.present.doc, nodeId, next);
      actions.commit(doc, 'Edit step', `edit:${nodeId}:${field}`);
    },
    [actions, nodeId, store],
  );

  if (nodeId === undefined || data === undefined) {
    return (
      <aside className="editor-inspector" aria-label="Inspector">
        <p className="empty">
          {picked === 'count:0'
            ? 'Select a step to see its settings.'
            : `${picked.slice(6)} steps selected.`}
        </p>
      </aside>
    );
  }
  if (entry === undefined) {
    return (
      <aside className="editor-inspector" aria-label="Inspector" data-node-id={nodeId}>
        <p className="notice notice--warning">
          This kind of step ({data.kind === 'chunk' ? data.handler.ref : data.kind}) is not
          available on this server, so its settings cannot be shown.
        </p>
      </aside>
    );
  }
  return (
    <aside className="editor-inspector" aria-label="Inspector" data-node-id={nodeId}>
      <header className="inspector-head">
        <h2>{entry.label}</h2>
        <p className="help">{entry.summary}</p>
      </header>
      <label className="setting">
        <span className="setting__label">Name on the canvas</span>
        <input
          className="input"
          value={data.label ?? ''}
          placeholder={entry.label}
          readOnly={readOnly}
          onChange={(e) => {
            const label = e.target.value;
            const next: NodeData = { ...data, label };
            if (!label) delete next.label;
            change(next, 'label');
          }}
        />
      </label>
      <NodeSettings key={nodeId} nodeId={nodeId} data={data} entry={entry} onChange={change}>
        {(general, advice) => (
          <>
            {general.length > 0 && (
              <ul className="inspector-problems" role="alert" aria-label="Problems of this step">
                {general.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            {advice.length > 0 && (
              <ul className="inspector-advice" aria-label="Advice for this step">
                {advice.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </NodeSettings>
    </aside>
  );
});
