/**
 * The editor's state (DESIGN.md §5): a zustand store built per opened flow by `createEditorStore`
 * and provided through context. Slices: graph (the document and its undo history), ui (dialogs,
 * validation results, notices), run (filled by the run view). Components call actions only.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Blueprint } from '@triggerflow/blueprint';
import { blueprintMeta, toBlueprint, toFlowElements } from '../model/convert';
import type { BlueprintMeta, FlowDocument, FlowEdge, FlowNode } from '../model/convert';
import * as h from '../model/history';
import type { ElementIssues } from '../model/validation';
import type { CatalogEntry } from '../catalog';
import * as ops from './graph-ops';

export type Dialog = 'help' | 'versions' | 'dryRun' | null;

export interface EditorState {
  flowId: string;
  catalog: readonly CatalogEntry[];
  meta: BlueprintMeta;
  /** The version the document is based on (`expectedVersion` of the next save). */
  baseVersion: number;
  /** The blueprint JSON last saved (or loaded): the document is dirty when it differs. */
  savedJson: string;
  history: h.History<FlowDocument>;
  issues: ElementIssues | null;
  dialog: Dialog;
  run: { status: 'idle' };
  actions: EditorActions;
}

export interface EditorActions {
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  connect: (connection: Connection) => void;
  /** Records `doc` as one undo step (same `coalesceKey` in a row: one step). */
  commit: (doc: FlowDocument, label: string, coalesceKey?: string) => void;
  seal: () => void;
  undo: () => void;
  redo: () => void;
  deleteSelected: () => void;
  select: (ids: ReadonlySet<string>) => void;
  /** Replaces the document with a blueprint as one undoable step (import, restore, draft). */
  load: (blueprint: Blueprint, label: string) => void;
  saved: (version: number, blueprint: Blueprint) => void;
  setIssues: (issues: ElementIssues) => void;
  setDialog: (dialog: Dialog) => void;
}

export interface EditorInit {
  flowId: string;
  version: number;
  blueprint: Blueprint;
  catalog: readonly CatalogEntry[];
}

export type EditorStore = StoreApi<EditorState>;

export const blueprintOf = (s: Pick<EditorState, 'meta' | 'history'>): Blueprint =>
  toBlueprint(s.meta, s.history.present.doc.nodes, s.history.present.doc.edges);

export const isDirty = (s: EditorState): boolean => JSON.stringify(blueprintOf(s)) !== s.savedJson;

/** Changes that only reflect RF's view (selection, measuring) patch the present step in place. */
const QUIET = new Set(['select', 'dimensions']);

export function createEditorStore(init: EditorInit): EditorStore {
  const doc = toFlowElements(init.blueprint);
  return createStore<EditorState>()((set, get) => {
    const present = (): FlowDocument => get().history.present.doc;
    const commit = (next: FlowDocument, label: string, coalesceKey?: string): void =>
      set((s) => ({
        history: h.push(s.history, next, label, coalesceKey === undefined ? {} : { coalesceKey }),
      }));
    const patch = (next: FlowDocument): void =>
      set((s) => ({ history: { ...s.history, present: { ...s.history.present, doc: next } } }));

    return {
      flowId: init.flowId,
      catalog: init.catalog,
      meta: blueprintMeta(init.blueprint),
      baseVersion: init.version,
      savedJson: JSON.stringify(toBlueprint(blueprintMeta(init.blueprint), doc.nodes, doc.edges)),
      history: h.createHistory(doc),
      issues: null,
      dialog: null,
      run: { status: 'idle' },
      actions: {
        onNodesChange(changes) {
          const doc = present();
          const next = { nodes: applyNodeChanges(changes, doc.nodes), edges: doc.edges };
          const resizing = changes.some((c) => c.type === 'dimensions' && c.resizing === true);
          if (changes.every((c) => QUIET.has(c.type)) && !resizing) return patch(next);
          const moved = changes.filter((c) => c.type === 'position');
          if (moved.length > 0 && moved.length === changes.length) {
            const ids = moved.map((c) => c.id).join(',');
            commit(
              next,
              moved.length === 1 ? 'Move node' : `Move ${moved.length} nodes`,
              `move:${ids}`,
            );
            if (moved.every((c) => c.type === 'position' && c.dragging === false))
              get().actions.seal();
            return;
          }
          if (resizing)
            return commit(
              next,
              'Resize',
              `resize:${changes.map((c) => ('id' in c ? c.id : '')).join(',')}`,
            );
          commit(next, 'Edit nodes');
        },
        onEdgesChange(changes) {
          const doc = present();
          const next = { nodes: doc.nodes, edges: applyEdgeChanges(changes, doc.edges) };
          if (changes.every((c) => c.type === 'select')) patch(next);
          else commit(next, 'Edit edges');
        },
        connect(connection) {
          const next = ops.connect(present(), connection);
          if (next) commit(next, 'Connect');
        },
        commit,
        seal: () => set((s) => ({ history: h.seal(s.history) })),
        undo: () => set((s) => ({ history: h.undo(s.history) })),
        redo: () => set((s) => ({ history: h.redo(s.history) })),
        deleteSelected() {
          const next = ops.deleteSelected(present());
          if (next) commit(next, 'Delete');
        },
        select: (ids) => patch(ops.setSelection(present(), ids)),
        load(blueprint, label) {
          set({ meta: blueprintMeta(blueprint) });
          commit(toFlowElements(blueprint), label);
        },
        saved(version, blueprint) {
          set({ baseVersion: version, savedJson: JSON.stringify(blueprint) });
        },
        setIssues: (issues) => set({ issues }),
        setDialog: (dialog) => set({ dialog }),
      },
    };
  });
}
