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
import { withDrawnSizes } from '../canvas/node-size';
import type { ElementIssues } from '../model/validation';
import type { CatalogEntry } from '../catalog';
import type { DryRunResult } from '../dry-run/dry-run';
import * as ops from './graph-ops';
import type { Dialog, DiffView, PickerRequest, PointerHolder, Toast } from './ui-types';

export type { Dialog, DiffView, PickerRequest, Toast } from './ui-types';

/** How long an `info` toast stays. */
const TOAST_MS = 4000;

export interface EditorState {
  flowId: string;
  catalog: readonly CatalogEntry[];
  meta: BlueprintMeta;
  /** The version the document is based on (`expectedVersion` of the next save). */
  baseVersion: number;
  /** The blueprint last saved (or loaded). */
  savedBlueprint: Blueprint;
  history: h.History<FlowDocument>;
  /**
   * The content revision of the present document: a new number for every recorded edit, the same
   * one again after undo / redo to a step, unchanged by selection and measuring (which patch the
   * present step in place). The document is dirty when it differs from `savedRevision`.
   */
  revision: number;
  /** The revision whose content is `savedBlueprint`. */
  savedRevision: number;
  issues: ElementIssues | null;
  dialog: Dialog;
  /**
   * The flow is shown, not edited (a viewer): every editing action is refused, and the canvas,
   * palette, toolbar and inspector offer none. Read by the inspector as `s.readOnly`.
   */
  readOnly: boolean;
  /** The latest dry run, for previews of what each step received. */
  lastDryRun: DryRunResult | null;
  toasts: readonly Toast[];
  picker: PickerRequest | null;
  diffView: DiffView | null;
  pointer: PointerHolder;
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
  /** `blueprint` (the content of `revision`) was saved as `version`. */
  saved: (version: number, blueprint: Blueprint, revision: number) => void;
  /** The content of `revision` turned out equal to the saved blueprint (an edit undone by hand). */
  matchesSaved: (revision: number) => void;
  setIssues: (issues: ElementIssues) => void;
  setDialog: (dialog: Dialog) => void;
  /** Changes the flow's settings as one undoable step. */
  setSettings: (settings: BlueprintMeta, label: string, coalesceKey?: string) => void;
  setLastDryRun: (result: DryRunResult) => void;
  /** Shows a toast (`info` goes after a few seconds, `error` stays until dismissed). */
  notify: (message: string, tone?: Toast['tone']) => void;
  dismissToast: (id: number) => void;
  openPicker: (request: PickerRequest | null) => void;
  showDiff: (view: DiffView | null) => void;
}

export interface EditorInit {
  flowId: string;
  version: number;
  blueprint: Blueprint;
  catalog: readonly CatalogEntry[];
  /** Open read-only (the user may not edit flows). */
  readOnly?: boolean;
}

export type EditorStore = StoreApi<EditorState>;

/** The flow's settings as the present step has them. */
export const settingsOf = (s: Pick<EditorState, 'meta' | 'history'>): BlueprintMeta =>
  s.history.present.doc.settings ?? s.meta;

export const blueprintOf = (s: Pick<EditorState, 'meta' | 'history'>): Blueprint =>
  toBlueprint(settingsOf(s), s.history.present.doc.nodes, s.history.present.doc.edges);

/** O(1): read on every store update by the toolbar, so it must not look at the blueprint. */
export const isDirty = (s: Pick<EditorState, 'revision' | 'savedRevision'>): boolean =>
  s.revision !== s.savedRevision;

const savedJsons = new WeakMap<Blueprint, string>();

/** The saved blueprint as JSON (computed once per save, when first asked for). */
export function savedJsonOf(s: Pick<EditorState, 'savedBlueprint'>): string {
  let json = savedJsons.get(s.savedBlueprint);
  if (json === undefined) {
    json = JSON.stringify(s.savedBlueprint);
    savedJsons.set(s.savedBlueprint, json);
  }
  return json;
}

/** Changes that only reflect RF's view (selection, measuring) patch the present step in place. */
const QUIET = new Set(['select', 'dimensions']);

/** A blueprint as the canvas shows it: RF nodes with the sizes they are drawn at (node-size.ts). */
function documentOf(blueprint: Blueprint): FlowDocument {
  const { nodes, edges } = toFlowElements(blueprint);
  return { nodes: withDrawnSizes(nodes), edges, settings: blueprintMeta(blueprint) };
}

export function createEditorStore(init: EditorInit): EditorStore {
  const doc = documentOf(init.blueprint);
  const meta = blueprintMeta(init.blueprint);
  return createStore<EditorState>()((set, get) => {
    // The revision of every document in the history (patched copies keep their step's number).
    const revisions = new WeakMap<FlowDocument, number>([[doc, 0]]);
    let lastRevision = 0;
    const revisionOf = (d: FlowDocument): number => revisions.get(d) ?? (lastRevision += 1);
    const present = (): FlowDocument => get().history.present.doc;
    const readOnly = init.readOnly === true;
    let toastId = 0;
    /** `next` with the present step's settings when it has none of its own. */
    const withSettings = (next: FlowDocument): FlowDocument =>
      next.settings !== undefined || present().settings === undefined
        ? next
        : { ...next, settings: present().settings };
    const commit = (edited: FlowDocument, label: string, coalesceKey?: string): void => {
      if (readOnly || edited === present()) return;
      const next = withSettings(edited);
      revisions.set(next, (lastRevision += 1));
      set((s) => ({
        history: h.push(s.history, next, label, coalesceKey === undefined ? {} : { coalesceKey }),
        revision: lastRevision,
      }));
    };
    const patch = (patched: FlowDocument): void => {
      const next = withSettings(patched);
      revisions.set(next, get().revision);
      set((s) => ({ history: { ...s.history, present: { ...s.history.present, doc: next } } }));
    };
    const travel = (move: (history: h.History<FlowDocument>) => h.History<FlowDocument>) =>
      set((s) => {
        const history = move(s.history);
        return { history, revision: revisionOf(history.present.doc) };
      });

    return {
      flowId: init.flowId,
      catalog: init.catalog,
      meta,
      baseVersion: init.version,
      savedBlueprint: toBlueprint(meta, doc.nodes, doc.edges),
      history: h.createHistory(doc),
      revision: 0,
      savedRevision: 0,
      issues: null,
      dialog: null,
      readOnly,
      lastDryRun: null,
      toasts: [],
      picker: null,
      diffView: null,
      pointer: { at: null },
      run: { status: 'idle' },
      actions: {
        onNodesChange(all) {
          // Read-only: RF's view of the nodes (selection, measuring) only.
          const changes = readOnly ? all.filter((c) => QUIET.has(c.type)) : all;
          if (changes.length === 0) return;
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
        onEdgesChange(all) {
          const changes = readOnly ? all.filter((c) => c.type === 'select') : all;
          if (changes.length === 0) return;
          const doc = present();
          const next = { nodes: doc.nodes, edges: applyEdgeChanges(changes, doc.edges) };
          if (changes.every((c) => c.type === 'select')) patch(next);
          else commit(next, 'Edit edges');
        },
        connect(connection) {
          const next = ops.connect(present(), connection);
          if (next) commit(ops.closeMerge(next, connection.target), 'Connect');
        },
        commit,
        seal: () => set((s) => ({ history: h.seal(s.history) })),
        undo: () => travel(h.undo),
        redo: () => travel(h.redo),
        deleteSelected() {
          const next = ops.deleteSelected(present());
          if (next) commit(next, 'Delete');
        },
        select: (ids) => patch(ops.setSelection(present(), ids)),
        load(blueprint, label) {
          if (readOnly) return;
          set({ meta: blueprintMeta(blueprint) });
          commit(documentOf(blueprint), label);
        },
        saved(version, blueprint, revision) {
          set({ baseVersion: version, savedBlueprint: blueprint, savedRevision: revision });
        },
        matchesSaved(revision) {
          if (get().savedRevision !== revision) set({ savedRevision: revision });
        },
        setIssues: (issues) => set({ issues }),
        setDialog: (dialog) => set({ dialog }),
        setSettings: (settings, label, coalesceKey) =>
          commit({ ...present(), settings }, label, coalesceKey),
        setLastDryRun: (lastDryRun) => set({ lastDryRun }),
        notify(message, tone = 'info') {
          const id = (toastId += 1);
          // The same message again replaces the older one (no pile of "Copied 1 node.").
          set((s) => ({
            toasts: [...s.toasts.filter((t) => t.message !== message), { id, message, tone }],
          }));
          if (tone === 'info')
            globalThis.setTimeout(() => get().actions.dismissToast(id), TOAST_MS);
        },
        dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
        openPicker: (picker) => set({ picker: readOnly ? null : picker }),
        showDiff: (diffView) => set({ diffView }),
      },
    };
  });
}
