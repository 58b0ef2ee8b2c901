import { validateBlueprint } from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import {
  BESIDE,
  CLIPBOARD_SCHEMA,
  copyFragment,
  copyId,
  pasteFragment,
  pasteOffset,
  withPasted,
  type ClipboardFragment,
} from './clipboard';
import { parseFragment, serializeFragment } from './clipboard-text';
import { blueprintMeta, toBlueprint, toFlowElements, type FlowDocument } from './convert';
import { blueprintFile } from './fixtures.test-support';

const forEachDoc = (): FlowDocument => toFlowElements(blueprintFile('v1/for-each.json'));

describe('copyFragment', () => {
  it('copies a group with its children and the edges inside the copy', () => {
    expect(copyFragment(forEachDoc(), new Set(['each']))).toStrictEqual({
      schema: CLIPBOARD_SCHEMA,
      nodes: [
        {
          id: 'each',
          kind: 'forEach',
          label: 'For each subtask',
          position: { x: 300, y: -50 },
          size: { width: 400, height: 160 },
          options: { concurrency: 4 },
        },
        {
          id: 'handleOne',
          kind: 'chunk',
          parentId: 'each',
          position: { x: 40, y: 50 },
          handler: { ref: 'handleOne', config: { model: 'small' } },
        },
        {
          id: 'summarize',
          kind: 'chunk',
          parentId: 'each',
          position: { x: 220, y: 50 },
          handler: { ref: 'summarize' },
        },
      ],
      edges: [
        { id: 'e-item', source: 'each', sourceHandle: 'item', target: 'handleOne' },
        { id: 'e-body', source: 'handleOne', target: 'summarize' },
        { id: 'e-end', source: 'summarize', target: 'each', targetHandle: 'end' },
      ],
    });
  });

  it('uses the RF selection by default and lifts a child copied alone to its absolute place', () => {
    const doc = forEachDoc();
    doc.nodes = doc.nodes.map((n) => (n.id === 'summarize' ? { ...n, selected: true } : n));
    expect(copyFragment(doc)).toStrictEqual({
      schema: CLIPBOARD_SCHEMA,
      nodes: [
        {
          id: 'summarize',
          kind: 'chunk',
          position: { x: 520, y: 0 },
          handler: { ref: 'summarize' },
        },
      ],
      edges: [],
    });
  });

  it('writes the placeholder positions and sizes of unplaced nodes', () => {
    const doc = toFlowElements(blueprintFile('v1/batch.json'));
    const fragment = copyFragment(doc, new Set(['join']));
    const join = doc.nodes.find((n) => n.id === 'join');
    expect(fragment.nodes).toStrictEqual([
      { id: 'join', kind: 'chunk', position: join?.position, handler: { ref: 'join' } },
    ]);
  });
});

describe('parseFragment', () => {
  it('reads back what serializeFragment wrote', () => {
    const fragment = copyFragment(forEachDoc(), new Set(['each', 'finalize']));
    expect(parseFragment(serializeFragment(fragment))).toStrictEqual({ ok: true, fragment });
  });

  it.each([
    ['hello', 'The clipboard does not hold TriggerFlow nodes (it is not JSON).'],
    ['[1, 2]', 'The clipboard does not hold TriggerFlow nodes.'],
    [
      '{"schema":"triggerflow.blueprint/v1","nodes":[],"edges":[]}',
      "The clipboard holds 'triggerflow.blueprint/v1', not 'triggerflow.clipboard/v1' nodes.",
    ],
    [
      `{"schema":"${CLIPBOARD_SCHEMA}","nodes":[{"id":"a","kind":"chunk","handler":{"ref":""}}],"edges":[]}`,
      'The copied nodes are not valid: nodes.0.handler.ref: must not be empty.',
    ],
    [
      `{"schema":"${CLIPBOARD_SCHEMA}","nodes":[],"edges":{}}`,
      'The copied edges are not valid: edges: Invalid input: expected array, received object.',
    ],
    [
      `{"schema":"${CLIPBOARD_SCHEMA}","nodes":[{"id":"a","kind":"end"},{"id":"a","kind":"end"}],"edges":[]}`,
      "The copied nodes are inconsistent: node id 'a' is used twice.",
    ],
    [
      `{"schema":"${CLIPBOARD_SCHEMA}","nodes":[{"id":"a","kind":"end","parentId":"g"}],"edges":[]}`,
      "The copied nodes are inconsistent: node 'a' names parent 'g', which is not among them.",
    ],
    [
      `{"schema":"${CLIPBOARD_SCHEMA}","nodes":[{"id":"a","kind":"start"}],"edges":[{"id":"e","source":"a","target":"b"}]}`,
      "The copied nodes are inconsistent: edge 'e' ends at 'b', which is not among them.",
    ],
  ])('rejects %s', (text, error) => {
    expect(parseFragment(text)).toStrictEqual({ ok: false, error });
  });
});

describe('pasteFragment', () => {
  it('renames every id, keeps references, offsets top-level nodes and selects the copy', () => {
    const doc = forEachDoc();
    const pasted = pasteFragment(doc, copyFragment(doc, new Set(['each'])));
    expect(pasted.nodes).toStrictEqual([
      {
        id: 'each-copy',
        type: 'forEach',
        position: { x: 340, y: -10 },
        style: { width: 400, height: 160 },
        data: { kind: 'forEach', label: 'For each subtask', options: { concurrency: 4 } },
        selected: true,
      },
      {
        id: 'handleOne-copy',
        type: 'chunk',
        position: { x: 40, y: 50 },
        parentId: 'each-copy',
        extent: 'parent',
        data: { kind: 'chunk', handler: { ref: 'handleOne', config: { model: 'small' } } },
        selected: true,
      },
      {
        id: 'summarize-copy',
        type: 'chunk',
        position: { x: 220, y: 50 },
        parentId: 'each-copy',
        extent: 'parent',
        data: { kind: 'chunk', handler: { ref: 'summarize' } },
        selected: true,
      },
    ]);
    expect(pasted.edges).toStrictEqual([
      {
        id: 'e-item-copy',
        source: 'each-copy',
        sourceHandle: 'item',
        target: 'handleOne-copy',
        selected: true,
      },
      { id: 'e-body-copy', source: 'handleOne-copy', target: 'summarize-copy', selected: true },
      {
        id: 'e-end-copy',
        source: 'summarize-copy',
        target: 'each-copy',
        targetHandle: 'end',
        selected: true,
      },
    ]);
  });

  it('avoids every taken id when pasting again, and honours an injected id source', () => {
    let doc = forEachDoc();
    const fragment = copyFragment(doc, new Set(['finalize']));
    doc = withPasted(doc, pasteFragment(doc, fragment));
    doc = withPasted(doc, pasteFragment(doc, fragment, { offset: { x: 0, y: 100 } }));
    expect(doc.nodes.map((n) => [n.id, n.position, n.selected ?? null]).slice(-2)).toEqual([
      ['finalize-copy', { x: 840, y: 40 }, false],
      ['finalize-copy-2', { x: 800, y: 100 }, true],
    ]);
    let n = 0;
    const ids = pasteFragment(doc, fragment, { freshId: () => `id${(n += 1)}` });
    expect(ids.nodes.map((x) => x.id)).toEqual(['id1']);
  });

  it('renames batch branches and endMatch references, but not match case ids', () => {
    const batch = toFlowElements(blueprintFile('v1/batch.json'));
    const pastedBatch = pasteFragment(batch, copyFragment(batch, new Set(['fetchAll'])));
    expect(pastedBatch.nodes[0]?.data).toStrictEqual({
      kind: 'batch',
      options: { concurrency: 2, branches: ['fetchA-copy', 'fetchB-copy', 'fetchC-copy'] },
    });
    const merged = withPasted(batch, pastedBatch);
    const bp = toBlueprint(
      blueprintMeta(blueprintFile('v1/batch.json')),
      merged.nodes,
      merged.edges,
    );
    expect(validateBlueprint(bp).filter((i) => i.severity === 'error')).toEqual([]);

    const playbook = toFlowElements(blueprintFile('v1/orchestration-playbook.json'));
    const both = pasteFragment(playbook, copyFragment(playbook, new Set(['route', 'route-end'])));
    expect(both.nodes.map((n) => n.data)).toStrictEqual([
      playbook.nodes.find((n) => n.id === 'route')?.data,
      { kind: 'endMatch', options: { match: 'route-copy' } },
    ]);
    const endOnly = pasteFragment(playbook, copyFragment(playbook, new Set(['route-end'])));
    expect(endOnly.nodes[0]?.data).toStrictEqual({ kind: 'endMatch', options: { match: 'route' } });
  });

  it('withPasted deselects the rest and shares the unchanged objects', () => {
    const doc = forEachDoc();
    doc.nodes = doc.nodes.map((n) => (n.id === 'start' ? { ...n, selected: true } : n));
    const pasted = pasteFragment(doc, copyFragment(doc));
    const next = withPasted(doc, pasted);
    expect(next.nodes.map((n) => [n.id, n.selected ?? null])).toEqual([
      ['start', false],
      ['listItems', null],
      ['each', null],
      ['handleOne', null],
      ['summarize', null],
      ['finalize', null],
      ['start-copy', true],
    ]);
    expect(next.nodes[1]).toBe(doc.nodes[1]);
    expect(next.edges).toStrictEqual(doc.edges);
    expect(next.edges[0]).toBe(doc.edges[0]);
  });

  it('copyId strips an earlier copy suffix', () => {
    expect(copyId('a', new Set())).toBe('a-copy');
    expect(copyId('a-copy', new Set(['a-copy']))).toBe('a-copy-2');
    expect(copyId('a-copy-2', new Set(['a-copy', 'a-copy-2', 'a-copy-3']))).toBe('a-copy-4');
  });
});

describe('pasteOffset', () => {
  const fragment = (
    positions: { x: number; y: number; parentId?: string }[],
  ): ClipboardFragment => ({
    schema: CLIPBOARD_SCHEMA,
    nodes: positions.map((p, i) => ({
      id: `n${i}`,
      kind: 'end',
      position: { x: p.x, y: p.y },
      ...(p.parentId !== undefined && { parentId: p.parentId }),
    })),
    edges: [],
  });

  it('puts the top left corner of the copied top-level nodes at the pointer', () => {
    const copied = fragment([
      { x: 300, y: 120 },
      { x: 180, y: 400 },
      { x: 5, y: 5, parentId: 'n0' },
    ]);
    expect(pasteOffset(copied, { x: 1000, y: 50 })).toEqual({ x: 820, y: -70 });
    const doc = { nodes: [], edges: [] };
    const pasted = pasteFragment(doc, copied, { offset: pasteOffset(copied, { x: 1000, y: 50 }) });
    expect(pasted.nodes.map((n) => n.position)).toEqual([
      { x: 1120, y: 50 },
      { x: 1000, y: 330 },
      { x: 5, y: 5 },
    ]);
  });

  it('lands beside the originals when the pointer is not over the canvas', () => {
    expect(pasteOffset(fragment([{ x: 1, y: 2 }]), null)).toEqual(BESIDE);
    expect(BESIDE).toEqual({ x: 40, y: 40 });
  });
});
