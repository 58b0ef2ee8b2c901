import { memo, useCallback, useMemo } from 'react';
import { entryOf } from '../catalog';
import type { FlowNode, NodeData } from '../model/convert';
import type { EditorState } from '../store/editor-store';
import { useEditor, useEditorActions, useEditorStoreApi } from '../store/context';
import { updateData } from '../store/graph-ops';
import { SchemaForm } from './SchemaForm';
import { ConcurrencyForm, MatchForm } from './StructuralForms';
import { useServerConfigCheck } from './useServerConfigCheck';

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
 * The selected node: its label and a form for its config (chunk) or options (structural). It
 * follows the node's data only: moving nodes or measuring them does not re-render the form.
 */
export const Inspector = memo(function Inspector() {
  const picked = useEditor(selection);
  const nodeId = picked.startsWith('node:') ? picked.slice(5) : undefined;
  const nodeData = useEditor((s) =>
    nodeId === undefined
      ? undefined
      : s.history.present.doc.nodes.find((n) => n.id === nodeId)?.data,
  );
  // What the inspector and the server check read of the node (its place is not theirs).
  const node = useMemo<FlowNode | undefined>(
    () =>
      nodeId === undefined || nodeData === undefined
        ? undefined
        : { id: nodeId, type: nodeData.kind, position: { x: 0, y: 0 }, data: nodeData },
    [nodeId, nodeData],
  );
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const serverErrors = useServerConfigCheck(node);

  const change = useCallback(
    (data: NodeData, field: string) => {
      if (nodeId === undefined) return;
      const next = updateData(store.getState().history.present.doc, nodeId, data);
      actions.commit(next, 'Edit node', `edit:${nodeId}:${field}`);
    },
    [actions, nodeId, store],
  );

  if (node === undefined) {
    return (
      <aside className="editor-inspector" aria-label="Inspector">
        <p className="empty">
          {picked === 'count:0'
            ? readOnly
              ? 'Select a node to see its settings.'
              : 'Select a node to edit it.'
            : `${picked.slice(6)} nodes selected.`}
        </p>
      </aside>
    );
  }
  const { data } = node;
  const entry = entryOf(catalog, data);
  const options = entry?.configJsonSchema['properties'] as
    Record<string, Record<string, unknown>> | undefined;
  return (
    <aside className="editor-inspector" aria-label="Inspector">
      <h2>{entry?.label ?? data.kind}</h2>
      <p className="help">
        <code>{node.id}</code> {entry?.summary}
      </p>
      <label className="field">
        <span className="field__label">Label</span>
        <input
          className="input"
          value={data.label ?? ''}
          onChange={(e) => {
            const label = e.target.value;
            const next: NodeData = { ...data, label };
            if (!label) delete next.label;
            change(next, 'label');
          }}
        />
      </label>
      {data.kind === 'chunk' && entry && (
        <SchemaForm
          key={node.id}
          idPrefix={`config-${node.id}`}
          schema={entry.configJsonSchema}
          value={data.handler.config}
          extraErrors={serverErrors}
          onChange={(config, field) =>
            change({ ...data, handler: { ...data.handler, config } }, field)
          }
        />
      )}
      {data.kind === 'chunk' && !entry && (
        <p className="notice notice--warning">
          No handler named “{data.handler.ref}” in the catalog.
        </p>
      )}
      {data.kind === 'match' && <MatchForm data={data} onChange={change} />}
      {(data.kind === 'forEach' || data.kind === 'batch') && (
        <ConcurrencyForm data={data} onChange={change} />
      )}
      {['when', 'collect', 'pause', 'subFlow', 'event', 'endMatch'].includes(data.kind) &&
        'options' in data &&
        options?.['options'] && (
          <SchemaForm
            key={node.id}
            idPrefix={`options-${node.id}`}
            schema={options['options']}
            value={data.options}
            onChange={(value, field) => change({ ...data, options: value } as NodeData, field)}
          />
        )}
    </aside>
  );
});
