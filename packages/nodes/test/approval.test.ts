import { BLUEPRINT_SCHEMA, type Blueprint } from '@triggerflow/blueprint';
import {
  EngineError,
  ManualClock,
  TriggerFlow,
  validateBlueprint,
  type TriggerFlowRuntimeData,
} from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import {
  ApprovalError,
  approvalDecisionSchema,
  approvalKind,
  approvalPromptSchema,
  dataKinds,
  defaultApprovalForm,
  NodeCatalog,
} from '../src/index';

const catalog = new NodeCatalog([...dataKinds, approvalKind]);
const registry = catalog.registry({
  chunks: { capture: (d: TriggerFlowRuntimeData) => d.setState('out', d.input) },
});

/** start → remember (state `request`) → approve → capture (state `out`). */
function approvalFlow(config: unknown): Blueprint {
  return {
    schema: BLUEPRINT_SCHEMA,
    name: 'approval-test',
    nodes: [
      { id: 'start', kind: 'start' },
      {
        id: 'remember',
        kind: 'chunk',
        handler: { ref: 'setState', config: { key: 'request' } },
      },
      { id: 'approve', kind: 'chunk', handler: { ref: 'approval', config } },
      { id: 'capture', kind: 'chunk', handler: { ref: 'capture' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'remember' },
      { id: 'e2', source: 'remember', target: 'approve' },
      { id: 'e3', source: 'approve', target: 'capture' },
    ],
  };
}

const base = { title: 'Ship release 1.4?', approvers: { roles: ['approver'] } };

async function paused(config: unknown, input: unknown = { version: '1.4', risk: 'low' }) {
  let next = 0;
  const flow = TriggerFlow.fromBlueprint(approvalFlow(config), registry, {
    clock: new ManualClock(1_000),
    idGenerator: () => `id-${(next += 1)}`,
  });
  const execution = flow.createExecution({ autoClose: false });
  await execution.start(input);
  const pending = Object.values(execution.getPendingInterrupts());
  expect(pending).toHaveLength(1);
  const interrupt = pending[0];
  if (!interrupt) throw new Error('the approval did not pause');
  return { execution, interrupt };
}

const vote = (actor: string, outcome: 'approved' | 'rejected', at = 2_000) => ({
  actor,
  outcome,
  response: { decision: outcome === 'approved' ? 'approve' : 'reject' },
  at,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('approval config', () => {
  it('fills the defaults of a minimal config', () => {
    expect(approvalKind.configSchema.parse(base)).toEqual({
      title: 'Ship release 1.4?',
      payload: 'input',
      form: defaultApprovalForm(),
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: false,
    });
  });

  it('accepts a full config', () => {
    const config = {
      title: 'Publish?',
      description: '**Check** the numbers.',
      payload: '{ "doc": input.doc }',
      form: { type: 'object', properties: { ok: { type: 'boolean' } } },
      approvers: { roles: ['editor'], users: ['u-1'] },
      quorum: 2,
      allowSelfApproval: true,
      timeout: { afterMs: 60_000, action: 'continue', value: { outcome: 'rejected' } },
    };
    expect(approvalKind.configSchema.parse(config)).toEqual(config);
  });

  it.each([
    ['no approvers at all', { title: 't' }, ['approvers'], 'expected object'],
    ['empty approvers', { title: 't', approvers: {} }, ['approvers'], 'at least one approver'],
    [
      'empty lists',
      { title: 't', approvers: { roles: [], users: [] } },
      ['approvers'],
      'at least one approver',
    ],
    ['quorum 0', { ...base, quorum: 0 }, ['quorum'], 'expected number to be >=1'],
    ['quorum 1.5', { ...base, quorum: 1.5 }, ['quorum'], 'expected int'],
    [
      'a quorum the named users cannot reach',
      { title: 't', approvers: { users: ['a', 'b'] }, quorum: 3 },
      ['quorum'],
      'only 2 users are named',
    ],
    ['an empty title', { ...base, title: '' }, ['title'], 'a title is required'],
    [
      'a form that is no object schema',
      { ...base, form: { type: 'string' } },
      ['form'],
      'type "object"',
    ],
    [
      'an unknown timeout action',
      { ...base, timeout: { afterMs: 10, action: 'retry' } },
      ['timeout', 'action'],
      'Invalid option',
    ],
    [
      'a timeout of 0 ms',
      { ...base, timeout: { afterMs: 0, action: 'fail' } },
      ['timeout', 'afterMs'],
      'expected number to be >0',
    ],
  ])('rejects %s', (_name, config, path, message) => {
    const issues = approvalKind.configSchema.safeParse(config).error?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]?.message).toContain(message);
  });

  it('reports a bad payload expression on the node, with its position', () => {
    const issues = validateBlueprint(approvalFlow({ ...base, payload: 'input.a +' }), registry);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'INVALID_CONFIG',
      severity: 'error',
      nodeId: 'approve',
      path: ['nodes', 2, 'handler', 'config', 'payload'],
    });
    expect(issues[0]?.message).toContain('at position 9');
    const direct = approvalKind.configSchema.safeParse({ ...base, payload: 'input.a +' });
    expect(direct.error?.issues[0]).toMatchObject({ params: { position: 9 } });
  });

  it('gives the editor a JSON Schema form with the defaults', () => {
    const entry = catalog.entries().find((e) => e.kind === 'approval');
    expect(entry).toMatchObject({ nodeKind: 'chunk', category: 'human', icon: 'user-check' });
    expect(entry?.configJsonSchema).toMatchObject({
      type: 'object',
      required: ['title', 'approvers'],
      properties: {
        description: { type: 'string', contentMediaType: 'text/markdown' },
        payload: { type: 'string', default: 'input' },
        quorum: { type: 'integer', minimum: 1, default: 1 },
        form: { default: defaultApprovalForm() },
      },
    });
  });
});

describe('approval prompt', () => {
  it('pauses with the evaluated prompt as the interrupt payload', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      description: 'Release notes are in the *changelog*.',
      payload: '{ "version": input.version, "request": state.request }',
      approvers: { roles: ['approver'], users: ['ana'] },
      timeout: { afterMs: 86_400_000, action: 'branch' },
    });
    expect(execution.status).toBe('waiting');
    expect(interrupt).toMatchObject({
      type: 'approval',
      resumeTo: 'self',
      status: 'waiting',
      createdAt: 1_000,
      maxResumes: 1,
      timeout: {
        afterMs: 86_400_000,
        action: 'continue',
        value: { timedOut: true },
        event: 'PauseTimeout[approve]',
      },
    });
    expect(interrupt.payload).toEqual({
      title: 'Ship release 1.4?',
      description: 'Release notes are in the *changelog*.',
      payload: { version: '1.4', request: { version: '1.4', risk: 'low' } },
      form: defaultApprovalForm(),
      approvers: { roles: ['approver'], users: ['ana'] },
      quorum: 1,
      allowSelfApproval: false,
      timeout: { afterMs: 86_400_000, action: 'branch' },
      nodeId: 'approve',
    });
    expect(approvalPromptSchema.parse(interrupt.payload)).toEqual(interrupt.payload);
  });

  it('has no engine timeout without a timeout config, and null description / payload', async () => {
    const { execution, interrupt } = await paused({ ...base, payload: 'input.missing' });
    expect(interrupt.timeout).toBeUndefined();
    expect(interrupt.payload).toEqual({
      title: 'Ship release 1.4?',
      description: null,
      payload: null,
      form: defaultApprovalForm(),
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: false,
      timeout: null,
      nodeId: 'approve',
    });
    const error = await failure(execution.expireInterrupt(interrupt.id));
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('INVALID_OPTION');
  });
});

describe('approval decisions', () => {
  it('outputs an approval with its response and votes', async () => {
    const { execution, interrupt } = await paused({ ...base, quorum: 2 });
    const decision = {
      outcome: 'approved',
      response: { decision: 'approve', comment: 'ship it' },
      votes: [vote('ana', 'approved'), vote('bo', 'approved', 2_500)],
    };
    expect(approvalDecisionSchema.parse(decision)).toEqual(decision);
    await execution.continueWith(interrupt.id, decision, { actor: 'bo', resumeRequestId: 'r1' });
    expect(await execution.close()).toEqual({
      request: { version: '1.4', risk: 'low' },
      out: { ...decision, timedOut: false },
    });
  });

  it('outputs a rejection', async () => {
    const { execution, interrupt } = await paused(base);
    await execution.continueWith(interrupt.id, {
      outcome: 'rejected',
      response: { decision: 'reject', comment: 'not yet' },
      votes: [vote('ana', 'rejected')],
    });
    expect((await execution.close()).out).toEqual({
      outcome: 'rejected',
      response: { decision: 'reject', comment: 'not yet' },
      votes: [vote('ana', 'rejected')],
      timedOut: false,
    });
  });

  it('survives save and load while waiting', async () => {
    const { execution, interrupt } = await paused(base);
    const saved = JSON.parse(JSON.stringify(execution.save())) as unknown;
    const flow = TriggerFlow.fromBlueprint(approvalFlow(base), registry);
    const restored = flow.createExecution({ autoClose: false }).load(saved);
    const decision = { outcome: 'approved', response: null, votes: [vote('ana', 'approved')] };
    await restored.continueWith(interrupt.id, decision);
    expect((await restored.close()).out).toEqual({ ...decision, timedOut: false });
  });

  it.each([
    [
      'an unknown outcome',
      { outcome: 'maybe', response: null, votes: [vote('a', 'approved')] },
      /outcome: Invalid option/,
    ],
    [
      'no votes',
      { outcome: 'rejected', response: null, votes: [] },
      /votes: a decision carries at least one vote/,
    ],
    ['a bare string', 'approve', /value: Invalid input: expected object, received string/],
    [
      'a vote without actor',
      {
        outcome: 'approved',
        response: null,
        votes: [{ outcome: 'approved', response: null, at: 1 }],
      },
      /votes\.0\.actor/,
    ],
    [
      'a timeout marker when no timeout is configured',
      { timedOut: true },
      /outcome: Invalid option/,
    ],
  ])('fails the run on %s, with a clear error', async (_name, answer, message) => {
    const { execution, interrupt } = await paused(base);
    const error = await failure(execution.continueWith(interrupt.id, answer));
    expect(error).toBeInstanceOf(ApprovalError);
    expect(error).toMatchObject({ code: 'INVALID_DECISION', nodeId: 'approve' });
    expect((error as Error).message).toMatch(
      /^Approval "Ship release 1\.4\?" got an invalid decision \(/,
    );
    expect((error as Error).message).toMatch(message);
    expect(execution.status).toBe('failed');
    expect(execution.getState('out')).toBeUndefined();
  });

  it('refuses an approval short of the quorum', async () => {
    const { execution, interrupt } = await paused({ ...base, quorum: 2 });
    const answer = {
      outcome: 'approved',
      response: null,
      votes: [vote('ana', 'approved'), vote('ana', 'approved', 3_000), vote('bo', 'rejected')],
    };
    const error = await failure(execution.continueWith(interrupt.id, answer));
    expect((error as Error).message).toContain('approved by 1 of the 2 approvers the quorum needs');
    expect(execution.status).toBe('failed');
  });
});

describe('approval timeouts (execution.expireInterrupt)', () => {
  it('continue: goes on as approved by default, with timedOut', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      timeout: { afterMs: 5_000, action: 'continue' },
    });
    await execution.expireInterrupt(interrupt.id);
    expect((await execution.close()).out).toEqual({
      outcome: 'approved',
      response: null,
      votes: [],
      timedOut: true,
    });
  });

  it('continue: with the configured default outcome and response', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      timeout: {
        afterMs: 5_000,
        action: 'continue',
        value: { outcome: 'rejected', response: { comment: 'nobody answered' } },
      },
    });
    const record = await execution.expireInterrupt(interrupt.id);
    expect(record).toMatchObject({ status: 'resumed', actor: 'timeout' });
    expect((await execution.close()).out).toEqual({
      outcome: 'rejected',
      response: { comment: 'nobody answered' },
      votes: [],
      timedOut: true,
    });
  });

  it('branch: outputs outcome timedOut', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      timeout: { afterMs: 5_000, action: 'branch', value: { outcome: 'rejected' } },
    });
    await execution.expireInterrupt(interrupt.id);
    expect((await execution.close()).out).toEqual({
      outcome: 'timedOut',
      response: null,
      votes: [],
      timedOut: true,
    });
  });

  it('fail: fails the run naming the approval and the time', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      timeout: { afterMs: 5_000, action: 'fail' },
    });
    const error = await failure(execution.expireInterrupt(interrupt.id));
    expect(error).toBeInstanceOf(ApprovalError);
    expect(error).toMatchObject({
      code: 'TIMED_OUT',
      message: 'Approval "Ship release 1.4?" timed out after 5000 ms',
    });
    expect(execution.status).toBe('failed');
    expect(execution.getState('out')).toBeUndefined();
  });

  it('a decision after the timeout fired is refused by the engine', async () => {
    const { execution, interrupt } = await paused({
      ...base,
      timeout: { afterMs: 5_000, action: 'branch' },
    });
    await execution.expireInterrupt(interrupt.id);
    const late = { outcome: 'approved', response: null, votes: [vote('ana', 'approved')] };
    const error = await failure(execution.continueWith(interrupt.id, late));
    expect((error as EngineError).code).toBe('INTERRUPT_NOT_WAITING');
    expect((await execution.close()).out).toMatchObject({ outcome: 'timedOut' });
  });
});
