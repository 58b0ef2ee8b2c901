import { describe, expect, it, vi } from 'vitest';
import type { Blueprint } from '@triggerflow/blueprint';
import { blueprintOf, createEditorStore, isDirty, savedJsonOf, settingsOf } from './editor-store';

const blueprint: Blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'store',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'end', kind: 'end', position: { x: 200, y: 0 } },
  ],
  edges: [],
};

const open = () => createEditorStore({ flowId: 'f', version: 1, blueprint, catalog: [] });

describe('createEditorStore', () => {
  it('coalesces one drag into one undo step and seals it at drag end', () => {
    const store = open();
    const { actions } = store.getState();
    for (const x of [10, 20, 30]) {
      actions.onNodesChange([
        { type: 'position', id: 'end', position: { x, y: 0 }, dragging: true },
      ]);
    }
    actions.onNodesChange([
      { type: 'position', id: 'end', position: { x: 40, y: 0 }, dragging: false },
    ]);
    expect(store.getState().history.past).toHaveLength(1);
    expect(blueprintOf(store.getState()).nodes[1]?.position).toEqual({ x: 40, y: 0 });
    actions.undo();
    expect(blueprintOf(store.getState())).toEqual(blueprint);
    expect(isDirty(store.getState())).toBe(false);
  });

  it('keeps selection out of the history and connects as one step', () => {
    const store = open();
    const { actions } = store.getState();
    actions.onNodesChange([{ type: 'select', id: 'start', selected: true }]);
    expect(store.getState().history.past).toHaveLength(0);
    actions.connect({ source: 'start', target: 'end', sourceHandle: 'out', targetHandle: 'in' });
    expect(blueprintOf(store.getState()).edges).toEqual([
      { id: 'start-end', source: 'start', sourceHandle: 'out', target: 'end', targetHandle: 'in' },
    ]);
    expect(isDirty(store.getState())).toBe(true);
  });

  it('deletes the selection with its edges as one step', () => {
    const store = open();
    const { actions } = store.getState();
    actions.connect({ source: 'start', target: 'end', sourceHandle: 'out', targetHandle: 'in' });
    actions.select(new Set(['end']));
    actions.deleteSelected();
    expect(blueprintOf(store.getState()).nodes.map((n) => n.id)).toEqual(['start']);
    expect(blueprintOf(store.getState()).edges).toEqual([]);
    actions.undo();
    expect(blueprintOf(store.getState()).edges).toHaveLength(1);
  });
});

describe('the dirty flag (content revisions)', () => {
  const move = (x: number) =>
    ({ type: 'position', id: 'end', position: { x, y: 0 }, dragging: false }) as const;

  it('ignores selection and measuring, and is clean again after undoing to the saved step', () => {
    const store = open();
    const { actions } = store.getState();
    actions.onNodesChange([{ type: 'select', id: 'start', selected: true }]);
    actions.onNodesChange([
      { type: 'dimensions', id: 'start', dimensions: { width: 150, height: 46 } },
    ]);
    expect(isDirty(store.getState())).toBe(false);
    actions.onNodesChange([move(300)]);
    expect(isDirty(store.getState())).toBe(true);
    actions.undo();
    expect(isDirty(store.getState())).toBe(false);
    actions.redo();
    expect(isDirty(store.getState())).toBe(true);
  });

  it('stays dirty for edits made while a save was on its way', () => {
    const store = open();
    const { actions } = store.getState();
    actions.onNodesChange([move(300)]);
    const sent = blueprintOf(store.getState());
    const revision = store.getState().revision;
    actions.onNodesChange([move(400)]);
    actions.saved(2, sent, revision);
    expect(store.getState().baseVersion).toBe(2);
    expect(isDirty(store.getState())).toBe(true);
    actions.undo();
    expect(isDirty(store.getState())).toBe(false);
    expect(savedJsonOf(store.getState())).toBe(JSON.stringify(sent));
  });

  it('is clean once an edit undone by hand is found equal to the saved flow', () => {
    const store = open();
    const { actions } = store.getState();
    actions.onNodesChange([move(300)]);
    actions.onNodesChange([move(200)]);
    expect(isDirty(store.getState())).toBe(true);
    expect(JSON.stringify(blueprintOf(store.getState()))).toBe(savedJsonOf(store.getState()));
    actions.matchesSaved(store.getState().revision);
    expect(isDirty(store.getState())).toBe(false);
  });

  it('opens with the sizes nodes are drawn at, outside the blueprint', () => {
    const store = open();
    expect(store.getState().history.present.doc.nodes.map((n) => n.measured)).toEqual([
      { width: 150, height: 46 },
      { width: 150, height: 46 },
    ]);
    expect(blueprintOf(store.getState())).toEqual(blueprint);
  });
});

describe('settings, merges and viewers', () => {
  const branchy: Blueprint = {
    schema: 'triggerflow.blueprint/v1',
    name: 'branchy',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      {
        id: 'route',
        kind: 'match',
        position: { x: 200, y: 0 },
        options: { mode: 'hitFirst', cases: [{ id: 'a', when: { value: 'A' } }] },
      },
      { id: 'merge', kind: 'endMatch', position: { x: 400, y: 0 }, options: { match: '' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'route' }],
  };
  const openBranchy = (readOnly = false) =>
    createEditorStore({ flowId: 'f', version: 1, blueprint: branchy, catalog: [], readOnly });

  it('closes the nearest branch when a merge is first connected, in the same step', () => {
    const store = openBranchy();
    store.getState().actions.connect({
      source: 'route',
      target: 'merge',
      sourceHandle: 'case:a',
      targetHandle: 'in',
    });
    const merge = blueprintOf(store.getState()).nodes[2];
    expect(merge).toMatchObject({ kind: 'endMatch', options: { match: 'route' } });
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('keeps flow settings through later graph edits, and undoes them as one step', () => {
    const store = openBranchy();
    const { actions } = store.getState();
    const settings = { ...settingsOf(store.getState()), description: 'Routes tickets' };
    actions.setSettings(settings, 'Flow settings');
    actions.connect({
      source: 'route',
      target: 'merge',
      sourceHandle: 'case:a',
      targetHandle: 'in',
    });
    expect(blueprintOf(store.getState()).description).toBe('Routes tickets');
    expect(isDirty(store.getState())).toBe(true);
    actions.undo();
    actions.undo();
    expect(blueprintOf(store.getState())).toEqual(branchy);
  });

  it('takes no edit from a viewer', () => {
    const store = openBranchy(true);
    const { actions } = store.getState();
    actions.connect({
      source: 'route',
      target: 'merge',
      sourceHandle: 'case:a',
      targetHandle: 'in',
    });
    actions.setSettings({ ...settingsOf(store.getState()), name: 'x' }, 'Flow settings');
    actions.select(new Set(['route']));
    actions.deleteSelected();
    expect(blueprintOf(store.getState())).toEqual(branchy);
    expect(isDirty(store.getState())).toBe(false);
  });
});
describe('a read-only store (a viewer)', () => {
  const readOnly = () =>
    createEditorStore({ flowId: 'f', version: 1, blueprint, catalog: [], readOnly: true });

  it('selects but refuses every edit: moves, connections, deletes, loads, commits', () => {
    const store = readOnly();
    const { actions } = store.getState();
    actions.onNodesChange([{ type: 'select', id: 'end', selected: true }]);
    expect(store.getState().history.present.doc.nodes[1]?.selected).toBe(true);
    actions.onNodesChange([{ type: 'position', id: 'end', position: { x: 9, y: 9 } }]);
    actions.connect({ source: 'start', target: 'end', sourceHandle: 'out', targetHandle: 'in' });
    actions.deleteSelected();
    actions.load({ ...blueprint, nodes: [] }, 'Import');
    actions.openPicker({ screen: { x: 0, y: 0 }, at: { x: 0, y: 0 } });
    expect(blueprintOf(store.getState())).toEqual(blueprint);
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().picker).toBeNull();
    expect(isDirty(store.getState())).toBe(false);
  });
});

describe('toasts', () => {
  it('lets info toasts go after a few seconds, keeps errors until dismissed, never doubles one', () => {
    vi.useFakeTimers();
    try {
      const store = open();
      const { actions } = store.getState();
      actions.notify('Copied 1 node.');
      actions.notify('Copied 1 node.');
      actions.notify('Could not save the flow', 'error');
      expect(store.getState().toasts.map((t) => [t.message, t.tone])).toEqual([
        ['Copied 1 node.', 'info'],
        ['Could not save the flow', 'error'],
      ]);
      vi.advanceTimersByTime(4000);
      expect(store.getState().toasts.map((t) => t.message)).toEqual(['Could not save the flow']);
      actions.dismissToast(store.getState().toasts[0]!.id);
      expect(store.getState().toasts).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
