import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { writeClipboard, readClipboard } from './clipboard-io';
import { copyFragment, pasteFragment, pasteOffset, withPasted } from './model/clipboard';
import { parseFragment, serializeFragment } from './model/clipboard-text';
import type { FlowEdge, FlowNode } from './model/convert';
import { createLayoutClient, type LayoutClient } from './model/layout-client';
import { blueprintOf } from './store/editor-store';
import { useEditorStoreApi } from './store/context';
import { READABLE_ZOOM } from './canvas/initial-viewport';

let layoutClient: LayoutClient | undefined;
const layouts = (): LayoutClient =>
  (layoutClient ??= createLayoutClient(
    new Worker(new URL('./model/layout.worker.ts', import.meta.url), { type: 'module' }),
  ));

/** The editor's commands, shared by the toolbar and the keyboard shortcuts. */
export function useEditorCommands(notify: (message: string) => void) {
  const store = useEditorStoreApi();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  return useMemo(() => {
    const doc = () => store.getState().history.present.doc;
    const { actions } = store.getState();
    return {
      undo: actions.undo,
      redo: actions.redo,
      deleteSelected: actions.deleteSelected,
      selectAll: () => actions.select(new Set(doc().nodes.map((n) => n.id))),
      fitView: () => void flow.fitView({ duration: 200 }),
      copy: async () => {
        const fragment = copyFragment(doc());
        if (fragment.nodes.length === 0) return;
        await writeClipboard(serializeFragment(fragment));
        notify(`Copied ${fragment.nodes.length} node${fragment.nodes.length > 1 ? 's' : ''}.`);
      },
      paste: async () => {
        const text = await readClipboard();
        if (text === null) return;
        const parsed = parseFragment(text);
        if (!parsed.ok) return notify(parsed.error);
        // At the pointer when it is over the canvas, else beside the originals.
        const offset = pasteOffset(parsed.fragment, store.getState().pointer.at);
        const pasted = pasteFragment(doc(), parsed.fragment, { offset });
        actions.commit(withPasted(doc(), pasted), 'Paste');
      },
      layout: async () => {
        const current = doc();
        let result;
        try {
          result = await layouts().layout(current.nodes, current.edges);
        } catch (error) {
          actions.notify(error instanceof Error ? error.message : String(error), 'error');
          return;
        }
        // layout.ts brings ELK: load it only when a layout is asked for.
        const { applyLayout } = await import('./model/layout');
        actions.commit(
          { nodes: applyLayout(doc().nodes, result), edges: doc().edges },
          'Auto-layout',
        );
        void flow.fitView({ duration: 200, minZoom: READABLE_ZOOM });
        notify('Laid out the flow left to right.');
      },
      exportFile: () => {
        const blueprint = blueprintOf(store.getState());
        const blob = new Blob([`${JSON.stringify(blueprint, null, 2)}\n`], {
          type: 'application/json',
        });
        const link = document.createElement('a');
        const href = URL.createObjectURL(blob);
        link.href = href;
        link.download = `${blueprint.name.replace(/[^\w.-]+/g, '-') || 'flow'}.blueprint.json`;
        link.click();
        // The download reads the blob after this task: revoking it at once can cancel it.
        window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
      },
    };
  }, [flow, notify, store]);
}

export type EditorCommands = ReturnType<typeof useEditorCommands>;
