import { describe, expect, it } from 'vitest';
import { settle } from '../src/index';
import type { TriggerFlowExecution, TriggerFlowRuntimeData } from '../src/index';
import { deferred, drain, testFlow, track, warningCodes } from './helpers';

type Data = TriggerFlowRuntimeData;

const DONE = { done: true, value: undefined };
const item = (value: unknown) => ({ done: false, value });

describe('execution.getRuntimeStream', () => {
  it('reads the items chunks put, in order, as they arrive', async () => {
    const { flow, warnings } = testFlow();
    const gate = deferred();
    flow
      .to(async function produce(d: Data) {
        d.putIntoStream('a');
        d.putIntoStream({ n: 1 });
        await gate.promise;
        d.putIntoStream('c');
        return 'next';
      })
      .to(function relay(d: Data) {
        d.putIntoStream(`after ${String(d.input)}`);
      });
    const execution = flow.createExecution({ autoClose: false });
    const started = execution.start();
    const reader = execution.getRuntimeStream();

    expect(await reader.next()).toEqual(item('a'));
    expect(await reader.next()).toEqual(item({ n: 1 }));
    const third = track(reader.next());
    await settle();
    expect(third.settled).toBe(false);

    gate.resolve();
    await settle();
    expect(third.value).toEqual(item('c'));
    expect(await reader.next()).toEqual(item('after next'));
    expect(await started).toBe(execution);

    await execution.close();
    expect(await reader.next()).toEqual(DONE);
    expect(warnings).toEqual([]);
  });

  it('replays from the first item to a reader that starts late', async () => {
    const { flow } = testFlow();
    flow.to(function early(d: Data) {
      d.putIntoStream('e1');
      d.putIntoStream('e2');
    });
    flow.when('more').to(function lateItem(d: Data) {
      d.putIntoStream(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const reader = execution.getRuntimeStream();
    expect(await reader.next()).toEqual(item('e1'));
    expect(await reader.next()).toEqual(item('e2'));
    const waiting = track(reader.next());
    await settle();
    expect(waiting.settled).toBe(false);
    await execution.emit('more', 'm1');
    await settle();
    expect(waiting.value).toEqual(item('m1'));

    await execution.close();
    expect(await reader.next()).toEqual(DONE);
    // A reader created after the close still replays everything.
    expect(await drain(execution.getRuntimeStream())).toEqual(['e1', 'e2', 'm1']);
  });

  it('gives every item to each of two parallel readers', async () => {
    const { flow } = testFlow();
    flow.when('ping').to(function pong(d: Data) {
      d.putIntoStream(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const first = drain(execution.getRuntimeStream({ timeoutMs: null }));
    const second = drain(execution.getRuntimeStream({ timeoutMs: null }));
    await execution.emit('ping', 1);
    await execution.emit('ping', 2);
    await execution.emit('ping', 3);
    await execution.close();

    expect(await first).toEqual([1, 2, 3]);
    expect(await second).toEqual([1, 2, 3]);
  });

  it('ends iteration when the execution closes, not before', async () => {
    const { flow, clock } = testFlow();
    flow.to(function produce(d: Data) {
      d.putIntoStream('only');
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const reading = track(drain(execution.getRuntimeStream()));
    await clock.advance(9_999);
    expect(reading.settled).toBe(false);

    await execution.close();
    await settle();
    expect(reading.settled).toBe(true);
    expect(reading.value).toEqual(['only']);
  });

  it('ends iteration when an auto-closing execution closes itself', async () => {
    const { flow, clock, warnings } = testFlow();
    flow.to(function produce(d: Data) {
      d.putIntoStream(d.input);
    });
    const execution = flow.createExecution({ autoCloseTimeoutMs: 500 });
    const reading = track(
      drain(execution.getRuntimeStream({ initialValue: 'x', timeoutMs: null })),
    );
    await clock.advance(499);
    expect(reading.settled).toBe(false);
    await clock.advance(1);
    expect(reading.settled).toBe(true);
    expect(reading.value).toEqual(['x']);
    expect(execution.lifecycleState).toBe('closed');
    expect(warnings).toEqual([]);
  });

  it('starts a not-yet-started execution with initialValue on the first read', async () => {
    const { flow } = testFlow();
    const inputs: unknown[] = [];
    flow.to(function startStep(d: Data) {
      inputs.push(d.input);
      d.putIntoStream((d.input as number) * 2);
    });
    const execution = flow.createExecution({ autoClose: false });
    const reader = execution.getRuntimeStream({ initialValue: 21 });
    await settle();
    expect(execution.started).toBe(false);
    expect(execution.status).toBe('created');
    expect(inputs).toEqual([]);

    expect(await reader.next()).toEqual(item(42));
    expect(inputs).toEqual([21]);
    expect(execution.started).toBe(true);
    expect(execution.status).toBe('running');

    await execution.close();
    expect(await reader.next()).toEqual(DONE);
    expect(inputs).toEqual([21]);
  });

  it('does not start an execution that was already started', async () => {
    const { flow } = testFlow();
    const inputs: unknown[] = [];
    flow.to(function startStep(d: Data) {
      inputs.push(d.input);
      d.putIntoStream(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('explicit');
    const reading = drain(execution.getRuntimeStream({ initialValue: 'ignored' }));
    await execution.close();
    expect(await reading).toEqual(['explicit']);
    expect(inputs).toEqual(['explicit']);
  });

  it("rejects the reader's next() with the error of a lazily started run that failed", async () => {
    const { flow } = testFlow();
    const boom = new Error('boom');
    flow.to(async function explode() {
      await Promise.resolve();
      throw boom;
    });
    const execution = flow.createExecution({ autoClose: false });
    const reader = execution.getRuntimeStream({ initialValue: 1, timeoutMs: null });
    const first = track(reader.next());
    await settle();
    expect(first.settled).toBe(true);
    expect(first.error).toBe(boom);
    expect(execution.status).toBe('failed');
  });

  it('ends iteration after timeoutMs without an item, warning STREAM_TIMEOUT, no exception', async () => {
    const { flow, clock, warnings } = testFlow();
    flow.when('ping').to(function pong(d: Data) {
      d.putIntoStream(d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const reading = track(drain(execution.getRuntimeStream({ timeoutMs: 500 })));
    await clock.advance(400);
    await execution.emit('ping', 'p1'); // the wait for the next item restarts here
    await clock.advance(499); // t = 899
    expect(reading.settled).toBe(false);
    expect(warnings).toEqual([]);

    await clock.advance(1); // t = 900
    expect(reading.settled).toBe(true);
    expect(reading.error).toBeUndefined();
    expect(reading.value).toEqual(['p1']);
    expect(warningCodes(warnings)).toEqual(['STREAM_TIMEOUT']);
    // The read timeout is not an auto-close: the execution goes on.
    expect(execution.lifecycleState).toBe('open');
  });

  it('times out after 10 000 ms by default', async () => {
    const { flow, clock, warnings } = testFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    const reader = execution.getRuntimeStream();
    const next = track(reader.next());
    await clock.advance(9_999);
    expect(next.settled).toBe(false);
    await clock.advance(1);
    expect(next.value).toEqual(DONE);
    expect(warningCodes(warnings)).toEqual(['STREAM_TIMEOUT']);
  });

  it('waits until close with timeoutMs: null', async () => {
    const { flow, clock, warnings } = testFlow();
    flow.to(function produce(d: Data) {
      d.putIntoStream('first');
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();

    const reading = track(drain(execution.getRuntimeStream({ timeoutMs: null })));
    await clock.advance(10_000_000);
    expect(reading.settled).toBe(false);
    expect(warnings).toEqual([]);

    await execution.close();
    await settle();
    expect(reading.value).toEqual(['first']);
    expect(warnings).toEqual([]);
  });

  it('ignores items put into a closed stream, warning STREAM_CLOSED', async () => {
    const { flow, warnings } = testFlow();
    const holder: { data?: Data } = {};
    flow.to(function keep(d: Data) {
      holder.data = d;
      d.putIntoStream(1);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.close();
    expect(warnings).toEqual([]);

    expect(holder.data).toBeDefined();
    holder.data?.putIntoStream(2);
    expect(warningCodes(warnings)).toEqual(['STREAM_CLOSED']);
    expect(await drain(execution.getRuntimeStream())).toEqual([1]);
  });

  it('data.stopStream() ends readers early while the execution keeps running', async () => {
    const { flow, warnings } = testFlow();
    const stop = deferred();
    const finish = deferred();
    flow.to(async function produce(d: Data) {
      d.putIntoStream('only');
      await stop.promise;
      d.stopStream();
      d.putIntoStream('dropped');
      await finish.promise;
      await d.setState('finished', true);
    });
    const execution = flow.createExecution({ autoClose: false });
    const started = execution.start();
    const reading = track(drain(execution.getRuntimeStream({ timeoutMs: null })));
    await settle();
    expect(reading.settled).toBe(false);

    stop.resolve();
    await settle();
    expect(reading.settled).toBe(true);
    expect(reading.value).toEqual(['only']);
    expect(execution.lifecycleState).toBe('open');
    expect(execution.status).toBe('running');
    expect(warningCodes(warnings)).toEqual(['STREAM_CLOSED']);
    expect(await drain(execution.getRuntimeStream())).toEqual(['only']);

    finish.resolve();
    expect(await started).toBe(execution);
    expect(await execution.close()).toEqual({ finished: true });
  });
});

describe('flow.getRuntimeStream', () => {
  it('yields every item of a hidden execution, then ends when it auto-closes', async () => {
    const { flow, warnings } = testFlow();
    flow
      .to(async function first(d: Data) {
        d.putIntoStream(d.input);
        await Promise.resolve();
        d.putIntoStream((d.input as number) + 1);
        return (d.input as number) + 2;
      })
      .to(async function second(d: Data) {
        await Promise.resolve();
        d.putIntoStream(d.input);
      });
    const reading = track(drain(flow.getRuntimeStream(1)));
    await settle();
    expect(reading.settled).toBe(true);
    expect(reading.value).toEqual([1, 2, 3]);
    expect(warnings).toEqual([]);
  });

  it('keeps yielding while background work is still running', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    flow.to(function kickOff(d: Data) {
      d.putIntoStream('start');
      d.emitNowait('bg');
    });
    flow.when('bg').to(async function background(d: Data) {
      await gate.promise;
      d.putIntoStream('background');
    });
    const reading = track(drain(flow.getRuntimeStream()));
    await settle();
    expect(reading.settled).toBe(false);
    gate.resolve();
    await settle();
    expect(reading.value).toEqual(['start', 'background']);
  });

  it('closes the hidden execution when the consumer breaks out early', async () => {
    const { flow, warnings } = testFlow();
    const gate = deferred();
    const holder: { execution?: TriggerFlowExecution } = {};
    flow.to(async function produce(d: Data) {
      holder.execution = d.execution;
      d.putIntoStream('first');
      d.putIntoStream('second');
      await gate.promise;
      await d.setState('finished', true);
    });

    const seen: unknown[] = [];
    for await (const value of flow.getRuntimeStream('go')) {
      seen.push(value);
      break;
    }
    expect(seen).toEqual(['first']);
    const hidden = holder.execution;
    expect(hidden).toBeDefined();
    await settle();
    // Still busy, so not idle: only the consumer's break can have begun the close.
    expect(hidden?.lifecycleState).toBe('sealed');
    await hidden?.emit('extra');
    expect(warningCodes(warnings)).toEqual(['SIGNAL_IGNORED']);

    gate.resolve();
    await settle();
    expect(hidden?.lifecycleState).toBe('closed');
    expect(hidden?.getState()).toEqual({ finished: true });
  });

  it('rejects the consumer with the error of a failing run', async () => {
    const { flow } = testFlow();
    const boom = new Error('hidden boom');
    flow.to(function explode(d: Data) {
      d.putIntoStream('before the failure');
      throw boom;
    });
    const reading = track(drain(flow.getRuntimeStream(1)));
    await settle();
    expect(reading.settled).toBe(true);
    expect(reading.error).toBe(boom);
  });
});
