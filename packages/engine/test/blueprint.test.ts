import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLUEPRINT_SCHEMA, blueprintSchema } from '@triggerflow/blueprint';
import type { Blueprint, BlueprintEdge, BlueprintNode } from '@triggerflow/blueprint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  blueprintFingerprint,
  EngineError,
  ManualClock,
  TriggerFlow,
  validateBlueprint,
} from '../src/index';
import type {
  ChunkHandler,
  FlowProcess,
  HandlerRegistry,
  TriggerFlowOptions,
  TriggerFlowRuntimeData,
  TriggerFlowWarning,
} from '../src/index';
import { operatorId, testFlow } from './helpers';

type Data = TriggerFlowRuntimeData;
type Json = Record<string, unknown>;

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

/** Options for `fromBlueprint`: a manual clock, counted ids, warnings kept. */
function flowOptions(warnings: TriggerFlowWarning[] = []): Omit<TriggerFlowOptions, 'name'> {
  let next = 0;
  return {
    clock: new ManualClock(),
    idGenerator: () => `exec-${(next += 1)}`,
    onWarning: (w) => warnings.push(w),
  };
}

/** Loads a blueprint the way a server would: from its JSON text. */
function load(blueprint: unknown, registry: HandlerRegistry): TriggerFlow {
  const json = JSON.parse(JSON.stringify(blueprint)) as unknown;
  return TriggerFlow.fromBlueprint(json, registry, flowOptions());
}

/** The error `fn` throws synchronously (fails the test when it does not throw). */
function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected the call to throw');
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function nodeOf(blueprint: Blueprint, id: string): BlueprintNode {
  const node = blueprint.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node '${id}'`);
  return node;
}

// The playbook-shaped flow: prepare → classify → route → endMatch → forEach → batch → finalize.

interface Request {
  readonly text: string;
  readonly items: readonly number[];
}

function buildPlaybook(flow: TriggerFlow): void {
  flow
    .to(async function prepare(d: Data) {
      const request = d.input as Request;
      await d.setState('request', request);
      return request.text.trim().toLowerCase();
    })
    .to(function classify(d: Data) {
      const text = d.input as string;
      return text.startsWith('a') ? 'A' : text.startsWith('b') ? 'B' : 'other';
    })
    .match()
    .case('A')
    .to(async function handleA(d: Data) {
      await d.setState('route', 'A');
      return `handled ${String(d.input)}`;
    })
    .case('B')
    .to(async function handleB(d: Data) {
      await d.setState('route', 'B');
      return `handled ${String(d.input)}`;
    })
    .caseElse()
    .to(async function handleOther(d: Data) {
      await d.setState('route', 'other');
      return `handled ${String(d.input)}`;
    })
    .endMatch()
    .to(async function listItems(d: Data) {
      await d.setState('handled', d.input);
      return d.getState<Request>('request').items;
    })
    .forEach({ concurrency: 2 })
    .to(function handleOne(d: Data) {
      return (d.input as number) * 10;
    })
    .endForEach()
    .batch(
      [
        function total(d: Data) {
          return (d.input as number[]).reduce((sum, n) => sum + n, 0);
        },
        function count(d: Data) {
          return (d.input as number[]).length;
        },
      ],
      { concurrency: 1 },
    )
    .to(async function finalize(d: Data) {
      await d.setState('result', { route: d.getState('route'), ...(d.input as Json) });
    });
}

function playbook(name = 'playbook'): TriggerFlow {
  const { flow } = testFlow({ name });
  buildPlaybook(flow);
  return flow;
}

const INPUTS: Request[] = [
  { text: '  Apple pie ', items: [1, 2, 3] },
  { text: 'banana', items: [] },
  { text: 'cherry', items: [7] },
  { text: 'Blueberry', items: [4, 5] },
];

describe('toBlueprint()', () => {
  it('gives every step, group and match its node, with the ids, kinds and parents of the DSL', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const match = operatorId(flow, 'matchRoute');
    const each = operatorId(flow, 'forEachSplit');
    const batch = operatorId(flow, 'batchFanout');
    expect(match).toMatch(/^match-[0-9a-f]{16}$/);
    expect(each).toMatch(/^forEach-[0-9a-f]{16}$/);
    expect(batch).toMatch(/^batch-[0-9a-f]{16}$/);
    expect(bp.schema).toBe(BLUEPRINT_SCHEMA);
    expect(bp.name).toBe('playbook');
    expect(bp.nodes.map((n) => [n.id, n.kind, n.parentId ?? null])).toEqual([
      ['start', 'start', null],
      ['prepare', 'chunk', null],
      ['classify', 'chunk', null],
      [match, 'match', null],
      [`${match}-end`, 'endMatch', null],
      ['handleA', 'chunk', null],
      ['handleB', 'chunk', null],
      ['handleOther', 'chunk', null],
      ['listItems', 'chunk', null],
      [each, 'forEach', null],
      ['handleOne', 'chunk', each],
      [batch, 'batch', null],
      ['total', 'chunk', batch],
      ['count', 'chunk', batch],
      ['finalize', 'chunk', null],
    ]);
    expect(nodeOf(bp, 'prepare')).toMatchObject({ handler: { ref: 'prepare' } });
    expect(nodeOf(bp, 'handleOne')).toMatchObject({ handler: { ref: 'handleOne' } });
    expect(nodeOf(bp, match)).toMatchObject({
      options: {
        mode: 'hitFirst',
        cases: [
          { id: 'case-0', when: { value: 'A' } },
          { id: 'case-1', when: { value: 'B' } },
          { id: 'else', isElse: true },
        ],
      },
    });
    expect(nodeOf(bp, `${match}-end`)).toMatchObject({ options: { match } });
    expect(nodeOf(bp, each)).toMatchObject({ options: { concurrency: 2 } });
    expect(nodeOf(bp, batch)).toMatchObject({
      options: { concurrency: 1, branches: ['total', 'count'] },
    });
  });

  it('wires the nodes with one edge per subscription, naming the handles', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const match = operatorId(flow, 'matchRoute');
    const each = operatorId(flow, 'forEachSplit');
    const batch = operatorId(flow, 'batchFanout');
    const edge = (source: string, out: string, target: string, into: string): BlueprintEdge => ({
      id: `${source}:${out}->${target}:${into}`,
      source,
      sourceHandle: out,
      target,
      targetHandle: into,
    });
    expect([...bp.edges].sort(byId)).toEqual(
      [
        edge('start', 'out', 'prepare', 'in'),
        edge('prepare', 'out', 'classify', 'in'),
        edge('classify', 'out', match, 'in'),
        edge(match, 'case:case-0', 'handleA', 'in'),
        edge(match, 'case:case-1', 'handleB', 'in'),
        edge(match, 'else', 'handleOther', 'in'),
        edge('handleA', 'out', `${match}-end`, 'in'),
        edge('handleB', 'out', `${match}-end`, 'in'),
        edge('handleOther', 'out', `${match}-end`, 'in'),
        edge(`${match}-end`, 'out', 'listItems', 'in'),
        edge('listItems', 'out', each, 'in'),
        edge(each, 'item', 'handleOne', 'in'),
        edge('handleOne', 'out', each, 'end'),
        edge(each, 'out', batch, 'in'),
        edge(batch, 'out', 'finalize', 'in'),
      ].sort(byId),
    );
  });

  it('is a valid blueprint: it parses with blueprintSchema and validates without issues', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    expect(blueprintSchema.parse(copy(bp))).toEqual(bp);
    expect(validateBlueprint(bp, flow.handlerRegistry())).toEqual([]);
    expect(validateBlueprint(copy(bp), flow.handlerRegistry())).toEqual([]);
  });

  it('lays out every node; groups get a size and their children positions relative to them', () => {
    const bp = playbook().toBlueprint();
    for (const node of bp.nodes) {
      expect(Number.isFinite(node.position?.x), node.id).toBe(true);
      expect(Number.isFinite(node.position?.y), node.id).toBe(true);
    }
    const groups = bp.nodes.filter((n) => n.kind === 'forEach' || n.kind === 'batch');
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      expect(group.size?.width, group.id).toBeGreaterThan(0);
      expect(group.size?.height, group.id).toBeGreaterThan(0);
      const children = bp.nodes.filter((n) => n.parentId === group.id);
      expect(children.length, group.id).toBeGreaterThan(0);
      for (const child of children) {
        // Relative to the group: inside the group's own box, measured from its corner.
        const { x, y } = child.position ?? { x: -1, y: -1 };
        expect(x, child.id).toBeGreaterThanOrEqual(0);
        expect(y, child.id).toBeGreaterThanOrEqual(0);
        expect(x, child.id).toBeLessThan(group.size?.width ?? 0);
        expect(y, child.id).toBeLessThan(group.size?.height ?? 0);
      }
    }
    // Children in different groups sit at the same relative spot; their absolute places differ.
    const [one, two] = groups;
    expect(nodeOf(bp, 'handleOne').position).toEqual(nodeOf(bp, 'total').position);
    expect(one?.position).not.toEqual(two?.position);
    for (const node of bp.nodes.filter((n) => n.kind !== 'forEach' && n.kind !== 'batch')) {
      expect(node.size, node.id).toBeUndefined();
    }
  });

  it('lays the main chain out left to right, also past a forEach (whose end edge is no loop)', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const chain = [
      'start',
      'prepare',
      'classify',
      operatorId(flow, 'matchRoute'),
      `${operatorId(flow, 'matchRoute')}-end`,
      'listItems',
      operatorId(flow, 'forEachSplit'),
      operatorId(flow, 'batchFanout'),
      'finalize',
    ];
    const xs = chain.map((id) => nodeOf(bp, id).position?.x ?? Number.NaN);
    for (let i = 1; i < xs.length; i += 1) {
      expect(xs[i], `${chain[i]} right of ${chain[i - 1]}`).toBeGreaterThan(xs[i - 1] ?? 0);
    }
  });

  it('without layout, writes no positions or sizes', () => {
    const bp = playbook().toBlueprint({ layout: false });
    for (const node of bp.nodes) {
      expect(node.position, node.id).toBeUndefined();
      expect(node.size, node.id).toBeUndefined();
    }
  });
});

describe('round trip: toBlueprint → JSON → fromBlueprint', () => {
  it('has the same fingerprint and gives the same close snapshot', async () => {
    const flow = playbook();
    const restored = load(flow.toBlueprint(), flow.handlerRegistry());
    expect(restored.name).toBe('playbook');
    expect(restored.fingerprint()).toBe(flow.fingerprint());
    const snapshots: unknown[] = [];
    for (const input of INPUTS) {
      const original = await flow.start(input);
      expect(await restored.start(input)).toEqual(original);
      snapshots.push(original);
    }
    expect(snapshots[0]).toEqual({
      request: INPUTS[0],
      route: 'A',
      handled: 'handled A',
      result: { route: 'A', total: 60, count: 3 },
    });
    expect(snapshots[1]).toMatchObject({ route: 'B', result: { route: 'B', total: 0, count: 0 } });
    expect(snapshots[2]).toMatchObject({ route: 'other', handled: 'handled other' });
  });

  it('gives the same blueprint back (nodes in order, the same set of edges)', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const again = load(bp, flow.handlerRegistry()).toBlueprint();
    expect(again.nodes).toEqual(bp.nodes);
    expect([...again.edges].sort(byId)).toEqual([...bp.edges].sort(byId));
  });

  it('fingerprints as sha256 of the blueprint without layout: flow.fingerprint() = blueprintFingerprint', () => {
    const flow = playbook();
    expect(flow.fingerprint()).toMatch(FINGERPRINT);
    expect(blueprintFingerprint(flow.toBlueprint())).toBe(flow.fingerprint());
    expect(blueprintFingerprint(flow.toBlueprint({ layout: false }))).toBe(flow.fingerprint());
  });

  it('ignores positions, sizes, labels, name, description and meta', () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const moved: Blueprint = {
      ...copy(bp),
      name: 'renamed',
      description: 'a description',
      meta: { owner: 'someone' },
      nodes: bp.nodes.map((n, k) => ({
        ...copy(n),
        label: `Step ${k}`,
        position: { x: k * 7, y: -k },
        ...(n.size ? { size: { width: 999, height: 555 } } : {}),
      })),
    };
    expect(blueprintFingerprint(moved)).toBe(blueprintFingerprint(bp));
    const restored = load(moved, flow.handlerRegistry());
    expect(restored.name).toBe('renamed');
    expect(restored.fingerprint()).toBe(flow.fingerprint());
  });

  it('changes the fingerprint when the wiring, a handler ref, a config or an option changes', async () => {
    const flow = playbook();
    const bp = flow.toBlueprint();
    const registry = flow.handlerRegistry();
    const match = operatorId(flow, 'matchRoute');
    const base = flow.fingerprint();

    // Case A now leads to handleB and case B to handleA.
    const rewired = copy(bp);
    for (const e of rewired.edges) {
      if (e.source !== match) continue;
      if (e.target === 'handleA') e.target = 'handleB';
      else if (e.target === 'handleB') e.target = 'handleA';
    }
    const rewiredFlow = load(rewired, registry);
    expect(rewiredFlow.fingerprint()).toMatch(FINGERPRINT);
    expect(rewiredFlow.fingerprint()).not.toBe(base);
    expect(blueprintFingerprint(rewired)).not.toBe(blueprintFingerprint(bp));
    expect(await rewiredFlow.start(INPUTS[0])).toMatchObject({ route: 'B' });

    const renamedRef = copy(bp);
    const prepare = nodeOf(renamedRef, 'prepare');
    if (prepare.kind !== 'chunk') throw new Error('prepare is a chunk');
    prepare.handler = { ref: 'prepareAgain' };
    const prepareHandler = registry.chunks?.['prepare'] as ChunkHandler;
    const withRef = load(renamedRef, {
      ...registry,
      chunks: { ...registry.chunks, prepareAgain: prepareHandler },
    });
    expect(withRef.fingerprint()).not.toBe(base);
    // The same behaviour: only the name of the handler changed.
    expect(await withRef.start(INPUTS[0])).toEqual(await flow.start(INPUTS[0]));

    const configured = copy(bp);
    const classify = nodeOf(configured, 'classify');
    if (classify.kind !== 'chunk') throw new Error('classify is a chunk');
    classify.handler = { ref: 'classify', config: { strict: true } };
    expect(load(configured, registry).fingerprint()).not.toBe(base);

    const capped = copy(bp);
    const each = nodeOf(capped, operatorId(flow, 'forEachSplit'));
    if (each.kind !== 'forEach') throw new Error('a forEach node');
    each.options = { concurrency: 3 };
    expect(load(capped, registry).fingerprint()).not.toBe(base);

    const fingerprints = [
      base,
      rewiredFlow.fingerprint(),
      withRef.fingerprint(),
      load(configured, registry).fingerprint(),
      load(capped, registry).fingerprint(),
    ];
    expect(new Set(fingerprints).size).toBe(5);
  });

  it('gives two flows built the same way the same fingerprint, whatever their names', () => {
    const one = playbook('one');
    const two = playbook('two');
    expect(one.fingerprint()).toMatch(FINGERPRINT);
    expect(two.fingerprint()).toBe(one.fingerprint());
    expect(two.toBlueprint().nodes).toEqual(one.toBlueprint().nodes);
    // One more step: another definition, another fingerprint (the cached one is dropped).
    const before = one.fingerprint();
    one.when('Audit').to(function audit(d: Data) {
      return d.input;
    });
    expect(one.fingerprint()).toMatch(FINGERPRINT);
    expect(one.fingerprint()).not.toBe(before);
  });

  it('keeps a handler used twice under two names, and its behaviour', async () => {
    const { flow } = testFlow();
    function double(d: Data) {
      return (d.input as number) * 2;
    }
    flow
      .to(double)
      .to(double, { name: 'double-2' })
      .to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
    const bp = flow.toBlueprint();
    expect(bp.nodes.map((n) => [n.id, n.kind === 'chunk' ? n.handler.ref : null])).toEqual([
      ['start', null],
      ['double', 'double'],
      ['double-2', 'double'],
      ['store', 'store'],
    ]);
    const restored = load(bp, flow.handlerRegistry());
    expect(restored.fingerprint()).toBe(flow.fingerprint());
    expect(await restored.start(3)).toEqual({ out: 12 });
  });

  it('keeps two different handlers apart when they share a function name but have their own names', async () => {
    const { flow } = testFlow();
    const adder = (n: number) =>
      function add(d: Data) {
        return (d.input as number) + n;
      };
    flow
      .to(adder(1), { name: 'addOne' })
      .to(adder(10), { name: 'addTen' })
      .to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
    expect(await flow.start(0)).toEqual({ out: 11 });
    // Either the blueprint refuses to name both `add`, or each step keeps its own handler.
    let restored: TriggerFlow;
    try {
      restored = load(flow.toBlueprint(), flow.handlerRegistry());
    } catch (error) {
      expect(error).toBeInstanceOf(EngineError);
      return;
    }
    expect(await restored.start(0)).toEqual({ out: 11 });
  });
});

describe('blueprint errors', () => {
  it('refuses to export an anonymous handler or predicate (NON_SERIALIZABLE_HANDLER)', () => {
    const { flow } = testFlow();
    flow.to(function named(d: Data) {
      return d.input;
    });
    flow.when('Other').to((d: Data) => d.input);
    const error = thrown(() => flow.toBlueprint());
    expect(error.code).toBe('NON_SERIALIZABLE_HANDLER');
    expect(error.message).toContain('non-serializable handler');
    // The fingerprint does not need names: it still works.
    expect(flow.fingerprint()).toMatch(FINGERPRINT);

    const withPredicate = testFlow().flow;
    withPredicate
      .match()
      .case((d: Data) => d.input === 1)
      .to(function one(d: Data) {
        return d.input;
      })
      .endMatch();
    expect(thrown(() => withPredicate.toBlueprint()).code).toBe('NON_SERIALIZABLE_HANDLER');
  });

  it('fails with HANDLER_NOT_REGISTERED naming the node when a ref is not in the registry', () => {
    const bp = {
      schema: BLUEPRINT_SCHEMA,
      name: 'missing',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'fetchStep', kind: 'chunk', handler: { ref: 'fetch' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'fetchStep' }],
    };
    const error = thrown(() => TriggerFlow.fromBlueprint(bp, { chunks: {} }));
    expect(error.code).toBe('HANDLER_NOT_REGISTERED');
    expect(error.message).toContain("'fetchStep'");
    expect(error.message).toContain("'fetch'");
    expect(error.details['issues']).toEqual([
      expect.objectContaining({ code: 'HANDLER_NOT_REGISTERED', nodeId: 'fetchStep' }),
    ]);
    // Registered, it loads.
    const ok = TriggerFlow.fromBlueprint(bp, { chunks: { fetch: () => 1 } }, flowOptions());
    expect(ok.operators).toHaveLength(1);
  });

  it('fails with CONDITION_NOT_REGISTERED when a case names an unknown condition', () => {
    const bp = {
      schema: BLUEPRINT_SCHEMA,
      name: 'cond',
      nodes: [
        { id: 'start', kind: 'start' },
        {
          id: 'route',
          kind: 'match',
          options: { mode: 'hitFirst', cases: [{ id: 'big', when: { ref: 'isBig' } }] },
        },
        { id: 'onBig', kind: 'chunk', handler: { ref: 'h' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'route' },
        { id: 'e2', source: 'route', sourceHandle: 'case:big', target: 'onBig' },
      ],
    };
    const error = thrown(() => TriggerFlow.fromBlueprint(bp, { chunks: { h: () => 1 } }));
    expect(error.code).toBe('CONDITION_NOT_REGISTERED');
    expect(error.message).toContain("'route'");
  });

  it('rejects an invalid blueprint (a dangling edge) with INVALID_BLUEPRINT and every issue', () => {
    const bp = {
      schema: BLUEPRINT_SCHEMA,
      name: 'dangling',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'step', kind: 'chunk', handler: { ref: 'h' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'step' },
        { id: 'bad', source: 'step', target: 'ghost' },
      ],
    };
    const error = thrown(() => TriggerFlow.fromBlueprint(bp, { chunks: { h: () => 1 } }));
    expect(error.code).toBe('INVALID_BLUEPRINT');
    expect(error.message).toContain('ghost');
    expect(error.details['issues']).toEqual([
      expect.objectContaining({ code: 'DANGLING_EDGE', severity: 'error', edgeId: 'bad' }),
    ]);
    expect(thrown(() => TriggerFlow.fromBlueprint({ nodes: 3 }, {})).code).toBe(
      'INVALID_BLUEPRINT',
    );
  });

  describe('handler config', () => {
    const registry: HandlerRegistry = {
      chunks: {
        http: {
          handler: (d: Data) => ({ config: d.config, nodeId: d.nodeId, input: d.input }),
          configSchema: z.object({ url: z.url(), retries: z.number().int().optional() }),
        },
      },
    };
    const withConfig = (config: unknown): Json => ({
      schema: BLUEPRINT_SCHEMA,
      name: 'configured',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'callApi', kind: 'chunk', handler: { ref: 'http', config } },
        { id: 'end', kind: 'end' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'callApi' },
        { id: 'e2', source: 'callApi', target: 'end' },
      ],
    });

    it('rejects a config its registered schema rejects, with INVALID_BLUEPRINT and the config path', () => {
      const error = thrown(() =>
        TriggerFlow.fromBlueprint(withConfig({ url: 'not a url', retries: 2 }), registry),
      );
      expect(error.code).toBe('INVALID_BLUEPRINT');
      expect(error.message).toContain('callApi');
      expect(error.message).toContain('url');
      expect(error.details['issues']).toEqual([
        expect.objectContaining({
          code: 'INVALID_CONFIG',
          nodeId: 'callApi',
          path: ['nodes', 1, 'handler', 'config', 'url'],
        }),
      ]);
      const retries = thrown(() =>
        TriggerFlow.fromBlueprint(withConfig({ url: 'https://x.test', retries: 1.5 }), registry),
      );
      expect(retries.details['issues']).toEqual([
        expect.objectContaining({ path: ['nodes', 1, 'handler', 'config', 'retries'] }),
      ]);
    });

    it('hands a good config to the step as data.config, with data.nodeId', async () => {
      const config = { url: 'https://api.example.com/items', retries: 3 };
      const flow = TriggerFlow.fromBlueprint(withConfig(config), registry, flowOptions());
      expect(await flow.start('go')).toEqual({
        $final_result: { config, nodeId: 'callApi', input: 'go' },
      });
      // And it is written back, so the config survives a round trip.
      expect(nodeOf(flow.toBlueprint(), 'callApi')).toMatchObject({
        handler: { ref: 'http', config },
      });
    });
  });
});

describe('blueprint-only constructs', () => {
  const start = { id: 'start', kind: 'start' };
  const chunk = (id: string, ref = id): Json => ({ id, kind: 'chunk', handler: { ref } });
  const edge = (source: string, target: string, extra: Json = {}): Json => ({
    id: `${source}->${target}${typeof extra['sourceHandle'] === 'string' ? `@${extra['sourceHandle']}` : ''}`,
    source,
    target,
    ...extra,
  });
  const blueprint = (nodes: unknown[], edges: unknown[]): Json => ({
    schema: BLUEPRINT_SCHEMA,
    name: 'hand-written',
    nodes,
    edges,
  });

  it('joins two event nodes in a when node (mode and): fires once both arrived', async () => {
    const joined: unknown[] = [];
    const flow = load(
      blueprint(
        [
          { id: 'order', kind: 'event', options: { type: 'event', event: 'OrderPlaced' } },
          { id: 'payment', kind: 'event', options: { type: 'event', event: 'PaymentReceived' } },
          { id: 'both', kind: 'when', options: { mode: 'and' } },
          chunk('combine'),
          { id: 'end', kind: 'end' },
        ],
        [
          edge('order', 'both'),
          edge('payment', 'both'),
          edge('both', 'combine'),
          edge('combine', 'end'),
        ],
      ),
      {
        chunks: {
          combine: (d: Data) => {
            joined.push(d.input);
            return d.input;
          },
        },
      },
    );
    const execution = flow.createExecution({ autoClose: false });
    await execution.emit('OrderPlaced', { id: 1 });
    expect(joined).toEqual([]);
    await execution.emit('PaymentReceived', 20);
    const both = { event: { OrderPlaced: { id: 1 }, PaymentReceived: 20 } };
    expect(joined).toEqual([both]);
    expect(await execution.close()).toEqual({ $final_result: both });
  });

  it('pauses at a pause node; continueWith resumes it and the next node gets the value', async () => {
    const got: unknown[] = [];
    const flow = load(
      blueprint(
        [
          start,
          {
            id: 'approve',
            kind: 'pause',
            options: {
              type: 'approval',
              payload: { question: 'Ship it?' },
              timeout: { afterMs: 60_000, action: 'fail' },
            },
          },
          chunk('after'),
        ],
        [edge('start', 'approve'), edge('approve', 'after')],
      ),
      {
        chunks: {
          after: async (d: Data) => {
            got.push(d.input);
            await d.setState('decision', d.input);
          },
        },
      },
    );
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('release 1.2');
    expect(execution.status).toBe('waiting');
    const pending = Object.values(execution.getPendingInterrupts());
    expect(pending).toHaveLength(1);
    const [interrupt] = pending;
    expect(interrupt).toMatchObject({
      type: 'approval',
      payload: { question: 'Ship it?' },
      resumeTo: 'next',
      status: 'waiting',
    });
    expect(got).toEqual([]);
    await execution.continueWith(interrupt?.id ?? '', { approved: true });
    expect(got).toEqual([{ approved: true }]);
    expect(execution.getInterrupt(interrupt?.id ?? '')?.status).toBe('resumed');
    expect(await execution.close()).toEqual({ decision: { approved: true } });
  });

  it('gives a pause node without payload the payload { input } of what reached it', async () => {
    const flow = load(
      blueprint(
        [start, { id: 'ask', kind: 'pause', options: { type: 'question', maxResumes: 1 } }],
        [edge('start', 'ask')],
      ),
      {},
    );
    const execution = flow.createExecution({ autoClose: false });
    await execution.start({ draft: 'text' });
    expect(Object.values(execution.getPendingInterrupts())).toEqual([
      expect.objectContaining({ type: 'question', payload: { input: { draft: 'text' } } }),
    ]);
    await execution.close({ pendingInterrupts: 'cancel' });
  });

  it("answering a pause does not run its timeout branch (the approval fixture's notify)", async () => {
    const ran: string[] = [];
    const step = (name: string) => (d: Data) => {
      ran.push(`${name}:${JSON.stringify(d.input)}`);
      return name;
    };
    const fixture = readFileSync(
      join(import.meta.dirname, '../../blueprint/fixtures/v1/approval.json'),
      'utf8',
    );
    const flow = load(JSON.parse(fixture), {
      chunks: { prepare: step('prepare'), finalize: step('finalize'), notify: step('notify') },
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('v2');
    const [id] = Object.keys(execution.getPendingInterrupts());
    await execution.continueWith(id ?? '', { approved: true });
    expect(ran).toEqual(['prepare:"v2"', 'finalize:{"approved":true}']);
    expect(await execution.close()).toEqual({ $final_result: 'finalize' });
  });

  it('writes $final_result at an end node, unless a result is already there', async () => {
    const nodes = [start, chunk('work'), { id: 'end', kind: 'end' }];
    const edges = [edge('start', 'work'), edge('work', 'end')];
    const plain = load(blueprint(nodes, edges), {
      chunks: { work: (d: Data) => `worked ${String(d.input)}` },
    });
    expect(await plain.start(1)).toEqual({ $final_result: 'worked 1' });
    const early = load(blueprint(nodes, edges), {
      chunks: {
        work: async (d: Data) => {
          await d.setState('$final_result', 'set by the step');
          return 'returned';
        },
      },
    });
    expect(await early.start(1)).toEqual({ $final_result: 'set by the step' });
  });

  it('routes match cases by { value }, by { ref } (registry.conditions) and by { expression }', async () => {
    const compiled: string[] = [];
    const registry: HandlerRegistry = {
      chunks: { tag: (d: Data) => `${String(d.nodeId)}:${String(d.input)}` },
      conditions: { isBig: (d: Data) => typeof d.input === 'number' && d.input > 100 },
      compileExpression: (expression) => {
        compiled.push(expression);
        if (expression !== 'value < 0') throw new Error(`cannot compile ${expression}`);
        return (d: Data) => typeof d.input === 'number' && d.input < 0;
      },
    };
    const flow = load(
      blueprint(
        [
          start,
          {
            id: 'route',
            kind: 'match',
            options: {
              mode: 'hitFirst',
              cases: [
                { id: 'lit', when: { value: 'x' } },
                { id: 'big', when: { ref: 'isBig' } },
                { id: 'neg', when: { expression: 'value < 0' } },
                { id: 'other', isElse: true },
              ],
            },
          },
          chunk('onLit', 'tag'),
          chunk('onBig', 'tag'),
          chunk('onNeg', 'tag'),
          chunk('onOther', 'tag'),
          { id: 'route-end', kind: 'endMatch', options: { match: 'route' } },
          { id: 'end', kind: 'end' },
        ],
        [
          edge('start', 'route'),
          edge('route', 'onLit', { sourceHandle: 'case:lit' }),
          edge('route', 'onBig', { sourceHandle: 'case:big' }),
          edge('route', 'onNeg', { sourceHandle: 'case:neg' }),
          edge('route', 'onOther', { sourceHandle: 'else' }),
          edge('onLit', 'route-end'),
          edge('onBig', 'route-end'),
          edge('onNeg', 'route-end'),
          edge('onOther', 'route-end'),
          edge('route-end', 'end'),
        ],
      ),
      registry,
    );
    expect(compiled).toContain('value < 0');
    const results: unknown[] = [];
    for (const input of ['x', 500, -3, 7, 'y']) {
      results.push((await flow.start(input))['$final_result']);
    }
    expect(results).toEqual(['onLit:x', 'onBig:500', 'onNeg:-3', 'onOther:7', 'onOther:y']);
    // A blueprint's case conditions are written back as they were given.
    const route = nodeOf(flow.toBlueprint(), 'route');
    expect(route).toMatchObject({
      options: {
        cases: [
          { when: { value: 'x' } },
          { when: { ref: 'isBig' } },
          { when: { expression: 'value < 0' } },
          { isElse: true },
        ],
      },
    });
  });

  it('runs a chunk with two incoming edges once per incoming result', async () => {
    const merged: unknown[] = [];
    const flow = load(
      blueprint(
        [start, chunk('left'), chunk('right'), chunk('merge')],
        [
          edge('start', 'left'),
          edge('start', 'right'),
          edge('left', 'merge'),
          edge('right', 'merge'),
        ],
      ),
      {
        chunks: {
          left: (d: Data) => `L${String(d.input)}`,
          right: (d: Data) => `R${String(d.input)}`,
          merge: async (d: Data) => {
            merged.push(d.input);
            await d.appendState('merged', d.input);
          },
        },
      },
    );
    const snapshot = await flow.start(1);
    expect(merged).toHaveLength(2);
    expect([...merged].sort()).toEqual(['L1', 'R1']);
    expect((snapshot['merged'] as string[]).sort()).toEqual(['L1', 'R1']);
  });
});

describe('the v1 fixtures', () => {
  const fixturesDir = join(import.meta.dirname, '../../blueprint/fixtures/v1');
  const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));

  /** Every handler name a blueprint (and its inline sub-flows) uses. */
  function refsOf(bp: Blueprint): string[] {
    const refs: string[] = [];
    for (const node of bp.nodes) {
      if (node.kind === 'chunk') refs.push(node.handler.ref);
      if (node.kind === 'subFlow' && 'inline' in node.options.flow) {
        refs.push(...refsOf(node.options.flow.inline));
      }
    }
    return refs;
  }

  it('has the fixtures to load', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures)(
    'loads %s and keeps its fingerprint through toBlueprint → fromBlueprint',
    (file) => {
      const bp = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Blueprint;
      const refs = refsOf(bp);
      const registry: HandlerRegistry = {
        chunks: Object.fromEntries(refs.map((ref) => [ref, (d: Data) => d.input])),
      };
      const flow = load(bp, registry);
      expect(flow.name).toBe(bp.name);
      expect(flow.fingerprint()).toMatch(FINGERPRINT);
      const exported = flow.toBlueprint();
      for (const node of bp.nodes.filter((n) => n.kind !== 'event')) {
        expect(nodeOf(exported, node.id).kind, node.id).toBe(node.kind);
      }
      const again = load(exported, registry);
      expect(again.fingerprint()).toBe(flow.fingerprint());
    },
  );
});

// Random DSL flows from a small grammar: the round trip keeps fingerprint and behaviour.

type Part =
  | { kind: 'add'; constant: number }
  | { kind: 'forEach'; concurrency: number }
  | { kind: 'match' }
  | { kind: 'batch'; a: number; b: number };

const partArb: fc.Arbitrary<Part> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), constant: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ kind: fc.constant('forEach' as const), concurrency: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('match' as const) }),
  fc.record({
    kind: fc.constant('batch' as const),
    a: fc.integer({ min: 1, max: 5 }),
    b: fc.integer({ min: -5, max: 5 }),
  }),
);

/** `[name, handler]`: the step is named `name`, and so is its handler in the blueprint. */
const step = (name: string, fn: (n: number) => number): [string, ChunkHandler] => [
  name,
  (d: Data) => fn(d.input as number),
];

function buildRandom(flow: TriggerFlow, parts: readonly Part[]): void {
  let cursor: FlowProcess = flow.root;
  parts.forEach((part, i) => {
    const p = `s${i}`;
    switch (part.kind) {
      case 'add':
        cursor = cursor.to(step(`${p}-add`, (n) => n + part.constant));
        break;
      case 'forEach':
        cursor = cursor
          .to([`${p}-pair`, (d: Data) => [d.input, (d.input as number) + 1]])
          .forEach({ concurrency: part.concurrency })
          .to(step(`${p}-body`, (n) => n * 2 + 1))
          .endForEach()
          .to([`${p}-sum`, (d: Data) => (d.input as number[]).reduce((s, n) => s + n, 0)]);
        break;
      case 'match':
        cursor = cursor
          .to(step(`${p}-mod`, (n) => ((n % 3) + 3) % 3))
          .match()
          .case(0)
          .to(step(`${p}-zero`, () => 100))
          .case(1)
          .to(step(`${p}-one`, () => -7))
          .caseElse()
          .to(step(`${p}-else`, () => 42))
          .endMatch();
        break;
      case 'batch':
        cursor = cursor
          .batch([step(`${p}-times`, (n) => n * part.a), step(`${p}-plus`, (n) => n + part.b)])
          .to([
            `${p}-total`,
            (d: Data) => Object.values(d.input as Record<string, number>).reduce((s, n) => s + n),
          ]);
        break;
    }
  });
  cursor.to([
    'store',
    async (d: Data) => {
      await d.setState('out', d.input);
    },
  ]);
}

describe('round trip of random DSL flows (property)', () => {
  it('keeps the fingerprint and the result of flow.start(x)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(partArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3 }),
        async (parts, inputs) => {
          const { flow } = testFlow({ name: 'random' });
          buildRandom(flow, parts);
          const twin = testFlow({ name: 'twin' }).flow;
          buildRandom(twin, parts);
          expect(twin.fingerprint()).toBe(flow.fingerprint());
          const restored = load(flow.toBlueprint(), flow.handlerRegistry());
          expect(restored.fingerprint()).toBe(flow.fingerprint());
          for (const x of inputs) {
            const expected = await flow.start(x);
            expect(typeof expected['out']).toBe('number');
            expect(await restored.start(x)).toEqual(expected);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
