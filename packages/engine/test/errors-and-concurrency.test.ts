import { describe, expect, it } from 'vitest';
import { settle } from '../src/index';
import type { TriggerFlowRuntimeData } from '../src/index';
import { deferred, keep, testFlow, track } from './helpers';
import type { Deferred } from './helpers';

type Data = TriggerFlowRuntimeData;

describe('a throwing chunk', () => {
  it('rejects execution.start() with the very same error; the execution stays open and closes as failed', async () => {
    const { flow } = testFlow();
    const error = new Error('boom');
    let afterRan = false;
    flow
      .to(async function write(d: Data) {
        await d.setState('before', 1);
        return 'x';
      })
      .to(function explode() {
        throw error;
      })
      .to(async function after(d: Data) {
        afterRan = true;
        await d.setState('after', 2);
      });
    const execution = flow.createExecution({ autoClose: false });
    await expect(execution.start('go')).rejects.toBe(error);
    expect(afterRan).toBe(false);
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('open');
    expect(await execution.close()).toEqual({ before: 1 });
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('closed');
  });

  it('rejects execution.start() with the same error when an async chunk rejects', async () => {
    const { flow } = testFlow();
    const error = new TypeError('async boom');
    flow.to(async function explode() {
      await Promise.resolve();
      throw error;
    });
    const execution = flow.createExecution({ autoClose: false });
    await expect(execution.start()).rejects.toBe(error);
    expect(execution.status).toBe('failed');
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('failed');
  });

  it('rejects flow.start() with the very same error', async () => {
    const { flow } = testFlow();
    const error = new Error('hidden boom');
    flow
      .to(async function write(d: Data) {
        await d.setState('before', 1);
      })
      .to(function explode() {
        throw error;
      });
    await expect(flow.start('go')).rejects.toBe(error);
  });

  it('rejects data.emit() in the emitting chunk with the very same error', async () => {
    const { flow } = testFlow();
    const error = new Error('handler boom');
    let caught: unknown;
    const log: string[] = [];
    flow
      .to(async function caller(d: Data) {
        try {
          await d.emit('Ping', 1);
          log.push('emit resolved');
        } catch (e) {
          caught = e;
          log.push('emit rejected');
        }
        return 'handled';
      })
      .to(function after(d: Data) {
        log.push(`after:${String(d.input)}`);
      });
    flow.when('Ping').to(function onPing() {
      throw error;
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(caught).toBe(error);
    expect(log).toEqual(['emit rejected', 'after:handled']);
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('open');
    await execution.close();
    expect(execution.status).toBe('failed');
  });

  it('rejects an external execution.emit() with the very same error', async () => {
    const { flow } = testFlow();
    const error = new Error('external boom');
    flow.when('Ping').to(function onPing() {
      throw error;
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await expect(execution.emit('Ping', 1)).rejects.toBe(error);
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('open');
  });
});

describe('the first error in a fan-out cancels its siblings', () => {
  it('forEach: rejects with the error; a sibling released later does not run its next step', async () => {
    const { flow } = testFlow();
    const error = new Error('item boom');
    const gate = deferred();
    const log: string[] = [];
    flow
      .forEach()
      .to(async function body(d: Data) {
        const item = d.input as string;
        log.push(`body:${item}`);
        if (item === 'boom') throw error;
        await gate.promise;
        log.push(`body-done:${item}`);
        return item;
      })
      .to(function next(d: Data) {
        log.push(`next:${String(d.input)}`);
        return d.input;
      })
      .endForEach()
      .to(function after() {
        log.push('after');
      });
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(['slow', 'boom']));
    await settle();
    expect(run.state).toBe('rejected');
    expect(run.error).toBe(error);
    expect(execution.status).toBe('failed');
    gate.resolve();
    await settle();
    // The sibling's handler finished, but nothing downstream of it ran.
    expect(log).toEqual(['body:slow', 'body:boom', 'body-done:slow']);
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('failed');
  });

  it('forEach with a concurrency cap: queued items never start after the error', async () => {
    const { flow } = testFlow();
    const error = new Error('first item boom');
    const gate = deferred();
    const started: number[] = [];
    flow
      .forEach({ concurrency: 2 })
      .to(async function body(d: Data) {
        const item = d.input as number;
        started.push(item);
        if (item === 0) {
          await gate.promise;
          throw error;
        }
        await gate.promise;
        return item;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start([0, 1, 2, 3]));
    await settle();
    expect(started).toEqual([0, 1]);
    gate.resolve();
    await settle();
    expect(run.state).toBe('rejected');
    expect(run.error).toBe(error);
    expect(started).toEqual([0, 1]);
    expect(await execution.close()).toEqual({});
  });

  it('rejects with the first error only, even when a sibling fails later with another', async () => {
    const { flow } = testFlow();
    const first = new Error('first');
    const second = new Error('second');
    const gates: Record<string, Deferred<void>> = { a: deferred(), b: deferred() };
    flow
      .forEach()
      .to(async function body(d: Data) {
        const item = d.input as string;
        await gates[item]?.promise;
        throw item === 'b' ? first : second;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(['a', 'b']));
    await settle();
    expect(run.state).toBe('pending');
    gates.b?.resolve();
    await settle();
    expect(run.state).toBe('rejected');
    expect(run.error).toBe(first);
    gates.a?.resolve();
    await settle();
    expect(run.error).toBe(first);
    expect(execution.status).toBe('failed');
    expect(await execution.close()).toEqual({});
  });

  it('batch: rejects with the error; a sibling released later does not run its next step', async () => {
    const { flow } = testFlow();
    const error = new Error('branch boom');
    const gate = deferred();
    const log: string[] = [];
    const slowBranch = flow.chunk('slow', async () => {
      log.push('slow');
      await gate.promise;
      log.push('slow-done');
      return 'slow';
    });
    flow
      .batch([
        slowBranch,
        function explode() {
          log.push('explode');
          throw error;
        },
      ])
      .to(function after() {
        log.push('after');
      });
    flow.when('slow').to(function afterSlow() {
      log.push('afterSlow');
    });
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(1));
    await settle();
    expect(run.state).toBe('rejected');
    expect(run.error).toBe(error);
    expect(execution.status).toBe('failed');
    gate.resolve();
    await settle();
    expect(log).toEqual(['slow', 'explode', 'slow-done']);
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('failed');
  });

  it('match hitAll: rejects with the error; a sibling released later does not run its next step', async () => {
    const { flow } = testFlow();
    const error = new Error('case boom');
    const gate = deferred();
    const log: string[] = [];
    flow
      .match({ mode: 'hitAll' })
      .case(() => true)
      .to(async function slow() {
        log.push('slow');
        await gate.promise;
        log.push('slow-done');
        return 'slow';
      })
      .to(function afterSlow() {
        log.push('afterSlow');
        return 'afterSlow';
      })
      .case(() => true)
      .to(function explode() {
        log.push('explode');
        throw error;
      })
      .endMatch()
      .to(function after() {
        log.push('after');
      });
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(1));
    await settle();
    expect(run.state).toBe('rejected');
    expect(run.error).toBe(error);
    expect(execution.status).toBe('failed');
    gate.resolve();
    await settle();
    expect(log).toEqual(['slow', 'explode', 'slow-done']);
    expect(await execution.close()).toEqual({});
  });
});

describe('skipExceptions', () => {
  it('on the execution: swallows the error, warns HANDLER_ERROR_SKIPPED, other items go on', async () => {
    const { flow, warnings } = testFlow();
    const error = new Error('item 2 failed');
    const gate = deferred();
    const log: string[] = [];
    flow
      .forEach()
      .to(async function body(d: Data) {
        const item = d.input as number;
        if (item === 2) throw error;
        if (item === 1) await gate.promise;
        return item * 10;
      })
      .to(async function next(d: Data) {
        log.push(`next:${String(d.input)}`);
        await d.appendState('seen', d.input);
      })
      .endForEach();
    const execution = flow.createExecution({ autoClose: false, skipExceptions: true });
    const run = track(execution.start([1, 2, 3]));
    await settle();
    expect(warnings.map((w) => w.code)).toEqual(['HANDLER_ERROR_SKIPPED']);
    expect(warnings[0]?.message).toContain('item 2 failed');
    expect(log).toEqual(['next:30']);
    expect(execution.status).not.toBe('failed');
    // The sibling that was waiting still runs its next step once released.
    gate.resolve();
    await settle();
    expect(log).toEqual(['next:30', 'next:10']);
    expect(run.state).toBe('fulfilled');
    expect(await execution.close()).toEqual({ seen: [30, 10] });
    expect(execution.status).toBe('completed');
  });

  it('on the flow: swallows a batch branch error, warns, the other branches go on', async () => {
    const { flow, warnings } = testFlow({ skipExceptions: true });
    const error = new Error('branch failed');
    const gate = deferred();
    const log: string[] = [];
    const slow = flow.chunk('slow', async (d: Data) => {
      await gate.promise;
      return `slow:${String(d.input)}`;
    });
    const quick = flow.chunk('quick', (d: Data) => `quick:${String(d.input)}`);
    flow.batch([
      slow,
      function explode() {
        throw error;
      },
      quick,
    ]);
    flow.when('slow').to(function afterSlow(d: Data) {
      log.push(`afterSlow:${String(d.input)}`);
    });
    flow.when('quick').to(function afterQuick(d: Data) {
      log.push(`afterQuick:${String(d.input)}`);
    });
    const execution = flow.createExecution({ autoClose: false });
    const run = track(execution.start(7));
    await settle();
    expect(warnings.map((w) => w.code)).toEqual(['HANDLER_ERROR_SKIPPED']);
    expect(warnings[0]?.message).toContain('branch failed');
    expect(log).toEqual(['afterQuick:quick:7']);
    gate.resolve();
    await settle();
    expect(run.state).toBe('fulfilled');
    expect(log).toEqual(['afterQuick:quick:7', 'afterSlow:slow:7']);
    await execution.close();
    expect(execution.status).toBe('completed');
  });

  it('on the flow: flow.start() resolves with the state despite the error', async () => {
    const { flow, warnings } = testFlow({ skipExceptions: true });
    flow.to(async function write(d: Data) {
      await d.setState('written', true);
    });
    flow.sideBranch(function explode() {
      throw new Error('ignored');
    });
    expect(await flow.start()).toEqual({ written: true });
    expect(warnings.map((w) => w.code)).toEqual(['HANDLER_ERROR_SKIPPED']);
  });

  it('skipExceptions: false on the execution overrides the flow default', async () => {
    const { flow, warnings } = testFlow({ skipExceptions: true });
    const error = new Error('not skipped');
    flow.to(function explode() {
      throw error;
    });
    const execution = flow.createExecution({ autoClose: false, skipExceptions: false });
    await expect(execution.start()).rejects.toBe(error);
    expect(execution.status).toBe('failed');
    expect(warnings).toEqual([]);
  });
});

describe('execution-level concurrency', () => {
  it('concurrency: 1 runs a chain and a 5-item forEach without deadlock, one handler at a time', async () => {
    const { flow } = testFlow();
    let inFlight = 0;
    let maxInFlight = 0;
    const enter = async (): Promise<void> => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight -= 1;
    };
    flow
      .to(async function first(d: Data) {
        await enter();
        return (d.input as number[]).map((n) => n + 1);
      })
      .forEach()
      .to(async function body(d: Data) {
        await enter();
        return (d.input as number) * 2;
      })
      .to(async function second(d: Data) {
        await enter();
        return (d.input as number) + 1;
      })
      .endForEach()
      .to(async function last(d: Data) {
        await enter();
        await d.setState('result', d.input);
      });
    const execution = flow.createExecution({ autoClose: false, concurrency: 1 });
    const run = track(execution.start([0, 1, 2, 3, 4]));
    await settle(2000);
    expect(run.state).toBe('fulfilled');
    expect(maxInFlight).toBe(1);
    expect(await execution.close()).toEqual({ result: [3, 5, 7, 9, 11] });
  });

  it('concurrency: 2 keeps exactly 2 of 6 blocking forEach bodies in flight', async () => {
    const { flow } = testFlow();
    const gates = new Map<number, Deferred<void>>();
    let inFlight = 0;
    let maxInFlight = 0;
    flow
      .forEach()
      .to(async function body(d: Data) {
        const item = d.input as number;
        const gate = deferred();
        gates.set(item, gate);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate.promise;
        inFlight -= 1;
        gates.delete(item);
        return item * 10;
      })
      .endForEach()
      .to(keep);
    const execution = flow.createExecution({ autoClose: false, concurrency: 2 });
    const run = track(execution.start([0, 1, 2, 3, 4, 5]));
    await settle();
    expect(inFlight).toBe(2);
    expect(gates.size).toBe(2);
    let releases = 0;
    while (gates.size > 0) {
      const [oldest] = gates.keys();
      gates.get(oldest as number)?.resolve();
      releases += 1;
      await settle();
      expect(inFlight).toBe(Math.min(2, 6 - releases));
    }
    expect(releases).toBe(6);
    expect(maxInFlight).toBe(2);
    expect(run.state).toBe('fulfilled');
    expect(await execution.close()).toEqual({ result: [0, 10, 20, 30, 40, 50] });
  });

  it('concurrency: 1 releases the permit while a handler awaits a nested data.emit', async () => {
    const { flow } = testFlow();
    const log: string[] = [];
    flow
      .to(async function outer(d: Data) {
        log.push('outer:before');
        await d.emit('Ping', 'hello');
        log.push('outer:after');
        return 'outer';
      })
      .to(function after(d: Data) {
        log.push(`after:${String(d.input)}`);
      });
    flow.when('Ping').to(async function onPing(d: Data) {
      log.push(`ping:${String(d.input)}`);
      await d.emit('Pong', 'again');
    });
    flow.when('Pong').to(function onPong(d: Data) {
      log.push(`pong:${String(d.input)}`);
    });
    const execution = flow.createExecution({ autoClose: false, concurrency: 1 });
    const run = track(execution.start());
    await settle(500);
    expect(run.state).toBe('fulfilled');
    expect(log).toEqual(['outer:before', 'ping:hello', 'pong:again', 'outer:after', 'after:outer']);
    await execution.close();
    expect(execution.status).toBe('completed');
  });
});

describe('an un-awaited data.emit under a concurrency cap', () => {
  it('gives its permit back when it outlives its handler', async () => {
    const { flow } = testFlow();
    const gate = deferred();
    const ran: string[] = [];
    flow.to(function fireAndForget(d: Data) {
      void d.emit('Slow');
      return 'went on';
    });
    flow.when('Slow').to(async function slow() {
      await gate.promise;
      ran.push('slow');
    });
    flow.when('Later').to(function later() {
      ran.push('later');
    });
    const execution = flow.createExecution({ autoClose: false, concurrency: 1 });
    const started = execution.start();
    await settle();
    gate.resolve();
    await started;
    await settle();
    let laterDone = false;
    void execution.emit('Later').then(() => (laterDone = true));
    await settle();
    expect(ran).toEqual(['slow', 'later']);
    expect(laterDone).toBe(true);
  });
});

describe('emitNowait errors', () => {
  it('surface at close(): close rejects with the error, then the execution is usable and closes again', async () => {
    const { flow } = testFlow();
    const error = new Error('background boom');
    const gate = deferred();
    flow.to(async function kick(d: Data) {
      d.emitNowait('Background', 1);
      await d.setState('kicked', true);
      return 'kicked';
    });
    flow.when('Background').to(async function background() {
      await gate.promise;
      throw error;
    });
    flow.when('Ping').to(async function ping(d: Data) {
      await d.setState('pinged', d.input);
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    expect(execution.status).toBe('running');
    const closing = track(execution.close());
    await settle();
    // close() drains the background task before deciding.
    expect(closing.state).toBe('pending');
    gate.resolve();
    await settle();
    expect(closing.state).toBe('rejected');
    expect(closing.error).toBe(error);
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('open');
    await execution.emit('Ping', 'still here');
    expect(execution.getState('pinged')).toBe('still here');
    expect(await execution.close()).toEqual({ kicked: true, pinged: 'still here' });
    expect(execution.status).toBe('failed');
    expect(execution.lifecycleState).toBe('closed');
  });

  it('do not reject the start() that spawned them', async () => {
    const { flow } = testFlow();
    const error = new Error('background boom');
    flow.to(function kick(d: Data) {
      d.emitNowait('Background');
      return 'kicked';
    });
    flow.when('Background').to(function background() {
      throw error;
    });
    const execution = flow.createExecution({ autoClose: false });
    await expect(execution.start()).resolves.toBe(execution);
    await expect(execution.close()).rejects.toBe(error);
    expect(await execution.close()).toEqual({});
  });
});
