import { describe, expect, it } from 'vitest';
import { copyFragment, pasteFragment, withPasted } from './clipboard';
import {
  blueprintMeta,
  toBlueprint,
  toFlowElements,
  type FlowDocument,
  type FlowNode,
  type NodeData,
} from './convert';
import { blueprintFile } from './fixtures.test-support';
import {
  canRedo,
  canUndo,
  createHistory,
  push,
  redo,
  redoLabel,
  reset,
  seal,
  undo,
  undoLabel,
  type History,
} from './history';
import { applyLayout, layoutElements } from './layout';

// Edits as the store makes them: new objects for what changes, everything else shared.
const mapNodes = (
  doc: FlowDocument,
  ids: string[],
  f: (n: FlowNode) => FlowNode,
): FlowDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (ids.includes(n.id) ? f(n) : n)),
});
const moveBy = (doc: FlowDocument, ids: string[], dx: number, dy: number) =>
  mapNodes(doc, ids, (n) => ({ ...n, position: { x: n.position.x + dx, y: n.position.y + dy } }));
const setData = (doc: FlowDocument, id: string, data: Partial<NodeData>) =>
  mapNodes(doc, [id], (n) => ({ ...n, data: { ...n.data, ...data } as NodeData }));
const connect = (doc: FlowDocument, id: string, source: string, target: string) => ({
  ...doc,
  edges: [...doc.edges, { id, source, target }],
});
const remove = (doc: FlowDocument, id: string): FlowDocument => ({
  nodes: doc.nodes.filter((n) => n.id !== id),
  edges: doc.edges.filter((e) => e.source !== id && e.target !== id),
});

describe('history across 20 mixed edits', () => {
  it('undoes each step back to the start and redoes it forward, state by state', async () => {
    const initial = toFlowElements(blueprintFile('v1/for-each.json'));
    let history = createHistory(initial);
    const states: FlowDocument[] = [initial];
    const labels: string[] = [];
    const step = (doc: FlowDocument, label: string): void => {
      history = push(history, doc, label);
      states.push(doc);
      labels.push(label);
    };
    /** A drag: one push per frame, one step in the history. */
    const drag = (ids: string[], frames: number): void => {
      let doc = history.present.doc;
      for (let f = 0; f < frames; f += 1) {
        doc = moveBy(doc, ids, 5, 3);
        history = push(history, doc, `Move ${ids.join(', ')}`, {
          coalesceKey: `move:${ids.join()}`,
        });
      }
      history = seal(history);
      states.push(doc);
      labels.push(`Move ${ids.join(', ')}`);
    };
    const current = () => history.present.doc;

    drag(['start'], 12); // 1
    drag(['start'], 4); // 2: the same nodes again, after a drag stop: a step of its own
    step(connect(current(), 'e-new', 'start', 'finalize'), 'Connect'); // 3
    step(
      setData(current(), 'handleOne', {
        kind: 'chunk',
        handler: { ref: 'http', config: { url: 'u' } },
      }),
      'Edit config',
    ); // 4
    step(setData(current(), 'listItems', { label: 'List' }), 'Rename'); // 5
    drag(['listItems', 'finalize'], 30); // 6
    step(
      withPasted(current(), pasteFragment(current(), copyFragment(current(), new Set(['each'])))),
      'Paste',
    ); // 7
    drag(['each-copy'], 2); // 8
    step(remove(current(), 'finalize'), 'Delete'); // 9
    const laid = await layoutElements(current().nodes, current().edges);
    step({ ...current(), nodes: applyLayout(current().nodes, laid) }, 'Auto-layout'); // 10
    step(
      setData(current(), 'each', { kind: 'forEach', options: { concurrency: 8 } }),
      'Edit options',
    ); // 11
    step(toFlowElements(blueprintFile('v1/orchestration-playbook.json')), 'Import'); // 12
    drag(['route'], 7); // 13
    step(connect(current(), 'e-extra', 'handleA', 'finalize'), 'Connect'); // 14
    step(
      setData(current(), 'classify', {
        kind: 'chunk',
        handler: { ref: 'classify', config: { n: 1 } },
      }),
      'Edit config',
    ); // 15
    step(
      withPasted(current(), pasteFragment(current(), copyFragment(current(), new Set(['route'])))),
      'Paste',
    ); // 16
    step(setData(current(), 'route', { label: undefined }), 'Rename'); // 17
    drag(['route-copy', 'handleA'], 9); // 18
    step(remove(current(), 'handleB'), 'Delete'); // 19
    step({ ...current(), edges: current().edges.slice(1) }, 'Delete edge'); // 20

    expect(states).toHaveLength(21);
    expect(new Set(states).size).toBe(21);
    expect(history.past).toHaveLength(20);
    const frozen = states.map((s) => JSON.stringify(s));

    for (let i = 20; i > 0; i -= 1) {
      expect(history.present.doc).toBe(states[i]);
      expect(undoLabel(history)).toBe(labels[i - 1]);
      history = undo(history);
      expect(history.present.doc).toBe(states[i - 1]);
      expect(JSON.stringify(history.present.doc)).toBe(frozen[i - 1]);
    }
    expect([canUndo(history), canRedo(history)]).toEqual([false, true]);
    expect(undo(history)).toBe(history);
    const meta = blueprintMeta(blueprintFile('v1/for-each.json'));
    expect(toBlueprint(meta, current().nodes, current().edges)).toStrictEqual(
      blueprintFile('v1/for-each.json'),
    );

    for (let i = 1; i <= 20; i += 1) {
      expect(redoLabel(history)).toBe(labels[i - 1]);
      history = redo(history);
      expect(history.present.doc).toBe(states[i]);
      expect(JSON.stringify(history.present.doc)).toBe(frozen[i]);
    }
    expect([canUndo(history), canRedo(history)]).toEqual([true, false]);
    expect(redo(history)).toBe(history);
    // Snapshots share what an edit did not touch.
    expect(states[5]?.nodes.find((n) => n.id === 'each')).toBe(initial.nodes[2]);
  });
});

describe('history', () => {
  const doc = (n: number) => ({ n });
  const pushAll = (h: History<{ n: number }>, from: number, to: number) => {
    for (let i = from; i <= to; i += 1) h = push(h, doc(i), `step ${i}`);
    return h;
  };

  it('coalesces a key until sealed, a different key, or an unkeyed push', () => {
    let h = createHistory(doc(0));
    h = push(h, doc(1), 'Move', { coalesceKey: 'move:a' });
    h = push(h, doc(2), 'Move', { coalesceKey: 'move:a' });
    h = push(h, doc(3), 'Move', { coalesceKey: 'move:b' });
    h = push(h, doc(4), 'Edit');
    h = push(h, doc(5), 'Move', { coalesceKey: 'move:b' });
    h = seal(h);
    h = push(h, doc(6), 'Move', { coalesceKey: 'move:b' });
    expect(h.past.map((s) => s.doc.n)).toEqual([0, 2, 3, 4, 5]);
    expect(h.present).toEqual({ doc: doc(6), label: 'Move', coalesceKey: 'move:b' });
  });

  it('does not coalesce into a step reached by undo, and a push clears redo', () => {
    let h = createHistory(doc(0));
    h = push(h, doc(1), 'Move', { coalesceKey: 'k' });
    h = push(h, doc(2), 'Edit');
    h = undo(h);
    expect(redoLabel(h)).toBe('Edit');
    h = push(h, doc(3), 'Move', { coalesceKey: 'k' });
    expect(h.past.map((s) => s.doc.n)).toEqual([0, 1]);
    expect(canRedo(h)).toBe(false);
  });

  it('ignores a push of the present document', () => {
    const h = createHistory(doc(0));
    expect(push(h, h.present.doc, 'Nothing')).toBe(h);
  });

  it('keeps at most maxDepth steps to undo, dropping the oldest', () => {
    let h = pushAll(createHistory(doc(0)), 1, 205);
    expect(h.past).toHaveLength(200);
    while (canUndo(h)) h = undo(h);
    expect(h.present.doc).toEqual(doc(5));
    expect(pushAll(createHistory(doc(0), { maxDepth: 3 }), 1, 10).past.map((s) => s.doc.n)).toEqual(
      [7, 8, 9],
    );
    expect(() => createHistory(doc(0), { maxDepth: 0 })).toThrow(
      'maxDepth must be a positive integer, got 0',
    );
  });

  it('reset starts over with the same depth', () => {
    const h = reset(pushAll(createHistory(doc(0), { maxDepth: 5 }), 1, 3), doc(9), 'Restore v2');
    expect(h).toEqual({
      past: [],
      present: { doc: doc(9), label: 'Restore v2' },
      future: [],
      open: false,
      maxDepth: 5,
    });
    expect(undoLabel(h)).toBeUndefined();
  });
});
