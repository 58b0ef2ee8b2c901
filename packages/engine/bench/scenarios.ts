import { TriggerFlow, type TriggerFlowRuntimeData } from '@triggerflow/engine';

type Data = TriggerFlowRuntimeData;

export interface Scenario {
  readonly name: string;
  /** What one run measures, e.g. "µs/step" or "executions/s". */
  readonly unit: string;
  /** Builds the flow (not timed) and returns one timed run. */
  setup(): () => Promise<void>;
  /** Converts one run's milliseconds into the reported figure. */
  figure(ms: number): number;
  /** The budget the issue sets, for the table. */
  readonly budget: string;
}

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
    return async () => {
      const execution = flow.createExecution({ autoClose: false });
      await execution.start(0);
      await execution.close();
    };
  },
  figure: (ms) => (ms * 1000) / steps,
});

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

export const scenarios: readonly Scenario[] = [
  chain(1_000),
  chain(10_000),
  forEach(10_000),
  forEach(100_000),
  sequentialMatch(10_000),
  concurrentChains(1_000),
];
