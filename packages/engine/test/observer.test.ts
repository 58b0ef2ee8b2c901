import { describe, expect, it } from 'vitest';
import { settle } from '../src/index';
import type {
  ExecutionObservation,
  TriggerFlow,
  TriggerFlowExecution,
  TriggerFlowRuntimeData,
} from '../src/index';
import type { InterruptRecord, SignalRecord } from '@triggerflow/blueprint';
import { deferred, drain, keep, operatorId, testFlow, track } from './helpers';
import type { Deferred } from './helpers';

type Data = TriggerFlowRuntimeData;
type Progress = Extract<ExecutionObservation, { type: 'node.progress' }>;

/** An execution of `flow` (autoClose off) whose observations land in `seen`, in order. */
function observed(flow: TriggerFlow): {
  execution: TriggerFlowExecution<false>;
  seen: ExecutionObservation[];
} {
  const seen: ExecutionObservation[] = [];
  const execution = flow.createExecution({
    autoClose: false,
    observer: (o) => {
      seen.push(o);
    },
  });
  return { execution, seen };
}

const started = (nodeId: string, input: unknown, scope: (string | number)[] = []) =>
  ({ type: 'node.started', nodeId, input, scope }) as const;
const completed = (nodeId: string, output: unknown, scope: (string | number)[] = []) =>
  ({ type: 'node.completed', nodeId, output, scope }) as const;
const progress = (
  nodeId: string,
  counts: { total: number; done: number; running: number; failed: number; cap: number | null },
  scope: (string | number)[] = [],
): Progress => ({ type: 'node.progress', nodeId, scope, ...counts });

/** The START signal of the first run of an execution, as interrupts record it. */
const startSignal = (value: unknown): SignalRecord => ({
  id: 's1',
  type: 'event',
  event: 'START',
  value,
  layers: [],
  source: 'start',
  meta: {},
});

describe('observer: steps', () => {
  it('reports a 3-step chain as started / completed pairs, in order, with inputs, outputs and an empty scope', async () => {
    const { flow, warnings } = testFlow();
    flow
      .to(function prepare(d: Data) {
        return (d.input as number) + 1;
      })
      .to(async function double(d: Data) {
        await Promise.resolve();
        return (d.input as number) * 2;
      })
      .to(keep);
    const { execution, seen } = observed(flow);

    await execution.start(1);

    expect(seen).toEqual([
      started('prepare', 1),
      completed('prepare', 2),
      started('double', 2),
      completed('double', 4),
      started('keep', 4),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: 4 });
    expect(execution.status).toBe('completed');
    expect(warnings).toEqual([]);
  });

  it('reports a throwing step as node.failed with the very error; the execution fails as before', async () => {
    const { flow } = testFlow();
    const error = new Error('boom');
    let afterRan = false;
    flow
      .to(function write() {
        return 'x';
      })
      .to(function explode() {
        throw error;
      })
      .to(function after() {
        afterRan = true;
      });
    const { execution, seen } = observed(flow);

    await expect(execution.start('go')).rejects.toBe(error);

    expect(seen).toEqual([
      started('write', 'go'),
      completed('write', 'x'),
      started('explode', 'x'),
      { type: 'node.failed', nodeId: 'explode', error, scope: [] },
    ]);
    expect((seen[3] as { error: unknown }).error).toBe(error);
    expect(afterRan).toBe(false);
    expect(execution.status).toBe('failed');
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('failed');
  });
});

describe('observer: forEach', () => {
  it('reports the forEach node, every item with its index as scope, and the progress counts under the cap', async () => {
    const { flow } = testFlow();
    const gates = new Map<number, Deferred<void>>([1, 2, 3, 4, 5].map((i) => [i, deferred()]));
    flow
      .forEach({ concurrency: 2 })
      .to(async function body(d: Data) {
        await gates.get(d.input as number)?.promise;
        return (d.input as number) * 10;
      })
      .endForEach()
      .to(keep);
    const forEach = operatorId(flow, 'forEachSplit');
    const { execution, seen } = observed(flow);
    const run = track(execution.start([1, 2, 3, 4, 5]));
    await settle();

    expect(seen).toEqual([
      started(forEach, [1, 2, 3, 4, 5]),
      started('body', 1, [0]),
      progress(forEach, { total: 5, done: 0, running: 1, failed: 0, cap: 2 }),
      started('body', 2, [1]),
      progress(forEach, { total: 5, done: 0, running: 2, failed: 0, cap: 2 }),
    ]);
    // Items finish out of order, one at a time.
    for (const item of [2, 1, 4, 3, 5]) {
      expect(run.state).toBe('pending');
      gates.get(item)?.resolve();
      await settle();
    }
    expect(run.state).toBe('fulfilled');

    const count = (total: number, done: number, running: number) =>
      progress(forEach, { total, done, running, failed: 0, cap: 2 });
    expect(seen).toEqual([
      started(forEach, [1, 2, 3, 4, 5]),
      started('body', 1, [0]),
      count(5, 0, 1),
      started('body', 2, [1]),
      count(5, 0, 2),
      completed('body', 20, [1]),
      count(5, 1, 1),
      started('body', 3, [2]),
      count(5, 1, 2),
      completed('body', 10, [0]),
      count(5, 2, 1),
      started('body', 4, [3]),
      count(5, 2, 2),
      completed('body', 40, [3]),
      count(5, 3, 1),
      started('body', 5, [4]),
      count(5, 3, 2),
      completed('body', 30, [2]),
      count(5, 4, 1),
      completed('body', 50, [4]),
      count(5, 5, 0),
      completed(forEach, [10, 20, 30, 40, 50]),
      started('keep', [10, 20, 30, 40, 50]),
      completed('keep', undefined),
    ]);
    const counts = seen.filter((o): o is Progress => o.type === 'node.progress');
    expect(counts).toHaveLength(10);
    for (const c of counts) {
      expect(c.running).toBeLessThanOrEqual(2);
      expect(c.done + c.running + c.failed).toBeLessThanOrEqual(c.total);
    }
    expect(await execution.close()).toEqual({ result: [10, 20, 30, 40, 50] });
  });

  it('ends with running 0 when the items finish together (no branch is left counted as running)', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    flow
      .forEach({ concurrency: 2 })
      .to(async function body(d: Data) {
        await gate.promise;
        return `#${String(d.input)}`;
      })
      .endForEach()
      .to(keep);
    const forEach = operatorId(flow, 'forEachSplit');
    const { execution, seen } = observed(flow);
    const run = track(execution.start(['a', 'b']));
    await settle();
    gate.resolve();
    await settle();

    expect(run.state).toBe('fulfilled');
    expect(seen).toEqual([
      started(forEach, ['a', 'b']),
      started('body', 'a', [0]),
      progress(forEach, { total: 2, done: 0, running: 1, failed: 0, cap: 2 }),
      started('body', 'b', [1]),
      progress(forEach, { total: 2, done: 0, running: 2, failed: 0, cap: 2 }),
      completed('body', '#a', [0]),
      completed('body', '#b', [1]),
      progress(forEach, { total: 2, done: 2, running: 0, failed: 0, cap: 2 }),
      completed(forEach, ['#a', '#b']),
      started('keep', ['#a', '#b']),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: ['#a', '#b'] });
  });

  it('reports an empty list as the forEach node started and completed with [] (no progress, no body)', async () => {
    const { flow } = testFlow();
    flow
      .forEach()
      .to(function body() {
        return 'x';
      })
      .endForEach()
      .to(keep);
    const forEach = operatorId(flow, 'forEachSplit');
    const { execution, seen } = observed(flow);

    await execution.start([]);

    expect(seen).toEqual([
      started(forEach, []),
      completed(forEach, []),
      started('keep', []),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: [] });
  });

  it('counts a failing item as failed; the execution fails and the cancelled sibling reports nothing more', async () => {
    const { flow } = testFlow();
    const error = new Error('bad item');
    const gates = new Map<number, Deferred<void>>([1, 2, 3].map((i) => [i, deferred()]));
    flow
      .forEach({ concurrency: 2 })
      .to(async function body(d: Data) {
        await gates.get(d.input as number)?.promise;
        if (d.input === 2) throw error;
        return d.input;
      })
      .endForEach()
      .to(keep);
    const forEach = operatorId(flow, 'forEachSplit');
    const { execution, seen } = observed(flow);
    const run = track(execution.start([1, 2, 3]));
    await settle();

    gates.get(2)?.resolve();
    await settle();

    expect(run.state).toBe('rejected');
    expect(run.error).toBe(error);
    expect(execution.status).toBe('failed');
    const expected: ExecutionObservation[] = [
      started(forEach, [1, 2, 3]),
      started('body', 1, [0]),
      progress(forEach, { total: 3, done: 0, running: 1, failed: 0, cap: 2 }),
      started('body', 2, [1]),
      progress(forEach, { total: 3, done: 0, running: 2, failed: 0, cap: 2 }),
      { type: 'node.failed', nodeId: 'body', error, scope: [1] },
      progress(forEach, { total: 3, done: 0, running: 1, failed: 1, cap: 2 }),
    ];
    expect(seen).toEqual(expected);

    // The sibling still held open was cancelled by the failure: releasing it reports nothing, and
    // the queued third item never starts.
    gates.get(1)?.resolve();
    gates.get(3)?.resolve();
    await settle();
    expect(seen).toEqual(expected);
    expect(await execution.close()).toEqual({});
  });
});

describe('observer: batch and nesting', () => {
  it('scopes steps by every enclosing fan-out key and completes each group once', async () => {
    const { flow } = testFlow();
    flow
      .forEach()
      .batch([
        function a(d: Data) {
          return d.input;
        },
        function b() {
          return 'b';
        },
      ])
      .endForEach()
      .to(keep);
    const forEach = operatorId(flow, 'forEachSplit');
    const batch = operatorId(flow, 'batchFanout');
    const { execution, seen } = observed(flow);

    await execution.start([1, 2]);

    const count = (total: number, done: number, running: number) => ({
      total,
      done,
      running,
      failed: 0,
      cap: null,
    });
    expect(seen).toEqual([
      started(forEach, [1, 2]),
      started(batch, 1, [0]),
      started('a', 1, [0, 'a']),
      progress(batch, count(2, 0, 1), [0]),
      started('b', 1, [0, 'b']),
      progress(batch, count(2, 0, 2), [0]),
      progress(forEach, count(2, 0, 1)),
      started(batch, 2, [1]),
      started('a', 2, [1, 'a']),
      progress(batch, count(2, 0, 1), [1]),
      started('b', 2, [1, 'b']),
      progress(batch, count(2, 0, 2), [1]),
      progress(forEach, count(2, 0, 2)),
      completed('a', 1, [0, 'a']),
      completed('b', 'b', [0, 'b']),
      progress(batch, count(2, 2, 0), [0]),
      completed(batch, { a: 1, b: 'b' }, [0]),
      completed('a', 2, [1, 'a']),
      completed('b', 'b', [1, 'b']),
      progress(batch, count(2, 2, 0), [1]),
      completed(batch, { a: 2, b: 'b' }, [1]),
      progress(forEach, count(2, 2, 0)),
      completed(forEach, [
        { a: 1, b: 'b' },
        { a: 2, b: 'b' },
      ]),
      started('keep', [
        { a: 1, b: 'b' },
        { a: 2, b: 'b' },
      ]),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({
      result: [
        { a: 1, b: 'b' },
        { a: 2, b: 'b' },
      ],
    });
  });
});

describe('observer: match', () => {
  function matchFlow(): { flow: TriggerFlow; match: string } {
    const { flow } = testFlow();
    flow
      .match()
      .case(1)
      .to(function one() {
        return 'one';
      })
      .caseElse()
      .to(function other(d: Data) {
        return `other ${String(d.input)}`;
      })
      .endMatch()
      .to(keep);
    return { flow, match: operatorId(flow, 'matchRoute') };
  }

  it('reports the match node started and completed with { cases } (the positions taken) before its branch', async () => {
    const { flow, match } = matchFlow();
    const hit = (total: number, done: number, running: number) => ({
      total,
      done,
      running,
      failed: 0,
      cap: null,
    });

    const first = observed(flow);
    await first.execution.start(1);
    expect(first.seen).toEqual([
      started(match, 1),
      completed(match, { cases: [0] }),
      started('one', 1, [0]),
      progress(match, hit(1, 0, 1)),
      completed('one', 'one', [0]),
      progress(match, hit(1, 1, 0)),
      started('keep', 'one'),
      completed('keep', undefined),
    ]);
    expect(await first.execution.close()).toEqual({ result: 'one' });

    const second = observed(flow);
    await second.execution.start(5);
    // The else case is the last position.
    expect(second.seen).toEqual([
      started(match, 5),
      completed(match, { cases: [1] }),
      started('other', 5, [1]),
      progress(match, hit(1, 0, 1)),
      completed('other', 'other 5', [1]),
      progress(match, hit(1, 1, 0)),
      started('keep', 'other 5'),
      completed('keep', undefined),
    ]);
    expect(await second.execution.close()).toEqual({ result: 'other 5' });
  });

  it('reports { cases: [] } when nothing matches and there is no else (the value passes through)', async () => {
    const { flow } = testFlow();
    flow
      .match()
      .case('x')
      .to(function onX() {
        return 'x!';
      })
      .endMatch()
      .to(keep);
    const match = operatorId(flow, 'matchRoute');
    const { execution, seen } = observed(flow);

    await execution.start('y');

    expect(seen).toEqual([
      started(match, 'y'),
      completed(match, { cases: [] }),
      started('keep', 'y'),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: 'y' });
  });
});

describe('observer: interrupts', () => {
  it("reports a pause as an interrupt (previous null, waiting), its resume (previous 'waiting'), then the successor; the paused step never completes", async () => {
    const { flow, clock } = testFlow();
    const ask = flow.chunk('ask', (d: Data) =>
      d.pauseFor({ type: 'approval', payload: { amount: d.input }, interruptId: 'approve-1' }),
    );
    flow.to(ask).to(keep);
    const { execution, seen } = observed(flow);

    await execution.start(42);

    const waiting: InterruptRecord = {
      id: 'approve-1',
      type: 'approval',
      payload: { amount: 42 },
      resumeTo: 'next',
      status: 'waiting',
      sourceExecutionId: 'exec-1',
      sourceFlowName: 'test',
      sourceOperatorId: ask.id,
      sourceSignal: startSignal(42),
      continuationEvent: ask.triggerEvent,
      resumeCount: 0,
      maxResumes: 1,
      createdAt: 0,
      resumedAt: null,
      resumeValue: null,
      actor: null,
    };
    // No node.completed for `ask`, and the engine's pause stream item is not a stream.item.
    expect(seen).toEqual([
      started('ask', 42),
      { type: 'interrupt', interrupt: waiting, previous: null },
    ]);
    expect(execution.status).toBe('waiting');

    await clock.advance(1500);
    await execution.continueWith('approve-1', { approved: true }, { actor: 'alice' });

    const resumed: InterruptRecord = {
      ...waiting,
      status: 'resumed',
      resumeCount: 1,
      resumedAt: 1500,
      resumeValue: { approved: true },
      actor: 'alice',
    };
    // resumeTo 'next': the successor runs with the answer; `ask` is neither re-run nor completed.
    expect(seen).toEqual([
      started('ask', 42),
      { type: 'interrupt', interrupt: waiting, previous: null },
      { type: 'interrupt', interrupt: resumed, previous: 'waiting' },
      started('keep', { approved: true }),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: { approved: true } });
  });

  it("with resumeTo 'self' reports the step started again with its original input, then completed", async () => {
    const { flow } = testFlow();
    const review = flow.chunk('review', (d: Data) => {
      if (!d.isResume) return d.pauseFor({ resumeTo: 'self', interruptId: 'review' });
      return `${String(d.input)} + ${String(d.resume?.value)}`;
    });
    flow.to(review).to(keep);
    const { execution, seen } = observed(flow);

    await execution.start('draft');
    await execution.continueWith('review', 'notes');

    const waiting: InterruptRecord = {
      id: 'review',
      type: 'pause',
      payload: null,
      resumeTo: 'self',
      status: 'waiting',
      sourceExecutionId: 'exec-1',
      sourceFlowName: 'test',
      sourceOperatorId: review.id,
      sourceSignal: startSignal('draft'),
      continuationEvent: review.triggerEvent,
      resumeCount: 0,
      maxResumes: 1,
      createdAt: 0,
      resumedAt: null,
      resumeValue: null,
      actor: null,
    };
    expect(seen).toEqual([
      started('review', 'draft'),
      { type: 'interrupt', interrupt: waiting, previous: null },
      {
        type: 'interrupt',
        interrupt: {
          ...waiting,
          status: 'resumed',
          resumeCount: 1,
          resumedAt: 0,
          resumeValue: 'notes',
        },
        previous: 'waiting',
      },
      started('review', 'draft'),
      completed('review', 'draft + notes'),
      started('keep', 'draft + notes'),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: 'draft + notes' });
  });

  it("reports an interrupt cancelled by close({ pendingInterrupts: 'cancel' })", async () => {
    const { flow } = testFlow();
    const ask = flow.chunk('ask', (d: Data) => d.pauseFor({ interruptId: 'q' }));
    flow.to(ask);
    const { execution, seen } = observed(flow);

    await execution.start(1);
    expect(await execution.close({ pendingInterrupts: 'cancel' })).toEqual({});

    const waiting: InterruptRecord = {
      id: 'q',
      type: 'pause',
      payload: null,
      resumeTo: 'next',
      status: 'waiting',
      sourceExecutionId: 'exec-1',
      sourceFlowName: 'test',
      sourceOperatorId: ask.id,
      sourceSignal: startSignal(1),
      continuationEvent: ask.triggerEvent,
      resumeCount: 0,
      maxResumes: 1,
      createdAt: 0,
      resumedAt: null,
      resumeValue: null,
      actor: null,
    };
    expect(seen).toEqual([
      started('ask', 1),
      { type: 'interrupt', interrupt: waiting, previous: null },
      { type: 'interrupt', interrupt: { ...waiting, status: 'cancelled' }, previous: 'waiting' },
    ]);
    expect(execution.status).toBe('cancelled');
  });

  it("reports an interrupt timed out by its 'fail' policy as cancelled by the 'timeout' actor", async () => {
    const { flow, clock } = testFlow();
    const ask = flow.chunk('ask', (d: Data) =>
      d.pauseFor({ interruptId: 'q', timeout: { afterMs: 10, action: 'fail' } }),
    );
    flow.to(ask).to(keep);
    const { execution, seen } = observed(flow);

    await execution.start(1);
    await clock.advance(10);
    await execution.expireInterrupt('q');

    const waiting: InterruptRecord = {
      id: 'q',
      type: 'pause',
      payload: null,
      resumeTo: 'next',
      status: 'waiting',
      sourceExecutionId: 'exec-1',
      sourceFlowName: 'test',
      sourceOperatorId: ask.id,
      sourceSignal: startSignal(1),
      continuationEvent: ask.triggerEvent,
      resumeCount: 0,
      maxResumes: 1,
      createdAt: 0,
      resumedAt: null,
      resumeValue: null,
      actor: null,
      timeout: { afterMs: 10, action: 'fail', event: 'PauseTimeout[ask]' },
    };
    expect(seen).toEqual([
      started('ask', 1),
      { type: 'interrupt', interrupt: waiting, previous: null },
      {
        type: 'interrupt',
        interrupt: { ...waiting, status: 'cancelled', resumedAt: 10, actor: 'timeout' },
        previous: 'waiting',
      },
    ]);
    expect(execution.status).toBe('failed');
    await execution.close();
  });
});

describe('observer: stream items', () => {
  it('reports every item a step puts into the stream, where it is put; the stream still gets them', async () => {
    const { flow } = testFlow();
    flow
      .to(function produce(d: Data) {
        d.putIntoStream('a');
        d.putIntoStream({ n: 1 });
        return 'next';
      })
      .to(function relay(d: Data) {
        d.putIntoStream(`after ${String(d.input)}`);
      });
    const { execution, seen } = observed(flow);

    await execution.start();

    expect(seen).toEqual([
      started('produce', undefined),
      { type: 'stream.item', item: 'a' },
      { type: 'stream.item', item: { n: 1 } },
      completed('produce', 'next'),
      started('relay', 'next'),
      { type: 'stream.item', item: 'after next' },
      completed('relay', undefined),
    ]);
    await execution.close();
    expect(await drain(execution.getRuntimeStream())).toEqual(['a', { n: 1 }, 'after next']);
  });

  it("reports a sub-flow node's start and end and its child's stream items (the child's steps stay inside)", async () => {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(async function childStep(d: Data) {
      d.putIntoStream({ from: 'child', value: d.input });
      await d.setState('$final_result', 'done');
    });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent
      .to(function prepare(d: Data) {
        d.putIntoStream('from parent');
        return (d.input as number) + 1;
      })
      .toSubFlow(child, { name: 'sub' })
      .to(keep);
    const { execution, seen } = observed(parent);

    await execution.start(1);

    expect(seen).toEqual([
      started('prepare', 1),
      { type: 'stream.item', item: 'from parent' },
      completed('prepare', 2),
      started('sub', 2),
      { type: 'stream.item', item: { from: 'child', value: 2 } },
      completed('sub', 'done'),
      started('keep', 'done'),
      completed('keep', undefined),
    ]);
    expect(await execution.close()).toEqual({ result: 'done' });
    expect(await drain(execution.getRuntimeStream())).toEqual([
      'from parent',
      { from: 'child', value: 2 },
    ]);
  });
});

describe('observer: failures and absence', () => {
  it('an observer that throws does not stop the run: each throw is an OBSERVER_FAILED warning', async () => {
    const { flow, warnings } = testFlow();
    flow
      .to(function first(d: Data) {
        d.putIntoStream('item');
        return 'one';
      })
      .to(keep);
    let calls = 0;
    const execution = flow.createExecution({
      autoClose: false,
      observer: () => {
        calls += 1;
        throw new Error('observer down');
      },
    });

    await execution.start('go');

    expect(execution.status).toBe('running');
    expect(await execution.close()).toEqual({ result: 'one' });
    expect(execution.status).toBe('completed');
    expect(calls).toBe(5);
    const warning = {
      code: 'OBSERVER_FAILED',
      message: 'The observer of execution exec-1 threw: observer down',
    };
    expect(warnings).toEqual([warning, warning, warning, warning, warning]);
  });

  it('without an observer the same flow runs the same, with no warnings', async () => {
    const build = () => {
      const context = testFlow();
      context.flow
        .forEach({ concurrency: 2 })
        .match()
        .case((d: Data) => (d.input as number) % 2 === 0)
        .to(function even(d: Data) {
          d.putIntoStream(`even ${String(d.input)}`);
          return 'even';
        })
        .caseElse()
        .to(function odd() {
          return 'odd';
        })
        .endMatch()
        .endForEach()
        .to(keep);
      return context;
    };

    const plain = build();
    const execution = plain.flow.createExecution({ autoClose: false });
    expect(execution.observed).toBe(false);
    await execution.start([1, 2, 3, 4]);
    expect(await execution.close()).toEqual({ result: ['odd', 'even', 'odd', 'even'] });
    expect(await drain(execution.getRuntimeStream())).toEqual(['even 2', 'even 4']);
    expect(plain.warnings).toEqual([]);

    const watched = build();
    const { execution: other, seen } = observed(watched.flow);
    expect(other.observed).toBe(true);
    await other.start([1, 2, 3, 4]);
    expect(await other.close()).toEqual({ result: ['odd', 'even', 'odd', 'even'] });
    expect(await drain(other.getRuntimeStream())).toEqual(['even 2', 'even 4']);
    expect(watched.warnings).toEqual([]);
    expect(seen.filter((o) => o.type === 'stream.item')).toEqual([
      { type: 'stream.item', item: 'even 2' },
      { type: 'stream.item', item: 'even 4' },
    ]);
  });
});
