import type { Blueprint, BlueprintNode } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { diffBlueprints, formatDiff, isEmptyDiff } from './diff';
import { blueprintFile, blueprintFiles } from './fixtures.test-support';

/** Version 2 of the playbook fixture: every kind of change at once. */
function secondVersion(): Blueprint {
  const bp = blueprintFile('v1/orchestration-playbook.json');
  const node = (id: string): BlueprintNode => {
    const found = bp.nodes.find((n) => n.id === id);
    if (!found) throw new Error(id);
    return found;
  };
  bp.name = 'orchestration v2';
  delete bp.description;
  const classify = node('classify');
  if (classify.kind === 'chunk') {
    classify.handler = { ref: 'agent', config: { model: 'small', 'max tokens': 300 } };
  }
  classify.label = 'Classify';
  const route = node('route');
  if (route.kind === 'match') {
    route.options.cases[1] = { id: 'b', when: { value: 'BB' } };
    route.options.mode = 'hitAll';
  }
  node('finalize').position = { x: 950, y: 120 };
  bp.nodes = bp.nodes.filter((n) => n.id !== 'handleOther');
  bp.nodes.push({ id: 'audit', kind: 'chunk', label: 'Audit', handler: { ref: 'audit' } });
  bp.edges = bp.edges.filter((e) => e.target !== 'handleOther' && e.source !== 'handleOther');
  bp.edges.push({ id: 'e11', source: 'route', sourceHandle: 'else', target: 'audit' });
  // The same connection under a new id is no change.
  bp.edges = bp.edges.map((e) => (e.id === 'e1' ? { ...e, id: 'e-start' } : e));
  return bp;
}

describe('diffBlueprints', () => {
  it('lists every change of a new version, in a fixed order', () => {
    const before = blueprintFile('v1/orchestration-playbook.json');
    expect(diffBlueprints(before, secondVersion())).toStrictEqual({
      flow: [
        { path: 'name', before: 'orchestration', after: 'orchestration v2' },
        {
          path: 'description',
          before: 'The playbook skeleton: prepare, classify, route by category, finalize.',
          after: undefined,
        },
      ],
      addedNodes: [{ id: 'audit', kind: 'chunk', label: 'Audit' }],
      removedNodes: [{ id: 'handleOther', kind: 'chunk' }],
      changedNodes: [
        {
          id: 'classify',
          kind: 'chunk',
          label: 'Classify',
          changes: [
            { path: 'label', before: undefined, after: 'Classify' },
            { path: 'handler.ref', before: 'classify', after: 'agent' },
            { path: 'config', before: undefined, after: { model: 'small', 'max tokens': 300 } },
          ],
        },
        {
          id: 'route',
          kind: 'match',
          label: 'Route by category',
          changes: [
            { path: 'options.cases[1].when.value', before: 'B', after: 'BB' },
            { path: 'options.mode', before: 'hitFirst', after: 'hitAll' },
          ],
        },
        {
          id: 'finalize',
          kind: 'chunk',
          changes: [{ path: 'position', before: { x: 900, y: 100 }, after: { x: 950, y: 120 } }],
        },
      ],
      addedEdges: [{ id: 'e11', source: 'route', sourceHandle: 'else', target: 'audit' }],
      removedEdges: [
        { id: 'e6', source: 'route', sourceHandle: 'else', target: 'handleOther' },
        { id: 'e9', source: 'handleOther', target: 'route-end' },
      ],
    });
  });

  it('reports config leaves with their paths', () => {
    const before = blueprintFile('v1/linear-chain.json');
    const after = blueprintFile('v1/linear-chain.json');
    const classify = after.nodes[2];
    if (classify?.kind !== 'chunk') throw new Error('fixture changed');
    classify.handler.config = { categories: ['A', 'C', 'D'], 'a-b': { on: true } };
    after.nodes[4] = { ...after.nodes[4]!, size: { width: 10, height: 20 } };
    const diff = diffBlueprints(before, after);
    expect(diff.changedNodes.map((n) => [n.id, n.changes])).toEqual([
      [
        'classify',
        [
          { path: 'config["a-b"]', before: undefined, after: { on: true } },
          { path: 'config.categories[1]', before: 'B', after: 'C' },
          { path: 'config.categories[2]', before: undefined, after: 'D' },
        ],
      ],
      ['end', [{ path: 'size', before: undefined, after: { width: 10, height: 20 } }]],
    ]);
    expect(formatDiff(diff)).toEqual([
      '~ node classify (chunk)',
      '    config["a-b"]: (none) → {"on":true}',
      '    config.categories[1]: "B" → "C"',
      '    config.categories[2]: (none) → "D"',
      '~ node end (end)',
      '    size: (none) → 10×20',
    ]);
  });

  it.each(blueprintFiles)('finds nothing between $name and a copy of it', ({ blueprint }) => {
    const diff = diffBlueprints(blueprint, structuredClone(blueprint));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(formatDiff(diff)).toEqual([]);
  });

  it('counts a reconnected edge as removed and added, with default handles left implicit', () => {
    const before = blueprintFile('v1/approval.json');
    const after = blueprintFile('v1/approval.json');
    after.edges[2] = { id: 'e3', source: 'approve', sourceHandle: 'timeout', target: 'finalize' };
    after.edges[4] = { ...after.edges[4]!, sourceHandle: 'out', targetHandle: 'in' };
    expect(formatDiff(diffBlueprints(before, after))).toEqual([
      '+ edge approve.timeout → finalize',
      '- edge approve → finalize',
    ]);
  });
});

describe('formatDiff', () => {
  it('shortens long values to 80 characters', () => {
    const long = 'x'.repeat(100);
    const lines = formatDiff({
      flow: [{ path: 'description', before: long, after: 'short' }],
      addedNodes: [],
      removedNodes: [],
      changedNodes: [],
      addedEdges: [],
      removedEdges: [],
    });
    expect(lines).toEqual([`description: "${'x'.repeat(76)}... → "short"`]);
  });

  it('renders the version diff as plain lines', () => {
    const before = blueprintFile('v1/orchestration-playbook.json');
    expect(formatDiff(diffBlueprints(before, secondVersion()))).toEqual([
      'name: "orchestration" → "orchestration v2"',
      'description: "The playbook skeleton: prepare, classify, route by category, finalize." → (none)',
      '+ node audit (chunk) "Audit"',
      '- node handleOther (chunk)',
      '~ node classify (chunk) "Classify"',
      '    label: (none) → "Classify"',
      '    handler.ref: "classify" → "agent"',
      '    config: (none) → {"model":"small","max tokens":300}',
      '~ node route (match) "Route by category"',
      '    options.cases[1].when.value: "B" → "BB"',
      '    options.mode: "hitFirst" → "hitAll"',
      '~ node finalize (chunk)',
      '    position: (900, 100) → (950, 120)',
      '+ edge route.else → audit',
      '- edge route.else → handleOther',
      '- edge handleOther → route-end',
    ]);
  });
});
