import type { Blueprint } from '@triggerflow/blueprint';
import { ManualClock, TriggerFlow, validateBlueprint } from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import { samples } from '../samples/index';
import { rulesProvider } from '../src/ai/rules';
import { agentKinds } from '../src/kinds/agent';
import { approvalKind, dataKinds, NodeCatalog } from '../src/index';
import { readStream } from './helpers';

const registry = new NodeCatalog([...dataKinds, approvalKind, ...agentKinds]).registry();

function sample(id: string): Blueprint {
  const found = samples.find((s) => s.id === id);
  if (!found) throw new Error(`no sample '${id}'`);
  return found.blueprint;
}

interface Item {
  readonly type?: string;
  readonly action?: string;
}

/** Starts a sample on a manual clock, reading its stream from the first item. */
async function start(id: string, input: unknown, blueprint = sample(id)) {
  const flow = TriggerFlow.fromBlueprint(blueprint, registry, { clock: new ManualClock(1_000) });
  const execution = flow.createExecution({
    autoClose: false,
    runtimeResources: { model: rulesProvider() },
  });
  const stream = readStream<Item>(execution);
  await execution.start(input);
  const finish = async () => {
    const state = await execution.close();
    await stream.done;
    return state;
  };
  const pending = () => Object.values(execution.getPendingInterrupts());
  return { execution, items: stream.items, finish, pending };
}

/** The single waiting approval's id. */
function onlyPending(pending: () => { id: string }[]): string {
  const waiting = pending();
  expect(waiting).toHaveLength(1);
  return waiting[0]?.id ?? '';
}

/** Stream item kinds in order (`interrupt:pause`, `usage`, `progress`, …). */
const kinds = (items: readonly Item[]) =>
  items.map((i) => (i.type === 'interrupt' ? `interrupt:${i.action ?? ''}` : (i.type ?? '?')));
/** What the sample's own steps streamed (not the engine's interrupt items, not model usage). */
const own = (items: readonly Item[]) =>
  items.filter((i) => i.type !== 'interrupt' && i.type !== 'usage');

const vote = (actor: string, outcome: 'approved' | 'rejected', response: unknown) => ({
  actor,
  outcome,
  response,
  at: 5_000,
});

describe('samples', () => {
  it('lists the three starter templates', () => {
    expect(samples.map((s) => [s.id, s.title, s.blueprint.name])).toEqual([
      ['orchestration-playbook', 'Orchestration playbook', 'orchestration-playbook'],
      ['document-review', 'Document review', 'document-review'],
      ['fan-out-fan-in', 'Fan-out / fan-in', 'fan-out-fan-in'],
    ]);
    for (const s of samples) expect(s.description).toBe(s.blueprint.description);
  });

  it.each(samples.map((s) => [s.id, s.blueprint] as const))(
    '%s validates with no issues, every node labelled and placed',
    (_id, blueprint) => {
      expect(validateBlueprint(blueprint, registry)).toEqual([]);
      for (const node of blueprint.nodes) {
        expect(node.label, node.id).toEqual(expect.any(String));
        expect(typeof node.position?.x, node.id).toBe('number');
        expect(typeof node.position?.y, node.id).toBe('number');
        if (node.kind === 'forEach' || node.kind === 'batch') expect(node.size).toBeDefined();
      }
    },
  );
});

describe('orchestration playbook', () => {
  const ticket = (text: string) => ({
    id: 'T-1001',
    customer: '  Acme Corp ',
    text: `  ${text} `,
    priority: 'HIGH',
  });
  const request = (text: string) => ({
    id: 'T-1001',
    customer: 'Acme Corp',
    text,
    priority: 'high',
  });
  const done = (tasks: string[]) => tasks.map((task, i) => ({ n: i + 1, task, status: 'done' }));

  it('routes a billing ticket (A), works its subtasks, and closes it once approved', async () => {
    const text = 'Refund for a duplicate invoice';
    const run = await start('orchestration-playbook', ticket(text));
    const results = done(['Verify the charge', 'Refund the customer', 'Tell Acme Corp']);

    const [interrupt] = run.pending();
    expect(interrupt?.payload).toEqual({
      title: 'Close the ticket?',
      description: expect.stringContaining('All subtasks are **done**') as unknown,
      payload: { ticket: 'T-1001', customer: 'Acme Corp', queue: 'billing', subtasks: results },
      form: expect.objectContaining({ type: 'object' }) as unknown,
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: false,
      timeout: { afterMs: 86_400_000, action: 'branch' },
      nodeId: 'approve',
    });
    const decision = {
      outcome: 'approved',
      response: { decision: 'approve', comment: 'thanks' },
      votes: [vote('lead-1', 'approved', { decision: 'approve', comment: 'thanks' })],
    };
    await run.execution.continueWith(interrupt?.id ?? '', decision, { actor: 'lead-1' });

    expect(await run.finish()).toEqual({
      request: request(text),
      plan: { category: 'A', queue: 'billing' },
      results,
      final: {
        ticket: 'T-1001',
        category: 'A',
        queue: 'billing',
        subtasksDone: 3,
        decision: 'approved',
        closed: true,
      },
      $final_result: { ...decision, timedOut: false },
    });
    expect(kinds(run.items)).toEqual([
      'usage',
      'progress',
      'interrupt:pause',
      'interrupt:resume',
      'progress',
    ]);
    expect(run.items[0]).toEqual({
      type: 'usage',
      nodeId: 'classify',
      model: 'rules',
      promptTokens: expect.any(Number) as unknown,
      completionTokens: expect.any(Number) as unknown,
      latencyMs: expect.any(Number) as unknown,
      attempts: 1,
    });
    expect(own(run.items)).toEqual([
      { type: 'progress', stage: 'handled', ticket: 'T-1001', queue: 'billing' },
      { type: 'progress', stage: 'finalized', ticket: 'T-1001', decision: 'approved' },
    ]);
  });

  it('routes a technical ticket (B) and keeps it open when rejected, also after save and load', async () => {
    const text = 'The app shows an error on login';
    const first = await start('orchestration-playbook', ticket(text));
    const id = onlyPending(first.pending);
    const saved = JSON.parse(JSON.stringify(first.execution.save())) as unknown;

    const flow = TriggerFlow.fromBlueprint(sample('orchestration-playbook'), registry);
    const restored = flow
      .createExecution({ autoClose: false })
      .load(saved, { runtimeResources: { model: rulesProvider() } });
    const stream = readStream<Item>(restored);
    await restored.continueWith(id, {
      outcome: 'rejected',
      response: { decision: 'reject' },
      votes: [vote('lead-2', 'rejected', { decision: 'reject' })],
    });
    const state = await restored.close();
    await stream.done;

    expect(state).toMatchObject({
      request: request(text),
      plan: { category: 'B', queue: 'technical' },
      results: done(['Reproduce the problem', 'Ship a fix', 'Tell Acme Corp']),
      final: {
        ticket: 'T-1001',
        category: 'B',
        queue: 'technical',
        subtasksDone: 3,
        decision: 'rejected',
        closed: false,
      },
    });
    expect(own(first.items)).toEqual([
      { type: 'progress', stage: 'handled', ticket: 'T-1001', queue: 'technical' },
    ]);
    expect(own(stream.items)).toEqual([
      { type: 'progress', stage: 'finalized', ticket: 'T-1001', decision: 'rejected' },
    ]);
  });

  it('sends anything else to the general handler (else), and a timeout leaves it open', async () => {
    const text = 'What are your opening hours?';
    const run = await start('orchestration-playbook', ticket(text));
    await run.execution.expireInterrupt(onlyPending(run.pending));

    expect(await run.finish()).toEqual({
      request: request(text),
      plan: { category: 'C', queue: 'general' },
      results: done(['Answer Acme Corp']),
      final: {
        ticket: 'T-1001',
        category: 'C',
        queue: 'general',
        subtasksDone: 1,
        decision: 'timedOut',
        closed: false,
      },
      $final_result: { outcome: 'timedOut', response: null, votes: [], timedOut: true },
    });
    expect(own(run.items)).toEqual([
      { type: 'progress', stage: 'handled', ticket: 'T-1001', queue: 'general' },
      { type: 'progress', stage: 'finalized', ticket: 'T-1001', decision: 'timedOut' },
    ]);
  });
});

describe('document review', () => {
  const doc = {
    id: 'DOC-7',
    title: 'Q3 pricing update',
    author: 'ana',
    url: 'https://docs.example.com/doc-7',
  };

  it('asks two reviewers, and publishes once both approved', async () => {
    const run = await start('document-review', doc);
    const [interrupt] = run.pending();
    expect(interrupt).toMatchObject({
      type: 'approval',
      timeout: { afterMs: 172_800_000, action: 'continue', value: { timedOut: true } },
    });
    expect(interrupt?.payload).toMatchObject({
      title: 'Publish this document?',
      payload: doc,
      approvers: { roles: ['approver'], users: [] },
      quorum: 2,
      allowSelfApproval: false,
      timeout: { afterMs: 172_800_000, action: 'branch' },
      nodeId: 'review',
    });

    const response = { decision: 'approve' };
    await run.execution.continueWith(interrupt?.id ?? '', {
      outcome: 'approved',
      response,
      votes: [vote('bo', 'approved', response), vote('cy', 'approved', response)],
    });
    const state = await run.finish();
    expect(state).toEqual({
      document: doc,
      review: { status: 'published', document: 'DOC-7', approvedBy: ['bo', 'cy'] },
      $final_result: {
        outcome: 'approved',
        response,
        votes: [vote('bo', 'approved', response), vote('cy', 'approved', response)],
        timedOut: false,
      },
    });
    expect(kinds(run.items)).toEqual(['interrupt:pause', 'interrupt:resume']);
  });

  it('returns a rejected document to its author with the comment', async () => {
    const run = await start('document-review', doc);
    const response = { decision: 'reject', comment: 'Numbers in table 2 are off.' };
    await run.execution.continueWith(onlyPending(run.pending), {
      outcome: 'rejected',
      response,
      votes: [vote('bo', 'approved', { decision: 'approve' }), vote('cy', 'rejected', response)],
    });
    expect((await run.finish()).review).toEqual({
      status: 'returned',
      document: 'DOC-7',
      to: 'ana',
      comment: 'Numbers in table 2 are off.',
    });
  });

  it('escalates when nobody decides in time (the timeout branch)', async () => {
    const run = await start('document-review', doc);
    const record = await run.execution.expireInterrupt(onlyPending(run.pending));
    expect(record).toMatchObject({ status: 'resumed', actor: 'timeout' });
    const state = await run.finish();
    expect(state).toEqual({
      document: doc,
      review: { status: 'escalated', document: 'DOC-7', reason: 'no decision within 48 hours' },
      $final_result: { outcome: 'timedOut', response: null, votes: [], timedOut: true },
    });
  });

  it('refuses an approval with one vote (the quorum is two)', async () => {
    const run = await start('document-review', doc);
    const answer = { outcome: 'approved', response: null, votes: [vote('bo', 'approved', null)] };
    await expect(run.execution.continueWith(onlyPending(run.pending), answer)).rejects.toThrow(
      'approved by 1 of the 2 approvers the quorum needs',
    );
    expect(run.execution.status).toBe('failed');
  });
});

describe('fan-out / fan-in', () => {
  it('analyses the text three ways at once and combines the batch into one report', async () => {
    const run = await start('fan-out-fan-in', {
      text: 'TriggerFlow runs flows. Flows have steps. Steps can run in parallel!',
    });
    expect(run.pending()).toEqual([]);
    const report = {
      words: 11,
      sentences: 3,
      wordsPerSentence: 3.7,
      longWords: ['triggerflow', 'parallel'],
    };
    expect(await run.finish()).toEqual({ report, $final_result: report });
    expect(run.items).toEqual([{ type: 'report', report }]);
  });
});
