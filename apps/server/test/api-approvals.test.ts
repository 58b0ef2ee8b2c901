import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError, startApi, type Api, type Client } from './api-harness';
import {
  allEvents,
  approvalBlueprint,
  createFlow,
  DOCUMENT,
  ofType,
  range,
  seqsOf,
  stepsOf,
  templateFlow,
  waitForEvent,
  waitForPrompt,
  waitForRun,
} from './run-fixtures';
import { postgresTarget, type Target } from './targets';

/**
 * Approvals through the API on a real server: who may decide, the quorum and the self-approval
 * ban of the document-review sample, idempotent decisions (also when sent at once), the response
 * form, the inbox (`pending`) and durable timeouts. The quorum and concurrency scenarios run on
 * SQLite and on PostgreSQL.
 */

const APPROVE = { decision: 'approve', comment: 'looks good' };

interface Decision {
  outcome?: 'approved' | 'rejected';
  response?: unknown;
  idempotencyKey: string;
}

function decider(runId: string, prompt: { interruptId: string }) {
  return (client: Client, decision: Decision) =>
    client.approvals.decide.mutate({ runId, interruptId: prompt.interruptId, ...decision });
}

/** A document-review run started by the admin, paused at `review`, and its prompt. */
async function reviewRun(api: Api) {
  const flowId = await templateFlow(api, 'document-review');
  const { id } = await api.admin.runs.start.mutate({ flowId, input: DOCUMENT });
  const prompt = await waitForPrompt(api.admin, id);
  return { id, prompt, decide: decider(id, prompt) };
}

/**
 * document-review: two approvers must approve, the starter may not. Refusals record nothing; a
 * retried key is applied once; the second approval settles it and the run publishes.
 */
async function quorumScenario(api: Api): Promise<void> {
  const adminId = (await api.admin.auth.me.query()).user.id;
  const ann = await api.userWith(['approver'], 'Ann');
  const ben = await api.userWith(['approver'], 'Ben');
  const cat = await api.userWith(['approver'], 'Cat');
  const viewer = await api.userWith(['viewer'], 'Vic');
  const { id, prompt, decide } = await reviewRun(api);
  expect(prompt).toMatchObject({
    runId: id,
    nodeId: 'review',
    type: 'approval',
    title: 'Publish this document?',
    payload: DOCUMENT,
    approvers: { roles: ['approver'], users: [] },
    quorum: 2,
    allowSelfApproval: false,
    timeout: { afterMs: 172_800_000, action: 'branch' },
    deadlineAt: prompt.createdAt + 172_800_000,
    startedBy: adminId,
  });
  const pausedEvents = await allEvents(api.admin, id);
  expect(stepsOf(pausedEvents)).toEqual([
    ['run.started', null],
    ['node.started', 'receive'],
    ['node.completed', 'receive'],
    ['node.started', 'review'],
    ['run.paused', null],
  ]);

  // The starter (an admin, who holds the approver role) may not approve their own run.
  await expectApiError(
    decide(api.admin, { response: APPROVE, idempotencyKey: 'admin-approves' }),
    'FORBIDDEN',
    'you started this run and "Publish this document?" does not allow self-approval',
  );
  await expectApiError(
    decide(viewer.client, { response: APPROVE, idempotencyKey: 'viewer-approves' }),
    'FORBIDDEN',
    'only holders of the approver role may decide "Publish this document?"',
  );

  const first = await decide(ann.client, { response: APPROVE, idempotencyKey: 'ann-approves' });
  expect(first).toEqual({
    created: true,
    status: 'pending',
    decision: {
      id: expect.any(String) as string,
      approvalId: expect.any(String) as string,
      actor: ann.id,
      outcome: 'approved',
      response: APPROVE,
      idempotencyKey: 'ann-approves',
      at: expect.any(Number) as number,
    },
  });
  const annVote = { actor: ann.id, outcome: 'approved', response: APPROVE, at: first.decision.at };
  const afterVote = await waitForEvent(api.admin, id, 'approval.voted');
  expect(
    afterVote.slice(pausedEvents.length).map(({ type, payload }) => ({ type, payload })),
  ).toEqual([
    { type: 'approval.voted', payload: { interruptId: prompt.interruptId, vote: annVote } },
  ]);

  // A retry with the same key applies nothing again; the same key with another answer conflicts.
  const retried = await decide(ann.client, { response: APPROVE, idempotencyKey: 'ann-approves' });
  expect(retried).toEqual({ ...first, created: false });
  await expectApiError(
    decide(ann.client, {
      response: { ...APPROVE, comment: 'changed my mind' },
      idempotencyKey: 'ann-approves',
    }),
    'CONFLICT',
    `already has a different decision with idempotency key "ann-approves"`,
  );
  // One vote per person: a second vote with another key is refused; the quorum needs Ben.
  await expectApiError(
    decide(ann.client, { response: APPROVE, idempotencyKey: 'ann-approves-again' }),
    'CONFLICT',
    'You already voted on this approval',
  );
  const [waiting] = await ann.client.approvals.pending.query({ runId: id });
  expect(waiting?.votes).toEqual([annVote]);
  expect((await api.admin.runs.get.query({ id })).status).toBe('paused');

  const benAnswer = { decision: 'approve' };
  const second = await decide(ben.client, { response: benAnswer, idempotencyKey: 'ben-approves' });
  expect(second).toMatchObject({ created: true, status: 'decided' });
  const benVote = {
    actor: ben.id,
    outcome: 'approved',
    response: benAnswer,
    at: second.decision.at,
  };

  const { run, events } = await waitForRun(api.admin, id);
  expect(run.status).toBe('completed');
  expect(seqsOf(events)).toEqual(range(1, events.length));
  expect(events.slice(0, afterVote.length)).toEqual(afterVote);
  const rest = events.slice(afterVote.length).filter((e) => e.type !== 'node.progress');
  expect(stepsOf(rest)).toEqual([
    ['approval.voted', null],
    ['run.resumed', null],
    ['node.started', 'review'],
    ['node.completed', 'review'],
    ['node.started', 'decide'],
    ['node.completed', 'decide'],
    ['node.started', 'publish'],
    ['node.completed', 'publish'],
    ['node.started', 'end'],
    ['node.completed', 'end'],
    ['run.completed', null],
  ]);
  expect(rest[0]?.payload).toEqual({ interruptId: prompt.interruptId, vote: benVote });
  expect(rest[1]?.payload).toEqual({
    interruptId: prompt.interruptId,
    nodeId: 'review',
    how: 'answered',
    actor: ben.id,
  });
  expect(rest[3]?.payload).toEqual({
    nodeId: 'review',
    scope: [],
    output: {
      outcome: 'approved',
      response: benAnswer,
      votes: [annVote, benVote],
      timedOut: false,
    },
  });
  expect(ofType(events, 'run.completed')[0]?.payload.snapshot).toMatchObject({
    document: DOCUMENT,
    review: { status: 'published', document: 'D-1', approvedBy: [ann.id, ben.id] },
  });

  // Once decided: a new vote conflicts; a retry of an applied one still answers as before.
  await expectApiError(
    decide(cat.client, { response: APPROVE, idempotencyKey: 'cat-approves' }),
    'CONFLICT',
    'is decided and takes no more decisions',
  );
  expect(await decide(ann.client, { response: APPROVE, idempotencyKey: 'ann-approves' })).toEqual({
    ...first,
    created: false,
    status: 'decided',
  });
  expect(await api.admin.approvals.pending.query({ runId: id, all: true })).toEqual([]);
  expect(ofType(await allEvents(api.admin, id), 'approval.voted')).toHaveLength(2);
}

/** Five copies of one decision sent at once (separate connections) are applied exactly once. */
async function concurrentScenario(api: Api): Promise<void> {
  const ann = await api.userWith(['approver']);
  const ben = await api.userWith(['approver']);
  const { id, decide } = await reviewRun(api);

  const copies = Array.from({ length: 5 }, () => api.client(ann.token));
  const results = await Promise.all(
    copies.map((client) => decide(client, { response: APPROVE, idempotencyKey: 'same-key-1' })),
  );
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(new Set(results.map((r) => r.decision.id)).size).toBe(1);
  expect(results.map((r) => r.status)).toEqual(Array(5).fill('pending'));
  const [waiting] = await ann.client.approvals.pending.query({ runId: id });
  expect(waiting?.votes).toHaveLength(1);

  await decide(ben.client, { response: APPROVE, idempotencyKey: 'ben-key-1' });
  const { run, events } = await waitForRun(api.admin, id);
  expect(run.status).toBe('completed');
  const voted = ofType(events, 'approval.voted').map((e) => e.payload.vote.actor);
  expect(voted).toEqual([ann.id, ben.id]);
  const review = ofType(events, 'node.completed').find((e) => e.payload.nodeId === 'review');
  expect((review?.payload.output as { votes: unknown[] }).votes).toHaveLength(2);
}

describe('approvals through the API on SQLite', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('document-review: refuses the starter and a viewer, applies a key once, settles at quorum 2', async () => {
    await quorumScenario(api);
  });

  it('applies the same decision sent 5 times at once exactly once', async () => {
    await concurrentScenario(api);
  });

  it('settles at the first rejection and returns the document to its author', async () => {
    const ann = await api.userWith(['approver']);
    const { id, decide } = await reviewRun(api);
    const rejected = await decide(ann.client, {
      response: { decision: 'reject', comment: 'add sources' },
      idempotencyKey: 'ann-rejects',
    });
    expect(rejected).toMatchObject({ created: true, status: 'decided' });
    expect(rejected.decision.outcome).toBe('rejected');

    const { run, events } = await waitForRun(api.admin, id);
    expect(run.status).toBe('completed');
    const ran = ofType(events, 'node.started').map((e) => e.payload.nodeId);
    expect(ran).toEqual(['receive', 'review', 'review', 'decide', 'returnToAuthor', 'end']);
    const review = ofType(events, 'node.completed').find((e) => e.payload.nodeId === 'review');
    expect(review?.payload.output).toMatchObject({
      outcome: 'rejected',
      response: { decision: 'reject', comment: 'add sources' },
      timedOut: false,
    });
    expect(ofType(events, 'run.completed')[0]?.payload.snapshot).toMatchObject({
      review: { status: 'returned', document: 'D-1', to: 'bob', comment: 'add sources' },
    });

    // The starter may not approve, but may reject.
    const own = await reviewRun(api);
    const byStarter = await own.decide(api.admin, {
      outcome: 'rejected',
      response: { decision: 'reject', comment: 'withdrawn' },
      idempotencyKey: 'starter-rejects',
    });
    expect(byStarter).toMatchObject({ created: true, status: 'decided' });
    const withdrawn = await waitForRun(api.admin, own.id);
    expect(ofType(withdrawn.events, 'run.completed')[0]?.payload.snapshot).toMatchObject({
      review: { status: 'returned', comment: 'withdrawn' },
    });
  });

  it('checks the response against the form and needs an outcome; refusals record nothing', async () => {
    const ann = await api.userWith(['approver']);
    const { id, decide } = await reviewRun(api);
    const before = await allEvents(api.admin, id);

    const maybe = await expectApiError(
      decide(ann.client, {
        outcome: 'approved',
        response: { decision: 'maybe' },
        idempotencyKey: 'maybe-key-1',
      }),
      'BAD_REQUEST',
      'response.decision must be equal to one of the allowed values: approve, reject',
    );
    expect(maybe.data?.issues).toEqual([
      { path: ['response', 'decision'], message: maybe.message, code: 'BAD_REQUEST' },
    ]);
    const extra = await expectApiError(
      decide(ann.client, {
        response: { decision: 'approve', extra: 1 },
        idempotencyKey: 'extra-key-1',
      }),
      'BAD_REQUEST',
      'response.extra is not a field of the form',
    );
    expect(extra.data?.issues?.map((i) => i.path)).toEqual([['response', 'extra']]);
    const missing = await expectApiError(
      decide(ann.client, {
        outcome: 'approved',
        response: { comment: 'hm' },
        idempotencyKey: 'required-key-1',
      }),
      'BAD_REQUEST',
      'response.decision is required',
    );
    expect(missing.data?.issues?.map((i) => i.path)).toEqual([['response', 'decision']]);

    const outcomeNeeded =
      "pass outcome: 'approved' | 'rejected', or a response with decision: 'approve' | 'reject'";
    for (const response of [{ comment: 'no decision' }, null, { decision: 'maybe' }]) {
      const noOutcome = await expectApiError(
        decide(ann.client, { response, idempotencyKey: 'no-outcome' }),
        'BAD_REQUEST',
        outcomeNeeded,
      );
      expect(noOutcome.data?.issues?.map((i) => i.path)).toEqual([['outcome']]);
    }
    await expectApiError(
      decide(ann.client, { response: APPROVE, idempotencyKey: 'short' }),
      'BAD_REQUEST',
      'use at least 8 characters',
    );

    const [waiting] = await ann.client.approvals.pending.query({ runId: id });
    expect(waiting?.votes).toEqual([]);
    expect(await allEvents(api.admin, id)).toEqual(before);
    await expectApiError(
      ann.client.approvals.decide.mutate({
        runId: id,
        interruptId: 'interrupt-nope',
        response: APPROVE,
        idempotencyKey: 'nowhere-1',
      }),
      'NOT_FOUND',
      `run "${id}" has no pause "interrupt-nope" to decide`,
    );
  });

  it('shows approvers the prompt to decide; viewers only with all: true, read-only', async () => {
    const ann = await api.userWith(['approver']);
    const viewer = await api.userWith(['viewer']);
    const { id, prompt } = await reviewRun(api);

    const mine = await ann.client.approvals.pending.query({ runId: id });
    expect(mine).toEqual([
      { approvalId: expect.any(String) as string, prompt, votes: [], mayDecide: true },
    ]);
    expect((await ann.client.approvals.pending.query()).map((p) => p.prompt)).toContainEqual(
      prompt,
    );
    expect(await viewer.client.approvals.pending.query({ runId: id })).toEqual([]);
    expect(await viewer.client.approvals.pending.query()).toEqual([]);
    expect(await viewer.client.approvals.pending.query({ runId: id, all: true })).toEqual([
      { ...mine[0], mayDecide: false },
    ]);
    expect(await api.admin.approvals.pending.query({ runId: id })).toEqual(mine);
    await expectApiError(api.anonymous.approvals.pending.query(), 'UNAUTHORIZED');

    await api.admin.runs.cancel.mutate({ id });
    expect(await ann.client.approvals.pending.query({ runId: id, all: true })).toEqual([]);
  });

  it('names a blueprint pause node in its prompt and resumes it with a free JSON answer', async () => {
    const flowId = await createFlow(api.admin, {
      schema: 'triggerflow.blueprint/v1',
      name: 'Ask for a value',
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        {
          id: 'wait',
          kind: 'pause',
          position: { x: 200, y: 0 },
          options: { type: 'input', timeout: { afterMs: 3_600_000, action: 'fail' } },
        },
        { id: 'end', kind: 'end', position: { x: 400, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'wait' },
        { id: 'e2', source: 'wait', target: 'end' },
      ],
    });
    const { id } = await api.admin.runs.start.mutate({ flowId, input: 5 });
    const prompt = await waitForPrompt(api.admin, id);
    expect(prompt).toMatchObject({
      nodeId: 'wait',
      type: 'input',
      title: 'Paused at wait',
      payload: { input: 5 },
      form: null,
    });
    const paused = ofType(await allEvents(api.admin, id), 'run.paused');
    expect(paused.map((event) => event.payload.prompt.nodeId)).toEqual(['wait']);
    await api.admin.approvals.decide.mutate({
      runId: id,
      interruptId: prompt.interruptId,
      outcome: 'approved',
      response: { value: 42 },
      idempotencyKey: 'pause-answer-1',
    });
    const { run, events } = await waitForRun(api.admin, id);
    expect(run.status).toBe('completed');
    expect(ofType(events, 'run.resumed').map((event) => event.payload.nodeId)).toEqual(['wait']);
  });

  it('times out after the deadline: the timedOut branch runs and decisions are refused', async () => {
    const ann = await api.userWith(['approver']);
    const flowId = await createFlow(
      api.admin,
      approvalBlueprint({ afterMs: 300, action: 'branch' }),
    );
    const { id } = await api.admin.runs.start.mutate({ flowId, input: { n: 1 } });
    const prompt = await waitForPrompt(ann.client, id);
    expect(prompt).toMatchObject({
      nodeId: 'ask',
      timeout: { afterMs: 300, action: 'branch' },
      deadlineAt: prompt.createdAt + 300,
    });
    const paused = await allEvents(api.admin, id);
    expect(stepsOf(paused)).toEqual([
      ['run.started', null],
      ['node.started', 'ask'],
      ['run.paused', null],
    ]);

    const { run, events } = await waitForRun(api.admin, id);
    expect(run.status).toBe('completed');
    expect(run.finishedAt).toBeGreaterThanOrEqual(prompt.createdAt + 300);
    expect(events.slice(0, paused.length)).toEqual(paused);
    const after = events.slice(paused.length).filter((e) => e.type !== 'node.progress');
    expect(stepsOf(after)).toEqual([
      ['run.resumed', null],
      ['node.started', 'ask'],
      ['node.completed', 'ask'],
      ['node.started', 'route'],
      ['node.completed', 'route'],
      ['node.started', 'late'],
      ['node.completed', 'late'],
      ['node.started', 'end'],
      ['node.completed', 'end'],
      ['run.completed', null],
    ]);
    expect(after[0]?.payload).toEqual({
      interruptId: prompt.interruptId,
      nodeId: 'ask',
      how: 'timedOut',
      actor: 'timeout',
    });
    expect(after[2]?.payload).toEqual({
      nodeId: 'ask',
      scope: [],
      output: { outcome: 'timedOut', response: null, votes: [], timedOut: true },
    });
    expect(ofType(events, 'run.completed')[0]?.payload).toEqual({
      snapshot: { $final_result: 'timed out' },
    });
    expect(await ann.client.approvals.pending.query({ runId: id, all: true })).toEqual([]);
    await expectApiError(
      decider(id, prompt)(ann.client, { response: APPROVE, idempotencyKey: 'too-late' }),
      'CONFLICT',
      'is timedOut and takes no more decisions',
    );
  });
});

describe('approvals through the API on PostgreSQL', () => {
  let target: Target;
  let api: Api;
  beforeAll(async () => {
    target = await postgresTarget();
    api = await startApi(await target.newUrl());
  });
  afterAll(async () => {
    await api?.close();
    await target?.cleanup();
  });

  it('document-review: refuses the starter and a viewer, applies a key once, settles at quorum 2', async () => {
    await quorumScenario(api);
  });

  it('applies the same decision sent 5 times at once exactly once', async () => {
    await concurrentScenario(api);
  });
});
