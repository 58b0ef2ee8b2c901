import { describe, expect, it } from 'vitest';
import { EngineError, settle } from '../src/index';
import type { TriggerFlowRuntimeData } from '../src/index';
import { deferred, testFlow, track, warningCodes } from './helpers';

type Data = TriggerFlowRuntimeData;

/**
 * A flow whose START chain hands a background task to `emitNowait` (held open by `gate`) and then
 * finishes; `ping` writes its value to state.
 */
function backgroundFlow() {
  const context = testFlow();
  const gate = deferred();
  const runs = { background: 0 };
  context.flow
    .to(function kickOff(d: Data) {
      d.emitNowait('bg', 'payload');
      return 'chain done';
    })
    .to(async function finishChain(d: Data) {
      await d.setState('chain', d.input);
    });
  context.flow.when('bg').to(async function background(d: Data) {
    runs.background += 1;
    await gate.promise;
    await d.setState('bg', d.input);
  });
  context.flow.when('ping').to(async function pong(d: Data) {
    await d.setState('pinged', d.input);
  });
  return { ...context, gate, runs };
}

describe('status and lifecycle state', () => {
  it('moves status created → running → completed and lifecycle open → sealed → closed', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    const seenInside: string[] = [];
    flow.to(async function step(d: Data) {
      seenInside.push(d.status, d.execution.lifecycleState);
      await gate.promise;
      await d.setState('done', true);
    });
    const execution = flow.createExecution({ autoClose: false });
    expect(execution.status).toBe('created');
    expect(execution.lifecycleState).toBe('open');
    expect(execution.started).toBe(false);

    const started = track(execution.start('go'));
    await settle();
    expect(seenInside).toEqual(['running', 'open']);
    expect(execution.status).toBe('running');
    expect(execution.started).toBe(true);
    expect(started.settled).toBe(false);

    execution.seal();
    expect(execution.lifecycleState).toBe('sealed');
    expect(execution.status).toBe('running');

    gate.resolve();
    await settle();
    expect(started.value).toBe(execution);
    expect(execution.status).toBe('running');
    expect(execution.lifecycleState).toBe('sealed');

    expect(await execution.close()).toEqual({ done: true });
    expect(execution.status).toBe('completed');
    expect(execution.lifecycleState).toBe('closed');
  });
});

describe('flow.start', () => {
  it('resolves with the close snapshot once the hidden execution is idle, background tasks included', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    flow
      .to(async function double(d: Data) {
        await Promise.resolve();
        return (d.input as number) * 2;
      })
      .to(async function save(d: Data) {
        await d.setState('doubled', d.input);
        d.emitNowait('later', d.input);
      });
    flow.when('later').to(async function laterStep(d: Data) {
      await gate.promise;
      await d.setState('later', (d.input as number) + 1);
    });

    const result = track(flow.start(5));
    await settle();
    expect(result.settled).toBe(false);

    gate.resolve();
    await settle();
    expect(result.settled).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual({ doubled: 10, later: 11 });
  });

  it('resolves with an empty snapshot when nothing listens to START', async () => {
    const { flow } = testFlow();
    expect(await flow.start('unused')).toEqual({});
  });

  it('rejects autoClose: false with EngineError INVALID_OPTION and runs nothing', async () => {
    const { flow } = testFlow();
    const runs: unknown[] = [];
    flow.to(function record(d: Data) {
      runs.push(d.input);
    });
    const error = await flow.start(1, { autoClose: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('INVALID_OPTION');
    await settle();
    expect(runs).toEqual([]);
  });
});

describe('flow.startExecution', () => {
  it('resolves with the open execution after the whole synchronous chain, state already written', async () => {
    const { flow, clock } = testFlow();
    flow
      .to(async function addOne(d: Data) {
        await Promise.resolve();
        return (d.input as number) + 1;
      })
      .to(async function store(d: Data) {
        await Promise.resolve();
        await d.setState('result', d.input);
      });

    const execution = await flow.startExecution(1);
    expect(execution.getState()).toEqual({ result: 2 });
    expect(execution.lifecycleState).toBe('open');
    expect(execution.status).toBe('running');
    expect(execution.started).toBe(true);

    // Default: auto-close after 10 000 ms of idleness.
    await clock.advance(9_999);
    expect(execution.lifecycleState).toBe('open');
    await clock.advance(1);
    expect(execution.lifecycleState).toBe('closed');
    expect(execution.status).toBe('completed');
    expect(execution.getState()).toEqual({ result: 2 });
  });
});

describe('execution.start', () => {
  it('resolves with the execution itself when autoClose is false', async () => {
    const { flow, clock } = testFlow();
    flow.to(async function store(d: Data) {
      await d.setState('input', d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    const result = await execution.start(3);
    expect(result).toBe(execution);
    expect(execution.getState()).toEqual({ input: 3 });
    await clock.advance(1_000_000);
    expect(execution.lifecycleState).toBe('open');
  });

  it('with autoClose (default) resolves with the close snapshot after 10 000 ms of idleness', async () => {
    const { flow, clock } = testFlow();
    flow.to(async function store(d: Data) {
      await d.setState('input', d.input);
    });
    const execution = flow.createExecution();
    const started = track(execution.start(7));

    await clock.advance(9_999);
    expect(started.settled).toBe(false);
    expect(execution.lifecycleState).toBe('open');
    expect(execution.getState()).toEqual({ input: 7 });

    await clock.advance(1);
    expect(started.settled).toBe(true);
    expect(started.error).toBeUndefined();
    expect(started.value).toEqual({ input: 7 });
    expect(execution.lifecycleState).toBe('closed');
    expect(execution.status).toBe('completed');
  });

  it('honours a custom autoCloseTimeoutMs', async () => {
    const { flow, clock } = testFlow();
    const execution = flow.createExecution({ autoCloseTimeoutMs: 250 });
    const started = track(execution.start());
    await clock.advance(249);
    expect(started.settled).toBe(false);
    await clock.advance(1);
    expect(started.settled).toBe(true);
    expect(started.value).toEqual({});
    expect(execution.lifecycleState).toBe('closed');
  });

  it('pushes the auto-close deadline back on a later external emit', async () => {
    const { flow, clock } = testFlow();
    flow.when('ping').to(async function pong(d: Data) {
      await d.setState('pinged', d.input);
    });
    const execution = flow.createExecution();
    const started = track(execution.start());

    await clock.advance(5_000);
    await execution.emit('ping', 'at 5000');
    await clock.advance(5_000); // t = 10 000: only 5 000 ms idle
    expect(started.settled).toBe(false);
    expect(execution.lifecycleState).toBe('open');

    await clock.advance(4_999); // t = 14 999
    expect(started.settled).toBe(false);
    expect(execution.lifecycleState).toBe('open');

    await clock.advance(1); // t = 15 000
    expect(started.settled).toBe(true);
    expect(started.value).toEqual({ pinged: 'at 5000' });
    expect(execution.lifecycleState).toBe('closed');
  });

  it('pushes the auto-close deadline back on a later state write', async () => {
    const { flow, clock } = testFlow();
    const execution = flow.createExecution();
    const started = track(execution.start());

    await clock.advance(6_000);
    await execution.state.set('touched', true, true);
    await clock.advance(4_000); // t = 10 000: only 4 000 ms idle
    expect(started.settled).toBe(false);
    expect(execution.lifecycleState).toBe('open');

    await clock.advance(5_999); // t = 15 999
    expect(started.settled).toBe(false);

    await clock.advance(1); // t = 16 000
    expect(started.settled).toBe(true);
    expect(started.value).toEqual({ touched: true });
    expect(execution.lifecycleState).toBe('closed');
  });

  it('never auto-closes with autoCloseTimeoutMs: null; start resolves once closed by hand', async () => {
    const { flow, clock } = testFlow();
    flow.to(async function store(d: Data) {
      await d.setState('input', d.input);
    });
    const execution = flow.createExecution({ autoCloseTimeoutMs: null });
    const started = track(execution.start('x'));

    await clock.advance(10_000_000);
    expect(started.settled).toBe(false);
    expect(execution.lifecycleState).toBe('open');

    const snapshot = await execution.close();
    await settle();
    expect(snapshot).toEqual({ input: 'x' });
    expect(started.settled).toBe(true);
    expect(started.value).toEqual({ input: 'x' });
  });

  it('is a no-op when started twice: START handlers run once', async () => {
    const { flow, warnings } = testFlow();
    const runs: unknown[] = [];
    flow.to(async function record(d: Data) {
      runs.push(d.input);
      await Promise.resolve();
    });
    const execution = flow.createExecution({ autoClose: false });
    const [first, second] = await Promise.all([execution.start(1), execution.start(2)]);
    expect(first).toBe(execution);
    expect(second).toBe(execution);
    expect(await execution.start(3)).toBe(execution);
    expect(runs).toEqual([1]);
    expect(warnings).toEqual([]);
  });

  it('on a closed execution warns EXECUTION_NOT_OPEN and runs nothing', async () => {
    const { flow, warnings } = testFlow();
    const runs: unknown[] = [];
    flow.to(function record(d: Data) {
      runs.push(d.input);
    });

    const manual = flow.createExecution({ autoClose: false });
    expect(await manual.close()).toEqual({});
    expect(await manual.start(1)).toBe(manual);
    expect(warningCodes(warnings)).toEqual(['EXECUTION_NOT_OPEN']);

    const auto = flow.createExecution();
    expect(await auto.close()).toEqual({});
    expect(await auto.start(2)).toEqual({});
    expect(warningCodes(warnings)).toEqual(['EXECUTION_NOT_OPEN', 'EXECUTION_NOT_OPEN']);

    await settle();
    expect(runs).toEqual([]);
    expect(manual.lifecycleState).toBe('closed');
  });

  it('warns EXECUTION_NOT_OPEN when starting again after the execution ran and closed', async () => {
    const { flow, warnings } = testFlow();
    const runs: unknown[] = [];
    flow.to(function record(d: Data) {
      runs.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    await execution.close();
    expect(warnings).toEqual([]);

    expect(await execution.start(2)).toBe(execution);
    expect(runs).toEqual([1]);
    expect(warningCodes(warnings)).toEqual(['EXECUTION_NOT_OPEN']);
  });
});

describe('seal and unseal', () => {
  it('ignores external emits with SIGNAL_IGNORED while in-flight work continues', async () => {
    const { flow, warnings } = testFlow();
    const gate = deferred();
    const log: string[] = [];
    flow
      .to(async function slow(d: Data) {
        await gate.promise;
        await d.emit('inner', 'from chunk');
        return 'slow done';
      })
      .to(function afterSlow(d: Data) {
        log.push(`after:${String(d.input)}`);
      });
    flow.when('X').to(function onX(d: Data) {
      log.push(`X:${String(d.input)}`);
    });
    flow.when('inner').to(function onInner(d: Data) {
      log.push(`inner:${String(d.input)}`);
    });

    const execution = flow.createExecution({ autoClose: false });
    const started = track(execution.start());
    await settle();

    execution.seal();
    execution.seal(); // idempotent
    expect(execution.lifecycleState).toBe('sealed');
    await expect(execution.emit('X', 1)).resolves.toBeUndefined();
    expect(log).toEqual([]);
    expect(warnings).toEqual([
      { code: 'SIGNAL_IGNORED', message: "ignored event 'X' because lifecycle state is 'sealed'" },
    ]);

    gate.resolve();
    await settle();
    expect(started.value).toBe(execution);
    expect(log).toEqual(['inner:from chunk', 'after:slow done']);
    expect(execution.lifecycleState).toBe('sealed');
    expect(warnings).toHaveLength(1);
  });

  it('unseal() accepts external emits again', async () => {
    const { flow, warnings } = testFlow();
    const log: unknown[] = [];
    flow.when('X').to(function onX(d: Data) {
      log.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    execution.seal();
    await execution.emit('X', 'while sealed');
    expect(log).toEqual([]);
    expect(warningCodes(warnings)).toEqual(['SIGNAL_IGNORED']);

    execution.unseal();
    expect(execution.lifecycleState).toBe('open');
    await execution.emit('X', 'after unseal');
    expect(log).toEqual(['after unseal']);
    expect(warningCodes(warnings)).toEqual(['SIGNAL_IGNORED']);
  });

  it('ignores external emits after close with the closed lifecycle state in the message', async () => {
    const { flow, warnings } = testFlow();
    const log: unknown[] = [];
    flow.when('Y').to(function onY(d: Data) {
      log.push(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.close();
    execution.unseal(); // closed is final
    expect(execution.lifecycleState).toBe('closed');
    await execution.emit('Y', 1);
    expect(log).toEqual([]);
    expect(warnings).toEqual([
      { code: 'SIGNAL_IGNORED', message: "ignored event 'Y' because lifecycle state is 'closed'" },
    ]);
  });
});

describe('close', () => {
  it('is idempotent: concurrent and repeated calls share one close', async () => {
    const { flow, gate, runs } = backgroundFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const first = track(execution.close({ reason: 'first' }));
    const second = track(execution.close({ reason: 'second' }));
    await settle();
    expect(first.settled).toBe(false);
    expect(second.settled).toBe(false);

    gate.resolve();
    await settle();
    const expected = { chain: 'chain done', bg: 'payload' };
    expect(first.value).toEqual(expected);
    expect(second.value).toEqual(expected);
    expect(await execution.close({ reason: 'third' })).toEqual(expected);
    expect(execution.getMeta()).toMatchObject({
      lifecycleState: 'closed',
      status: 'completed',
      closeReason: 'first',
    });
    expect(runs.background).toBe(1);
  });

  it('drains owned emitNowait tasks before resolving, sealed meanwhile', async () => {
    const { flow, gate } = backgroundFlow();
    const execution = flow.createExecution({ autoClose: false });
    expect(await execution.start()).toBe(execution);
    expect(execution.getState()).toEqual({ chain: 'chain done' });

    const closing = track(execution.close());
    await settle();
    expect(closing.settled).toBe(false);
    expect(execution.lifecycleState).toBe('sealed');

    gate.resolve();
    await settle();
    expect(closing.settled).toBe(true);
    expect(closing.value).toEqual({ chain: 'chain done', bg: 'payload' });
    expect(execution.lifecycleState).toBe('closed');
  });

  it('fails with CLOSE_TIMEOUT past timeoutMs, warns CLOSE_DRAIN_TIMEOUT and stays open', async () => {
    const { flow, clock, warnings, gate } = backgroundFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const closing = track(execution.close({ timeoutMs: 100 }));
    await clock.advance(99);
    expect(closing.settled).toBe(false);
    expect(execution.lifecycleState).toBe('sealed');
    expect(warnings).toEqual([]);

    await clock.advance(1);
    expect(closing.settled).toBe(true);
    expect(closing.error).toBeInstanceOf(EngineError);
    expect((closing.error as EngineError).code).toBe('CLOSE_TIMEOUT');
    expect(warningCodes(warnings)).toEqual(['CLOSE_DRAIN_TIMEOUT']);
    expect(execution.lifecycleState).toBe('open');
    expect(execution.status).toBe('running');
    gate.resolve();
    await settle();
  });

  it('leaves the execution usable after a CLOSE_TIMEOUT', async () => {
    const { flow, clock, gate } = backgroundFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const closing = track(execution.close({ timeoutMs: 100 }));
    await clock.advance(100);
    expect((closing.error as EngineError | undefined)?.code).toBe('CLOSE_TIMEOUT');

    await execution.emit('ping', 'after timeout');
    expect(execution.getState('pinged')).toBe('after timeout');

    gate.resolve();
    await settle();
    expect(await execution.close()).toMatchObject({ chain: 'chain done', pinged: 'after timeout' });
    expect(execution.lifecycleState).toBe('closed');
  });

  it('rejects an unknown pendingInterrupts policy with INVALID_OPTION and stays open', async () => {
    const { flow } = testFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    const error = await execution
      .close({ pendingInterrupts: 'bogus' as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('INVALID_OPTION');
    expect(execution.lifecycleState).toBe('open');
    expect(await execution.close()).toEqual({});
    expect(execution.lifecycleState).toBe('closed');
  });

  it('returns a copy of state: mutating the snapshot does not change execution.getState()', async () => {
    const { flow } = testFlow();
    flow.to(async function count(d: Data) {
      await d.setState('count', 1);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const snapshot = await execution.close();
    expect(snapshot).toEqual({ count: 1 });
    snapshot.count = 99;
    snapshot.extra = true;
    expect(execution.getState()).toEqual({ count: 1 });
    expect(execution.getState('count')).toBe(1);
  });

  it('getState() is live before close and the frozen snapshot after', async () => {
    const { flow } = testFlow();
    const holder: { data?: Data } = {};
    flow.to(async function remember(d: Data) {
      holder.data = d;
      await d.setState('count', 1);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(execution.getState()).toEqual({ count: 1 });
    await holder.data?.setState('count', 2);
    expect(execution.getState()).toEqual({ count: 2 });

    const snapshot = await execution.close();
    expect(snapshot).toEqual({ count: 2 });
    expect(execution.getState()).toEqual({ count: 2 });

    // A stale handle writing after the close must not change what the closed execution reports.
    await holder.data?.setState('count', 3);
    await holder.data?.setState('late', true);
    expect(execution.getState()).toEqual({ count: 2 });
    expect(execution.getState('count')).toBe(2);
    expect(execution.getState('late', 'absent')).toBe('absent');
  });

  it('stops flowData notifications to closed executions', async () => {
    const { flow } = testFlow();
    const heard: string[] = [];
    flow.when({ flowData: 'topic' }).to(function listen(d: Data) {
      heard.push(`${d.executionId}:${String(d.input)}`);
    });
    const first = flow.createExecution({ autoClose: false });
    const second = flow.createExecution({ autoClose: false });
    await first.start();
    await second.start();

    await flow.setFlowData('topic', 1);
    expect([...heard].sort()).toEqual(['exec-1:1', 'exec-2:1']);

    await first.close();
    await flow.setFlowData('topic', 2);
    expect([...heard].sort()).toEqual(['exec-1:1', 'exec-2:1', 'exec-2:2']);
  });
});
