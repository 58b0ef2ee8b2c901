import {
  TriggerFlow,
  validateBlueprint,
  type HandlerRegistry,
  type TriggerFlowRuntimeData,
} from '@triggerflow/engine';
import { BLUEPRINT_SCHEMA, type Blueprint } from '@triggerflow/blueprint';

type Data = TriggerFlowRuntimeData;

export interface Scenario {
  readonly name: string;
  /** What one run measures, e.g. "µs/step" or "executions/s". */
  readonly unit: string;
  /** Builds the flow (not timed) and returns one timed run. */
  setup(): (() => Promise<void>) | Promise<() => Promise<void>>;
  /** Converts one run's milliseconds into the reported figure. */
  figure(ms: number): number;
  /** The budget the issue sets, for the table. */
  readonly budget: string;
}

/** Runs `once` `times` times per measured run and reports the mean (ms-scale scenarios). */
const repeat = (times: number, once: () => Promise<void>) => async () => {
  for (let i = 0; i < times; i += 1) await once();
};

const chain = (steps: number): Scenario => ({
  name: `chain of ${steps.toLocaleString('en-US')} chunks`,
  unit: 'µs/step',
  budget: '≤ 5',
  setup() {
    const flow = new TriggerFlow({ name: 'chain' });
    let cursor = flow.to((d: Data) => (d.input as number) + 1);
    for (let i = 1; i < steps; i += 1) cursor = cursor.to((d: Data) => (d.input as number) + 1);
    cursor.to(async (d: Data) => {
      if (d.input !== steps) throw new Error(`chain ended at ${String(d.input)}`);
      await d.setState('done', true);
    });
    // Short chains run several times per measured run, so the figure is not all JIT warm-up.
    return repeat(chainRepeats(steps), async () => {
      const execution = flow.createExecution({ autoClose: false });
      await execution.start(0);
      await execution.close();
    });
  },
  figure: (ms) => (ms * 1000) / steps / chainRepeats(steps),
});

const chainRepeats = (steps: number): number => Math.max(1, Math.round(10_000 / steps));

const forEach = (items: number): Scenario => ({
  name: `forEach over ${items.toLocaleString('en-US')} items, concurrency 64`,
  unit: 'µs/item',
  budget: '≤ 5',
  setup() {
    const flow = new TriggerFlow({ name: 'forEach' });
    const input = Array.from({ length: items }, (_, i) => i);
    flow
      .forEach({ concurrency: 64 })
      .to(function double(d: Data) {
        return (d.input as number) * 2;
      })
      .endForEach()
      .to(async function check(d: Data) {
        const out = d.input as number[];
        if (out.length !== items || out[items - 1] !== (items - 1) * 2)
          throw new Error('bad forEach');
        await d.setState('count', out.length);
      });
    return async () => {
      const execution = flow.createExecution({ autoClose: false });
      await execution.start(input);
      await execution.close();
    };
  },
  figure: (ms) => (ms * 1000) / items,
});

function matchFlow(): TriggerFlow {
  const flow = new TriggerFlow({ name: 'match' });
  flow
    .to(function classify(d: Data) {
      return (d.input as number) % 3 === 0 ? 'A' : (d.input as number) % 3 === 1 ? 'B' : 'C';
    })
    .match()
    .case('A')
    .to(function handleA() {
      return 'a';
    })
    .case('B')
    .to(function handleB() {
      return 'b';
    })
    .caseElse()
    .to(function handleOther() {
      return 'other';
    })
    .endMatch()
    .to(async function finish(d: Data) {
      await d.setState('answer', d.input);
    });
  return flow;
}

const sequentialMatch = (runs: number): Scenario => ({
  name: `${runs.toLocaleString('en-US')} sequential executions of a 3-case match flow`,
  unit: 'executions/s',
  budget: '≥ 20,000',
  setup() {
    const flow = matchFlow();
    return async () => {
      for (let i = 0; i < runs; i += 1) await flow.start(i);
    };
  },
  figure: (ms) => runs / (ms / 1000),
});

const concurrentChains = (runs: number): Scenario => ({
  name: `${runs.toLocaleString('en-US')} concurrent 3-chunk executions`,
  unit: 'executions/s',
  budget: '—',
  setup() {
    const flow = new TriggerFlow({ name: 'three' });
    flow
      .to(async function fetchIt(d: Data) {
        await Promise.resolve();
        return d.input;
      })
      .to(function shape(d: Data) {
        return { value: d.input };
      })
      .to(async function store(d: Data) {
        await d.setState('result', d.input);
      });
    return async () => {
      await Promise.all(Array.from({ length: runs }, (_, i) => flow.start(i)));
    };
  },
  figure: (ms) => runs / (ms / 1000),
});

function pausedFlow(keys: number): TriggerFlow {
  const flow = new TriggerFlow({ name: 'paused' });
  flow
    .to(async function fill(d: Data) {
      for (let i = 0; i < keys; i += 1)
        await d.setState(`key${i}`, { index: i, label: `value ${i}` });
      return d.pauseFor({ type: 'approval', interruptId: 'approve', payload: { keys } });
    })
    .to(async function decided(d: Data) {
      await d.setState('decision', d.input);
    });
  return flow;
}

const ROUND_TRIPS = 20;

const saveLoadPaused = (keys: number): Scenario => ({
  name: `save + stringify, parse + load + continueWith, ${keys.toLocaleString('en-US')} state keys`,
  unit: 'ms',
  budget: '< 5',
  async setup() {
    const paused = pausedFlow(keys).createExecution({ autoClose: false });
    await paused.start(null);
    const restoredFlow = pausedFlow(keys);
    return repeat(ROUND_TRIPS, async () => {
      const text = JSON.stringify(paused.save());
      const restored = restoredFlow.createExecution({ autoClose: false }).load(JSON.parse(text));
      await restored.continueWith('approve', 'yes');
      if (restored.getState('decision') !== 'yes') throw new Error('not resumed');
    });
  },
  figure: (ms) => ms / ROUND_TRIPS,
});

function chainBlueprint(nodes: number): Blueprint {
  const ids = Array.from({ length: nodes - 1 }, (_, i) => `step${i}`);
  return {
    schema: BLUEPRINT_SCHEMA,
    name: 'large',
    nodes: [
      { id: 'start', kind: 'start' },
      ...ids.map((id) => ({ id, kind: 'chunk' as const, handler: { ref: 'increment' } })),
    ],
    edges: ids.map((id, i) => ({
      id: `e${i}`,
      source: i === 0 ? 'start' : (ids[i - 1] as string),
      target: id,
    })),
  };
}

const BLUEPRINT_RUNS = 3;

const validateLarge = (nodes: number): Scenario => ({
  name: `validateBlueprint, ${nodes.toLocaleString('en-US')}-node blueprint`,
  unit: 'ms',
  budget: '—',
  setup() {
    const blueprint = chainBlueprint(nodes);
    return repeat(BLUEPRINT_RUNS, () => {
      const issues = validateBlueprint(blueprint, registry);
      if (issues.some((i) => i.severity === 'error')) throw new Error(issues[0]?.message);
      return Promise.resolve();
    });
  },
  figure: (ms) => ms / BLUEPRINT_RUNS,
});

const loadLarge = (nodes: number): Scenario => ({
  name: `fromBlueprint (validates, then builds), ${nodes.toLocaleString('en-US')}-node blueprint`,
  unit: 'ms',
  budget: '< 100',
  setup() {
    const blueprint = chainBlueprint(nodes);
    return repeat(BLUEPRINT_RUNS, () => {
      TriggerFlow.fromBlueprint(blueprint, registry);
      return Promise.resolve();
    });
  },
  figure: (ms) => ms / BLUEPRINT_RUNS,
});

const registry: HandlerRegistry = {
  chunks: { increment: (d: Data) => (d.input as number) + 1 },
};

export const scenarios: readonly Scenario[] = [
  chain(1_000),
  chain(10_000),
  forEach(10_000),
  forEach(100_000),
  sequentialMatch(10_000),
  concurrentChains(1_000),
  saveLoadPaused(1_000),
  validateLarge(5_000),
  loadLarge(5_000),
];
