import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLUEPRINT_SCHEMA, type BlueprintIssue } from '@triggerflow/blueprint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HandlerRegistry } from '../src/blueprint/registry';
import { validateBlueprint } from '../src/blueprint/validate';

type Json = Record<string, unknown>;

const FIXTURE_HANDLERS = [
  'prepare',
  'classify',
  'handleA',
  'handleB',
  'handleOther',
  'finalize',
  'listItems',
  'handleOne',
  'summarize',
  'fetchA',
  'fetchB',
  'fetchC',
  'notify',
  'join',
];

const handler = (): string => 'done';
const fixtureRegistry: HandlerRegistry = {
  chunks: Object.fromEntries(FIXTURE_HANDLERS.map((name) => [name, handler])),
};

/** A registry with a config schema, a condition and an expression compiler. */
const registry: HandlerRegistry = {
  chunks: {
    ...fixtureRegistry.chunks,
    http: {
      handler,
      configSchema: z.object({ url: z.url(), retries: z.number().int().optional() }),
    },
  },
  conditions: {
    isUrgent: () => true,
    olderThan: { handler: () => true, configSchema: z.object({ minutes: z.number() }) },
  },
  compileExpression: (expression) => {
    if (expression.includes('(')) throw new Error(`unexpected '(' in ${expression}`);
    return () => true;
  },
};

const blueprint = (nodes: unknown[], edges: unknown[], extra: Json = {}): Json => ({
  schema: BLUEPRINT_SCHEMA,
  name: 'test',
  nodes,
  edges,
  ...extra,
});
const start = { id: 'start', kind: 'start' };
const chunk = (id: string, extra: Json = {}): Json => ({
  id,
  kind: 'chunk',
  handler: { ref: id },
  ...extra,
});
const edge = (id: string, source: string, target: string, extra: Json = {}): Json => ({
  id,
  source,
  target,
  ...extra,
});
/** Edges `e1`, `e2`, ... along the given node ids. */
const chain = (...ids: string[]): Json[] =>
  ids.slice(1).map((target, i) => edge(`e${i + 1}`, ids[i] as string, target));

const match = (id: string, cases: unknown[], mode = 'hitFirst'): Json => ({
  id,
  kind: 'match',
  options: { mode, cases },
});
const endMatch = (id: string, matchId: string): Json => ({
  id,
  kind: 'endMatch',
  options: { match: matchId },
});
const pause = (id: string, timeout?: Json): Json => ({
  id,
  kind: 'pause',
  options: timeout === undefined ? { type: 'approval' } : { type: 'approval', timeout },
});
const dayTimeout = (action: string): Json => ({ afterMs: 86_400_000, action });

/** The playbook's skeleton: prepare → classify → match A/B/else → handlers → endMatch → finalize. */
function playbook(): Json {
  return blueprint(
    [
      start,
      chunk('prepare'),
      chunk('classify'),
      match('route', [
        { id: 'a', when: { value: 'A' } },
        { id: 'b', when: { value: 'B' } },
        { id: 'other', isElse: true },
      ]),
      chunk('handleA'),
      chunk('handleB'),
      chunk('handleOther'),
      endMatch('route-end', 'route'),
      chunk('finalize'),
    ],
    [
      ...chain('start', 'prepare', 'classify', 'route'),
      edge('e4', 'route', 'handleA', { sourceHandle: 'case:a' }),
      edge('e5', 'route', 'handleB', { sourceHandle: 'case:b' }),
      edge('e6', 'route', 'handleOther', { sourceHandle: 'else' }),
      edge('e7', 'handleA', 'route-end'),
      edge('e8', 'handleB', 'route-end'),
      edge('e9', 'handleOther', 'route-end'),
      edge('e10', 'route-end', 'finalize'),
    ],
  );
}

const codes = (issues: BlueprintIssue[]): string[] => issues.map((i) => i.code);

describe('validateBlueprint: a clean blueprint', () => {
  it('finds nothing wrong with the playbook, with or without a registry', () => {
    expect(validateBlueprint(playbook())).toEqual([]);
    expect(validateBlueprint(playbook(), registry)).toEqual([]);
  });

  const fixturesDir = join(import.meta.dirname, '../../blueprint/fixtures/v1');
  const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));

  it('has the v1 fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)('finds no error in fixture %s', (file) => {
    const input: unknown = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8'));
    const errors = validateBlueprint(input, fixtureRegistry).filter((i) => i.severity === 'error');
    expect(errors).toEqual([]);
  });
});

describe('validateBlueprint: structure', () => {
  it.each([[null], [42], ['flow'], [[]], [true], [undefined]])(
    'rejects %j as not an object',
    (input) => {
      expect(validateBlueprint(input)).toEqual([
        {
          code: 'INVALID_SCHEMA',
          severity: 'error',
          message: 'a blueprint must be a JSON object',
          path: [],
        },
      ]);
    },
  );

  it('names the supported versions when the schema version is unknown or missing', () => {
    const expected = {
      code: 'UNSUPPORTED_SCHEMA',
      severity: 'error',
      message: `unsupported blueprint schema: found 'triggerflow.blueprint/v9', expected one of '${BLUEPRINT_SCHEMA}'`,
      path: ['schema'],
    };
    expect(validateBlueprint({ ...playbook(), schema: 'triggerflow.blueprint/v9' })).toEqual([
      expected,
    ]);
    const unversioned = playbook();
    delete unversioned['schema'];
    expect(validateBlueprint(unversioned)).toEqual([
      {
        ...expected,
        message: expected.message.replace(`'triggerflow.blueprint/v9'`, 'no schema version'),
      },
    ]);
  });

  it('stops when nodes or edges are not arrays', () => {
    expect(validateBlueprint({ schema: BLUEPRINT_SCHEMA, name: 'x', nodes: {}, edges: 3 })).toEqual(
      [
        {
          code: 'INVALID_SCHEMA',
          severity: 'error',
          message: 'blueprint nodes must be an array, got {}',
          path: ['nodes'],
        },
        {
          code: 'INVALID_SCHEMA',
          severity: 'error',
          message: 'blueprint edges must be an array, got 3',
          path: ['edges'],
        },
      ],
    );
  });

  it('reports an input that refers to itself instead of walking it forever', () => {
    const input = playbook();
    const node = (input['nodes'] as Json[])[1] as Json;
    (node['handler'] as Json)['config'] = input;
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: 'a blueprint must be JSON, but it refers back to itself at nodes.1.handler.config',
        path: ['nodes', 1, 'handler', 'config'],
      },
    ]);
  });

  it('checks each node against its own kind, with precise paths, and each edge', () => {
    const input = playbook();
    input['name'] = 7;
    const nodes = input['nodes'] as unknown[];
    nodes.push(
      { id: 'bad-ref', kind: 'chunk', handler: { ref: '' } },
      { id: 'each', kind: 'forEach', options: { concurrency: 0 } },
      { id: 'weird', kind: 'loop' },
      { id: 'kindless' },
      'not a node',
    );
    (input['edges'] as unknown[]).push({ id: 'e-bad', source: 'start' }, 5);
    const issues = validateBlueprint(input);
    expect(issues.filter((i) => i.code !== 'MISSING_ENTRY')).toEqual([
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: 'blueprint name: Invalid input: expected string, received number',
        path: ['name'],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: "node 'bad-ref' (chunk): handler.ref: must not be empty",
        nodeId: 'bad-ref',
        path: ['nodes', 9, 'handler', 'ref'],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: "node 'each' (forEach): options.concurrency: Too small: expected number to be >0",
        nodeId: 'each',
        path: ['nodes', 10, 'options', 'concurrency'],
      },
      {
        code: 'UNKNOWN_KIND',
        severity: 'error',
        message:
          "node 'weird' (loop) has an unknown kind; expected one of: start, event, chunk, when, forEach, batch, match, endMatch, collect, pause, end, subFlow",
        nodeId: 'weird',
        path: ['nodes', 11, 'kind'],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message:
          "node 'kindless' has no kind; expected one of: start, event, chunk, when, forEach, batch, match, endMatch, collect, pause, end, subFlow",
        nodeId: 'kindless',
        path: ['nodes', 12, 'kind'],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: "node #13 must be an object, got 'not a node'",
        path: ['nodes', 13],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: "edge 'e-bad': target: Invalid input: expected string, received undefined",
        edgeId: 'e-bad',
        path: ['edges', 10, 'target'],
      },
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: 'edge #11 must be an object, got 5',
        path: ['edges', 11],
      },
    ]);
    // Invalid nodes are skipped by the graph rules: no unreachable or cycle noise about them.
    expect(issues.some((i) => i.code === 'MISSING_ENTRY')).toBe(false);
  });

  it('says which alternatives a case condition could have been', () => {
    const input = blueprint(
      [start, match('m', [{ id: 'a', when: { refs: 'x' } }])],
      chain('start', 'm'),
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message:
          "node 'm' (match): options.cases.0.when: Invalid input; none of the alternatives fits (value: expected nonoptional, received undefined | ref: expected string, received undefined | expression: expected string, received undefined)",
        nodeId: 'm',
        path: ['nodes', 1, 'options', 'cases', 0, 'when'],
      },
    ]);
  });
});

describe('validateBlueprint: ids, edges and entries', () => {
  it('reports duplicate node, edge and case ids', () => {
    const input = blueprint(
      [
        start,
        chunk('a'),
        chunk('a'),
        match('m', [
          { id: 'x', when: { value: 1 } },
          { id: 'x', when: { value: 2 } },
        ]),
      ],
      [...chain('start', 'a', 'm'), edge('e1', 'm', 'a', { sourceHandle: 'case:x' })],
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: "node id 'a' of node #2 is already used by node #1",
        nodeId: 'a',
        path: ['nodes', 2, 'id'],
      },
      {
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: "edge id 'e1' of edge #2 is already used by edge #0",
        edgeId: 'e1',
        path: ['edges', 2, 'id'],
      },
      {
        code: 'DUPLICATE_ID',
        severity: 'error',
        message: "node 'm' (match): case id 'x' of case #1 is already used by case #0",
        nodeId: 'm',
        path: ['nodes', 3, 'options', 'cases', 1, 'id'],
      },
      {
        code: 'NO_ELSE_CASE',
        severity: 'warning',
        message: "node 'm' (match) has no else case: when no case matches, nothing runs after it",
        nodeId: 'm',
        path: ['nodes', 3, 'options', 'cases'],
      },
    ]);
  });

  it('reports edges whose ends are not nodes', () => {
    const input = playbook();
    (input['edges'] as unknown[]).push(edge('ghost', 'nowhere', 'finalize'), edge('g2', 'a', 'b'));
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'DANGLING_EDGE',
        severity: 'error',
        message: "edge 'ghost' starts at 'nowhere', which is not a node",
        edgeId: 'ghost',
        path: ['edges', 10, 'source'],
      },
      {
        code: 'DANGLING_EDGE',
        severity: 'error',
        message: "edge 'g2' starts at 'a', which is not a node",
        edgeId: 'g2',
        path: ['edges', 11, 'source'],
      },
      {
        code: 'DANGLING_EDGE',
        severity: 'error',
        message: "edge 'g2' ends at 'b', which is not a node",
        edgeId: 'g2',
        path: ['edges', 11, 'target'],
      },
    ]);
  });

  it('checks handles against the node kind, with out/in as defaults', () => {
    const input = playbook();
    const edges = input['edges'] as Json[];
    edges[3] = edge('e4', 'route', 'handleA'); // a match has no 'out'
    edges[1] = edge('e2', 'prepare', 'classify', { sourceHandle: 'item' });
    edges.push(edge('e11', 'finalize', 'start'));
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'UNKNOWN_HANDLE',
        severity: 'error',
        message: "edge 'e2' leaves node 'prepare' (chunk) by handle 'item'; expected one of 'out'",
        edgeId: 'e2',
        nodeId: 'prepare',
        path: ['edges', 1, 'sourceHandle'],
      },
      {
        code: 'UNKNOWN_HANDLE',
        severity: 'error',
        message:
          "edge 'e4' leaves node 'route' (match) by handle 'out'; expected one of 'case:a', 'case:b', 'else'",
        edgeId: 'e4',
        nodeId: 'route',
        path: ['edges', 3, 'sourceHandle'],
      },
      {
        code: 'UNKNOWN_HANDLE',
        severity: 'error',
        message:
          "edge 'e11' enters node 'start' (start) by handle 'in'; node 'start' (start) has no input handles",
        edgeId: 'e11',
        nodeId: 'start',
        path: ['edges', 10, 'targetHandle'],
      },
    ]);
  });

  it('requires a start or event node, and at most one start', () => {
    expect(validateBlueprint(blueprint([chunk('a')], []))).toEqual([
      {
        code: 'MISSING_ENTRY',
        severity: 'error',
        message: 'the flow has no entry: add a start node or an event node',
        path: ['nodes'],
      },
    ]);
    const twoStarts = blueprint(
      [start, { id: 'start2', kind: 'start' }, chunk('a')],
      [edge('e1', 'start', 'a'), edge('e2', 'start2', 'a')],
    );
    expect(validateBlueprint(twoStarts)).toEqual([
      {
        code: 'DUPLICATE_START',
        severity: 'error',
        message: "node 'start2' (start) is a second start node; 'start' is the first",
        nodeId: 'start2',
        path: ['nodes', 1],
      },
    ]);
    const events = blueprint(
      [
        { id: 'a', kind: 'event', options: { type: 'event', event: 'A' } },
        { id: 'b', kind: 'event', options: { type: 'runtimeData', event: 'draft' } },
        { id: 'both', kind: 'when', options: { mode: 'and' } },
      ],
      [edge('e1', 'a', 'both'), edge('e2', 'b', 'both')],
    );
    expect(validateBlueprint(events)).toEqual([]);
  });
});

describe('validateBlueprint: groups', () => {
  const forEachFlow = (concurrency: number | null, extra: Json[] = []): Json =>
    blueprint(
      [
        start,
        { id: 'each', kind: 'forEach', options: { concurrency } },
        chunk('one', { parentId: 'each' }),
        chunk('after'),
        ...extra,
      ],
      [
        edge('e1', 'start', 'each'),
        edge('e2', 'each', 'one', { sourceHandle: 'item' }),
        edge('e3', 'one', 'each', { targetHandle: 'end' }),
        edge('e4', 'each', 'after', { sourceHandle: 'out' }),
      ],
    );

  it('accepts a capped forEach and warns about an uncapped one', () => {
    expect(validateBlueprint(forEachFlow(4))).toEqual([]);
    expect(validateBlueprint(forEachFlow(null))).toEqual([
      {
        code: 'FOR_EACH_UNCAPPED',
        severity: 'warning',
        message: "node 'each' (forEach) runs every item at once; set options.concurrency to cap it",
        nodeId: 'each',
        path: ['nodes', 1, 'options', 'concurrency'],
      },
    ]);
  });

  it('requires parents to be existing forEach or batch nodes without a loop', () => {
    const input = forEachFlow(2, [
      chunk('orphan', { parentId: 'missing' }),
      chunk('inChunk', { parentId: 'after' }),
      { id: 'g1', kind: 'forEach', parentId: 'g2', options: { concurrency: 1 } },
      { id: 'g2', kind: 'forEach', parentId: 'g1', options: { concurrency: 1 } },
    ]);
    (input['edges'] as unknown[]).push(
      edge('e5', 'after', 'orphan'),
      edge('e6', 'after', 'inChunk'),
      edge('e7', 'after', 'g1'),
      edge('e8', 'after', 'g2'),
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'INVALID_PARENT',
        severity: 'error',
        message: "node 'orphan' (chunk) names parent 'missing', which is not a node",
        nodeId: 'orphan',
        path: ['nodes', 4, 'parentId'],
      },
      {
        code: 'INVALID_PARENT',
        severity: 'error',
        message:
          "node 'inChunk' (chunk) names parent node 'after' (chunk); a parent must be a forEach or batch node",
        nodeId: 'inChunk',
        path: ['nodes', 5, 'parentId'],
      },
      {
        code: 'INVALID_PARENT',
        severity: 'error',
        message: "node 'g1' (forEach) is its own ancestor through parentId 'g2'",
        nodeId: 'g1',
        path: ['nodes', 6, 'parentId'],
      },
      {
        code: 'INVALID_PARENT',
        severity: 'error',
        message: "node 'g2' (forEach) is its own ancestor through parentId 'g1'",
        nodeId: 'g2',
        path: ['nodes', 7, 'parentId'],
      },
    ]);
  });

  const batchFlow = (branches: string[], children: Json[]): Json =>
    blueprint(
      [start, { id: 'all', kind: 'batch', options: { concurrency: 2, branches } }, ...children],
      [edge('e1', 'start', 'all')],
    );

  it('accepts a batch whose branches are exactly its chunk children', () => {
    const children = ['x', 'y', 'z'].map((id) => chunk(id, { parentId: 'all' }));
    expect(validateBlueprint(batchFlow(['x', 'y', 'z'], children))).toEqual([]);
  });

  it('reports batch branches that are not its children, and children it does not list', () => {
    const input = batchFlow(
      ['x', 'stranger', 'x', 'sub'],
      [
        chunk('x', { parentId: 'all' }),
        chunk('stranger'),
        chunk('unlisted', { parentId: 'all' }),
        { id: 'sub', kind: 'end', parentId: 'all' },
      ],
    );
    (input['edges'] as unknown[]).push(edge('e2', 'start', 'stranger'));
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'BATCH_BRANCH_MISMATCH',
        severity: 'error',
        message:
          "node 'all' (batch): branch 'stranger' is not a child of the batch (no node with that id has parentId 'all')",
        nodeId: 'all',
        path: ['nodes', 1, 'options', 'branches', 1],
      },
      {
        code: 'BATCH_BRANCH_MISMATCH',
        severity: 'error',
        message: "node 'all' (batch): branch 'x' is listed twice",
        nodeId: 'all',
        path: ['nodes', 1, 'options', 'branches', 2],
      },
      {
        code: 'BATCH_BRANCH_MISMATCH',
        severity: 'error',
        message: "node 'all' (batch): child 'unlisted' is missing from options.branches",
        nodeId: 'all',
        path: ['nodes', 1, 'options', 'branches'],
      },
      {
        code: 'BATCH_BRANCH_MISMATCH',
        severity: 'error',
        message:
          "node 'all' (batch): branch 'sub' is a end node; batch branches must be chunk nodes",
        nodeId: 'all',
        path: ['nodes', 1, 'options', 'branches', 3],
      },
    ]);
  });
});

describe('validateBlueprint: match and endMatch', () => {
  it('requires endMatch to close a match, once', () => {
    const input = playbook();
    (input['nodes'] as unknown[]).push(endMatch('end2', 'route'), endMatch('end3', 'prepare'));
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'DUPLICATE_END_MATCH',
        severity: 'error',
        message: "node 'end2' (endMatch) closes match 'route', which 'route-end' already closes",
        nodeId: 'end2',
        path: ['nodes', 9, 'options', 'match'],
      },
      {
        code: 'UNKNOWN_MATCH',
        severity: 'error',
        message:
          "node 'end3' (endMatch) closes 'prepare', which is node 'prepare' (chunk); expected a match node",
        nodeId: 'end3',
        path: ['nodes', 10, 'options', 'match'],
      },
      {
        code: 'UNREACHABLE_NODE',
        severity: 'warning',
        message: "node 'end3' (endMatch) is not reachable from any start or event node",
        nodeId: 'end3',
        path: ['nodes', 10],
      },
    ]);
  });

  const routed = (cases: unknown[], mode = 'hitFirst'): Json =>
    blueprint([start, match('m', cases, mode), chunk('done')], chain('start', 'm'));

  it('requires a condition on every case but the else, and a single else', () => {
    const input = routed([
      { id: 'a' },
      { id: 'b', when: { value: 1 } },
      { id: 'other', isElse: true },
      { id: 'again', isElse: true },
    ]);
    expect(validateBlueprint(input).filter((i) => i.code !== 'UNREACHABLE_NODE')).toEqual([
      {
        code: 'INVALID_CASE',
        severity: 'error',
        message:
          "node 'm' (match): case 'a' has no when condition (a value, a condition ref or an expression); only the else case may omit it",
        nodeId: 'm',
        path: ['nodes', 1, 'options', 'cases', 0, 'when'],
      },
      {
        code: 'INVALID_CASE',
        severity: 'error',
        message: "node 'm' (match): case 'again' is a second else case; 'other' is the else case",
        nodeId: 'm',
        path: ['nodes', 1, 'options', 'cases', 3, 'isElse'],
      },
    ]);
  });

  it('warns about cases that can never be taken', () => {
    const cases = [
      { id: 'a', when: { value: { tier: 'gold', tags: ['x'] } } },
      { id: 'b', when: { value: { tags: ['x'], tier: 'gold' } } },
      { id: 'c', when: { value: { tier: 'gold', tags: ['y'] } } },
      { id: 'other', isElse: true },
      { id: 'late', when: { value: 'z' } },
    ];
    expect(codes(validateBlueprint(routed(cases, 'hitAll')))).toEqual([
      'UNREACHABLE_CASE',
      'UNREACHABLE_NODE',
    ]);
    expect(validateBlueprint(routed(cases)).filter((i) => i.code === 'UNREACHABLE_CASE')).toEqual([
      {
        code: 'UNREACHABLE_CASE',
        severity: 'warning',
        message:
          "node 'm' (match): case 'b' tests the same value as the earlier case 'a', which always wins in hitFirst mode",
        nodeId: 'm',
        path: ['nodes', 1, 'options', 'cases', 1, 'when', 'value'],
      },
      {
        code: 'UNREACHABLE_CASE',
        severity: 'warning',
        message:
          "node 'm' (match): case 'late' comes after the else case 'other'; the else case must be last",
        nodeId: 'm',
        path: ['nodes', 1, 'options', 'cases', 4],
      },
    ]);
  });

  it('reaches an endMatch through its match, and lets a match route out of a loop', () => {
    const input = blueprint(
      [
        start,
        chunk('work'),
        match('more', [{ id: 'yes', when: { value: true } }]),
        endMatch('done', 'more'),
      ],
      [...chain('start', 'work', 'more'), edge('e3', 'more', 'work', { sourceHandle: 'case:yes' })],
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'NO_ELSE_CASE',
        severity: 'warning',
        message:
          "node 'more' (match) has no else case: when no case matches, its input goes on unchanged after its merge",
        nodeId: 'more',
        path: ['nodes', 2, 'options', 'cases'],
      },
    ]);
  });

  it('sees a loop through a match whose every way leads back into it', () => {
    const loop = (cases: Json[], extra: Json[] = []): Json =>
      blueprint(
        [start, chunk('work'), match('more', cases), chunk('after')],
        [
          ...chain('start', 'work', 'more'),
          edge('e3', 'more', 'work', { sourceHandle: 'case:yes' }),
          ...extra,
        ],
      );
    const both = [
      { id: 'yes', when: { value: true } },
      { id: 'other', isElse: true },
    ];
    expect(
      validateBlueprint(loop(both, [edge('e4', 'more', 'work', { sourceHandle: 'else' })])),
    ).toEqual([
      {
        code: 'UNREACHABLE_NODE',
        severity: 'warning',
        message: "node 'after' (chunk) is not reachable from any start or event node",
        nodeId: 'after',
        path: ['nodes', 3],
      },
      {
        code: 'CYCLE_WITHOUT_LOOP',
        severity: 'error',
        message:
          "the cycle through nodes 'work', 'more' never ends: every case of its match leads back into the loop",
        nodeId: 'work',
        path: ['nodes', 1],
      },
    ]);
    // The else leads out, or leads nowhere (the run stops): the loop can end.
    expect(
      validateBlueprint(loop(both, [edge('e4', 'more', 'after', { sourceHandle: 'else' })])),
    ).toEqual([]);
    expect(codes(validateBlueprint(loop(both)))).toEqual(['UNREACHABLE_NODE']);
  });
});

describe('validateBlueprint: names resolved against a registry', () => {
  it('reports unregistered handlers, but only when a registry is given', () => {
    const input = playbook();
    const nodes = input['nodes'] as Json[];
    nodes[4] = chunk('handleA', { handler: { ref: 'handleZ' } });
    nodes[5] = chunk('handleB', { handler: { ref: 'toString' } });
    expect(validateBlueprint(input)).toEqual([]);
    expect(validateBlueprint(input, registry)).toEqual([
      {
        code: 'HANDLER_NOT_REGISTERED',
        severity: 'error',
        message: "node 'handleA' (chunk) uses handler 'handleZ', which is not registered",
        nodeId: 'handleA',
        path: ['nodes', 4, 'handler', 'ref'],
      },
      {
        code: 'HANDLER_NOT_REGISTERED',
        severity: 'error',
        message: "node 'handleB' (chunk) uses handler 'toString', which is not registered",
        nodeId: 'handleB',
        path: ['nodes', 5, 'handler', 'ref'],
      },
    ]);
    expect(codes(validateBlueprint(input, {}))).toEqual(Array(6).fill('HANDLER_NOT_REGISTERED'));
  });

  it("checks a handler's config against its registration's schema, one issue per problem", () => {
    const input = blueprint(
      [start, chunk('call', { handler: { ref: 'http', config: { url: 'nope', retries: 1.5 } } })],
      chain('start', 'call'),
    );
    expect(validateBlueprint(input, registry)).toEqual([
      {
        code: 'INVALID_CONFIG',
        severity: 'error',
        message: "node 'call' (chunk): config of handler 'http' is invalid: url: Invalid URL",
        nodeId: 'call',
        path: ['nodes', 1, 'handler', 'config', 'url'],
      },
      {
        code: 'INVALID_CONFIG',
        severity: 'error',
        message:
          "node 'call' (chunk): config of handler 'http' is invalid: retries: Invalid input: expected int, received number",
        nodeId: 'call',
        path: ['nodes', 1, 'handler', 'config', 'retries'],
      },
    ]);
    const fixed = JSON.parse(
      JSON.stringify(input).replace('"nope"', '"https://example.com"').replace('1.5', '2'),
    ) as unknown;
    expect(validateBlueprint(fixed, registry)).toEqual([]);
  });

  const conditional = (when: Json): Json =>
    blueprint(
      [
        start,
        match('m', [
          { id: 'c', when },
          { id: 'other', isElse: true },
        ]),
        chunk('handleA'),
      ],
      [...chain('start', 'm'), edge('e2', 'm', 'handleA', { sourceHandle: 'case:c' })],
    );
  const caseWhen = ['nodes', 1, 'options', 'cases', 0, 'when'];

  it('resolves condition refs and compiles expressions', () => {
    expect(validateBlueprint(conditional({ ref: 'isUrgent' }), registry)).toEqual([]);
    expect(validateBlueprint(conditional({ expression: 'priority = 1' }), registry)).toEqual([]);
    expect(validateBlueprint(conditional({ ref: 'isLate' }), registry)).toEqual([
      {
        code: 'CONDITION_NOT_REGISTERED',
        severity: 'error',
        message: "node 'm' (match), case 'c' uses condition 'isLate', which is not registered",
        nodeId: 'm',
        path: [...caseWhen, 'ref'],
      },
    ]);
    const olderThan = { ref: 'olderThan', config: { minutes: 'ten' } };
    expect(validateBlueprint(conditional(olderThan), registry)).toEqual([
      {
        code: 'INVALID_CONFIG',
        severity: 'error',
        message:
          "node 'm' (match): config of condition 'olderThan' is invalid: minutes: Invalid input: expected number, received string",
        nodeId: 'm',
        path: [...caseWhen, 'config', 'minutes'],
      },
    ]);
    expect(validateBlueprint(conditional({ expression: 'count(x)' }), registry)).toEqual([
      {
        code: 'INVALID_EXPRESSION',
        severity: 'error',
        message:
          "node 'm' (match), case 'c': expression does not compile: unexpected '(' in count(x)",
        nodeId: 'm',
        path: [...caseWhen, 'expression'],
      },
    ]);
    expect(validateBlueprint(conditional({ expression: 'x = 1' }), fixtureRegistry)).toEqual([
      {
        code: 'EXPRESSION_UNSUPPORTED',
        severity: 'error',
        message:
          "node 'm' (match), case 'c' uses an expression, but the registry has no compileExpression",
        nodeId: 'm',
        path: [...caseWhen, 'expression'],
      },
    ]);
    expect(validateBlueprint(conditional({ expression: 'count(x)' }))).toEqual([]);
  });

  it('warns when a stored sub-flow cannot be loaded', () => {
    const input = blueprint(
      [start, { id: 'sub', kind: 'subFlow', options: { flow: { ref: { flowId: 'enrich' } } } }],
      chain('start', 'sub'),
    );
    const warning = {
      code: 'SUB_FLOW_LOADER_MISSING',
      severity: 'warning',
      message:
        "node 'sub' (subFlow) names stored flow 'enrich', but the registry has no loadFlow to resolve it",
      nodeId: 'sub',
      path: ['nodes', 1, 'options', 'flow', 'ref'],
    };
    expect(validateBlueprint(input, registry)).toEqual([warning]);
    expect(validateBlueprint(input)).toEqual([]);
    const loadFlow = (): never => {
      throw new Error('not called by validation');
    };
    expect(validateBlueprint(input, { ...registry, loadFlow })).toEqual([]);
  });
});

describe('validateBlueprint: inline sub-flows', () => {
  it("reports the child's issues on the sub-flow node, with the child's paths", () => {
    const child = blueprint(
      [start, chunk('inner', { handler: { ref: 'nope' } })],
      [edge('c1', 'start', 'inner'), edge('c2', 'inner', 'ghost')],
    );
    child['name'] = 'enrich';
    const input = blueprint(
      [start, { id: 'sub', kind: 'subFlow', options: { flow: { inline: child }, concurrency: 0 } }],
      chain('start', 'sub'),
    );
    const inline = ['nodes', 1, 'options', 'flow', 'inline'];
    expect(validateBlueprint(input, registry)).toEqual([
      {
        code: 'INVALID_SCHEMA',
        severity: 'error',
        message: "node 'sub' (subFlow): options.concurrency: Too small: expected number to be >0",
        nodeId: 'sub',
        path: ['nodes', 1, 'options', 'concurrency'],
      },
      {
        code: 'DANGLING_EDGE',
        severity: 'error',
        message: "in sub-flow 'enrich': edge 'c2' ends at 'ghost', which is not a node",
        nodeId: 'sub',
        path: [...inline, 'edges', 1, 'target'],
      },
      {
        code: 'HANDLER_NOT_REGISTERED',
        severity: 'error',
        message:
          "in sub-flow 'enrich': node 'inner' (chunk) uses handler 'nope', which is not registered",
        nodeId: 'sub',
        path: [...inline, 'nodes', 1, 'handler', 'ref'],
      },
    ]);
  });

  it('reports an inline child that is not a blueprint at all', () => {
    const input = blueprint(
      [start, { id: 'sub', kind: 'subFlow', options: { flow: { inline: { name: 'x' } } } }],
      chain('start', 'sub'),
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'UNSUPPORTED_SCHEMA',
        severity: 'error',
        message: `in sub-flow 'x': unsupported blueprint schema: found no schema version, expected one of '${BLUEPRINT_SCHEMA}'`,
        nodeId: 'sub',
        path: ['nodes', 1, 'options', 'flow', 'inline', 'schema'],
      },
    ]);
  });
});

describe('validateBlueprint: reachability and cycles', () => {
  it('warns about nodes no entry leads to, reaching group children the way runs do', () => {
    const input = blueprint(
      [
        start,
        { id: 'each', kind: 'forEach', options: { concurrency: 2 } },
        chunk('body', { parentId: 'each' }),
        chunk('stray', { parentId: 'each' }),
        { id: 'all', kind: 'batch', options: { concurrency: null, branches: ['x'] } },
        chunk('x', { parentId: 'all' }),
        chunk('island'),
        chunk('afterIsland'),
      ],
      [
        edge('e1', 'start', 'each'),
        edge('e2', 'each', 'body', { sourceHandle: 'item' }),
        edge('e3', 'body', 'each', { targetHandle: 'end' }),
        edge('e4', 'each', 'all', { sourceHandle: 'out' }),
        edge('e5', 'island', 'afterIsland'),
      ],
    );
    expect(validateBlueprint(input)).toEqual(
      ['stray', 'island', 'afterIsland'].map((id) => ({
        code: 'UNREACHABLE_NODE',
        severity: 'warning',
        message: `node '${id}' (chunk) is not reachable from any start or event node`,
        nodeId: id,
        path: ['nodes', id === 'stray' ? 3 : id === 'island' ? 6 : 7],
      })),
    );
  });

  it('reports every cycle that no match can leave, once, on its first node', () => {
    const input = blueprint(
      [start, chunk('a'), chunk('b'), chunk('c'), chunk('self'), chunk('d')],
      [
        ...chain('start', 'a', 'b', 'c'),
        edge('back', 'c', 'a'),
        edge('e4', 'start', 'self'),
        edge('loop', 'self', 'self'),
        edge('e5', 'start', 'd'),
      ],
    );
    expect(validateBlueprint(input)).toEqual([
      {
        code: 'CYCLE_WITHOUT_LOOP',
        severity: 'error',
        message:
          "the cycle through nodes 'a', 'b', 'c' never ends: it has no match node to route out of the loop",
        nodeId: 'a',
        path: ['nodes', 1],
      },
      {
        code: 'CYCLE_WITHOUT_LOOP',
        severity: 'error',
        message:
          "the cycle through node 'self' never ends: it has no match node to route out of the loop",
        nodeId: 'self',
        path: ['nodes', 4],
      },
    ]);
  });

  it("does not mistake a group's own body for a cycle, but sees a loop around a group", () => {
    const groups = (): Json =>
      blueprint(
        [
          start,
          { id: 'each', kind: 'forEach', options: { concurrency: 2 } },
          chunk('body', { parentId: 'each' }),
          { id: 'all', kind: 'batch', options: { concurrency: 2, branches: ['x', 'y'] } },
          chunk('x', { parentId: 'all' }),
          chunk('y', { parentId: 'all' }),
          chunk('next'),
        ],
        [
          edge('e1', 'start', 'each'),
          edge('e2', 'each', 'body', { sourceHandle: 'item' }),
          edge('e3', 'body', 'each', { targetHandle: 'end' }),
          edge('e4', 'each', 'all', { sourceHandle: 'out' }),
          edge('e5', 'all', 'next'),
        ],
      );
    expect(validateBlueprint(groups())).toEqual([]);
    const looped = groups();
    (looped['edges'] as unknown[]).push(edge('back', 'next', 'each'));
    expect(validateBlueprint(looped)).toEqual([
      {
        code: 'CYCLE_WITHOUT_LOOP',
        severity: 'error',
        message:
          "the cycle through nodes 'each', 'body', 'all', 'x', 'y', 'next' never ends: it has no match node to route out of the loop",
        nodeId: 'each',
        path: ['nodes', 1],
      },
    ]);
  });
});

describe('validateBlueprint: pauses', () => {
  const approval = (timeout?: Json, timeoutEdge = false): Json =>
    blueprint(
      [start, pause('ask', timeout), chunk('yes'), chunk('late')],
      [
        ...chain('start', 'ask', 'yes'),
        ...(timeoutEdge ? [edge('t', 'ask', 'late', { sourceHandle: 'timeout' })] : []),
      ],
    );

  it('warns about a pause that may wait forever', () => {
    expect(validateBlueprint(approval()).filter((i) => i.code !== 'UNREACHABLE_NODE')).toEqual([
      {
        code: 'PAUSE_WITHOUT_TIMEOUT',
        severity: 'warning',
        message:
          "node 'ask' (pause) may wait forever; set options.timeout to say what happens when nobody answers",
        nodeId: 'ask',
        path: ['nodes', 1, 'options', 'timeout'],
      },
    ]);
  });

  it('requires an edge from the timeout handle when the timeout branches', () => {
    expect(validateBlueprint(approval(dayTimeout('branch'), true))).toEqual([]);
    expect(codes(validateBlueprint(approval(dayTimeout('continue'))))).toEqual([
      'UNREACHABLE_NODE',
    ]);
    expect(validateBlueprint(approval(dayTimeout('branch')))).toEqual([
      {
        code: 'TIMEOUT_BRANCH_UNCONNECTED',
        severity: 'error',
        message: "node 'ask' (pause) branches on timeout, but no edge leaves its 'timeout' handle",
        nodeId: 'ask',
        path: ['nodes', 1, 'options', 'timeout', 'action'],
      },
      {
        code: 'UNREACHABLE_NODE',
        severity: 'warning',
        message: "node 'late' (chunk) is not reachable from any start or event node",
        nodeId: 'late',
        path: ['nodes', 3],
      },
    ]);
  });
});

/** Every path into a JSON value, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

type Mutation = {
  at: number;
  op: 'delete' | 'replace' | 'kind' | 'handle' | 'id';
  value: unknown;
  text: string;
};

/**
 * A private copy of a generated value: later mutations edit the blueprint in place, and must not
 * edit (and so tie into cycles) values fast-check hands out again while shrinking.
 */
function copyOf(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return 'uncloneable';
  }
}

/** Applies one mutation at the `at`-th path (modulo) of the blueprint; returns the new root. */
function mutate(root: unknown, { at, op, value: generated, text }: Mutation): unknown {
  const value = copyOf(generated);
  const paths = pathsOf(root);
  const path = paths[at % paths.length] ?? [];
  if (path.length === 0) return op === 'replace' ? value : root;
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Json)[k], root) as Json;
  const key = path[path.length - 1] as string;
  const replacement: Record<Exclude<Mutation['op'], 'delete'>, unknown> = {
    replace: value,
    kind: text === '' ? 'chunk' : text,
    handle: text,
    id: text,
  };
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (op === 'kind' || op === 'handle' || op === 'id') {
    const field = { kind: 'kind', handle: 'sourceHandle', id: 'id' }[op];
    if (typeof parent[key] === 'object' && parent[key] !== null) {
      (parent[key] as Json)[field] = replacement[op];
    } else {
      parent[field] = replacement[op];
    }
  } else {
    parent[key] = replacement[op];
  }
  return root;
}

const anything = fc.anything({
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withBoxedValues: true,
  withObjectString: true,
});

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'kind', 'handle', 'id'),
  value: fc.anything({ maxDepth: 3, withNullPrototype: true, withSparseArray: true }),
  text: fc.oneof(
    fc.string(),
    fc.constantFrom('start', 'match', 'forEach', 'batch', 'subFlow', 'case:a', 'else', 'start'),
  ),
});

/** The result is an array of well-formed issues, and none says validation itself broke. */
function expectWellFormed(issues: unknown): void {
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues as BlueprintIssue[]) {
    expect(typeof issue.code).toBe('string');
    expect(['error', 'warning']).toContain(issue.severity);
    expect(typeof issue.message).toBe('string');
    expect(Array.isArray(issue.path)).toBe(true);
    expect(issue.message).not.toContain('validation stopped');
  }
}

describe('validateBlueprint: never throws', () => {
  it('returns issues for any value at all', () => {
    fc.assert(
      fc.property(anything, (input) => {
        expectWellFormed(validateBlueprint(input));
        expectWellFormed(validateBlueprint(input, registry));
      }),
      { numRuns: 500 },
    );
  });

  it('returns issues for any mutation of a valid blueprint', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const input = mutations.reduce<unknown>((bp, m) => mutate(bp, m), playbook());
        expectWellFormed(validateBlueprint(input));
        expectWellFormed(validateBlueprint(input, registry));
      }),
      { numRuns: 500 },
    );
  });

  it('always reports an edge that points at a missing node', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom('source' as const, 'target' as const),
        fc.string({ minLength: 1 }),
        fc.array(fc.record({ at: fc.nat(), op: fc.constant('delete' as const) })),
        (edgeAt, end, ghost, deletions) => {
          const input = playbook();
          const nodes = input['nodes'] as Json[];
          // Unrelated damage: drop up to three whole nodes.
          for (const d of deletions.slice(0, 3)) nodes.splice(d.at % nodes.length, 1);
          const ids = new Set(nodes.map((n) => n['id']));
          fc.pre(!ids.has(ghost));
          const edges = input['edges'] as Json[];
          const k = edgeAt % edges.length;
          const target = edges[k] as Json;
          target[end] = ghost;
          const issues = validateBlueprint(input, registry);
          expect(issues).toContainEqual({
            code: 'DANGLING_EDGE',
            severity: 'error',
            message: `edge '${String(target['id'])}' ${end === 'source' ? 'starts at' : 'ends at'} '${ghost}', which is not a node`,
            edgeId: target['id'],
            path: ['edges', k, end],
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
