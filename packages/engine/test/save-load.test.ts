import { describe, expect, it } from 'vitest';
import { settle } from '../src/index';
import type { TriggerFlowOptions, TriggerFlowRuntimeData } from '../src/index';
import { executionSnapshotSchema } from '@triggerflow/blueprint';
import type { ExecutionSnapshot, InterruptRecord } from '@triggerflow/blueprint';
import {
  deferred,
  drain,
  expectEngineError,
  operatorId,
  rejectionOf,
  testFlow,
  thrown,
  warningCodes,
} from './helpers';

type Data = TriggerFlowRuntimeData;

/** What a checkpoint store does to a snapshot: JSON out, JSON in (xstate's rehydration tests). */
const roundTrip = (snapshot: ExecutionSnapshot): ExecutionSnapshot =>
  JSON.parse(JSON.stringify(snapshot)) as ExecutionSnapshot;

/** The fresh process gets other ids, so the loaded execution can only have its id from the snapshot. */
const FRESH: TriggerFlowOptions = { idGenerator: () => 'fresh-id' };

/** prepare → ask (pauses, 'approve') → finish. `extra` adds a step: another definition. */
function chainFlow(options: TriggerFlowOptions = {}, extra = false) {
  const context = testFlow(options);
  const runs: unknown[] = [];
  context.flow
    .to(async function prepare(d: Data) {
      await d.setState('prepared', d.input);
      return (d.input as number) * 2;
    })
    .to(function ask(d: Data) {
      return d.pauseFor({ type: 'approval', payload: { amount: d.input }, interruptId: 'approve' });
    })
    .to(async function finish(d: Data) {
      runs.push(d.input);
      await d.setState('decision', d.input);
    });
  if (extra) {
    context.flow.when('Audit').to(function audit() {
      return 'audited';
    });
  }
  return { ...context, runs };
}

/** Each item pauses for a review; the verdicts are collected in input order. */
function reviewFlow(options: TriggerFlowOptions = {}) {
  const context = testFlow(options);
  const runs: unknown[] = [];
  context.flow
    .forEach({ concurrency: 2 })
    .to(function review(d: Data) {
      return d.pauseFor({
        type: 'review',
        payload: { item: d.input },
        interruptId: `review-${String(d.input)}`,
      });
    })
    .to(function verdict(d: Data) {
      runs.push(d.input);
      return `${String(d.input)}!`;
    })
    .endForEach()
    .to(async function store(d: Data) {
      await d.setState('verdicts', d.input);
    });
  return { ...context, runs };
}

/** Two parallel branches, each pausing for its own approval. */
function twoApprovalsFlow(options: TriggerFlowOptions = {}) {
  const context = testFlow(options);
  const runs: string[] = [];
  context.flow
    .to(function legalGate(d: Data) {
      return d.pauseFor({ type: 'approval', payload: { team: 'legal' }, interruptId: 'legal' });
    })
    .to(async function legalDone(d: Data) {
      runs.push(`legal:${JSON.stringify(d.input)}`);
      await d.setState('legal', d.input);
    });
  context.flow
    .to(function financeGate(d: Data) {
      return d.pauseFor({ type: 'approval', payload: { team: 'finance' }, interruptId: 'finance' });
    })
    .to(async function financeDone(d: Data) {
      runs.push(`finance:${JSON.stringify(d.input)}`);
      await d.setState('finance', d.input);
    });
  return { ...context, runs };
}

interface Agent {
  reply(prompt: string): string;
}

/** ask (pauses, 'question') → callAgent, which needs the live 'agent' resource. */
function agentFlow(options: TriggerFlowOptions = {}, extra = false) {
  const context = testFlow(options);
  context.flow
    .to(function ask(d: Data) {
      return d.pauseFor({ type: 'input', interruptId: 'question' });
    })
    .to(async function callAgent(d: Data) {
      const agent = d.requireResource<Agent>('agent');
      await d.setState('reply', agent.reply(String(d.input)));
    });
  if (extra) context.flow.when('Other').to(function other() {});
  return context;
}

const agentNamed = (name: string): Agent => ({ reply: (prompt) => `${name}:${prompt}` });

/** A waiting chain execution, saved and round-tripped through JSON. */
async function savedChain(): Promise<ExecutionSnapshot> {
  const { flow } = chainFlow();
  const execution = flow.createExecution({ autoClose: false });
  await execution.start(21);
  return roundTrip(execution.save());
}

/**
 * Two approvals: 'legal' answered (with resumeRequestId 'req-1' by alice at t=250), 'finance' still
 * waiting; an execution resource 'agent' and a flow resource 'cache' are mounted.
 */
async function savedTwoApprovals() {
  const { flow, clock } = twoApprovalsFlow();
  flow.setRuntimeResource('cache', { token: 'secret-cache-token' });
  const execution = flow.createExecution({
    autoClose: false,
    runtimeResources: { agent: { apiKey: 'sk-secret-agent-key' } },
  });
  await execution.start('go');
  await clock.advance(250);
  await execution.continueWith('legal', { ok: true }, { resumeRequestId: 'req-1', actor: 'alice' });
  await clock.advance(50);
  const snapshot = execution.save();
  return { flow, execution, snapshot, saved: roundTrip(snapshot) };
}

describe('a paused execution survives save → JSON → load into a fresh flow', () => {
  it('continues a pause inside a chain to the exact final state, under the saved id', async () => {
    const saved = await savedChain();
    const fresh = chainFlow(FRESH);
    const target = fresh.flow.createExecution({ autoClose: false });
    expect(target.id).toBe('fresh-id');

    const loaded = target.load(saved);

    expect(loaded).toBe(target);
    expect(loaded.id).toBe('exec-1');
    expect(loaded.status).toBe('waiting');
    expect(loaded.lifecycleState).toBe('open');
    expect(loaded.started).toBe(true);
    expect(loaded.getState()).toEqual({ prepared: 21 });
    expect(loaded.getPendingInterrupts()).toEqual({
      approve: expect.objectContaining({
        id: 'approve',
        type: 'approval',
        payload: { amount: 42 },
        status: 'waiting',
        resumeCount: 0,
        sourceExecutionId: 'exec-1',
        sourceOperatorId: operatorId(fresh.flow, 'chunk', 'ask'),
      }) as unknown,
    });
    expect(fresh.warnings).toEqual([]);

    // A new reader of the loaded execution sees only what happens after the load.
    const reader = loaded.getRuntimeStream({ timeoutMs: null });
    const resumed = await loaded.continueWith('approve', 'yes');
    expect(fresh.runs).toEqual(['yes']);
    expect(loaded.status).toBe('running');
    expect(await loaded.close()).toEqual({ prepared: 21, decision: 'yes' });
    expect(await drain(reader)).toEqual([
      {
        type: 'interrupt',
        action: 'resume',
        executionId: 'exec-1',
        interrupt: resumed,
        value: 'yes',
      },
    ]);
  });

  it('continues pauses inside a forEach: each answered after the load, collected in input order', async () => {
    const original = reviewFlow();
    const execution = original.flow.createExecution({ autoClose: false });
    await execution.start(['x', 'y', 'z']);
    expect(Object.keys(execution.getPendingInterrupts()).sort()).toEqual([
      'review-x',
      'review-y',
      'review-z',
    ]);
    const saved = roundTrip(execution.save());
    expect(saved.pending).toEqual([]);
    expect(Object.values(saved.bookkeeping.fanIn)).toEqual([
      { remaining: 3, keys: null, total: 3, results: {} },
    ]);

    const fresh = reviewFlow(FRESH);
    const loaded = fresh.flow.createExecution({ autoClose: false }).load(saved);
    expect(loaded.status).toBe('waiting');

    await loaded.continueWith('review-z', 'Z');
    await loaded.continueWith('review-x', 'X');
    expect(loaded.status).toBe('waiting');
    expect(loaded.getState('verdicts')).toBeUndefined();
    await loaded.continueWith('review-y', 'Y');

    expect(fresh.runs).toEqual(['Z', 'X', 'Y']);
    expect(original.runs).toEqual([]);
    expect(loaded.status).toBe('running');
    expect(await loaded.close()).toEqual({ verdicts: ['X!', 'Y!', 'Z!'] });
  });

  it('saves and loads a pause of an execution started without an input (undefined)', async () => {
    const { flow } = agentFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    const saved = roundTrip(execution.save());
    expect(executionSnapshotSchema.safeParse(saved).success).toBe(true);

    const fresh = agentFlow(FRESH);
    const loaded = fresh.flow
      .createExecution({ autoClose: false })
      .load(saved, { runtimeResources: { agent: agentNamed('fresh') } });
    await loaded.continueWith('question', 'hi');
    expect(await loaded.close()).toEqual({ reply: 'fresh:hi' });
  });

  it('accepts the snapshot as a JSON string', async () => {
    const { flow } = chainFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(5);
    const fresh = chainFlow(FRESH);

    const loaded = fresh.flow
      .createExecution({ autoClose: false })
      .load(JSON.stringify(execution.save()));

    expect(loaded.id).toBe('exec-1');
    expect(loaded.status).toBe('waiting');
    await loaded.continueWith('approve', 'ok');
    expect(await loaded.close()).toEqual({ prepared: 5, decision: 'ok' });
  });
});

describe('the snapshot', () => {
  it('is versioned, fingerprinted, JSON-safe and valid against executionSnapshotSchema', async () => {
    const { flow, snapshot, saved } = await savedTwoApprovals();

    expect(snapshot).toEqual(saved);
    expect(executionSnapshotSchema.parse(saved)).toEqual(saved);
    expect(saved).toMatchObject({
      kind: 'triggerflow.execution_snapshot',
      schemaVersion: 1,
      createdAt: 300,
      executionId: 'exec-1',
      flowName: 'test',
      status: 'waiting',
      lifecycleState: 'open',
      state: { legal: { ok: true } },
      flowData: {},
      bookkeeping: { when: {}, collect: {}, fanIn: {} },
      pending: [],
      subFlowFrames: [],
      autoClose: false,
      started: true,
      closeSnapshot: null,
      closeReason: null,
    });
    expect(saved.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(saved.fingerprint).toBe(flow.fingerprint());
    expect(saved.fingerprint).toBe(twoApprovalsFlow(FRESH).flow.fingerprint());
  });

  it('holds the interrupts with their resumeCount, and the resume ledger', async () => {
    const { saved } = await savedTwoApprovals();
    const summary = saved.interrupts.map((i: InterruptRecord) => ({
      id: i.id,
      status: i.status,
      resumeCount: i.resumeCount,
      resumeValue: i.resumeValue,
      actor: i.actor,
      resumedAt: i.resumedAt,
    }));
    expect(summary).toEqual([
      {
        id: 'legal',
        status: 'resumed',
        resumeCount: 1,
        resumeValue: { ok: true },
        actor: 'alice',
        resumedAt: 250,
      },
      {
        id: 'finance',
        status: 'waiting',
        resumeCount: 0,
        resumeValue: null,
        actor: null,
        resumedAt: null,
      },
    ]);
    expect(saved.resumeLedger).toEqual({
      legal: { 'req-1': { value: { ok: true }, actor: 'alice', at: 250 } },
    });
  });

  it('lists the mounted resource names but never their values', async () => {
    const { saved } = await savedTwoApprovals();
    expect(saved.resourceKeys).toEqual(['agent', 'cache']);
    const text = JSON.stringify(saved);
    expect(text).not.toContain('sk-secret-agent-key');
    expect(text).not.toContain('secret-cache-token');
    expect(text).not.toContain('apiKey');
  });

  it('keeps idempotency across a reload: a replayed resumeRequestId is answered from the ledger', async () => {
    const { saved } = await savedTwoApprovals();
    const fresh = twoApprovalsFlow(FRESH);
    fresh.flow.setRuntimeResource('cache', { token: 'another' });
    const loaded = fresh.flow
      .createExecution({ autoClose: false })
      .load(saved, { runtimeResources: { agent: {} } });
    expect(fresh.warnings).toEqual([]);

    const replay = await loaded.continueWith(
      'legal',
      { ok: true },
      { resumeRequestId: 'req-1', actor: 'alice' },
    );

    expect(replay).toEqual(saved.interrupts[0]);
    expect(fresh.runs).toEqual([]);
    expect(loaded.status).toBe('waiting');
    const conflict = await rejectionOf(
      loaded.continueWith('legal', { ok: false }, { resumeRequestId: 'req-1' }),
    );
    expectEngineError(conflict, 'RESUME_REQUEST_CONFLICT', {
      contains: 'conflicting resume_request_id',
    });

    await loaded.continueWith('finance', 'fine');
    expect(fresh.runs).toEqual(['finance:"fine"']);
    expect(await loaded.close()).toEqual({ legal: { ok: true }, finance: 'fine' });
  });
});

describe('a running execution saved mid-forEach', () => {
  function itemsFlow(block: (item: number) => Promise<void> | undefined, options = {}) {
    const context = testFlow(options);
    const runs: number[] = [];
    context.flow
      .forEach({ concurrency: 2 })
      .to(async function work(d: Data) {
        const item = d.input as number;
        runs.push(item);
        await block(item);
        return item * 10;
      })
      .endForEach()
      .to(async function store(d: Data) {
        await d.setState('results', d.input);
      });
    return { ...context, runs };
  }

  it('lists the unfinished work; resume() on a fresh flow runs it again and finishes in order', async () => {
    const never = deferred();
    const original = itemsFlow((item) => (item >= 2 ? never.promise : undefined));
    const execution = original.flow.createExecution({ autoClose: false });
    let startFinished = false;
    execution.start([0, 1, 2, 3, 4, 5]).then(
      () => (startFinished = true),
      () => (startFinished = true),
    );
    await settle();
    expect(original.runs).toEqual([0, 1, 2, 3]);
    expect(startFinished).toBe(false);

    const saved = roundTrip(execution.save());

    const forEachId = operatorId(original.flow, 'forEachSplit');
    const workId = operatorId(original.flow, 'chunk', 'work');
    const itemEvent = `ForEach[${forEachId}]-item`;
    const item = (value: number): unknown =>
      expect.objectContaining({
        type: 'event',
        event: itemEvent,
        value,
        layers: [{ group: forEachId, instance: 's1', key: value }],
        source: 'chunk',
        meta: { scope: 's1' },
      });
    expect(saved.status).toBe('running');
    expect(saved.pending).toEqual([
      {
        kind: 'fanOut',
        operatorId: forEachId,
        signal: {
          id: 's1',
          type: 'event',
          event: 'START',
          value: [0, 1, 2, 3, 4, 5],
          layers: [],
          source: 'start',
          meta: {},
        },
        next: 4,
        count: 6,
      },
      { kind: 'run', operatorId: workId, signal: item(2) },
      { kind: 'run', operatorId: workId, signal: item(3) },
    ]);
    expect(saved.bookkeeping.fanIn).toEqual({
      [`${forEachId}@s1`]: { remaining: 4, keys: null, total: 6, results: { 0: 0, 1: 10 } },
    });

    const fresh = itemsFlow(() => undefined, FRESH);
    const loaded = fresh.flow.createExecution({ autoClose: false }).load(saved);
    expect(loaded.status).toBe('running');
    expect(loaded.unfinishedWork.map((w) => w.kind)).toEqual(['fanOut', 'run', 'run']);

    await loaded.resume();

    // At-least-once: the two items in flight ran again, the two never launched ran once.
    expect([...fresh.runs].sort()).toEqual([2, 3, 4, 5]);
    expect(loaded.unfinishedWork).toEqual([]);
    expect(await loaded.close()).toEqual({ results: [0, 10, 20, 30, 40, 50] });
    expect(loaded.status).toBe('completed');
  });
});

describe('join state', () => {
  function joinFlow(options: TriggerFlowOptions = {}) {
    const context = testFlow(options);
    context.flow.when(['Left', 'Right'], { mode: 'and' }).to(async function joined(d: Data) {
      await d.setState('joined', d.input);
    });
    return context;
  }

  async function halfJoined(): Promise<{ saved: ExecutionSnapshot; gateId: string }> {
    const { flow } = joinFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start();
    await execution.emit('Left', 1);
    expect(execution.getState()).toEqual({});
    return { saved: roundTrip(execution.save()), gateId: operatorId(flow, 'signalGate') };
  }

  it('an `and` join with one of two events survives save/load and fires with both values', async () => {
    const { saved, gateId } = await halfJoined();
    expect(saved.bookkeeping.when).toEqual({
      [gateId]: {
        __root__: { values: { event: { Left: 1, Right: null } }, filled: ['event:Left'] },
      },
    });

    const fresh = joinFlow(FRESH);
    const loaded = fresh.flow.createExecution({ autoClose: false }).load(saved);
    await loaded.emit('Right', 2);

    expect(await loaded.close()).toEqual({ joined: { event: { Left: 1, Right: 2 } } });
  });

  it('rejects tampered join state (an unknown operator id) with INVALID_SNAPSHOT', async () => {
    const { saved, gateId } = await halfJoined();
    const { [gateId]: buckets, ...rest } = saved.bookkeeping.when;
    const tampered: ExecutionSnapshot = {
      ...saved,
      bookkeeping: { ...saved.bookkeeping, when: { ...rest, 'when-unknown': buckets ?? {} } },
    };
    const fresh = joinFlow(FRESH);
    const target = fresh.flow.createExecution({ autoClose: false });

    expectEngineError(
      thrown(() => target.load(tampered)),
      'INVALID_SNAPSHOT',
      { contains: 'join state' },
    );
    expect(target.id).toBe('fresh-id');
    expect(target.status).toBe('created');
  });
});

describe('load errors', () => {
  it("rejects another kind with INVALID_SNAPSHOT '…execution snapshot kind…'", async () => {
    const saved = await savedChain();
    const target = chainFlow(FRESH).flow.createExecution({ autoClose: false });
    expectEngineError(
      thrown(() => target.load({ ...saved, kind: 'triggerflow.blueprint' })),
      'INVALID_SNAPSHOT',
      { contains: 'execution snapshot kind' },
    );
    expect(target.id).toBe('fresh-id');
    expect(target.status).toBe('created');
  });

  it("rejects schemaVersion 99 with UNSUPPORTED_SNAPSHOT_VERSION '…schema_version…'", async () => {
    const saved = await savedChain();
    const target = chainFlow(FRESH).flow.createExecution({ autoClose: false });
    expectEngineError(
      thrown(() => target.load({ ...saved, schemaVersion: 99 })),
      'UNSUPPORTED_SNAPSHOT_VERSION',
      { contains: 'schema_version' },
    );
    expect(target.status).toBe('created');
  });

  it('rejects a flow with another definition with FINGERPRINT_MISMATCH', async () => {
    const saved = await savedChain();
    const other = chainFlow(FRESH, true);
    expect(other.flow.fingerprint()).not.toBe(saved.fingerprint);
    const target = other.flow.createExecution({ autoClose: false });
    expectEngineError(
      thrown(() => target.load(saved)),
      'FINGERPRINT_MISMATCH',
      { contains: 'flow definition fingerprint mismatch' },
    );
    expect(target.id).toBe('fresh-id');
    expect(target.status).toBe('created');
  });

  it('rejects loading into an execution that already started with LOAD_NOT_ALLOWED', async () => {
    const saved = await savedChain();
    const fresh = chainFlow(FRESH);
    const target = fresh.flow.createExecution({ autoClose: false });
    await target.start(1);
    expectEngineError(
      thrown(() => target.load(saved)),
      'LOAD_NOT_ALLOWED',
    );
    expect(target.id).toBe('fresh-id');
    expect(target.getState()).toEqual({ prepared: 1 });
  });
});

describe('inspectLoad and resources', () => {
  async function savedWithAgent(): Promise<ExecutionSnapshot> {
    const { flow } = agentFlow();
    const execution = flow.createExecution({
      autoClose: false,
      runtimeResources: { agent: agentNamed('original') },
    });
    await execution.start('topic');
    return roundTrip(execution.save());
  }

  it('reports ready for a good snapshot when the resources are given, without loading', async () => {
    const saved = await savedWithAgent();
    expect(saved.resourceKeys).toEqual(['agent']);
    const fresh = agentFlow(FRESH);
    const target = fresh.flow.createExecution({ autoClose: false });

    const inspection = target.inspectLoad(saved, {
      runtimeResources: { agent: agentNamed('fresh') },
    });

    expect(inspection).toMatchObject({
      ready: true,
      status: 'ready',
      diagnostics: [],
      missingResourceKeys: [],
    });
    expect(target.id).toBe('fresh-id');
    expect(target.status).toBe('created');
    expect(target.getPendingInterrupts()).toEqual({});
    expect(fresh.warnings).toEqual([]);
  });

  it('reports a missing resource as a MISSING_RESOURCES warning (still ready)', async () => {
    const saved = await savedWithAgent();
    const target = agentFlow(FRESH).flow.createExecution({ autoClose: false });

    expect(target.inspectLoad(saved)).toMatchObject({
      ready: true,
      status: 'ready',
      diagnostics: [
        {
          code: 'MISSING_RESOURCES',
          severity: 'warning',
          message: expect.stringContaining("'agent'") as unknown,
        },
      ],
      missingResourceKeys: ['agent'],
    });
  });

  it("with validateResources: true a missing resource is status 'missing_resources', not ready", async () => {
    const saved = await savedWithAgent();
    const target = agentFlow(FRESH).flow.createExecution({ autoClose: false });

    expect(target.inspectLoad(saved, { validateResources: true })).toMatchObject({
      ready: false,
      status: 'missing_resources',
      diagnostics: [{ code: 'MISSING_RESOURCES', severity: 'error' }],
      missingResourceKeys: ['agent'],
    });
  });

  it("reports another definition as status 'fingerprint_mismatch'", async () => {
    const saved = await savedWithAgent();
    const target = agentFlow(FRESH, true).flow.createExecution({ autoClose: false });

    expect(target.inspectLoad(saved, { runtimeResources: { agent: {} } })).toMatchObject({
      ready: false,
      status: 'fingerprint_mismatch',
      diagnostics: [
        {
          code: 'FINGERPRINT_MISMATCH',
          severity: 'error',
          message: expect.stringContaining('flow definition fingerprint mismatch') as unknown,
        },
      ],
    });
  });

  it('a load without the resource warns MISSING_RESOURCES; the step that needs it then fails', async () => {
    const saved = await savedWithAgent();
    const fresh = agentFlow(FRESH);
    const loaded = fresh.flow.createExecution({ autoClose: false }).load(saved);

    expect(warningCodes(fresh.warnings)).toEqual(['MISSING_RESOURCES']);
    expect(fresh.warnings[0]?.message).toContain("'agent'");
    expect(loaded.status).toBe('waiting');
    expectEngineError(await rejectionOf(loaded.continueWith('question', 'hi')), 'RESOURCE_MISSING');
  });

  it('a load with runtimeResources mounts them for the steps after the resume', async () => {
    const saved = await savedWithAgent();
    const fresh = agentFlow(FRESH);
    const loaded = fresh.flow
      .createExecution({ autoClose: false })
      .load(saved, { runtimeResources: { agent: agentNamed('fresh') } });
    expect(fresh.warnings).toEqual([]);

    await loaded.continueWith('question', 'hi');

    expect(loaded.save().resourceKeys).toEqual(['agent']);
    expect(await loaded.close()).toEqual({ reply: 'fresh:hi' });
  });
});

describe('a closed execution', () => {
  it('saved and loaded is closed, with the same close snapshot', async () => {
    const { flow } = chainFlow();
    const execution = flow.createExecution({ autoClose: false });
    await execution.start(4);
    await execution.continueWith('approve', 'done');
    const closeSnapshot = await execution.close();
    expect(closeSnapshot).toEqual({ prepared: 4, decision: 'done' });
    const saved = roundTrip(execution.save());
    expect(saved).toMatchObject({
      lifecycleState: 'closed',
      status: 'completed',
      closeSnapshot: { prepared: 4, decision: 'done' },
      closeReason: 'manual',
    });

    const fresh = chainFlow(FRESH);
    const loaded = fresh.flow.createExecution({ autoClose: false }).load(saved);

    expect(loaded.id).toBe('exec-1');
    expect(loaded.lifecycleState).toBe('closed');
    expect(loaded.status).toBe('completed');
    expect(loaded.getMeta()).toMatchObject({ closeReason: 'manual' });
    expect(await loaded.close()).toEqual(closeSnapshot);
    expect(loaded.getState()).toEqual(closeSnapshot);
    expect(await drain(loaded.getRuntimeStream())).toEqual([]);
    expect(await loaded.continueWith('approve', 'again')).toBeUndefined();
    expect(warningCodes(fresh.warnings)).toEqual(['SIGNAL_IGNORED']);
    expect(fresh.runs).toEqual([]);
  });
});
