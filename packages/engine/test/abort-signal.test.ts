import { describe, expect, it } from 'vitest';
import { CancelledError, settle } from '../src/index';
import type { AbortSignalLike, TriggerFlowRuntimeData } from '../src/index';
import { deferred, testFlow, track } from './helpers';

type Data = TriggerFlowRuntimeData;

/** What a handler sees of its signal: each abort event, with `aborted` and `reason` then. */
function listen(signal: AbortSignalLike, seen: string[]): void {
  signal.addEventListener('abort', (event) => {
    seen.push(`${event.type}: ${String((signal.reason as Error).message)}`);
  });
}

describe('data.abortSignal', () => {
  it('fires when the execution is closed with pendingInterrupts: cancel; the step ends quietly', async () => {
    const { flow } = testFlow();
    const seen: string[] = [];
    const after: string[] = [];
    flow
      .to(async function call(d: Data) {
        expect(d.abortSignal.aborted).toBe(false);
        listen(d.abortSignal, seen);
        // An I/O call that ends when it is aborted (as fetch does): it throws the reason.
        await new Promise((_resolve, reject) =>
          d.abortSignal.addEventListener('abort', () => reject(d.abortSignal.reason)),
        );
      })
      .to(function next() {
        after.push('next ran');
      });
    const execution = flow.createExecution({ autoClose: false });
    void execution.start('go').catch(() => undefined);
    await settle();
    expect(seen).toEqual([]);
    const closed = track(execution.close({ pendingInterrupts: 'cancel', reason: 'cancelled' }));
    await settle();
    expect(seen).toEqual(['abort: TriggerFlow execution exec-1 was closed (cancelled)']);
    expect(closed.state).toBe('fulfilled');
    expect(after).toEqual([]);
    expect(execution.status).toBe('completed');
  });

  it('fires in the other branches when a fan-out sibling fails', async () => {
    const { flow } = testFlow();
    const seen: string[] = [];
    const waiting = deferred();
    flow.batch([
      async function slow(d: Data) {
        listen(d.abortSignal, seen);
        waiting.resolve();
        await new Promise((_resolve, reject) =>
          d.abortSignal.addEventListener('abort', () => reject(d.abortSignal.reason)),
        );
      },
      async function failing() {
        await waiting.promise;
        throw new Error('boom');
      },
    ]);
    const result = track(flow.start('go'));
    await settle();
    expect(seen).toEqual(['abort: a sibling branch failed']);
    expect(result.state).toBe('rejected');
    expect((result.error as Error).message).toBe('boom');
  });

  it('fires for steps still running when a close deadline passes', async () => {
    const { flow, clock } = testFlow();
    const seen: string[] = [];
    flow.to(async function stuck(d: Data) {
      listen(d.abortSignal, seen);
      await new Promise(() => undefined);
    });
    const execution = flow.createExecution({ autoClose: false });
    void execution.start('go').catch(() => undefined);
    await settle();
    const closed = track(execution.close({ timeoutMs: 50 }));
    await clock.advance(49);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual([
      'abort: TriggerFlow execution exec-1 was still running 50 ms into its close',
    ]);
    expect(closed.state).toBe('rejected');
  });

  it('never fires for a step that completes; a late listener is not called, throwIfAborted is quiet', async () => {
    const { flow } = testFlow();
    let kept: AbortSignalLike | undefined;
    const seen: string[] = [];
    flow.to(function quick(d: Data) {
      kept = d.abortSignal;
      listen(d.abortSignal, seen);
      d.abortSignal.throwIfAborted();
      return 'done';
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('go');
    // Closing afterwards with 'cancel' has nothing running to abort.
    await execution.close({ pendingInterrupts: 'cancel' });
    expect(seen).toEqual([]);
    expect(kept?.aborted).toBe(false);
    expect(kept?.reason).toBeUndefined();
  });

  it('throwIfAborted throws the CancelledError reason once aborted', async () => {
    const { flow } = testFlow();
    const thrown: unknown[] = [];
    const started = deferred();
    const gate = deferred();
    flow.to(async function checks(d: Data) {
      started.resolve();
      await gate.promise;
      try {
        d.abortSignal.throwIfAborted();
      } catch (error) {
        thrown.push(error);
      }
      expect(d.cancelled).toBe(true);
    });
    const execution = flow.createExecution({ autoClose: false });
    void execution.start('go').catch(() => undefined);
    await started.promise;
    const closed = execution.close({ pendingInterrupts: 'cancel', reason: 'stop' });
    gate.resolve();
    await closed;
    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(CancelledError);
    expect((thrown[0] as Error).message).toBe('TriggerFlow execution exec-1 was closed (stop)');
  });
});
