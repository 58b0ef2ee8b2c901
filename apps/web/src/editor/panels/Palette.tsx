import { useReactFlow } from '@xyflow/react';
import { memo, useCallback, type DragEvent } from 'react';
import { byCategory, type CatalogEntry } from '../catalog';
import { PALETTE_MIME } from '../canvas/Canvas';
import { besideOf, dropNode } from '../canvas/drop';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useEditor, useEditorActions, useEditorStoreApi } from '../store/context';

/** The catalog by category: drag a kind onto the canvas, or click to add it after the selection. */
export const Palette = memo(function Palette() {
  const catalog = useEditor((s) => s.catalog);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();

  const add = useCallback(
    (entry: CatalogEntry) => {
      const doc = store.getState().history.present.doc;
      const selected = doc.nodes.filter((n) => n.selected);
      const after = selected.length === 1 ? selected[0] : undefined;
      const center = flow.screenToFlowPosition({
        x: window.innerWidth / 2,
        y: window.innerHeight / 2,
      });
      const at = after ? besideOf(after, center) : center;
      const parent =
        after?.parentId === undefined ? undefined : flow.getInternalNode(after.parentId);
      const absolute = parent
        ? {
            x: at.x + parent.internals.positionAbsolute.x,
            y: at.y + parent.internals.positionAbsolute.y,
          }
        : at;
      const groups = parent ? [parent] : [];
      const next = dropNode(doc, { entry, at: absolute, groups, ...(after && { after }) });
      actions.commit(next, `Add ${entry.label}`);
    },
    [actions, flow, store],
  );

  return (
    <nav className="editor-palette" aria-label="Node palette">
      {byCategory(catalog).map(([category, entries]) => (
        <section key={category} aria-label={category}>
          <h3 className="editor-palette__category">{category}</h3>
          <ul>
            {entries.map((entry) => (
              <li key={entry.kind}>
                <button
                  type="button"
                  className="palette-item"
                  draggable
                  data-testid={`palette-${entry.kind}`}
                  aria-label={`Add ${entry.label}`}
                  title={entry.summary}
                  onDragStart={(event: DragEvent) => {
                    event.dataTransfer.setData(PALETTE_MIME, entry.kind);
                    event.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => add(entry)}
                >
                  {entry.label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
});
