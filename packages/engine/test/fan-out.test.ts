import { describe, expect, it } from 'vitest';
import { EngineError, settle } from '../src/index';
import type { TriggerFlowRuntimeData } from '../src/index';
import { deferred, keep, testFlow, track } from './helpers';
import type { Deferred } from './helpers';

type Data = TriggerFlowRuntimeData;

describe('batch', () => {
  it('emits { [chunkName]: result } in declaration order, whatever order the branches finish in', async () => {
    const { flow } = testFlow();
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const started: string[] = [];
    const finished: string[] = [];
    const branch = (name: 'a' | 'b' | 'c', factor: number) =>
      [
        name,
        async (d: Data) => {
          started.push(name);
          await gates[name].promise;
          finished.push(name);
          return (d.input as number) * factor;
        },
      ] as const;
    flow.batch([branch('a', 1), branch('b', 10), branch('c', 100)]).to(keep);
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(2));
    await settle();
    // Every branch started before any finished: they run concurrently.
    expect(started).toEqual(['a', 'b', 'c']);
    expect(finished).toEqual([]);
    gates.c.resolve();
    await settle();
    gates.b.resolve();
    await settle();
    expect(run.state).toBe('pending');
    gates.a.resolve();
    await settle();
    expect(run.state).toBe('fulfilled');
    expect(finished).toEqual(['c', 'b', 'a']);
    const snapshot = await execution.close();
    expect(snapshot).toEqual({ result: { a: 2, b: 20, c: 200 } });
    expect(Object.keys(snapshot.result as object)).toEqual(['a', 'b', 'c']);
  });

  it('keys the result by the names of named functions', async () => {
    const { flow } = testFlow();
    flow
      .to(function prepare(d: Data) {
        return `${d.input as string}!`;
      })
      .batch([
        function upper(d: Data) {
          return (d.input as string).toUpperCase();
        },
        async function size(d: Data) {
          await Promise.resolve();
          return (d.input as string).length;
        },
      ])
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('hi');
    expect(await execution.close()).toEqual({ result: { upper: 'HI!', size: 3 } });
  });

  it('with concurrency: 1 runs one branch at a time, in declaration order', async () => {
    const { flow } = testFlow();
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const started: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const branch = (name: 'a' | 'b' | 'c') =>
      [
        name,
        async () => {
          started.push(name);
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await gates[name].promise;
          inFlight -= 1;
          return name.toUpperCase();
        },
      ] as const;
    flow.batch([branch('a'), branch('b'), branch('c')], { concurrency: 1 }).to(keep);
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start());
    await settle();
    expect(started).toEqual(['a']);
    gates.a.resolve();
    await settle();
    expect(started).toEqual(['a', 'b']);
    gates.b.resolve();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    gates.c.resolve();
    await settle();
    expect(run.state).toBe('fulfilled');
    expect(maxInFlight).toBe(1);
    expect(await execution.close()).toEqual({ result: { a: 'A', b: 'B', c: 'C' } });
  });

  it('with sideBranch: true runs in parallel and the cursor stays on the original value', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    const log: string[] = [];
    const nextInputs: unknown[] = [];
    flow
      .to(function prepare(d: Data) {
        return (d.input as number) + 1;
      })
      .batch(
        [
          async function slow(d: Data) {
            log.push(`slow:${String(d.input)}`);
            await gate.promise;
            log.push('slow:done');
            return 'slow';
          },
          function quick(d: Data) {
            log.push(`quick:${String(d.input)}`);
            return 'quick';
          },
        ],
        { sideBranch: true },
      )
      .to(function next(d: Data) {
        log.push('next');
        nextInputs.push(d.input);
      });
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(1));
    await settle();
    // `next` ran while a batch branch was still blocked: it did not wait for the batch.
    expect(log).toEqual(['slow:2', 'quick:2', 'next']);
    expect(nextInputs).toEqual([2]);
    expect(run.state).toBe('pending');
    gate.resolve();
    await settle();
    expect(run.state).toBe('fulfilled');
    expect(log).toEqual(['slow:2', 'quick:2', 'next', 'slow:done']);
    // The batch's own result is not chained into `next`.
    expect(nextInputs).toEqual([2]);
    await execution.close();
  });
});

describe('forEach / endForEach', () => {
  it('gives the results in input order even when items finish in reverse order', async () => {
    const { flow } = testFlow();
    const gates = new Map<number, Deferred<void>>([
      [1, deferred()],
      [2, deferred()],
      [3, deferred()],
    ]);
    const started: number[] = [];
    const finished: number[] = [];
    flow
      .forEach()
      .to(async function body(d: Data) {
        const item = d.input as number;
        started.push(item);
        await gates.get(item)?.promise;
        finished.push(item);
        return item * 10;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start([1, 2, 3]));
    await settle();
    expect(started).toEqual([1, 2, 3]);
    for (const item of [3, 2, 1]) {
      expect(run.state).toBe('pending');
      gates.get(item)?.resolve();
      await settle();
    }
    expect(run.state).toBe('fulfilled');
    expect(finished).toEqual([3, 2, 1]);
    expect(await execution.close()).toEqual({ result: [10, 20, 30] });
  });

  it('turns an empty array into [] without running the body', async () => {
    const { flow } = testFlow();
    let bodyRuns = 0;
    let afterRuns = 0;
    flow
      .forEach()
      .to(function body() {
        bodyRuns += 1;
        return 'x';
      })
      .endForEach()
      .to(async function after(d: Data) {
        afterRuns += 1;
        await keep(d);
      });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start([]);
    expect(bodyRuns).toBe(0);
    expect(afterRuns).toBe(1);
    expect(await execution.close()).toEqual({ result: [] });
  });

  it.each([
    ['a number', 42],
    ['a string', 'abc'],
    ['an object', { k: 1, list: [1, 2] }],
    ['null', null],
  ])('treats %s as one item', async (_label, input) => {
    const { flow } = testFlow();
    const seen: unknown[] = [];
    flow
      .forEach()
      .to(function body(d: Data) {
        seen.push(d.input);
        return { got: d.input };
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(input);
    expect(seen).toEqual([input]);
    expect(await execution.close()).toEqual({ result: [{ got: input }] });
  });

  it("runs the body once with the whole string 'abc'", async () => {
    const { flow } = testFlow();
    const seen: unknown[] = [];
    flow
      .forEach()
      .to(function body(d: Data) {
        seen.push(d.input);
        return (d.input as string).length;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('abc');
    expect(seen).toEqual(['abc']);
    expect(await execution.close()).toEqual({ result: [3] });
  });

  it('with concurrency: 3 over 10 items has at most 3 bodies in flight, and reaches 3', async () => {
    const { flow } = testFlow();
    const gates = new Map<number, Deferred<void>>();
    const started: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    flow
      .forEach({ concurrency: 3 })
      .to(async function body(d: Data) {
        const item = d.input as number;
        const gate = deferred();
        gates.set(item, gate);
        started.push(item);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate.promise;
        inFlight -= 1;
        gates.delete(item);
        return item * item;
      })
      .endForEach()
      .to(keep);
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(items));
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(inFlight).toBe(3);
    // Release the most recently started body each time, so items finish out of order.
    let releases = 0;
    while (gates.size > 0) {
      const last = [...gates.keys()].pop() as number;
      gates.get(last)?.resolve();
      releases += 1;
      await settle();
      expect(inFlight).toBeLessThanOrEqual(3);
      expect(gates.size).toBe(Math.min(3, items.length - releases));
    }
    expect(releases).toBe(10);
    expect(run.state).toBe('fulfilled');
    expect(maxInFlight).toBe(3);
    expect([...started].sort((a, b) => a - b)).toEqual(items);
    expect(await execution.close()).toEqual({ result: items.map((i) => i * i) });
  });

  it('nests: a forEach inside a forEach gives a list of lists', async () => {
    const { flow } = testFlow();
    const seen: number[] = [];
    flow
      .forEach()
      .forEach()
      .to(function double(d: Data) {
        seen.push(d.input as number);
        return (d.input as number) * 2;
      })
      .endForEach()
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start([[1, 2], [], [3], 4]);
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(await execution.close()).toEqual({ result: [[2, 4], [], [6], [8]] });
  });

  it('passes the last return of a multi-step body to endForEach', async () => {
    const { flow } = testFlow();
    const order: string[] = [];
    flow
      .forEach()
      .to(function double(d: Data) {
        order.push(`double:${String(d.input)}`);
        return (d.input as number) * 2;
      })
      .to(async function addOne(d: Data) {
        await Promise.resolve();
        order.push(`addOne:${String(d.input)}`);
        return (d.input as number) + 1;
      })
      .to(function label(d: Data) {
        order.push(`label:${String(d.input)}`);
        return `#${String(d.input)}`;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start([1, 2, 3]);
    expect(await execution.close()).toEqual({ result: ['#3', '#5', '#7'] });
    // Each item goes through every step in order.
    for (const n of [1, 2, 3]) {
      const steps = [`double:${n}`, `addOne:${n * 2}`, `label:${n * 2 + 1}`];
      const positions = steps.map((s) => order.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(order).toHaveLength(9);
  });

  it('with no step in the body returns the items themselves', async () => {
    const { flow } = testFlow();
    flow.forEach().endForEach().to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start([1, 'two', { three: 3 }]);
    expect(await execution.close()).toEqual({ result: [1, 'two', { three: 3 }] });
  });

  it('continues the outer chain with the list', async () => {
    const { flow } = testFlow();
    flow
      .to(function split(d: Data) {
        return (d.input as string).split(',');
      })
      .forEach()
      .to(function upper(d: Data) {
        return (d.input as string).toUpperCase();
      })
      .endForEach()
      .to(function join(d: Data) {
        return (d.input as string[]).join('+');
      })
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('a,b,c');
    expect(await execution.close()).toEqual({ result: 'A+B+C' });
  });

  it("rejects endForEach() without forEach() with INVALID_FLOW_STRUCTURE 'endForEach() without forEach().'", () => {
    const { flow } = testFlow();
    const attempts = [
      () => flow.root.endForEach(),
      () => flow.to(function step() {}).endForEach(),
      () =>
        flow
          .forEach()
          .to(function body() {})
          .endForEach()
          .endForEach(),
      () => flow.match().case(1).endForEach(),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EngineError);
      expect((caught as EngineError).code).toBe('INVALID_FLOW_STRUCTURE');
      expect((caught as EngineError).message).toBe('endForEach() without forEach().');
    }
  });
});
