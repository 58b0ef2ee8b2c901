import { BLUEPRINT_SCHEMA, type Blueprint, type BlueprintNode } from '@triggerflow/blueprint';
import {
  ManualClock,
  TriggerFlow,
  settle,
  validateBlueprint,
  type TriggerFlowRuntimeData,
} from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import { dataKinds, NodeCatalog, transformKind } from '../src/index';
import { readStream } from './helpers';

const catalog = new NodeCatalog([...dataKinds]);
const capture = (d: TriggerFlowRuntimeData) => d.setState('out', d.input);
const registry = catalog.registry({ chunks: { capture } });

/** start → each step in order → capture (writes the last output to state `out`). */
function chain(
  steps: { kind: string; config: unknown }[],
  extra: Partial<Blueprint> = {},
): Blueprint {
  const nodes: BlueprintNode[] = [
    { id: 'start', kind: 'start' },
    ...steps.map((s, i) => ({
      id: `s${i}`,
      kind: 'chunk' as const,
      handler: { ref: s.kind, config: s.config },
    })),
    { id: 'capture', kind: 'chunk', handler: { ref: 'capture' } },
  ];
  const edges = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i}`, source: nodes[i]?.id ?? 'start', target: n.id }));
  return { schema: BLUEPRINT_SCHEMA, name: 'test', nodes, edges, ...extra };
}

async function run(blueprint: Blueprint, input: unknown, clock?: ManualClock) {
  const flow = TriggerFlow.fromBlueprint(blueprint, registry, clock ? { clock } : {});
  const execution = flow.createExecution({ autoClose: false });
  const stream = readStream(execution);
  await execution.start(input);
  const state = await execution.close();
  await stream.done;
  return { state, items: stream.items };
}

describe('transform', () => {
  it('evaluates JSONata over { input, state }', async () => {
    const { state } = await run(
      chain([
        { kind: 'setState', config: { key: 'rate', value: '0.5' } },
        {
          kind: 'transform',
          config: { expression: '{ "total": $sum(input.items.price) * state.rate }' },
        },
      ]),
      { items: [{ price: 10 }, { price: 30 }] },
    );
    expect(state.out).toEqual({ total: 20 });
  });

  it('reports a syntax error on the node with its position', () => {
    const issues = validateBlueprint(
      chain([{ kind: 'transform', config: { expression: 'input.a +' } }]),
      registry,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'INVALID_CONFIG',
      nodeId: 's0',
      path: ['nodes', 1, 'handler', 'config', 'expression'],
    });
    expect(issues[0]?.message).toContain('at position 9');
  });

  it('stops an expression that runs away (depth limit) with an error naming the limit', async () => {
    const runaway = '($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))';
    await expect(
      run(chain([{ kind: 'transform', config: { expression: runaway } }]), null),
    ).rejects.toThrow(/recursed deeper than 300 levels/);
  });

  it('rejects a missing expression', () => {
    const parsed = transformKind.configSchema.safeParse({});
    expect(parsed.success).toBe(false);
  });
});

describe('setState / getState', () => {
  it('writes dot paths, appends, and reads back with a default', async () => {
    const { state } = await run(
      chain([
        { kind: 'setState', config: { key: 'draft.title', value: 'input.title' } },
        { kind: 'setState', config: { key: 'log', value: '"first"', append: true } },
        { kind: 'setState', config: { key: 'log', value: '"second"', append: true } },
        { kind: 'getState', config: { key: 'missing', default: 'fallback' } },
      ]),
      { title: 'Hello' },
    );
    expect(state).toEqual({ draft: { title: 'Hello' }, log: ['first', 'second'], out: 'fallback' });
  });

  it('passes the input on from setState and reads a dot path with getState', async () => {
    const { state } = await run(
      chain([
        { kind: 'setState', config: { key: 'a.b', value: '42' } },
        { kind: 'getState', config: { key: 'a.b' } },
      ]),
      'in',
    );
    expect(state.out).toBe(42);
  });

  it('refuses a key that is not a state path', () => {
    const issues = validateBlueprint(
      chain([{ kind: 'setState', config: { key: 'a..b' } }]),
      registry,
    );
    expect(issues.map((i) => [i.code, i.path.slice(-1)[0]])).toEqual([['INVALID_CONFIG', 'key']]);
  });
});

describe('emitToStream / emitEvent', () => {
  it('streams the evaluated item and passes the input on', async () => {
    const { state, items } = await run(
      chain([{ kind: 'emitToStream', config: { item: '{ "progress": input * 10 }' } }]),
      3,
    );
    expect(items).toEqual([{ progress: 30 }]);
    expect(state.out).toBe(3);
  });

  it('emits an event that an event node + step receive, waiting for them', async () => {
    const blueprint = chain([{ kind: 'emitEvent', config: { event: 'Ping', value: 'input + 1' } }]);
    blueprint.nodes.push(
      { id: 'onPing', kind: 'event', options: { type: 'event', event: 'Ping' } },
      {
        id: 'pong',
        kind: 'chunk',
        handler: { ref: 'setState', config: { key: 'pong', value: 'input' } },
      },
    );
    blueprint.edges.push({ id: 'ping', source: 'onPing', target: 'pong' });
    const { state } = await run(blueprint, 1);
    expect(state).toEqual({ pong: 2, out: 1 });
  });
});

describe('delay', () => {
  it('waits on the engine clock', async () => {
    const clock = new ManualClock();
    const flow = TriggerFlow.fromBlueprint(
      chain([{ kind: 'delay', config: { ms: 5_000 } }]),
      registry,
      { clock },
    );
    const execution = flow.createExecution({ autoClose: false });
    let done = false;
    const started = execution.start('x').then(() => (done = true));
    await clock.advance(4_999);
    expect(done).toBe(false);
    await clock.advance(1);
    await started;
    await settle();
    expect(execution.getState('out')).toBe('x');
  });

  it('refuses a negative delay', () => {
    const issues = validateBlueprint(chain([{ kind: 'delay', config: { ms: -1 } }]), registry);
    expect(issues[0]?.code).toBe('INVALID_CONFIG');
  });
});

describe('the catalog', () => {
  it('lists structural nodes and registered kinds with JSON Schema forms', () => {
    const entries = catalog.entries();
    expect(entries.map((e) => e.kind)).toEqual([
      'start',
      'event',
      'when',
      'match',
      'endMatch',
      'forEach',
      'batch',
      'collect',
      'pause',
      'subFlow',
      'end',
      'transform',
      'setState',
      'getState',
      'emitToStream',
      'emitEvent',
      'delay',
    ]);
    const transform = entries.find((e) => e.kind === 'transform');
    expect(transform).toMatchObject({ nodeKind: 'chunk', category: 'data', icon: 'wand-2' });
    expect(transform?.configJsonSchema).toMatchObject({
      type: 'object',
      properties: { expression: { type: 'string', minLength: 1 } },
      required: ['expression'],
    });
  });

  it('refuses a second kind with a taken name', () => {
    expect(() => new NodeCatalog([transformKind, transformKind])).toThrow(
      "Node kind 'transform' is already registered.",
    );
  });

  it('gives match cases JSONata predicates', async () => {
    const blueprint: Blueprint = {
      schema: BLUEPRINT_SCHEMA,
      name: 'branch',
      nodes: [
        { id: 'start', kind: 'start' },
        {
          id: 'route',
          kind: 'match',
          options: {
            mode: 'hitFirst',
            cases: [
              { id: 'big', when: { expression: 'input > 10' } },
              { id: 'else', isElse: true },
            ],
          },
        },
        {
          id: 'isBig',
          kind: 'chunk',
          handler: { ref: 'setState', config: { key: 'size', value: '"big"' } },
        },
        {
          id: 'isSmall',
          kind: 'chunk',
          handler: { ref: 'setState', config: { key: 'size', value: '"small"' } },
        },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'route' },
        { id: 'b', source: 'route', sourceHandle: 'case:big', target: 'isBig' },
        { id: 'c', source: 'route', sourceHandle: 'else', target: 'isSmall' },
      ],
    };
    expect(validateBlueprint(blueprint, registry)).toEqual([]);
    expect((await run(blueprint, 11)).state).toEqual({ size: 'big' });
    expect((await run(blueprint, 2)).state).toEqual({ size: 'small' });
  });
});
