import { useReactFlow } from '@xyflow/react';
import { memo, useCallback, useMemo, useState, type DragEvent } from 'react';
import { byCategory, searchCatalog, type CatalogEntry } from '../catalog';
import { categoryName } from '../categories';
import { CanvasMap } from '../canvas/CanvasMap';
import { PALETTE_MIME } from '../canvas/Canvas';
import { besideOf, dropNode } from '../canvas/drop';
import { KindIcon } from '../KindIcon';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useEditor, useEditorActions, useEditorStoreApi } from '../store/context';

/**
 * The catalog by category, with a search: drag a kind onto the canvas (onto an edge: it is
 * inserted there), or click to add it after the selection. Below it, the flow's mini map. A
 * read-only flow has no palette, only the map.
 */
export const Palette = memo(function Palette() {
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const [query, setQuery] = useState('');
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const groups = useMemo(() => byCategory(searchCatalog(catalog, query)), [catalog, query]);

  const add = useCallback(
    (entry: CatalogEntry) => {
      const doc = store.getState().history.present.doc;
      const selected = doc.nodes.filter((n) => n.selected);
      const after = selected.length === 1 ? selected[0] : undefined;
      const pane = document.querySelector('.editor-canvas')?.getBoundingClientRect();
      const center = flow.screenToFlowPosition({
        x: pane ? pane.left + pane.width / 2 : window.innerWidth / 2,
        y: pane ? pane.top + pane.height / 2 : window.innerHeight / 2,
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
      const next = dropNode(doc, {
        entry,
        at: absolute,
        groups: parent ? [parent] : [],
        ...(after && { after }),
      });
      actions.commit(next, `Add ${entry.label}`);
    },
    [actions, flow, store],
  );

  return (
    <div className="editor-side">
      {readOnly ? (
        <p className="help editor-side__note">
          Read only: you can look at this flow, select its steps and read their settings.
        </p>
      ) : (
        <nav className="editor-palette" aria-label="Node palette">
          <input
            type="search"
            className="input palette-search"
            placeholder="Search steps…"
            aria-label="Search the palette"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          {groups.length === 0 && <p className="empty">No step matches “{query}”.</p>}
          {groups.map(([category, entries]) => (
            <section key={category} aria-label={categoryName(category)}>
              <h3 className="editor-palette__category">{categoryName(category)}</h3>
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
                      <KindIcon name={entry.icon} className="palette-item__icon" />
                      {entry.label}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </nav>
      )}
      <CanvasMap />
    </div>
  );
});
