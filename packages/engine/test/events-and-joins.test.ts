import { describe, expect, it } from 'vitest';
import { EngineError, settle } from '../src/index';
import type { CollectMode, TriggerFlowRuntimeData, WhenMode, WhenTrigger } from '../src/index';
import { deferred, testFlow } from './helpers';

type Data = TriggerFlowRuntimeData;

describe('data.emit', () => {
  it('awaits every handler of the event and what they awaited; handlers run concurrently', async () => {
    const { flow } = testFlow();
    const slowGate = deferred();
    const tailGate = deferred();
    const order: string[] = [];
    flow.to(async function emitter(d: Data) {
      order.push('emit:begin');
      await d.emit('Ping', 7);
      order.push('emit:returned');
      return 'emitter-done';
    });
    flow
      .when('Ping')
      .to(async function slow(d: Data) {
        order.push(`slow:start:${String(d.input)}`);
        await slowGate.promise;
        order.push('slow:end');
        return 'slow-result';
      })
      .to(async function slowTail(d: Data) {
        order.push(`tail:start:${String(d.input)}`);
        await tailGate.promise;
        order.push('tail:end');
      });
    flow.when('Ping').to(function fast(d: Data) {
      order.push(`fast:${String(d.input)}`);
    });

    const execution = flow.createExecution({ autoClose: false });
    let started = false;
    const starting = execution.start().then(() => {
      started = true;
    });
    await settle();
    // The second handler started while the first one is still waiting.
    expect(order).toEqual(['emit:begin', 'slow:start:7', 'fast:7']);
    expect(started).toBe(false);

    slowGate.resolve();
    await settle();
    // The first handler finished, but the step chained after it is still running: emit still waits.
    expect(order).toEqual([
      'emit:begin',
      'slow:start:7',
      'fast:7',
      'slow:end',
      'tail:start:slow-result',
    ]);
    expect(started).toBe(false);

    tailGate.resolve();
    await starting;
    expect(order).toEqual([
      'emit:begin',
      'slow:start:7',
      'fast:7',
      'slow:end',
      'tail:start:slow-result',
      'tail:end',
      'emit:returned',
    ]);
    expect(await execution.close()).toEqual({});
  });
});

describe('execution.emit', () => {
  it('dispatches an external event before and after start, awaiting its handlers', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    flow.to(async function begin(d: Data) {
      await d.appendState('seen', `start:${String(d.input)}`);
    });
    flow.when('Outside').to(async function onOutside(d: Data) {
      if (d.input === 2) await gate.promise;
      await d.appendState('seen', d.input);
    });

    const execution = flow.createExecution({ autoClose: false });
    await execution.emit('Outside', 1);
    expect(execution.started).toBe(false);
    expect(execution.status).toBe('running');
    expect(execution.getState('seen')).toEqual([1]);

    await execution.start('go');
    expect(execution.getState('seen')).toEqual([1, 'start:go']);

    let emitted = false;
    const emitting = execution.emit('Outside', 2).then(() => {
      emitted = true;
    });
    await settle();
    expect(emitted).toBe(false);
    expect(execution.getState('seen')).toEqual([1, 'start:go']);
    gate.resolve();
    await emitting;
    expect(await execution.close()).toEqual({ seen: [1, 'start:go', 2] });
  });
});

describe('when', () => {
  it('with a single trigger passes the raw value on (event name, { event }, or a chunk name)', async () => {
    const { flow } = testFlow();
    flow.chunk('prepare', function prepare(d: Data) {
      return `prepared ${String(d.input)}`;
    });
    flow.to('prepare');
    flow.when('prepare').to(async function afterPrepare(d: Data) {
      await d.appendState('log', ['after prepare', d.input]);
    });
    flow.when('Single').to(async function onSingle(d: Data) {
      await d.appendState('log', ['Single', d.input]);
    });
    flow.when({ event: 'Other' }).to(async function onOther(d: Data) {
      await d.appendState('log', ['Other', d.input]);
    });

    const execution = flow.createExecution({ autoClose: false });
    await execution.start('x');
    await execution.emit('Single', { n: 1 });
    await execution.emit('Other', [2]);
    expect(await execution.close()).toEqual({
      log: [
        ['after prepare', 'prepared x'],
        ['Single', { n: 1 }],
        ['Other', [2]],
      ],
    });
  });

  it.each<[string, WhenTrigger]>([
    ['a list', ['A', 'B']],
    ['{ event: [...] }', { event: ['A', 'B'] }],
  ])(
    'with %s in "and" mode joins one value of each, later arrivals overwrite, then resets',
    async (_label, trigger) => {
      const { flow } = testFlow();
      const joins: unknown[] = [];
      flow.when(trigger).to(function joined(d: Data) {
        joins.push(d.input);
      });
      const execution = flow.createExecution({ autoClose: false });
      await execution.start();

      await execution.emit('A', 1);
      expect(joins).toEqual([]);
      await execution.emit('A', 2);
      expect(joins).toEqual([]);
      await execution.emit('B', 3);
      expect(joins).toEqual([{ event: { A: 2, B: 3 } }]);

      // The bucket was emptied: one more B is not enough on its own.
      await execution.emit('B', 4);
      expect(joins).toEqual([{ event: { A: 2, B: 3 } }]);
      await execution.emit('A', 5);
      expect(joins).toEqual([{ event: { A: 2, B: 3 } }, { event: { A: 5, B: 4 } }]);
      await execution.close();
    },
  );

  it.each<[WhenMode, unknown[]]>([
    [
      'or',
      [
        ['event', 'A', 1],
        ['event', 'B', 2],
        ['event', 'A', 3],
      ],
    ],
    ['simpleOr', [1, 2, 3]],
  ])('in "%s" mode fires on every arrival', async (mode, expected) => {
    const { flow } = testFlow();
    const fired: unknown[] = [];
    flow.when(['A', 'B'], { mode }).to(function fire(d: Data) {
      fired.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.emit('A', 1);
    expect(fired).toHaveLength(1);
    await execution.emit('B', 2);
    await execution.emit('A', 3);
    expect(fired).toEqual(expected);
    await execution.close();
  });

  it('rejects an unknown trigger kind with INVALID_TRIGGER', () => {
    const { flow } = testFlow();
    let caught: unknown;
    try {
      flow.when({ foo: 'x' } as unknown as WhenTrigger);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect(caught).toMatchObject({
      code: 'INVALID_TRIGGER',
      message:
        "Unknown when() trigger kind 'foo'; expected event, runtimeData, flowData or collect.",
    });
  });
});

describe('join scope', () => {
  it('joins events emitted inside the chunks started by one START', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    flow.to(async function emitA(d: Data) {
      await d.emit('A', `a:${String(d.input)}`);
    });
    flow.to(async function emitB(d: Data) {
      await d.emit('B', `b:${String(d.input)}`);
    });
    flow.when(['A', 'B']).to(function joined(d: Data) {
      joins.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    expect(joins).toEqual([{ event: { A: 'a:1', B: 'b:1' } }]);
    await execution.close();
  });

  it('keeps the events of two causal trees apart', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    const gate = deferred();
    flow.when('Tree').to(async function tree(d: Data) {
      const { tag, events } = d.input as { tag: string; events: string[] };
      for (const [i, event] of events.entries()) {
        if (i > 0) await gate.promise;
        await d.emit(event, `${tag}-${event}`);
      }
    });
    flow.when(['A', 'B']).to(function joined(d: Data) {
      joins.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    // Tree one emits A, then waits; tree two emits B: different trees, no join.
    const first = execution.emit('Tree', { tag: 't1', events: ['A', 'B'] });
    await settle();
    await execution.emit('Tree', { tag: 't2', events: ['B'] });
    expect(joins).toEqual([]);

    gate.resolve();
    await first;
    expect(joins).toEqual([{ event: { A: 't1-A', B: 't1-B' } }]);
    await execution.close();
  });

  it('joins two independent external emits in the shared root scope, also across start', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    flow.when(['A', 'B']).to(function joined(d: Data) {
      joins.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.emit('A', 'before start');
    await execution.start();
    expect(joins).toEqual([]);
    await execution.emit('B', 'after start');
    expect(joins).toEqual([{ event: { A: 'before start', B: 'after start' } }]);
    await execution.close();
  });

  it('does not join an event of a started chain with an external emit', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    flow.to(async function emitA(d: Data) {
      await d.emit('A', 'from chain');
    });
    flow.when(['A', 'B']).to(function joined(d: Data) {
      joins.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.emit('B', 'external');
    expect(joins).toEqual([]);
    await execution.emit('A', 'external');
    expect(joins).toEqual([{ event: { A: 'external', B: 'external' } }]);
    await execution.close();
  });

  it('does not join events of different forEach items, only those of one item', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    flow
      .forEach()
      .to(async function item(d: Data) {
        for (const [event, value] of Object.entries(d.input as Record<string, unknown>)) {
          await d.emit(event, value);
        }
        return 'item done';
      })
      .endForEach()
      .to(async function done(d: Data) {
        await d.setState('items', d.input);
      });
    flow.when(['A', 'B']).to(function joined(d: Data) {
      joins.push(d.input);
    });

    const apart = flow.createExecution({ autoClose: false });
    await apart.start([{ A: 1 }, { B: 2 }]);
    expect(joins).toEqual([]);
    expect(await apart.close()).toEqual({ items: ['item done', 'item done'] });

    const together = flow.createExecution({ autoClose: false });
    await together.start([{ A: 3, B: 4 }, { B: 5 }]);
    expect(joins).toEqual([{ event: { A: 3, B: 4 } }]);
    expect(await together.close()).toEqual({ items: ['item done', 'item done'] });
  });

  it('never shares join buckets between two executions of one flow', async () => {
    const { flow } = testFlow();
    flow.when(['A', 'B']).to(async function joined(d: Data) {
      await d.appendState('joins', d.input);
    });
    const one = flow.createExecution({ autoClose: false });
    const two = flow.createExecution({ autoClose: false });
    await one.start();
    await two.start();

    await one.emit('A', 1);
    await two.emit('B', 2);
    expect(one.getState('joins')).toBeUndefined();
    expect(two.getState('joins')).toBeUndefined();

    await one.emit('B', 3);
    await two.emit('A', 4);
    expect(await one.close()).toEqual({ joins: [{ event: { A: 1, B: 3 } }] });
    expect(await two.close()).toEqual({ joins: [{ event: { A: 4, B: 2 } }] });
  });

  it('joins runtimeData and flowData triggers in one gate', async () => {
    const { flow } = testFlow();
    const joins: unknown[] = [];
    flow.to(async function write(d: Data) {
      await d.setState('score', 7);
      expect(joins).toEqual([]);
      await d.setFlowData('limit', 10, { noWarning: true });
    });
    flow.when({ runtimeData: 'score', flowData: 'limit' }).to(function joined(d: Data) {
      joins.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(joins).toEqual([{ runtimeData: { score: 7 }, flowData: { limit: 10 } }]);
    expect(await execution.close()).toEqual({ score: 7 });
    expect(flow.getFlowData('limit')).toBe(10);
  });
});

describe('collect', () => {
  it('fires when({ collect }) with every branch value once all branches produced one', async () => {
    const { flow } = testFlow();
    const squareGate = deferred();
    const fired: unknown[] = [];
    const loaded = flow.to(function load(d: Data) {
      return Number(d.input);
    });
    loaded
      .to(function double(d: Data) {
        return (d.input as number) * 2;
      })
      .collect('results', 'b1');
    loaded
      .to(async function square(d: Data) {
        await squareGate.promise;
        return (d.input as number) ** 2;
      })
      .collect('results', 'b2');
    flow.when({ collect: 'results' }).to(async function combine(d: Data) {
      fired.push(d.input);
      await d.setState('combined', d.input);
    });

    const execution = flow.createExecution({ autoClose: false });
    const starting = execution.start(3);
    await settle();
    expect(fired).toEqual([]);
    squareGate.resolve();
    await starting;
    expect(fired).toEqual([{ b1: 6, b2: 9 }]);
    expect(await execution.close()).toEqual({ combined: { b1: 6, b2: 9 } });
  });

  function collectFlow(mode: CollectMode | undefined): { run: () => Promise<unknown[]> } {
    const { flow } = testFlow();
    const log: unknown[] = [];
    const options = mode ? { mode } : undefined;
    flow.to(async function driver(d: Data) {
      for (const [event, value] of d.input as [string, number][]) {
        log.push(`${event}${value}`);
        await d.emit(event, value);
      }
    });
    flow
      .when('L')
      .to(function left(d: Data) {
        return `left ${String(d.input)}`;
      })
      .collect('pair', 'left', options);
    flow
      .when('R')
      .to(function right(d: Data) {
        return `right ${String(d.input)}`;
      })
      .collect('pair', 'right', options);
    flow.when({ collect: 'pair' }).to(function collected(d: Data) {
      log.push(d.input);
    });
    return {
      run: async () => {
        const execution = flow.createExecution({ autoClose: false });
        await execution.start([
          ['L', 1],
          ['R', 2],
          ['L', 3],
          ['R', 4],
        ]);
        await execution.close();
        return log;
      },
    };
  }

  it('default filledAndUpdate re-fires with the updated map on every later update', async () => {
    expect(await collectFlow(undefined).run()).toEqual([
      'L1',
      'R2',
      { left: 'left 1', right: 'right 2' },
      'L3',
      { left: 'left 3', right: 'right 2' },
      'R4',
      { left: 'left 3', right: 'right 4' },
    ]);
  });

  it('filledThenEmpty empties the bucket after firing: every branch must arrive again', async () => {
    expect(await collectFlow('filledThenEmpty').run()).toEqual([
      'L1',
      'R2',
      { left: 'left 1', right: 'right 2' },
      'L3',
      'R4',
      { left: 'left 3', right: 'right 4' },
    ]);
  });
});

describe('emitNowait', () => {
  it('returns at once; its handler runs as an owned task that close() drains', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    const log: string[] = [];
    flow
      .to(function kick(d: Data) {
        d.emitNowait('Background', 2);
        log.push('kick returned');
        return 'next';
      })
      .to(function afterKick(d: Data) {
        log.push(`after kick: ${String(d.input)}`);
      });
    flow.when('Background').to(async function background(d: Data) {
      log.push('background start');
      await gate.promise;
      await d.setState('background', (d.input as number) * 10);
      log.push('background done');
    });

    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    // The synchronous chain finished while the background task is still waiting.
    expect(log).toContain('kick returned');
    expect(log).toContain('after kick: next');
    expect(log).not.toContain('background done');

    let closed = false;
    const closing = execution.close().then((snapshot) => {
      closed = true;
      return snapshot;
    });
    await settle();
    expect(closed).toBe(false);
    expect(execution.lifecycleState).toBe('sealed');

    gate.resolve();
    expect(await closing).toEqual({ background: 20 });
    expect(log[log.length - 1]).toBe('background done');
    expect(execution.lifecycleState).toBe('closed');
  });

  it('keeps an error of its handler for close(), which fails and leaves the execution open', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    flow.to(function kick(d: Data) {
      d.emitNowait('Background');
      return 'kicked';
    });
    flow.when('Background').to(async function background() {
      await gate.promise;
      throw new Error('background boom');
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    const closing = execution.close();
    gate.resolve();
    await expect(closing).rejects.toThrow('background boom');
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('open');
    // The error was reported once; a second close succeeds and keeps the failed status.
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('failed');
  });

  it('schedules the handler: it does not start inside the emitNowait call', async () => {
    const { flow } = testFlow();
    const log: string[] = [];
    flow.to(function kick(d: Data) {
      d.emitNowait('Background');
      log.push('emitNowait returned');
    });
    flow.when('Background').to(function background() {
      log.push('background ran');
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.close();
    expect(log).toEqual(['emitNowait returned', 'background ran']);
  });

  it('runs a long loop of a synchronous handler without growing the call stack', async () => {
    const { flow } = testFlow();
    let ticks = 0;
    flow.to(function kickoff(d: Data) {
      d.emitNowait('Tick', 1);
    });
    flow.when('Tick').to(function tick(d: Data) {
      const n = d.input as number;
      ticks = n;
      if (n < 5000) d.emitNowait('Tick', n + 1);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(await execution.close()).toEqual({});
    expect(ticks).toBe(5000);
  });

  it('drives an event loop (a handler re-emitting its own event) to its end', async () => {
    const { flow } = testFlow();
    flow.to(function kickoff(d: Data) {
      d.emitNowait('Tick', 1);
    });
    flow.when('Tick').to(async function tick(d: Data) {
      const n = d.input as number;
      await d.setState('count', n);
      await d.appendState('seen', n);
      if (n < 5) d.emitNowait('Tick', n + 1);
    });

    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(await execution.close()).toEqual({ count: 5, seen: [1, 2, 3, 4, 5] });

    // The hidden-execution sugar waits for the loop too.
    expect(await flow.start()).toEqual({ count: 5, seen: [1, 2, 3, 4, 5] });
  });
});
