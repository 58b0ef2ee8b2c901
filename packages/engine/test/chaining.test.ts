import { describe, expect, it } from 'vitest';
import { Chunk, settle } from '../src/index';
import type { TriggerFlow, TriggerFlowRuntimeData } from '../src/index';
import { deferred, expectEngineError, testFlow, thrown } from './helpers';

type Data = TriggerFlowRuntimeData;

const CHUNK_ID = /^chunk-[0-9a-f]{16}$/;

const names = (flow: TriggerFlow): unknown[] => flow.operators.map((o) => o.options.name);

describe('chaining', () => {
  it('passes each return value to the next step, depth first', async () => {
    const { flow } = testFlow();
    const order: string[] = [];
    flow
      .to(function double(d: Data) {
        order.push('double');
        return (d.input as number) * 2;
      })
      .to(async function addOne(d: Data) {
        order.push('addOne');
        await d.setState('result', (d.input as number) + 1);
      });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(5);
    expect(order).toEqual(['double', 'addOne']);
    expect(await execution.close()).toEqual({ result: 11 });
  });

  describe('to() targets', () => {
    it('names a chunk after its named function and moves the cursor to its trigger event', async () => {
      const { flow } = testFlow();
      const cursor = flow.to(function square(d: Data) {
        return (d.input as number) ** 2;
      });
      const [op] = flow.operators;
      expect(op?.kind).toBe('chunk');
      expect(op?.id).toMatch(CHUNK_ID);
      expect(op?.options.name).toBe('square');
      expect(cursor.at).toEqual({ type: 'event', event: `Chunk[square]-${op?.id}` });
      expect(op?.listen).toEqual([{ type: 'event', event: 'START' }]);
      cursor.to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
      expect(await flow.start(7)).toEqual({ out: 49 });
    });

    it("registers flow.chunk('name', fn) and resolves .to('name') to it", async () => {
      const { flow } = testFlow();
      const triple = flow.chunk('triple', (d: Data) => (d.input as number) * 3);
      expect(triple).toBeInstanceOf(Chunk);
      expect(triple.name).toBe('triple');
      expect(triple.id).toMatch(CHUNK_ID);
      expect(triple.triggerEvent).toBe(`Chunk[triple]-${triple.id}`);
      // Registering is not attaching: nothing runs until the chunk is used.
      expect(flow.operators).toEqual([]);
      flow.to('triple').to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
      expect(flow.operators[0]?.id).toBe(triple.id);
      expect(names(flow)).toEqual(['triple', 'store']);
      expect(await flow.start(4)).toEqual({ out: 12 });
    });

    it("registers flow.chunk(namedFn) under the function's name, usable as .to('name') and .to(chunk)", async () => {
      const { flow } = testFlow();
      const half = flow.chunk(function half(d: Data) {
        return (d.input as number) / 2;
      });
      expect(half.name).toBe('half');
      const again = flow.chunk('negate', (d: Data) => -(d.input as number));
      flow
        .to('half')
        .to(again)
        .to(async function store(d: Data) {
          await d.setState('out', d.input);
        });
      expect(names(flow)).toEqual(['half', 'negate', 'store']);
      expect(await flow.start(10)).toEqual({ out: -5 });
    });

    it('accepts a [name, fn] tuple, naming the chunk', async () => {
      const { flow } = testFlow();
      flow.to(['inc', (d: Data) => (d.input as number) + 1]).to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
      expect(names(flow)).toEqual(['inc', 'store']);
      const seen: unknown[] = [];
      flow.when('inc').to(function afterInc(d: Data) {
        seen.push(d.input);
      });
      expect(await flow.start(1)).toEqual({ out: 2 });
      expect(seen).toEqual([2]);
    });

    it('accepts { name } to name the chunk (the name wins over the function name)', async () => {
      const { flow } = testFlow();
      flow.to(
        function ignoredName(d: Data) {
          return `${String(d.input)}!`;
        },
        { name: 'shout' },
      );
      expect(names(flow)).toEqual(['shout']);
      const seen: unknown[] = [];
      flow.when('shout').to(function afterShout(d: Data) {
        seen.push(d.input);
      });
      await flow.start('hi');
      expect(seen).toEqual(['hi!']);
      // The function's own name was not registered.
      expectEngineError(
        thrown(() => flow.to('ignoredName')),
        'CHUNK_NOT_FOUND',
        "Cannot find chunk named 'ignoredName'",
      );
    });

    it('rejects an unknown chunk name with CHUNK_NOT_FOUND "Cannot find chunk named \'x\'"', () => {
      const { flow } = testFlow();
      const error = thrown(() => flow.to('x'));
      expectEngineError(error, 'CHUNK_NOT_FOUND', "Cannot find chunk named 'x'");
      expect(flow.operators).toEqual([]);
      const cursor = flow.to(function known() {
        return 1;
      });
      expectEngineError(
        thrown(() => cursor.to('x')),
        'CHUNK_NOT_FOUND',
        "Cannot find chunk named 'x'",
      );
    });
  });

  describe('sync and async handlers', () => {
    it('chains sync and async handlers, and start() waits for the async ones', async () => {
      const { flow } = testFlow();
      const gate = deferred<number>();
      const order: string[] = [];
      flow
        .to(function syncStep(d: Data) {
          order.push(`sync:${String(d.input)}`);
          return (d.input as number) + 1;
        })
        .to(async function asyncStep(d: Data) {
          order.push(`async:${String(d.input)}`);
          const extra = await gate.promise;
          order.push('async resumed');
          return (d.input as number) + extra;
        })
        .to(function lastSync(d: Data) {
          order.push(`last:${String(d.input)}`);
          return d.input;
        });
      const execution = flow.createExecution({ autoClose: false });
      let finished = false;
      const started = execution.start(1).then(() => {
        finished = true;
      });
      await settle();
      expect(order).toEqual(['sync:1', 'async:2']);
      expect(finished).toBe(false);
      gate.resolve(100);
      await started;
      expect(finished).toBe(true);
      expect(order).toEqual(['sync:1', 'async:2', 'async resumed', 'last:102']);
      await execution.close();
    });

    it('passes a value a sync handler returns as a promise on resolved', async () => {
      const { flow } = testFlow();
      flow
        .to(function promising(d: Data) {
          return Promise.resolve((d.input as string).toUpperCase());
        })
        .to(async function store(d: Data) {
          await d.setState('out', d.input);
        });
      expect(await flow.start('abc')).toEqual({ out: 'ABC' });
    });
  });

  describe('sideBranch', () => {
    it('runs in parallel, does not chain its result, and leaves the cursor on the original event', async () => {
      const { flow } = testFlow();
      const gate = deferred();
      const order: string[] = [];
      const first = flow.to(function first(d: Data) {
        return (d.input as number) + 1;
      });
      const afterSide = first.sideBranch(async function side(d: Data) {
        order.push(`side:${String(d.input)}`);
        await gate.promise;
        order.push('side done');
        return 'side-result';
      });
      expect(afterSide.at).toEqual(first.at);
      afterSide.to(function next(d: Data) {
        order.push(`next:${String(d.input)}`);
        return d.input;
      });
      // The side branch still emits its own trigger event.
      flow.when('side').to(function afterSideBranch(d: Data) {
        order.push(`afterSide:${String(d.input)}`);
      });

      const execution = flow.createExecution({ autoClose: false });
      let finished = false;
      const started = execution.start(1).then(() => {
        finished = true;
      });
      await settle();
      // `next` ran while `side` was still blocked, with first's result (not side's).
      expect(order).toEqual(['side:2', 'next:2']);
      expect(finished).toBe(false);
      gate.resolve();
      await started;
      expect(order).toEqual(['side:2', 'next:2', 'side done', 'afterSide:side-result']);
      await execution.close();
    });

    it('to(fn, { sideBranch: true }) is the same as sideBranch(fn)', async () => {
      const { flow } = testFlow();
      const seen: string[] = [];
      const root = flow.root;
      const cursor = root.to(
        function branch(d: Data) {
          seen.push(`branch:${String(d.input)}`);
          return 'ignored';
        },
        { sideBranch: true },
      );
      expect(cursor.at).toEqual({ type: 'event', event: 'START' });
      cursor.to(function main(d: Data) {
        seen.push(`main:${String(d.input)}`);
      });
      await flow.start('x');
      expect(seen.sort()).toEqual(['branch:x', 'main:x']);
    });
  });

  describe('chunk identity', () => {
    it('rejects the same handler used twice without distinct names (DUPLICATE_CHUNK_USE)', () => {
      const { flow } = testFlow();
      function twice(d: Data) {
        return d.input;
      }
      const cursor = flow.to(twice);
      const error = thrown(() => cursor.to(twice));
      expectEngineError(
        error,
        'DUPLICATE_CHUNK_USE',
        "Chunk 'twice' is already attached to 'START'. Using one handler in two places without " +
          'distinct names would make them one chunk (and can loop on its own result). ' +
          "Name this use: .to(handler, { name: 'twice-2' }).",
      );
      expect(flow.operators).toHaveLength(1);
      // Also in an unrelated place of the flow.
      expect(thrown(() => flow.when('Other').to(twice))).toMatchObject({
        code: 'DUPLICATE_CHUNK_USE',
      });
    });

    it('runs the same handler twice when each use has its own name', async () => {
      const { flow } = testFlow();
      const calls: unknown[] = [];
      function double(d: Data) {
        calls.push(d.input);
        return (d.input as number) * 2;
      }
      flow
        .to(double)
        .to(double, { name: 'double-2' })
        .to(['double-3', double])
        .to(async function store(d: Data) {
          await d.setState('out', d.input);
        });
      expect(names(flow)).toEqual(['double', 'double-2', 'double-3', 'store']);
      expect(new Set(flow.operators.map((o) => o.id)).size).toBe(4);
      expect(await flow.start(1)).toEqual({ out: 8 });
      expect(calls).toEqual([1, 2, 4]);
    });

    it('rejects binding a different function to an existing name (CHUNK_NAME_CONFLICT)', () => {
      const { flow } = testFlow();
      const a = (d: Data) => d.input;
      const b = (d: Data) => d.input;
      const step = flow.chunk('step', a);
      // The same function under the same name is the same chunk.
      expect(flow.chunk('step', a)).toBe(step);
      const message =
        "Chunk name 'step' is already bound to a different handler; give this one another name.";
      expectEngineError(
        thrown(() => flow.chunk('step', b)),
        'CHUNK_NAME_CONFLICT',
        message,
      );
      expectEngineError(
        thrown(() => flow.to(['step', b])),
        'CHUNK_NAME_CONFLICT',
        message,
      );
      expectEngineError(
        thrown(() => flow.to(b, { name: 'step' })),
        'CHUNK_NAME_CONFLICT',
        message,
      );
      expect(flow.operators).toEqual([]);
    });

    it('rejects two different functions that share a function name (CHUNK_NAME_CONFLICT)', () => {
      const { flow } = testFlow();
      const makeStep = () =>
        function sameName(d: Data) {
          return d.input;
        };
      flow.to(makeStep());
      expectEngineError(
        thrown(() => flow.when('Other').to(makeStep())),
        'CHUNK_NAME_CONFLICT',
        "Chunk name 'sameName' is already bound to a different handler; give this one another name.",
      );
    });

    it('gives two flows built the same way the same operator ids', () => {
      const build = (flow: TriggerFlow): void => {
        flow
          .to(function load(d: Data) {
            return d.input;
          })
          .to((d: Data) => d.input)
          .sideBranch(['audit', (d: Data) => d.input])
          .to(
            function renamed(d: Data) {
              return d.input;
            },
            { name: 'finish' },
          );
        flow.when(['A', 'B']).to((d: Data) => d.input);
        flow.when('load').to(function afterLoad(d: Data) {
          return d.input;
        });
      };
      const one = testFlow({ name: 'one' }).flow;
      const two = testFlow({ name: 'two' }).flow;
      build(one);
      build(two);
      const ids = one.operators.map((o) => o.id);
      expect(ids).toHaveLength(7);
      expect(new Set(ids).size).toBe(7);
      expect(two.operators.map((o) => o.id)).toEqual(ids);
      expect(two.operators.map((o) => o.options.name)).toEqual(
        one.operators.map((o) => o.options.name),
      );
      for (const id of ids) expect(id).toMatch(/^(chunk|when)-[0-9a-f]{16}$/);
    });

    it('gives anonymous functions deterministic chunk-… ids, used as their names', async () => {
      const { flow } = testFlow();
      flow
        .to((d: Data) => (d.input as number) + 1)
        .to((d: Data) => (d.input as number) * 10)
        .to(async (d: Data) => {
          await d.setState('out', d.input);
        });
      const ops = flow.operators;
      expect(ops).toHaveLength(3);
      for (const op of ops) {
        expect(op.id).toMatch(CHUNK_ID);
        expect(op.options.name).toBe(op.id);
      }
      expect(new Set(ops.map((o) => o.id)).size).toBe(3);
      const anon = flow.chunk((d: Data) => d.input);
      expect(anon.id).toMatch(CHUNK_ID);
      expect(anon.name).toBe(anon.id);
      expect(anon.triggerEvent).toBe(`Chunk[${anon.id}]-${anon.id}`);
      expect(ops.map((o) => o.id)).not.toContain(anon.id);

      const other = testFlow().flow;
      other.to((d: Data) => d.input).to((d: Data) => d.input);
      expect(other.operators.map((o) => o.id)).toEqual(ops.slice(0, 2).map((o) => o.id));

      expect(await flow.start(2)).toEqual({ out: 30 });
    });
  });

  describe('data input aliases', () => {
    it('input, value and inputs are one settable value', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow
        .to(function aliases(d: Data) {
          seen.push([d.input, d.value, d.inputs]);
          d.value = 7;
          seen.push([d.input, d.value, d.inputs]);
          d.inputs = 8;
          seen.push([d.input, d.value, d.inputs]);
          d.input = (d.input as number) + 1;
          seen.push([d.input, d.value, d.inputs]);
          return d.value;
        })
        .to(function next(d: Data) {
          seen.push([d.input, d.value, d.inputs]);
        });
      await flow.start(5);
      expect(seen).toEqual([
        [5, 5, 5],
        [7, 7, 7],
        [8, 8, 8],
        [9, 9, 9],
        [9, 9, 9],
      ]);
    });

    it('reports the event and type of the triggering signal', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      const first = flow.chunk(function first(d: Data) {
        seen.push([d.event, d.type]);
        return 1;
      });
      flow.to(first).to(function second(d: Data) {
        seen.push([d.event, d.type]);
      });
      await flow.start();
      expect(seen).toEqual([
        ['START', 'event'],
        [first.triggerEvent, 'event'],
      ]);
    });
  });

  it('completes a 2,000-step chain with the right value', async () => {
    const { flow } = testFlow();
    let calls = 0;
    let cursor = flow.root;
    for (let i = 0; i < 2000; i += 1) {
      cursor = cursor.to([
        `step-${i}`,
        (d: Data) => {
          calls += 1;
          return (d.input as number) + 1;
        },
      ]);
    }
    cursor.to(async function store(d: Data) {
      await d.setState('out', d.input);
    });
    expect(await flow.start(0)).toEqual({ out: 2000 });
    expect(calls).toBe(2000);
  });

  describe('when()', () => {
    it("when('chunkName') runs after that chunk has returned, with its result", async () => {
      const { flow } = testFlow();
      const gate = deferred();
      const order: string[] = [];
      flow.to(async function fetchIt(d: Data) {
        order.push('fetch start');
        await gate.promise;
        order.push('fetch end');
        return `got ${String(d.input)}`;
      });
      flow.when('fetchIt').to(function afterFetch(d: Data) {
        order.push(`after:${String(d.input)}`);
      });
      const execution = flow.createExecution({ autoClose: false });
      const started = execution.start('x');
      await settle();
      expect(order).toEqual(['fetch start']);
      gate.resolve();
      await started;
      expect(order).toEqual(['fetch start', 'fetch end', 'after:got x']);
      await execution.close();
    });

    it('when(chunk) also listens to that chunk, and a non-chunk string is a plain event', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      const source = flow.chunk('source', (d: Data) => `from ${String(d.input)}`);
      flow.to(source);
      flow.when(source).to(function viaChunk(d: Data) {
        seen.push(`chunk:${String(d.input)}`);
      });
      flow.when('Ping').to(function viaEvent(d: Data) {
        seen.push(`ping:${String(d.input)}`);
      });
      const execution = flow.createExecution({ autoClose: false });
      await execution.start('start');
      await execution.emit('Ping', 1);
      expect(seen).toEqual(['chunk:from start', 'ping:1']);
      await execution.close();
    });
  });

  it('later to() calls on the flow do not affect an execution created before them', async () => {
    const { flow } = testFlow();
    const order: string[] = [];
    const record = (label: string) => (d: Data) => {
      order.push(`${label}:${d.executionId}`);
      return d.input;
    };
    const cursor = flow.to(['one', record('one')]);
    const early = flow.createExecution({ autoClose: false });
    const two = cursor.to(['two', record('two')]);
    flow.when('Extra').to(['extra', record('extra')]);
    const middle = flow.createExecution({ autoClose: false });
    two.to(['three', record('three')]);
    flow.to(['rootTwo', record('rootTwo')]);
    const late = flow.createExecution({ autoClose: false });

    await early.start(0);
    await early.emit('Extra', 0);
    expect(order).toEqual(['one:exec-1']);
    order.length = 0;

    await middle.start(0);
    await middle.emit('Extra', 0);
    expect(order).toEqual(['one:exec-2', 'two:exec-2', 'extra:exec-2']);
    order.length = 0;

    await late.start(0);
    expect(order.sort()).toEqual(['one:exec-3', 'rootTwo:exec-3', 'three:exec-3', 'two:exec-3']);
    await Promise.all([early.close(), middle.close(), late.close()]);
  });
});

describe('data.sleep', () => {
  it('waits on the flow clock, then the chain goes on', async () => {
    const { flow, clock } = testFlow();
    flow
      .to(async function wait(d: Data) {
        await d.sleep(2_000);
        return 'woke';
      })
      .to(async function after(d: Data) {
        await d.setState('result', d.input);
      });
    const execution = flow.createExecution({ autoClose: false });
    let done = false;
    const started = execution.start(null).then(() => (done = true));
    await clock.advance(1_999);
    expect(done).toBe(false);
    await clock.advance(1);
    await started;
    expect(await execution.close()).toEqual({ result: 'woke' });
  });
});
