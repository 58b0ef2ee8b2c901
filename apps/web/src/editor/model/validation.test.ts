import type { Blueprint, BlueprintIssue } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { blueprintFile, blueprintFiles } from './fixtures.test-support';
import { canRun, catalogRegistry, issuesByElement, type CatalogKind } from './validation';

/** The server's built-in catalog as `catalog.list` sends it (the fields validation reads). */
const catalog: CatalogKind[] = [
  ...['start', 'event', 'when', 'match', 'endMatch', 'forEach', 'batch', 'collect', 'pause'].map(
    (kind) => ({ kind, nodeKind: kind }),
  ),
  { kind: 'subFlow', nodeKind: 'subFlow' },
  { kind: 'end', nodeKind: 'end' },
  ...['transform', 'setState', 'getState', 'emitToStream', 'emitEvent', 'delay', 'http'].map(
    (kind) => ({ kind, nodeKind: 'chunk' }),
  ),
  ...['approval', 'agent', 'classify'].map((kind) => ({ kind, nodeKind: 'chunk' })),
];
const registry = catalogRegistry(catalog);
const codes = (issues: readonly BlueprintIssue[] | undefined) => issues?.map((i) => i.code);

describe('issuesByElement', () => {
  it.each(blueprintFiles)('finds no issue in $name without a registry', ({ blueprint }) => {
    expect(issuesByElement(blueprint).all).toEqual([]);
  });

  it.each(blueprintFiles.filter((f) => f.name.startsWith('nodes/samples/')))(
    'finds no issue in the sample $name against the catalog',
    ({ blueprint }) => {
      expect(issuesByElement(blueprint, registry)).toStrictEqual({
        all: [],
        nodes: new Map(),
        edges: new Map(),
        flow: [],
        errors: 0,
        warnings: 0,
      });
    },
  );

  it('flags handlers outside the catalog, by node', () => {
    const found = issuesByElement(blueprintFile('v1/for-each.json'), registry);
    expect([...found.nodes.keys()]).toEqual(['listItems', 'handleOne', 'summarize', 'finalize']);
    expect(found.nodes.get('handleOne')).toEqual([
      {
        code: 'HANDLER_NOT_REGISTERED',
        severity: 'error',
        message: "node 'handleOne' (chunk) uses handler 'handleOne', which is not registered",
        nodeId: 'handleOne',
        path: ['nodes', 3, 'handler', 'ref'],
      },
    ]);
    expect([found.errors, found.warnings, found.edges.size, found.flow]).toEqual([4, 0, 0, []]);
  });

  it('puts wiring problems on nodes, edges, or the flow', () => {
    const bp = blueprintFile('v1/for-each.json');
    bp.nodes = bp.nodes.filter((n) => n.id !== 'start');
    bp.edges.push(
      { id: 'e-ghost', source: 'finalize', target: 'ghost' },
      { id: 'e-bad-handle', source: 'listItems', sourceHandle: 'nope', target: 'finalize' },
    );
    const each = bp.nodes.find((n) => n.id === 'each');
    if (each?.kind === 'forEach') each.options.concurrency = null;
    const found = issuesByElement(bp);
    expect(codes(found.flow)).toEqual(['MISSING_ENTRY']);
    expect(codes(found.edges.get('e-ghost'))).toEqual(['DANGLING_EDGE']);
    expect(codes(found.edges.get('e-start'))).toEqual(['DANGLING_EDGE']);
    expect(codes(found.edges.get('e-bad-handle'))).toEqual(['UNKNOWN_HANDLE']);
    expect(found.nodes.get('listItems')).toEqual(found.edges.get('e-bad-handle'));
    expect(codes(found.nodes.get('each'))).toEqual(['FOR_EACH_UNCAPPED']);
    expect([found.errors, found.warnings]).toEqual([4, 1]);
  });

  it('puts the issues of an inline sub-flow on its node', () => {
    const bp = blueprintFile('v1/sub-flow-inline.json');
    const found = issuesByElement(bp, registry);
    expect(found.nodes.get('enrich')?.map((i) => i.message)).toEqual([
      "in sub-flow 'enrich': node 'fetchA' (chunk) uses handler 'fetchA', which is not registered",
      "in sub-flow 'enrich': node 'summarize' (chunk) uses handler 'summarize', which is not registered",
    ]);
  });

  it('accepts expressions unless a compiler is given, and resolves stored flows on the server', () => {
    const bp: Blueprint = {
      schema: 'triggerflow.blueprint/v1',
      name: 'x',
      nodes: [
        { id: 'start', kind: 'start' },
        {
          id: 'm',
          kind: 'match',
          options: {
            mode: 'hitFirst',
            cases: [
              { id: 'big', when: { expression: 'input > 10' } },
              { id: 'odd', when: { ref: 'isOdd' } },
              { id: 'other', isElse: true },
            ],
          },
        },
        { id: 'child', kind: 'subFlow', options: { flow: { ref: { flowId: 'f1' } } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'm' },
        { id: 'e2', source: 'm', sourceHandle: 'case:big', target: 'child' },
      ],
    };
    expect(codes(issuesByElement(bp, registry).all)).toEqual(['CONDITION_NOT_REGISTERED']);
    expect(codes(issuesByElement(bp, { chunks: {} }).all)).toEqual([
      'EXPRESSION_UNSUPPORTED',
      'CONDITION_NOT_REGISTERED',
      'SUB_FLOW_LOADER_MISSING',
    ]);
    const strict = catalogRegistry(catalog, {
      compileExpression: (source) => {
        throw new Error(`cannot parse ${source}`);
      },
    });
    expect(
      issuesByElement(bp, strict)
        .nodes.get('m')
        ?.map((i) => i.message),
    ).toEqual([
      "node 'm' (match), case 'big': expression does not compile: cannot parse input > 10",
      "node 'm' (match), case 'odd' uses condition 'isOdd', which is not registered",
    ]);
  });

  it('registers stubs that never run', async () => {
    const chunk = registry.chunks?.['transform'];
    expect(typeof chunk).toBe('function');
    if (typeof chunk === 'function') {
      expect(() => chunk(undefined as never)).toThrow(
        "'transform' runs on the server; the editor only knows its name",
      );
    }
    await expect(registry.loadFlow?.({ flowId: 'f1' })).rejects.toThrow(
      "stored flow 'f1' is resolved by the server",
    );
  });
});

describe('canRun', () => {
  const issue = (severity: BlueprintIssue['severity']): BlueprintIssue => ({
    code: 'UNREACHABLE_NODE',
    severity,
    message: 'm',
    path: [],
  });

  it('allows warnings and blocks errors with a message that counts them', () => {
    expect(canRun([])).toEqual({ ok: true });
    expect(canRun([issue('warning')])).toEqual({ ok: true });
    expect(canRun([issue('error'), issue('warning')])).toEqual({
      ok: false,
      message: 'This flow has 1 error. Fix it before running.',
    });
    expect(canRun(issuesByElement(blueprintFile('v1/for-each.json'), registry))).toEqual({
      ok: false,
      message: 'This flow has 4 errors. Fix them before running.',
    });
  });
});
