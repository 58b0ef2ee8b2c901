import { describe, expect, it } from 'vitest';
import { settle } from '../src/index';
import type { Chunk, EngineError, TriggerFlowRuntimeData } from '../src/index';
import type { InterruptRecord, SignalRecord } from '@triggerflow/blueprint';
import { deferred, drain, expectEngineError, rejectionOf, testFlow, warningCodes } from './helpers';

type Data = TriggerFlowRuntimeData;

/** The START signal of the first run of an execution, as interrupts and stream items record it. */
const startSignal = (value: unknown): SignalRecord => ({
  id: 's1',
  type: 'event',
  event: 'START',
  value,
  layers: [],
  source: 'start',
  meta: {},
});

/**
 * `ask` pauses for an approval (resumeTo 'next'); `decide` gets the answer and stores it. `log`
 * records what `decide` saw and the status it saw.
 */
function approvalFlow() {
  const context = testFlow();
  const log: unknown[] = [];
  const ask: Chunk = context.flow.chunk('ask', async (d: Data) => {
    await d.setState('asked', d.input);
    return d.pauseFor({
      type: 'approval',
      payload: { amount: d.input },
      interruptId: 'approve-1',
    });
  });
  context.flow.to(ask).to(async function decide(d: Data) {
    log.push({ input: d.input, status: d.status });
    await d.setState('decision', d.input);
  });
  return { ...context, ask, log };
}

describe('pauseFor and continueWith', () => {
  it('pauses the branch: status waiting, a pending interrupt, a pause stream item', async () => {
    const { flow, ask, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(42);

    expect(execution.status).toBe('waiting');
    expect(execution.lifecycleState).toBe('open');
    expect(log).toEqual([]);
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
    expect(execution.getPendingInterrupts()).toEqual({ 'approve-1': waiting });
    expect(execution.getInterrupt('approve-1')).toEqual(waiting);

    const reader = execution.getRuntimeStream({ timeoutMs: null });
    expect(await reader.next()).toEqual({
      done: false,
      value: {
        type: 'interrupt',
        action: 'pause',
        executionId: 'exec-1',
        interrupt: waiting,
        signal: startSignal(42),
      },
    });
    await reader.return?.();
    await execution.close({ pendingInterrupts: 'cancel' });
  });

  it("continueWith hands the value to the next step, back to 'running', and returns the resumed record", async () => {
    const { flow, clock, ask, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(42);
    await clock.advance(1500);

    const resumed = await execution.continueWith(
      'approve-1',
      { approved: true },
      { actor: 'alice' },
    );

    expect(log).toEqual([{ input: { approved: true }, status: 'running' }]);
    expect(execution.status).toBe('running');
    expect(execution.getPendingInterrupts()).toEqual({});
    const expected: InterruptRecord = {
      id: 'approve-1',
      type: 'approval',
      payload: { amount: 42 },
      resumeTo: 'next',
      status: 'resumed',
      sourceExecutionId: 'exec-1',
      sourceFlowName: 'test',
      sourceOperatorId: ask.id,
      sourceSignal: startSignal(42),
      continuationEvent: ask.triggerEvent,
      resumeCount: 1,
      maxResumes: 1,
      createdAt: 0,
      resumedAt: 1500,
      resumeValue: { approved: true },
      actor: 'alice',
    };
    expect(resumed).toEqual(expected);
    expect(execution.getInterrupt('approve-1')).toEqual(expected);

    expect(await execution.close()).toEqual({ asked: 42, decision: { approved: true } });
    expect(execution.status).toBe('completed');
    const items = await drain(execution.getRuntimeStream());
    expect(items).toEqual([
      {
        type: 'interrupt',
        action: 'pause',
        executionId: 'exec-1',
        interrupt: {
          ...expected,
          status: 'waiting',
          resumeCount: 0,
          resumedAt: null,
          resumeValue: null,
          actor: null,
        } satisfies InterruptRecord,
        signal: startSignal(42),
      },
      {
        type: 'interrupt',
        action: 'resume',
        executionId: 'exec-1',
        interrupt: expected,
        value: { approved: true },
      },
    ]);
  });

  it('gives a generated id when no interruptId is passed, and a default type', async () => {
    const { flow } = testFlow();
    flow.to(function ask(d: Data) {
      return d.pauseFor();
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('x');
    const pending = Object.values(execution.getPendingInterrupts());
    expect(pending).toHaveLength(1);
    const [only] = pending;
    expect(only?.id).toBe('interrupt-exec-2');
    expect(only).toMatchObject({ type: 'pause', payload: null, resumeTo: 'next' });
    await execution.continueWith(only?.id ?? '', 'done');
    expect(execution.status).toBe('running');
    expect(await execution.close()).toEqual({});
  });
});

describe("resumeTo: 'self'", () => {
  it('runs the step again with isResume, the original input and the answer', async () => {
    const { flow } = testFlow();
    const runs: unknown[] = [];
    flow
      .to(function review(d: Data) {
        runs.push({ input: d.input, isResume: d.isResume, resume: d.resume });
        if (!d.isResume) {
          return d.pauseFor({ type: 'input', resumeTo: 'self', interruptId: 'review' });
        }
        return `${String(d.input)} + ${String(d.resume?.value)}`;
      })
      .to(async function store(d: Data) {
        await d.setState('out', d.input);
      });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('draft');
    expect(execution.status).toBe('waiting');
    expect(execution.getInterrupt('review')).toMatchObject({ resumeTo: 'self', maxResumes: 1 });

    const record = await execution.continueWith('review', 'notes');

    expect(runs).toEqual([
      { input: 'draft', isResume: false, resume: undefined },
      {
        input: 'draft',
        isResume: true,
        resume: {
          interruptId: 'review',
          value: 'notes',
          interrupt: expect.objectContaining({ id: 'review', status: 'resumed' }) as unknown,
        },
      },
    ]);
    expect(record).toMatchObject({ status: 'resumed', resumeValue: 'notes', resumeCount: 1 });
    expect(execution.status).toBe('running');
    expect(await execution.close()).toEqual({ out: 'draft + notes' });
  });

  it('with the default maxResumes 1, pausing again on the re-run throws SELF_RESUME_LIMIT out of continueWith', async () => {
    const { flow } = testFlow();
    let runs = 0;
    flow.to(function stubborn(d: Data) {
      runs += 1;
      return d.pauseFor({ resumeTo: 'self', interruptId: 'again' });
    });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);

    const error = await rejectionOf(execution.continueWith('again', 'more'));

    expectEngineError(error, 'SELF_RESUME_LIMIT');
    expect((error as EngineError).message).toMatch(/^TriggerFlow self resume limit reached/);
    expect(runs).toBe(2);
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(execution.status).toBe('failed');
  });

  it('with maxResumes 2 the re-run may pause once more, then the limit applies', async () => {
    const { flow } = testFlow();
    const seen: unknown[] = [];
    flow
      .to(function refine(d: Data) {
        seen.push(d.resume?.value ?? d.input);
        if (d.resume?.value === 'done') return 'accepted';
        return d.pauseFor({ resumeTo: 'self', interruptId: 'refine', maxResumes: 2 });
      })
      .to(async function store(d: Data) {
        await d.setState('out', d.input);
      });

    const first = flow.createExecution({ autoClose: false });
    await first.start('v1');
    await first.continueWith('refine', 'more');
    expect(first.status).toBe('waiting');
    expect(first.getPendingInterrupts()).toEqual({
      refine: expect.objectContaining({
        status: 'waiting',
        resumeCount: 1,
        maxResumes: 2,
      }) as unknown,
    });
    await first.continueWith('refine', 'done');
    expect(seen).toEqual(['v1', 'more', 'done']);
    expect(await first.close()).toEqual({ out: 'accepted' });

    const second = flow.createExecution({ autoClose: false });
    await second.start('v1');
    await second.continueWith('refine', 'more');
    const error = await rejectionOf(second.continueWith('refine', 'more'));
    expectEngineError(error, 'SELF_RESUME_LIMIT');
    expect((error as EngineError).message).toMatch(/^TriggerFlow self resume limit reached/);
  });
});

describe('resumeTo an event', () => {
  function eventFlow() {
    const context = testFlow();
    const log: unknown[] = [];
    context.flow
      .to(function ask(d: Data) {
        return d.pauseFor({
          type: 'approval',
          resumeTo: { event: 'Approved' },
          interruptId: 'gate',
        });
      })
      .to(function successor(d: Data) {
        log.push(['successor', d.input]);
      });
    context.flow.when('Approved').to(async function approved(d: Data) {
      log.push(['approved', d.input, d.execution.getInterrupt('gate')?.status, d.status]);
      await d.setState('approved', d.input);
    });
    return { ...context, log };
  }

  it('continueWith dispatches the event with the value (not the step successor)', async () => {
    const { flow, log } = eventFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('req');
    expect(execution.getInterrupt('gate')).toMatchObject({ resumeTo: { event: 'Approved' } });

    const record = await execution.continueWith('gate', { by: 'bob' });

    expect(log).toEqual([['approved', { by: 'bob' }, 'resumed', 'running']]);
    expect(record).toMatchObject({ status: 'resumed', resumeValue: { by: 'bob' } });
    expect(await execution.close()).toEqual({ approved: { by: 'bob' } });
  });

  it('an ordinary emit of that event resolves the interrupt before its handlers run', async () => {
    const { flow, log } = eventFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start('req');
    expect(execution.status).toBe('waiting');

    await execution.emit('Approved', 'from outside');

    expect(log).toEqual([['approved', 'from outside', 'resumed', 'running']]);
    expect(execution.getInterrupt('gate')).toMatchObject({
      status: 'resumed',
      resumeValue: 'from outside',
      actor: null,
    });
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(execution.status).toBe('running');
    expectEngineError(
      await rejectionOf(execution.continueWith('gate', 'late')),
      'INTERRUPT_NOT_WAITING',
      "Can not continue execution exec-1, interrupt 'gate' is not waiting.",
    );
    expect(await execution.close()).toEqual({ approved: 'from outside' });
    const items = await drain(execution.getRuntimeStream());
    expect(items.map((i) => (i as { action: string }).action)).toEqual(['pause', 'resume']);
  });
});

describe('continueWith errors and idempotency', () => {
  it('rejects an unknown id with INTERRUPT_NOT_FOUND "… interrupt \'x\' not found."', async () => {
    const { flow } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    expectEngineError(
      await rejectionOf(execution.continueWith('x', 1)),
      'INTERRUPT_NOT_FOUND',
      "Can not continue execution exec-1, interrupt 'x' not found.",
    );
    expect(execution.status).toBe('waiting');
  });

  it('rejects an interrupt that was already resumed with INTERRUPT_NOT_WAITING', async () => {
    const { flow, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    await execution.continueWith('approve-1', 'yes');
    expectEngineError(
      await rejectionOf(execution.continueWith('approve-1', 'yes')),
      'INTERRUPT_NOT_WAITING',
      "Can not continue execution exec-1, interrupt 'approve-1' is not waiting.",
    );
    expect(log).toHaveLength(1);
  });

  it('replaying a resumeRequestId with an equal value returns the stored interrupt and dispatches nothing', async () => {
    const { flow, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    const first = await execution.continueWith(
      'approve-1',
      { ok: true, tags: ['a'] },
      { resumeRequestId: 'req-1', actor: 'alice' },
    );
    const replay = await execution.continueWith(
      'approve-1',
      { tags: ['a'], ok: true },
      { resumeRequestId: 'req-1', actor: 'alice' },
    );

    expect(replay).toEqual(first);
    expect(replay).toMatchObject({ status: 'resumed', resumeCount: 1, actor: 'alice' });
    expect(log).toEqual([{ input: { ok: true, tags: ['a'] }, status: 'running' }]);
    expect(await execution.close()).toEqual({ asked: 1, decision: { ok: true, tags: ['a'] } });
    const items = await drain(execution.getRuntimeStream());
    expect(items.map((i) => (i as { action: string }).action)).toEqual(['pause', 'resume']);
  });

  it('rejects the same resumeRequestId with another value as RESUME_REQUEST_CONFLICT', async () => {
    const { flow, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    await execution.continueWith('approve-1', 'yes', { resumeRequestId: 'req-1' });
    const error = await rejectionOf(
      execution.continueWith('approve-1', 'no', { resumeRequestId: 'req-1' }),
    );
    expectEngineError(error, 'RESUME_REQUEST_CONFLICT');
    expect((error as EngineError).message).toContain('conflicting resume_request_id');
    expect((error as EngineError).message).toContain(
      "Can not continue execution exec-1, interrupt 'approve-1'",
    );
    expect(log).toEqual([{ input: 'yes', status: 'running' }]);
  });

  it('on a closed execution warns SIGNAL_IGNORED and returns undefined', async () => {
    const { flow, warnings, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(1);
    await execution.close({ pendingInterrupts: 'cancel' });
    expect(warnings).toEqual([]);

    expect(await execution.continueWith('approve-1', 'yes')).toBeUndefined();

    expect(warningCodes(warnings)).toEqual(['SIGNAL_IGNORED']);
    expect(warnings[0]?.message).toContain('closed');
    expect(log).toEqual([]);
    expect(execution.getInterrupt('approve-1')?.status).toBe('cancelled');
  });
});

describe('many pauses at once', () => {
  it('resumes each forEach item on its own, in any order; collects in input order after the last', async () => {
    const { flow } = testFlow();
    flow
      .forEach({ concurrency: 3 })
      .to(function ask(d: Data) {
        return d.pauseFor({
          type: 'approval',
          payload: { item: d.input },
          interruptId: `ask-${String(d.input)}`,
        });
      })
      .to(function answer(d: Data) {
        return `answer:${String(d.input)}`;
      })
      .endForEach()
      .to(async function store(d: Data) {
        await d.setState('answers', d.input);
      });
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(['a', 'b', 'c']);

    expect(execution.status).toBe('waiting');
    const pending = execution.getPendingInterrupts();
    expect(Object.keys(pending).sort()).toEqual(['ask-a', 'ask-b', 'ask-c']);
    expect(Object.values(pending).map((i) => i.payload)).toEqual([
      { item: 'a' },
      { item: 'b' },
      { item: 'c' },
    ]);

    await execution.continueWith('ask-c', 'C');
    expect(execution.status).toBe('waiting');
    expect(Object.keys(execution.getPendingInterrupts()).sort()).toEqual(['ask-a', 'ask-b']);
    expect(execution.getState('answers')).toBeUndefined();

    await execution.continueWith('ask-a', 'A');
    expect(execution.status).toBe('waiting');
    expect(Object.keys(execution.getPendingInterrupts())).toEqual(['ask-b']);
    expect(execution.getState('answers')).toBeUndefined();

    await execution.continueWith('ask-b', 'B');
    expect(execution.status).toBe('running');
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(execution.getState('answers')).toEqual(['answer:A', 'answer:B', 'answer:C']);
    expect(await execution.close()).toEqual({ answers: ['answer:A', 'answer:B', 'answer:C'] });
  });
});

describe('a pause holds only its own branch', () => {
  it('a parallel branch released while the other waits still runs its successor', async () => {
    const { flow } = testFlow();
    const release = deferred<string>();
    const log: string[] = [];
    flow
      .to(function ask(d: Data) {
        return d.pauseFor({ interruptId: 'hold' });
      })
      .to(function afterAsk(d: Data) {
        log.push(`afterAsk:${String(d.input)}`);
      });
    flow
      .to(async function side() {
        const value = await release.promise;
        log.push('side');
        return value;
      })
      .to(async function afterSide(d: Data) {
        log.push(`afterSide:${String(d.input)}`);
        await d.setState('side', d.input);
      });
    const execution = flow.createExecution({ autoClose: false });

    const started = execution.start(1);
    await settle();
    expect(execution.status).toBe('waiting');
    expect(log).toEqual([]);

    release.resolve('side result');
    await started;
    expect(log).toEqual(['side', 'afterSide:side result']);
    expect(execution.status).toBe('waiting');
    expect(execution.getState()).toEqual({ side: 'side result' });

    await execution.continueWith('hold', 'go');
    expect(log).toEqual(['side', 'afterSide:side result', 'afterAsk:go']);
    expect(await execution.close()).toEqual({ side: 'side result' });
  });
});

describe('closing while waiting', () => {
  it('suspends auto-close while waiting and re-arms it after the answer', async () => {
    const { flow, clock } = approvalFlow();
    const execution = await flow.startExecution(7, { autoCloseTimeoutMs: 1000 });
    expect(execution.status).toBe('waiting');

    await clock.advance(60_000);
    expect(execution.lifecycleState).toBe('open');
    expect(execution.status).toBe('waiting');

    await execution.continueWith('approve-1', 'ok');
    await clock.advance(999);
    expect(execution.lifecycleState).toBe('open');
    await clock.advance(1);
    expect(execution.lifecycleState).toBe('closed');
    expect(execution.status).toBe('completed');
    expect(execution.getState()).toEqual({ asked: 7, decision: 'ok' });
  });

  it('close() with a pending interrupt throws PENDING_INTERRUPTS and leaves the execution open and waiting', async () => {
    const { flow } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(3);

    const error = await rejectionOf(execution.close());

    expectEngineError(error, 'PENDING_INTERRUPTS');
    expect((error as EngineError).message).toContain(
      "Can not close TriggerFlow execution exec-1 while pending interrupts are waiting: ['approve-1']",
    );
    expect(execution.lifecycleState).toBe('open');
    expect(execution.status).toBe('waiting');
    expect(Object.keys(execution.getPendingInterrupts())).toEqual(['approve-1']);
    // Still usable: answer, then close normally.
    await execution.continueWith('approve-1', 'late yes');
    expect(await execution.close()).toEqual({ asked: 3, decision: 'late yes' });
  });

  it("close({ pendingInterrupts: 'cancel' }) cancels them, status 'cancelled', and returns the snapshot", async () => {
    const { flow, log } = approvalFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(3);

    const snapshot = await execution.close({ pendingInterrupts: 'cancel' });

    expect(snapshot).toEqual({ asked: 3 });
    expect(execution.status).toBe('cancelled');
    expect(execution.lifecycleState).toBe('closed');
    expect(execution.getInterrupt('approve-1')?.status).toBe('cancelled');
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(log).toEqual([]);
  });
});

describe('hidden executions cannot pause', () => {
  function pausingFlow() {
    const context = testFlow();
    context.flow.to(function ask(d: Data) {
      return d.pauseFor({ type: 'approval' });
    });
    return context;
  }

  it('flow.start(v) rejects with PAUSE_REQUIRES_HANDLE', async () => {
    const { flow } = pausingFlow();
    const error = await rejectionOf(flow.start(1));
    expectEngineError(error, 'PAUSE_REQUIRES_HANDLE');
    expect((error as EngineError).message).toContain('requires an exposed execution handle');
  });

  it('reading flow.getRuntimeStream(v) rejects with PAUSE_REQUIRES_HANDLE', async () => {
    const { flow } = pausingFlow();
    const error = await rejectionOf(drain(flow.getRuntimeStream(1)));
    expectEngineError(error, 'PAUSE_REQUIRES_HANDLE');
    expect((error as EngineError).message).toContain('requires an exposed execution handle');
  });
});
