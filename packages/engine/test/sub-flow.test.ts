import { BLUEPRINT_SCHEMA } from '@triggerflow/blueprint';
import type { Blueprint, InterruptRecord } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { EngineError, ManualClock, settle, TriggerFlow } from '../src/index';
import type {
  Bindings,
  FlowRef,
  HandlerRegistry,
  TriggerFlowExecution,
  TriggerFlowRuntimeData,
  TriggerFlowWarning,
} from '../src/index';
import { deferred, drain, testFlow } from './helpers';

type Data = TriggerFlowRuntimeData;
type Json = Record<string, unknown>;

/** A child flow that reports what it was started with, as its `$final_result`. */
function probeChild(): { child: TriggerFlow; runs: Json[] } {
  const runs: Json[] = [];
  const { flow: child } = testFlow({ name: 'probe' });
  child.to(async function probe(d: Data) {
    const seen = {
      input: d.input,
      state: d.getState(),
      flowData: d.getFlowData(undefined, {}, { noWarning: true }),
      audit: d.getResource('audit', null),
    };
    runs.push(seen);
    await d.setState('$final_result', 'probed');
  });
  return { child, runs };
}

/** prepare (writes state y / draft) → sub-flow(child, options) → after (stores its input). */
function parentOf(
  child: TriggerFlow,
  options: { capture?: Bindings; writeBack?: Bindings } = {},
): TriggerFlow {
  const { flow } = testFlow({ name: 'parent' });
  flow
    .to(async function prepare(d: Data) {
      await d.setState('y', 'Y');
      await d.setState('draft', { title: 'T', tags: ['a'] });
      return d.input;
    })
    .toSubFlow(child, { name: 'sub', ...options })
    .to(async function after(d: Data) {
      await d.setState('next', d.input);
    });
  return flow;
}

async function rejection(run: () => Promise<unknown>): Promise<EngineError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected the run to fail');
}

describe('sub-flow: default bridging', () => {
  it("starts the child with the parent's value; the child's $final_result is the next input", async () => {
    const { flow: child } = testFlow({ name: 'child' });
    const seen: unknown[] = [];
    child.to(async function childStep(d: Data) {
      seen.push(d.input);
      await d.setState('note', 'kept in the child');
      await d.setState('$final_result', `done:${String(d.input)}`);
    });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent
      .to(function prepare(d: Data) {
        return `p${String(d.input)}`;
      })
      .toSubFlow(child)
      .to(async function after(d: Data) {
        await d.setState('after', d.input);
      });
    expect(await parent.start(1)).toEqual({ after: 'done:p1' });
    expect(seen).toEqual(['p1']);
  });

  it("without $final_result, the next input is the child's whole close snapshot", async () => {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(async function childStep(d: Data) {
      await d.setState('seen', d.input);
      await d.setState('count', 2);
    });
    const parent = parentOf(child);
    expect(await parent.start({ a: 1 })).toEqual({
      y: 'Y',
      draft: { title: 'T', tags: ['a'] },
      next: { seen: { a: 1 }, count: 2 },
    });
  });

  it('runs each parent run in its own child execution', async () => {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(async function childStep(d: Data) {
      await d.appendState('seen', d.input);
    });
    const parent = parentOf(child);
    const [one, two] = await Promise.all([parent.start('one'), parent.start('two')]);
    expect(one?.['next']).toEqual({ seen: ['one'] });
    expect(two?.['next']).toEqual({ seen: ['two'] });
  });

  it('to(childFlow) is toSubFlow(childFlow)', async () => {
    const build = (useTo: boolean): TriggerFlow => {
      const { flow: child } = testFlow({ name: 'child' });
      child.to(async function childStep(d: Data) {
        await d.setState('$final_result', (d.input as number) * 3);
      });
      const { flow } = testFlow({ name: 'parent' });
      const cursor = flow.to(function prepare(d: Data) {
        return (d.input as number) + 1;
      });
      const next = useTo ? cursor.to(child) : cursor.toSubFlow(child);
      next.to(async function after(d: Data) {
        await d.setState('out', d.input);
      });
      return flow;
    };
    const viaTo = build(true);
    const viaToSubFlow = build(false);
    expect(viaTo.operators.map((o) => [o.kind, o.id])).toEqual(
      viaToSubFlow.operators.map((o) => [o.kind, o.id]),
    );
    expect(viaTo.operators[1]?.kind).toBe('subFlow');
    expect(viaTo.fingerprint()).toBe(viaToSubFlow.fingerprint());
    expect(viaTo.toBlueprint()).toEqual(viaToSubFlow.toBlueprint());
    expect(await viaTo.start(1)).toEqual({ out: 6 });
    expect(await viaToSubFlow.start(1)).toEqual({ out: 6 });
  });
});

describe('sub-flow: capture', () => {
  it("{ input: 'value.payload' } starts the child with that part of the value (a copy)", async () => {
    const { child, runs } = probeChild();
    const payload = { p: 1 };
    const parent = parentOf(child, { capture: { input: 'value.payload' } });
    expect(await parent.start({ payload, other: 2 })).toMatchObject({ next: 'probed' });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.['input']).toEqual({ p: 1 });
    expect(runs[0]?.['input']).not.toBe(payload);
  });

  it('{ input: { a, b } } builds the input from the value and the state (state.* and runtime_data.*)', async () => {
    const { child, runs } = probeChild();
    const parent = parentOf(child, {
      capture: { input: { a: 'value.x', b: 'state.y', 'c.d': 'runtime_data.draft.title' } },
    });
    await parent.start({ x: 'X' });
    expect(runs[0]?.['input']).toEqual({ a: 'X', b: 'Y', c: { d: 'T' } });
  });

  it('{ runtimeData } and { state } seed the child state with copies', async () => {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(async function edit(d: Data) {
      const seen = JSON.parse(JSON.stringify(d.getState())) as Json;
      // Changing what it was given in place must not reach the parent.
      d.getState<{ tags: string[] } | undefined>('draft')?.tags.push('changed in the child');
      await d.setState('$final_result', seen);
    });
    const viaRuntimeData = parentOf(child, { capture: { runtimeData: { draft: 'state.draft' } } });
    const snapshot = await viaRuntimeData.start(0);
    expect(snapshot['next']).toEqual({ draft: { title: 'T', tags: ['a'] } });
    expect(snapshot['draft']).toEqual({ title: 'T', tags: ['a'] });

    const viaState = parentOf(child, {
      capture: { state: { copy: 'runtime_data.draft', label: 'state.y' } },
    });
    expect((await viaState.start(0))['next']).toEqual({
      copy: { title: 'T', tags: ['a'] },
      label: 'Y',
    });
  });

  it('{ flowData } seeds the child flow data', async () => {
    const { child, runs } = probeChild();
    const parent = parentOf(child, { capture: { flowData: { region: 'flow_data.region' } } });
    await parent.setFlowData('region', 'eu');
    await parent.start(0);
    expect(runs[0]?.['flowData']).toEqual({ region: 'eu' });
    expect(runs[0]?.['input']).toBeUndefined();
  });

  it('{ resources } passes the same object, not a copy', async () => {
    const { child, runs } = probeChild();
    const logger = { lines: [] as string[] };
    const parent = parentOf(child, { capture: { resources: { audit: 'resources.logger' } } });
    const execution = parent.createExecution({
      autoClose: false,
      runtimeResources: { logger },
    });
    await execution.start(0);
    await execution.close();
    expect(runs[0]?.['audit']).toBe(logger);
  });

  it('without input in capture, the child input is undefined', async () => {
    const { child, runs } = probeChild();
    const parent = parentOf(child, { capture: { state: { y: 'state.y' } } });
    await parent.start('the value');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.['input']).toBeUndefined();
    expect(runs[0]?.['state']).toEqual({ y: 'Y' });
  });

  it('fails with SUB_FLOW_PATH_NOT_FOUND "TriggerFlow sub flow path \'value.nope\' not found."', async () => {
    const { child, runs } = probeChild();
    const parent = parentOf(child, { capture: { input: 'value.nope' } });
    const error = await rejection(() => parent.start({ yes: 1 }));
    expect(error).toMatchObject({
      code: 'SUB_FLOW_PATH_NOT_FOUND',
      message: "TriggerFlow sub flow path 'value.nope' not found.",
    });
    expect(runs).toEqual([]);
  });

  it.each<[string, Bindings]>([
    ['a bad path segment', { input: 'value.bad-segment' }],
    ['a segment starting with a digit', { state: { x: 'value.1st' } }],
    ['an unknown source scope', { input: 'somewhere.x' }],
    ['an unknown target scope', { elsewhere: { x: 'value.x' } }],
    ['overlapping targets a and a.b', { state: { a: 'value.x', 'a.b': 'value.x' } }],
  ])('rejects %s with INVALID_SUB_FLOW_BINDING', async (_what, capture) => {
    const { child, runs } = probeChild();
    const error = await rejection(async () => {
      const parent = parentOf(child, { capture });
      return parent.start({ x: 1 });
    });
    expect(error.code).toBe('INVALID_SUB_FLOW_BINDING');
    expect(runs).toEqual([]);
  });
});

describe('sub-flow: write-back', () => {
  function answering(withFinal: boolean): TriggerFlow {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(async function answer(d: Data) {
      await d.setState('answer', 'from the snapshot');
      await d.setState('other', 'O');
      if (withFinal) await d.setState('$final_result', { answer: 42 });
    });
    return child;
  }

  it("{ value: 'result.answer' } looks inside $final_result first, then the snapshot", async () => {
    const writeBack = { value: 'result.answer' };
    expect((await parentOf(answering(true), { writeBack }).start('v'))['next']).toBe(42);
    expect((await parentOf(answering(false), { writeBack }).start('v'))['next']).toBe(
      'from the snapshot',
    );
    const fallback = { value: 'result.other' };
    expect((await parentOf(answering(true), { writeBack: fallback }).start('v'))['next']).toBe('O');
    const error = await rejection(() =>
      parentOf(answering(true), { writeBack: { value: 'result.missing' } }).start('v'),
    );
    expect(error).toMatchObject({
      code: 'SUB_FLOW_PATH_NOT_FOUND',
      message: "TriggerFlow sub flow path 'result.missing' not found.",
    });
  });

  it("{ state: { summary: 'result' } } without value: the next input is the value from before", async () => {
    const snapshot = await parentOf(answering(true), {
      writeBack: { state: { summary: 'result' } },
    }).start('before');
    expect(snapshot).toEqual({
      y: 'Y',
      draft: { title: 'T', tags: ['a'] },
      summary: { answer: 42 },
      next: 'before',
    });
    const whole = await parentOf(answering(false), {
      writeBack: { runtime_data: { summary: 'result' } },
    }).start('before');
    expect(whole['summary']).toEqual({ answer: 'from the snapshot', other: 'O' });
    expect(whole['next']).toBe('before');
  });

  it('writes value, state and flow data together', async () => {
    const parent = parentOf(answering(true), {
      writeBack: {
        value: 'result',
        state: { answer: 'result.answer' },
        flowData: { lastAnswer: 'result.answer' },
      },
    });
    const snapshot = await parent.start('v');
    expect(snapshot['next']).toEqual({ answer: 42 });
    expect(snapshot['answer']).toBe(42);
    expect(parent.getFlowData('lastAnswer')).toBe(42);
  });

  it('rejects a snapshot.* source with INVALID_SUB_FLOW_BINDING', async () => {
    const error = await rejection(async () =>
      parentOf(answering(true), { writeBack: { value: 'snapshot.answer' } }).start('v'),
    );
    expect(error.code).toBe('INVALID_SUB_FLOW_BINDING');
  });
});

describe('sub-flow: stream and failure', () => {
  it("puts the child's stream items into the parent's runtime stream, in order", async () => {
    const { flow: child } = testFlow({ name: 'child' });
    child.to(function talk(d: Data) {
      d.putIntoStream({ from: 'child', value: d.input });
      d.putIntoStream('child again');
      return 'child done';
    });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent
      .to(function before(d: Data) {
        d.putIntoStream('parent before');
        return d.input;
      })
      .toSubFlow(child)
      .to(function afterwards(d: Data) {
        d.putIntoStream(`parent after: ${JSON.stringify(d.input)}`);
      });
    const execution = parent.createExecution({ autoClose: false });
    await execution.start('x');
    await execution.close();
    const items = await drain(execution.getRuntimeStream());
    expect(items).toEqual([
      'parent before',
      { from: 'child', value: 'x' },
      'child again',
      'parent after: {}',
    ]);
  });

  it('rejects the parent start with the same error when the child fails, and fails the parent', async () => {
    const boom = new Error('child exploded');
    const { flow: child } = testFlow({ name: 'child' });
    child.to(function explode() {
      throw boom;
    });
    const ran: string[] = [];
    const { flow: parent } = testFlow({ name: 'parent' });
    parent.toSubFlow(child, { name: 'risky' }).to(function never() {
      ran.push('never');
    });
    await expect(parent.start(1)).rejects.toBe(boom);
    const execution = parent.createExecution({ autoClose: false });
    await expect(execution.start(1)).rejects.toBe(boom);
    expect(ran).toEqual([]);
    // A failed frame is gone: the child was closed, nothing is left to answer.
    expect(execution.getSubFlowFrames()).toEqual([]);
    expect(execution.status).toBe('failed');
  });
});

// A parent whose child pauses for an approval.

interface PausingFlow {
  parent: TriggerFlow;
  ran: string[];
}

function pausingFlow(): PausingFlow {
  const ran: string[] = [];
  const { flow: child } = testFlow({ name: 'reviewer' });
  child
    .to(async function ask(d: Data) {
      ran.push(`ask:${JSON.stringify(d.input)}`);
      await d.setState('asked', d.input);
      return d.pauseFor({ type: 'approval', payload: { draft: d.input }, interruptId: 'approve' });
    })
    .to(async function decide(d: Data) {
      ran.push(`decide:${JSON.stringify(d.input)}`);
      await d.setState('$final_result', { decision: d.input, asked: d.getState('asked') });
    });
  child.when('Note').to(async function note(d: Data) {
    ran.push(`note:${JSON.stringify(d.input)}`);
    await d.appendState('notes', d.input);
  });
  const { flow: parent } = testFlow({ name: 'publisher' });
  parent
    .to(async function draft(d: Data) {
      ran.push('draft');
      await d.setState('topic', d.input);
      return { text: `about ${String(d.input)}` };
    })
    .toSubFlow(child, {
      name: 'review',
      capture: { input: 'value.text' },
      writeBack: { value: 'result.decision', state: { review: 'result' } },
    })
    .to(async function publish(d: Data) {
      ran.push(`publish:${JSON.stringify(d.input)}`);
      await d.setState('published', d.input);
    });
  return { parent, ran };
}

async function waitingRun(): Promise<{
  flow: PausingFlow;
  execution: TriggerFlowExecution<false>;
  frameId: string;
  projectedId: string;
}> {
  const flow = pausingFlow();
  const execution = flow.parent.createExecution({ autoClose: false });
  await execution.start('cats');
  const [frame] = execution.getSubFlowFrames();
  const frameId = frame?.id ?? '';
  return { flow, execution, frameId, projectedId: `${frameId}:approve` };
}

describe('sub-flow: a pausing child', () => {
  it('projects the child pause onto the parent as <frameId>:<childInterruptId>', async () => {
    const { flow, execution, frameId, projectedId } = await waitingRun();
    expect(flow.ran).toEqual(['draft', 'ask:"about cats"']);
    expect(execution.status).toBe('waiting');
    expect(execution.lifecycleState).toBe('open');
    expect(frameId).toContain('review');
    expect(execution.getSubFlowFrames()).toEqual([
      {
        id: frameId,
        operatorId: flow.parent.operators.find((o) => o.kind === 'subFlow')?.id,
        status: 'waiting',
      },
    ]);
    const pending = execution.getPendingInterrupts();
    expect(Object.keys(pending)).toEqual([projectedId]);
    expect(pending[projectedId]).toMatchObject({
      id: projectedId,
      type: 'approval',
      payload: { draft: 'about cats' },
      status: 'waiting',
      subFlow: { frameId, localInterruptId: 'approve' },
    });
  });

  it("streams a 'project' item for the projected interrupt", async () => {
    const { execution, projectedId } = await waitingRun();
    await execution.continueWith(projectedId, 'ok');
    await execution.close();
    const items = await drain(execution.getRuntimeStream());
    const projected = items.filter(
      (i): i is { action: string; interrupt: InterruptRecord } =>
        typeof i === 'object' && i !== null && (i as Json)['action'] === 'project',
    );
    expect(projected).toHaveLength(1);
    expect(projected[0]).toMatchObject({
      type: 'interrupt',
      action: 'project',
      executionId: execution.id,
      interrupt: { id: projectedId, type: 'approval', status: 'waiting' },
    });
  });

  it('continueWith(projectedId) resumes the child, writes back and carries the parent on', async () => {
    const { flow, execution, projectedId } = await waitingRun();
    const returned = await execution.continueWith(projectedId, { approved: true });
    expect(returned).toMatchObject({ id: projectedId, status: 'resumed' });
    expect(flow.ran).toEqual([
      'draft',
      'ask:"about cats"',
      'decide:{"approved":true}',
      'publish:{"approved":true}',
    ]);
    expect(execution.getSubFlowFrames()).toEqual([]);
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(execution.status).not.toBe('waiting');
    expect(await execution.close()).toEqual({
      topic: 'cats',
      review: { decision: { approved: true }, asked: 'about cats' },
      published: { approved: true },
    });
    expect(execution.status).toBe('completed');
  });

  it('emitToSubFlow reaches the waiting child; an unknown frame is SUB_FLOW_NOT_FOUND', async () => {
    const { flow, execution, frameId, projectedId } = await waitingRun();
    await execution.emitToSubFlow(frameId, 'Note', 'remember this');
    expect(flow.ran).toContain('note:"remember this"');
    await expect(execution.emitToSubFlow('nope', 'Note', 1)).rejects.toMatchObject({
      code: 'SUB_FLOW_NOT_FOUND',
    });
    await execution.continueWith(projectedId, 'yes');
    expect((await execution.close())['review']).toEqual({ decision: 'yes', asked: 'about cats' });
  });

  it('keeps the parent waiting while the resumed child is still running', async () => {
    const gate = deferred();
    const { flow: child } = testFlow({ name: 'slow-child' });
    child
      .to(function ask(d: Data) {
        return d.pauseFor({ type: 'approval', interruptId: 'ok' });
      })
      .to(async function slow(d: Data) {
        await gate.promise;
        await d.setState('$final_result', d.input);
      });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent.toSubFlow(child, { name: 'slow' }).to(async function after(d: Data) {
      await d.setState('after', d.input);
    });
    const execution = parent.createExecution({ autoClose: false });
    await execution.start(0);
    const [frame] = execution.getSubFlowFrames();
    let resumed = false;
    const resuming = execution.continueWith(`${frame?.id ?? ''}:ok`, 'go').then(() => {
      resumed = true;
    });
    await settle();
    expect(resumed).toBe(false);
    expect(execution.getSubFlowFrames()).toEqual([
      expect.objectContaining({ id: frame?.id, status: 'running' }),
    ]);
    gate.resolve();
    await resuming;
    expect(execution.getSubFlowFrames()).toEqual([]);
    expect(await execution.close()).toEqual({ after: 'go' });
  });

  it('cancelSubFlow: true once, cancels the projected interrupt, runs nothing after, parent stays open', async () => {
    const { flow, execution, frameId, projectedId } = await waitingRun();
    expect(await execution.cancelSubFlow(frameId)).toBe(true);
    expect(await execution.cancelSubFlow(frameId)).toBe(false);
    expect(await execution.cancelSubFlow('no-such-frame')).toBe(false);
    expect(execution.getInterrupt(projectedId)?.status).toBe('cancelled');
    expect(execution.getPendingInterrupts()).toEqual({});
    expect(execution.status).not.toBe('waiting');
    expect(execution.lifecycleState).toBe('open');
    expect(execution.getSubFlowFrames().filter((f) => f.status !== 'cancelled')).toEqual([]);
    await expect(execution.continueWith(projectedId, 'late')).rejects.toMatchObject({
      code: 'INTERRUPT_NOT_WAITING',
    });
    expect(flow.ran).toEqual(['draft', 'ask:"about cats"']);
    expect(await execution.close()).toEqual({ topic: 'cats' });
  });

  it('saves a waiting sub-flow, loads it into a fresh parent, and completes it exactly', async () => {
    const { execution, projectedId } = await waitingRun();
    const saved = JSON.parse(JSON.stringify(execution.save())) as unknown;
    await execution.close({ pendingInterrupts: 'cancel' });

    const fresh = pausingFlow();
    const restored = fresh.parent.createExecution({ autoClose: false }).load(saved);
    expect(restored.id).toBe(execution.id);
    expect(restored.status).toBe('waiting');
    expect(Object.keys(restored.getPendingInterrupts())).toEqual([projectedId]);
    expect(restored.getSubFlowFrames()).toEqual([expect.objectContaining({ status: 'waiting' })]);
    await restored.continueWith(projectedId, { approved: 'after reload' });
    expect(fresh.ran).toEqual([
      'decide:{"approved":"after reload"}',
      'publish:{"approved":"after reload"}',
    ]);
    expect(restored.getSubFlowFrames()).toEqual([]);
    expect(await restored.close()).toEqual({
      topic: 'cats',
      review: { decision: { approved: 'after reload' }, asked: 'about cats' },
      published: { approved: 'after reload' },
    });
    expect(restored.status).toBe('completed');
  });
});

describe('sub-flow: blueprints', () => {
  const childBlueprint: Blueprint = {
    schema: BLUEPRINT_SCHEMA,
    name: 'child',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'double', kind: 'chunk', handler: { ref: 'double' } },
      { id: 'end', kind: 'end' },
    ],
    edges: [
      { id: 'c1', source: 'start', target: 'double' },
      { id: 'c2', source: 'double', target: 'end' },
    ],
  };

  const parentBlueprint = (flow: Json, extra: Json = {}): Json => ({
    schema: BLUEPRINT_SCHEMA,
    name: 'parent',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'sub', kind: 'subFlow', options: { flow, ...extra } },
      { id: 'store', kind: 'chunk', handler: { ref: 'store' } },
    ],
    edges: [
      { id: 'p1', source: 'start', target: 'sub' },
      { id: 'p2', source: 'sub', target: 'store' },
    ],
  });

  const chunks = {
    double: (d: Data) => (d.input as number) * 2,
    store: async (d: Data) => {
      await d.setState('out', d.input);
    },
  };

  function options(warnings: TriggerFlowWarning[] = []): {
    clock: ManualClock;
    onWarning: (w: TriggerFlowWarning) => void;
  } {
    return { clock: new ManualClock(), onWarning: (w) => warnings.push(w) };
  }

  it('runs a subFlow node with { inline: childBlueprint }', async () => {
    const flow = TriggerFlow.fromBlueprint(
      parentBlueprint({ inline: childBlueprint }),
      { chunks },
      options(),
    );
    expect(await flow.start(4)).toEqual({ out: 8 });
    expect(await flow.start(5)).toEqual({ out: 10 });
  });

  it('applies capture and writeBack of a subFlow node', async () => {
    const flow = TriggerFlow.fromBlueprint(
      parentBlueprint(
        { inline: childBlueprint },
        { capture: { input: 'value.n' }, writeBack: { state: { doubled: 'result' } } },
      ),
      { chunks },
      options(),
    );
    expect(await flow.start({ n: 21 })).toEqual({ doubled: 42, out: { n: 21 } });
  });

  it('resolves { ref: { flowId, version } } through registry.loadFlow when the step runs', async () => {
    const loads: FlowRef[] = [];
    const registry: HandlerRegistry = {
      chunks,
      loadFlow: (ref) => {
        loads.push(ref);
        return Promise.resolve(childBlueprint);
      },
    };
    const bp = parentBlueprint({ ref: { flowId: 'child', version: 1 } });
    const flow = TriggerFlow.fromBlueprint(bp, registry, options());
    expect(loads).toEqual([]);
    expect(await flow.start(4)).toEqual({ out: 8 });
    expect(loads).toEqual([{ flowId: 'child', version: 1 }]);
    // The node says which stored flow it runs; a round trip keeps that.
    expect(flow.toBlueprint().nodes[1]).toMatchObject({
      id: 'sub',
      kind: 'subFlow',
      options: { flow: { ref: { flowId: 'child', version: 1 } } },
    });
    const again = TriggerFlow.fromBlueprint(flow.toBlueprint(), registry, options());
    expect(again.fingerprint()).toBe(flow.fingerprint());
    // Without loadFlow the blueprint loads (with a warning) but the step cannot run.
    const warned = TriggerFlow.fromBlueprint(bp, { chunks }, options());
    await expect(warned.start(1)).rejects.toMatchObject({ code: 'SUB_FLOW_NOT_FOUND' });
  });

  it('exports a DSL sub-flow as an inline node; the round trip keeps fingerprint and behaviour', async () => {
    const { flow: child } = testFlow({ name: 'kid' });
    child
      .to(function triple(d: Data) {
        return (d.input as number) * 3;
      })
      .to(async function keep(d: Data) {
        await d.setState('$final_result', d.input);
      });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent
      .to(function prep(d: Data) {
        return { n: d.input };
      })
      .toSubFlow(child, {
        name: 'kid-step',
        capture: { input: 'value.n' },
        writeBack: { value: 'result', state: { kept: 'result' } },
      })
      .to(async function fin(d: Data) {
        await d.setState('out', d.input);
      });
    const bp = parent.toBlueprint();
    const node = bp.nodes.find((n) => n.kind === 'subFlow');
    expect(node).toMatchObject({
      id: 'kid-step',
      options: {
        flow: { inline: { name: 'kid' } },
        capture: { input: 'value.n' },
        writeBack: { value: 'result', state: { kept: 'result' } },
      },
    });
    if (node?.kind !== 'subFlow' || !('inline' in node.options.flow)) throw new Error('inline');
    expect(node.options.flow.inline.nodes.map((n) => n.id)).toEqual(['start', 'triple', 'keep']);
    const registry = parent.handlerRegistry();
    expect(Object.keys(registry.chunks ?? {}).sort()).toEqual(['fin', 'keep', 'prep', 'triple']);
    const restored = TriggerFlow.fromBlueprint(JSON.parse(JSON.stringify(bp)), registry, options());
    expect(restored.fingerprint()).toBe(parent.fingerprint());
    expect(await restored.start(2)).toEqual(await parent.start(2));
    expect(await restored.start(2)).toEqual({ kept: 6, out: 6 });
  });

  it("lists an inline child's handlers in handlerRegistry() of a flow loaded from a blueprint", async () => {
    const flow = TriggerFlow.fromBlueprint(
      parentBlueprint({ inline: childBlueprint }),
      { chunks },
      options(),
    );
    const registry = flow.handlerRegistry();
    expect(Object.keys(registry.chunks ?? {}).sort()).toEqual(['double', 'store']);
    const again = TriggerFlow.fromBlueprint(flow.toBlueprint(), registry, options());
    expect(again.fingerprint()).toBe(flow.fingerprint());
    expect(await again.start(3)).toEqual({ out: 6 });
  });
});

describe('sub-flow: timeouts of a child pause', () => {
  function build(action: 'continue' | 'branch' | 'fail') {
    const child = new TriggerFlow({ name: 'child' });
    child
      .to(async function ask(d: Data) {
        return d.pauseFor({
          type: 'approval',
          timeout: { afterMs: 1_000, action, value: 'default' },
        });
      })
      .to(async function answered(d: Data) {
        await d.setState('answer', d.input);
        return d.input;
      });
    child.when('PauseTimeout[ask]').to(async function onTimeout(d: Data) {
      await d.setState('answer', `timed out with ${String(d.input)}`);
    });
    const { flow: parent } = testFlow({ name: 'parent' });
    parent
      .toSubFlow(child, { name: 'review', writeBack: { state: { answer: 'result.answer' } } })
      .to(async function after(d: Data) {
        await d.setState('after', true);
      });
    return parent;
  }

  async function pausedParent(action: 'continue' | 'branch' | 'fail') {
    const execution = build(action).createExecution({ autoClose: false });
    await execution.start('doc');
    const [projected] = Object.values(execution.getPendingInterrupts());
    if (!projected) throw new Error('expected a projected pause');
    return { execution, projected };
  }

  it('continue: the child goes on with the policy value, then the parent', async () => {
    const { execution, projected } = await pausedParent('continue');
    expect(projected.timeout).toMatchObject({ afterMs: 1_000, action: 'continue' });
    await execution.expireInterrupt(projected.id);
    expect(await execution.close()).toEqual({ answer: 'default', after: true });
  });

  it('branch: the child takes its timeout branch, then the parent goes on', async () => {
    const { execution, projected } = await pausedParent('branch');
    await execution.expireInterrupt(projected.id);
    expect(execution.getSubFlowFrames()).toEqual([]);
    expect(await execution.close()).toEqual({ answer: 'timed out with default', after: true });
  });

  it('fail: the child fails, so does the parent, and nothing after the sub-flow runs', async () => {
    const { execution, projected } = await pausedParent('fail');
    await expect(execution.expireInterrupt(projected.id)).rejects.toMatchObject({
      code: 'SUB_FLOW_FAILED',
    });
    expect(execution.status).toBe('failed');
    expect(execution.getSubFlowFrames()).toEqual([]);
    expect(await execution.close()).toEqual({});
  });

  it('refuses an answer to a projected pause after its sub-flow was cancelled', async () => {
    const { execution, projected } = await pausedParent('continue');
    const frame = execution.getSubFlowFrames()[0];
    if (!frame) throw new Error('expected a frame');
    await execution.cancelSubFlow(frame.id);
    await expect(execution.continueWith(projected.id, 'late')).rejects.toMatchObject({
      code: 'INTERRUPT_NOT_WAITING',
    });
    expect(execution.getInterrupt(projected.id)?.status).toBe('cancelled');
  });
});

describe('sub-flow: snapshots', () => {
  it('refuses a snapshot whose sub-flow frame names an operator the flow does not have', async () => {
    const build = () => {
      const child = new TriggerFlow({ name: 'child' });
      child.to(async function ask(d: Data) {
        return d.pauseFor({ type: 'approval' });
      });
      const parent = new TriggerFlow({ name: 'parent' });
      parent.toSubFlow(child, { name: 'review' });
      return parent;
    };
    const execution = build().createExecution({ autoClose: false });
    await execution.start('doc');
    const saved = execution.save();
    expect(saved.subFlowFrames).toHaveLength(1);
    const tampered = JSON.parse(JSON.stringify(saved)) as typeof saved;
    const [frame] = tampered.subFlowFrames;
    if (!frame) throw new Error('expected a frame');
    frame.operatorId = 'chunk-0000000000000000';
    expect(() => build().createExecution({ autoClose: false }).load(tampered)).toThrow(
      expect.objectContaining({ code: 'INVALID_SNAPSHOT' }),
    );
  });
});
