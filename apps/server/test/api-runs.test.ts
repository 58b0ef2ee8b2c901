import type { RunEvent } from '@triggerflow/blueprint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBlueprint, expectApiError, startApi, type Api } from './api-harness';
import {
  allEvents,
  approvalBlueprint,
  chainBlueprint,
  createFlow,
  forEachBlueprint,
  ofType,
  range,
  seqsOf,
  stepsOf,
  templateFlow,
  TICKET,
  typesOf,
  waitForPrompt,
  waitForRun,
} from './run-fixtures';

/**
 * Runs through the API on a real server and SQLite: what a run stores (every event, in order,
 * with exact payloads), listing and paging, the samples, fan-out progress, failures, cancel,
 * re-runs and who may do what.
 */

describe('runs through the API', () => {
  let api: Api;
  let adminId: string;
  beforeAll(async () => {
    api = await startApi();
    adminId = (await api.admin.auth.me.query()).user.id;
  });
  afterAll(() => api.close());

  it('runs start → transform → end and stores every event in order, then the run as completed', async () => {
    const flowId = await createFlow(api.admin, cleanBlueprint());
    const started = await api.admin.runs.start.mutate({ flowId, input: 21 });
    expect(started).toMatchObject({
      flowId,
      version: 1,
      status: 'running',
      input: 21,
      startedBy: adminId,
      error: null,
      finishedAt: null,
    });

    const { run, events } = await waitForRun(api.admin, started.id);
    const node = { scope: [] };
    expect(events.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'run.started',
        payload: { flowId, version: 1, input: 21, startedBy: adminId, rerunOf: null },
      },
      { type: 'node.started', payload: { ...node, nodeId: 'double', input: 21 } },
      { type: 'node.completed', payload: { ...node, nodeId: 'double', output: 42 } },
      { type: 'node.started', payload: { ...node, nodeId: 'end', input: 42 } },
      { type: 'node.completed', payload: { ...node, nodeId: 'end', output: 42 } },
      { type: 'run.completed', payload: { snapshot: { $final_result: 42 } } },
    ]);
    expect(seqsOf(events)).toEqual(range(1, 6));
    expect(events.every((event) => event.runId === started.id)).toBe(true);
    expect(run).toEqual({
      ...started,
      status: 'completed',
      lastSeq: 6,
      updatedAt: expect.any(Number) as number,
      finishedAt: expect.any(Number) as number,
    });
    expect(run.finishedAt).toBeGreaterThanOrEqual(run.createdAt);
    expect(run.finishedAt).toBeGreaterThanOrEqual(events.at(-1)?.at ?? Infinity);
  });

  it('lists runs newest first, by flow and by status, a page at a time', async () => {
    const flowId = await createFlow(api.admin, cleanBlueprint('Listed'));
    const other = await createFlow(api.admin, cleanBlueprint('Other'));
    // One after the other, each to its end, so their creation times differ.
    const ids: string[] = [];
    for (const input of [1, 2, 'not a number']) {
      const { id } = await api.admin.runs.start.mutate({ flowId, input });
      await waitForRun(api.admin, id);
      ids.push(id);
    }
    const [first, second, failed] = ids as [string, string, string];
    const elsewhere = await api.admin.runs.start.mutate({ flowId: other, input: 3 });
    await waitForRun(api.admin, elsewhere.id);

    const all = await api.admin.runs.list.query({ flowId });
    expect(all.items.map((r) => [r.id, r.status])).toEqual([
      [failed, 'failed'],
      [second, 'completed'],
      [first, 'completed'],
    ]);
    expect(all.nextCursor).toBeNull();

    const page1 = await api.admin.runs.list.query({ flowId, limit: 2 });
    expect(page1.items.map((r) => r.id)).toEqual([failed, second]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await api.admin.runs.list.query({ flowId, limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((r) => r.id)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();

    const completed = await api.admin.runs.list.query({ flowId, status: 'completed' });
    expect(completed.items.map((r) => r.id)).toEqual([second, first]);
    const failures = await api.admin.runs.list.query({ flowId, status: ['failed', 'paused'] });
    expect(failures.items.map((r) => r.id)).toEqual([failed]);
    expect((await api.admin.runs.list.query({ flowId, status: 'cancelled' })).items).toEqual([]);

    // Without a flow: every flow's runs, the newest first.
    const newest = await api.admin.runs.list.query({ limit: 1 });
    expect(newest.items.map((r) => [r.id, r.flowName])).toEqual([[elsewhere.id, 'Other']]);
    const got = await api.admin.runs.get.query({ id: second });
    expect(all.items[1]).toEqual({ ...got, flowName: 'Listed' });

    // A deleted flow's runs stay listed, without a name.
    await api.admin.flows.delete.mutate({ id: other });
    const orphan = await api.admin.runs.list.query({ limit: 1 });
    expect(orphan.items.map((r) => [r.id, r.flowName])).toEqual([[elsewhere.id, null]]);

    await expectApiError(
      api.admin.runs.list.query({ cursor: 'not-a-cursor' }),
      'BAD_REQUEST',
      'page cursor "not-a-cursor" is not one this server handed out',
    );
    await expectApiError(api.admin.runs.get.query({ id: 'nope' }), 'NOT_FOUND', 'run "nope"');
  });

  it('pages events with afterSeq and limit', async () => {
    const flowId = await createFlow(api.admin, cleanBlueprint('Paged'));
    const { id } = await api.admin.runs.start.mutate({ flowId, input: 1 });
    const { events } = await waitForRun(api.admin, id);
    expect(events).toHaveLength(6);

    const page = (afterSeq?: number, limit?: number) =>
      api.admin.runs.events.query({
        id,
        ...(afterSeq !== undefined && { afterSeq }),
        ...(limit !== undefined && { limit }),
      });
    expect(seqsOf((await page(2, 3)) as RunEvent[])).toEqual([3, 4, 5]);
    expect(seqsOf((await page(4)) as RunEvent[])).toEqual([5, 6]);
    expect(seqsOf((await page(undefined, 2)) as RunEvent[])).toEqual([1, 2]);
    expect(await page(6)).toEqual([]);
    expect(await page(0, 1000)).toEqual(events);
    // Pages of one, chained by the last seq, give the same log.
    expect(await allEvents(api.admin, id, 1)).toEqual(events);

    await expectApiError(page(0, 0), 'BAD_REQUEST', 'limit');
    await expectApiError(page(-1), 'BAD_REQUEST', 'afterSeq');
    await expectApiError(api.admin.runs.events.query({ id: 'nope' }), 'NOT_FOUND', 'run "nope"');
  });

  it('runs the fan-out-fan-in sample to completion with its report as the snapshot', async () => {
    const flowId = await templateFlow(api, 'fan-out-fan-in');
    const text = 'Hello wonderful world. Another sentence here! Absolutely.';
    const { id } = await api.admin.runs.start.mutate({ flowId, input: { text } });
    const { run, events } = await waitForRun(api.admin, id);

    expect(run.status).toBe('completed');
    expect(seqsOf(events)).toEqual(range(1, events.length));
    const report = {
      words: 7,
      sentences: 3,
      wordsPerSentence: 2.3,
      longWords: ['wonderful', 'another', 'sentence', 'absolutely'],
    };
    // Progress counts are checked on their own (see the forEach test).
    expect(stepsOf(events.filter((e) => e.type !== 'node.progress'))).toEqual([
      ['run.started', null],
      ['node.started', 'analyse'],
      ['node.started', 'words'],
      ['node.started', 'sentences'],
      ['node.started', 'longWords'],
      ['node.completed', 'words'],
      ['node.completed', 'sentences'],
      ['node.completed', 'longWords'],
      ['node.completed', 'analyse'],
      ['node.started', 'combine'],
      ['node.completed', 'combine'],
      ['node.started', 'save'],
      ['node.completed', 'save'],
      ['node.started', 'publish'],
      ['stream.item', null],
      ['node.completed', 'publish'],
      ['node.started', 'end'],
      ['node.completed', 'end'],
      ['run.completed', null],
    ]);
    const completed = ofType(events, 'node.completed');
    expect(completed.map((e) => [e.payload.nodeId, e.payload.scope, e.payload.output])).toEqual([
      ['words', ['words'], 7],
      ['sentences', ['sentences'], 3],
      ['longWords', ['longWords'], report.longWords],
      ['analyse', [], { words: 7, sentences: 3, longWords: report.longWords }],
      ['combine', [], report],
      ['save', [], report],
      ['publish', [], report],
      ['end', [], report],
    ]);
    expect(ofType(events, 'node.progress').map((e) => e.payload)).toEqual([
      { nodeId: 'analyse', scope: [], total: 3, done: 3, running: 0, failed: 0, cap: 3 },
    ]);
    expect(ofType(events, 'stream.item').map((e) => e.payload.item)).toEqual([
      { type: 'report', report },
    ]);
    expect(ofType(events, 'run.completed')[0]?.payload).toEqual({
      snapshot: { report, $final_result: report },
    });
  });

  it('pauses the orchestration playbook at `approve` and completes it once approved', async () => {
    const flowId = await templateFlow(api, 'orchestration-playbook');
    const approver = await api.userWith(['approver']);
    const { id } = await api.admin.runs.start.mutate({ flowId, input: TICKET });
    const prompt = await waitForPrompt(approver.client, id);
    const paused = await waitForRun(api.admin, id, ['paused']);

    const request = { id: 'T-7', customer: 'Ann', text: 'Please refund me', priority: 'high' };
    const subtasks = [
      { n: 1, task: 'Verify the charge', status: 'done' },
      { n: 2, task: 'Refund the customer', status: 'done' },
      { n: 3, task: 'Tell Ann', status: 'done' },
    ];
    expect(paused.run).toMatchObject({ status: 'paused', finishedAt: null });
    const pausedAt = paused.events.at(-1);
    expect(pausedAt?.type).toBe('run.paused');
    expect(pausedAt?.payload).toEqual({ prompt });
    expect(prompt).toEqual({
      runId: id,
      interruptId: expect.stringMatching(/^interrupt-/) as string,
      nodeId: 'approve',
      type: 'approval',
      title: 'Close the ticket?',
      description: expect.stringContaining('All subtasks are **done**') as string,
      payload: { ticket: 'T-7', customer: 'Ann', queue: 'billing', subtasks },
      form: {
        type: 'object',
        properties: {
          decision: { type: 'string', enum: ['approve', 'reject'], title: 'Decision' },
          comment: { type: 'string', title: 'Comment' },
        },
        required: ['decision'],
        additionalProperties: false,
      },
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: false,
      deadlineAt: prompt.createdAt + 86_400_000,
      timeout: { afterMs: 86_400_000, action: 'branch' },
      startedBy: adminId,
      createdAt: expect.any(Number) as number,
    });
    const beforePause = paused.events.filter((e) => e.type !== 'node.progress');
    expect(stepsOf(beforePause)).toEqual([
      ['run.started', null],
      ['node.started', 'prepare'],
      ['node.completed', 'prepare'],
      ['node.started', 'remember'],
      ['node.completed', 'remember'],
      ['node.started', 'classify'],
      ['stream.item', null],
      ['node.completed', 'classify'],
      ['node.started', 'route'],
      ['node.completed', 'route'],
      ['node.started', 'handleA'],
      ['node.completed', 'handleA'],
      ['node.started', 'progressA'],
      ['stream.item', null],
      ['node.completed', 'progressA'],
      ['node.started', 'plan'],
      ['node.completed', 'plan'],
      ['node.started', 'listSubtasks'],
      ['node.completed', 'listSubtasks'],
      ['node.started', 'each'],
      ['node.started', 'work'],
      ['node.started', 'work'],
      ['node.started', 'work'],
      ['node.completed', 'work'],
      ['node.completed', 'work'],
      ['node.completed', 'work'],
      ['node.completed', 'each'],
      ['node.started', 'keepResults'],
      ['node.completed', 'keepResults'],
      ['node.started', 'approve'],
      ['run.paused', null],
    ]);
    expect(ofType(paused.events, 'node.completed')[0]?.payload.output).toEqual(request);

    const decided = await approver.client.approvals.decide.mutate({
      runId: id,
      interruptId: prompt.interruptId,
      response: { decision: 'approve', comment: 'all done' },
      idempotencyKey: `close-${id}`,
    });
    expect(decided).toMatchObject({ created: true, status: 'decided' });
    const { run, events } = await waitForRun(api.admin, id);
    expect(run.status).toBe('completed');
    expect(seqsOf(events)).toEqual(range(1, events.length));
    const vote = {
      actor: approver.id,
      outcome: 'approved',
      response: { decision: 'approve', comment: 'all done' },
      at: decided.decision.at,
    };
    const afterPause = events.slice(paused.events.length);
    const decision = {
      outcome: 'approved',
      response: vote.response,
      votes: [vote],
      timedOut: false,
    };
    const finalized = { type: 'progress', stage: 'finalized', ticket: 'T-7', decision: 'approved' };
    const step = (nodeId: string, input: unknown, output = input) => [
      { type: 'node.started', payload: { nodeId, scope: [], input } },
      { type: 'node.completed', payload: { nodeId, scope: [], output } },
    ];
    expect(afterPause.slice(0, -1).map(({ type, payload }) => ({ type, payload }))).toEqual([
      { type: 'approval.voted', payload: { interruptId: prompt.interruptId, vote } },
      {
        type: 'run.resumed',
        payload: {
          interruptId: prompt.interruptId,
          nodeId: 'approve',
          how: 'answered',
          actor: approver.id,
        },
      },
      ...step('approve', subtasks, decision),
      ...step('finalize', decision),
      { type: 'node.started', payload: { nodeId: 'announce', scope: [], input: decision } },
      { type: 'stream.item', payload: { item: finalized } },
      { type: 'node.completed', payload: { nodeId: 'announce', scope: [], output: decision } },
      ...step('end', decision),
    ]);
    expect(afterPause.at(-1)?.type).toBe('run.completed');

    // The stream items, in the order the emitting steps ran.
    const items = ofType(events, 'stream.item').map((e) => e.payload.item);
    expect(items).toEqual([
      expect.objectContaining({ type: 'usage', nodeId: 'classify', model: 'rules' }) as unknown,
      { type: 'progress', stage: 'handled', ticket: 'T-7', queue: 'billing' },
      finalized,
    ]);
    const final = ofType(events, 'run.completed')[0]?.payload.snapshot;
    expect(final).toMatchObject({
      request,
      plan: { category: 'A', queue: 'billing' },
      results: subtasks,
      final: {
        ticket: 'T-7',
        category: 'A',
        queue: 'billing',
        subtasksDone: 3,
        decision: 'approved',
        closed: true,
      },
    });
    expect(await api.admin.approvals.pending.query({ runId: id, all: true })).toEqual([]);
  });

  it('runs a forEach at most 2 items at a time and reports its progress under the cap', async () => {
    const flowId = await createFlow(api.admin, forEachBlueprint(2));
    const { id } = await api.admin.runs.start.mutate({ flowId, input: [1, 2, 3, 4, 5] });
    const { run, events } = await waitForRun(api.admin, id);
    expect(run.status).toBe('completed');

    const body = events.filter(
      (e) =>
        (e.type === 'node.started' || e.type === 'node.completed') && e.payload.nodeId === 'square',
    );
    expect(ofType(body, 'node.started').map((e) => [e.payload.scope, e.payload.input])).toEqual([
      [[0], 1],
      [[1], 2],
      [[2], 3],
      [[3], 4],
      [[4], 5],
    ]);
    expect(
      ofType(body, 'node.completed')
        .map((e) => [e.payload.scope, e.payload.output])
        .sort(([a], [b]) => (a as number[])[0]! - (b as number[])[0]!),
    ).toEqual([
      [[0], 1],
      [[1], 4],
      [[2], 9],
      [[3], 16],
      [[4], 25],
    ]);
    // In the log, never more than 2 items are between their start and their completion.
    let inFlight = 0;
    let most = 0;
    for (const event of body) {
      inFlight += event.type === 'node.started' ? 1 : -1;
      most = Math.max(most, inFlight);
    }
    expect([most, inFlight]).toEqual([2, 0]);

    const progress = ofType(events, 'node.progress').map((e) => e.payload);
    expect(progress.length).toBeGreaterThan(0);
    for (const counts of progress) {
      expect(counts).toMatchObject({ nodeId: 'each', scope: [], total: 5, failed: 0, cap: 2 });
      expect(counts.running).toBeLessThanOrEqual(2);
      expect(counts.done + counts.running).toBeLessThanOrEqual(5);
    }
    expect(progress.at(-1)).toEqual({
      nodeId: 'each',
      scope: [],
      total: 5,
      done: 5,
      running: 0,
      failed: 0,
      cap: 2,
    });
    const each = ofType(events, 'node.completed').filter((e) => e.payload.nodeId === 'each');
    expect(each.map((e) => e.payload.output)).toEqual([[1, 4, 9, 16, 25]]);
    expect(ofType(events, 'run.completed')[0]?.payload).toEqual({
      snapshot: { $final_result: [1, 4, 9, 16, 25] },
    });
  });

  it('fails a run whose step throws: node.failed names the node, the run stores the error', async () => {
    const flowId = await createFlow(api.admin, cleanBlueprint('Thrower', "$error('boom')"));
    const { id } = await api.admin.runs.start.mutate({ flowId, input: 1 });
    const { run, events } = await waitForRun(api.admin, id);

    const error = {
      name: 'ExpressionError',
      message: 'JSONata D3137 at position 7: boom',
      code: 'D3137',
    };
    expect(events.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'run.started',
        payload: { flowId, version: 1, input: 1, startedBy: adminId, rerunOf: null },
      },
      { type: 'node.started', payload: { nodeId: 'double', scope: [], input: 1 } },
      {
        type: 'node.failed',
        payload: { nodeId: 'double', scope: [], error: { ...error, nodeId: 'double' } },
      },
      { type: 'run.failed', payload: { error: expect.objectContaining(error) as unknown } },
    ]);
    expect(run).toMatchObject({
      status: 'failed',
      lastSeq: 4,
      error: expect.objectContaining(error) as unknown,
      finishedAt: expect.any(Number) as number,
    });
    // A runtime type error names the operator that failed.
    const typed = await createFlow(api.admin, cleanBlueprint('Typed'));
    const second = await api.admin.runs.start.mutate({ flowId: typed, input: 'two' });
    const failed = await waitForRun(api.admin, second.id);
    expect(ofType(failed.events, 'node.failed')[0]?.payload).toMatchObject({
      nodeId: 'double',
      error: { name: 'ExpressionError', message: expect.stringContaining('*') as string },
    });
    expect(failed.run.status).toBe('failed');
  });

  it('cancels a paused run: run.cancelled, its approval closes; a second cancel is a CONFLICT', async () => {
    const flowId = await createFlow(api.admin, approvalBlueprint());
    const approver = await api.userWith(['approver']);
    const { id } = await api.admin.runs.start.mutate({ flowId, input: { n: 1 } });
    const prompt = await waitForPrompt(approver.client, id);
    const before = await allEvents(api.admin, id);

    const cancelled = await api.admin.runs.cancel.mutate({ id, reason: 'no longer needed' });
    expect(cancelled).toMatchObject({
      id,
      status: 'cancelled',
      finishedAt: expect.any(Number) as number,
    });
    const { run, events } = await waitForRun(api.admin, id);
    expect(run).toEqual(cancelled);
    expect(seqsOf(events)).toEqual(range(1, events.length));
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events.slice(before.length).map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'run.resumed',
        payload: { interruptId: prompt.interruptId, nodeId: 'ask', how: 'cancelled', actor: null },
      },
      { type: 'run.cancelled', payload: { reason: 'no longer needed', actor: adminId } },
    ]);
    expect(await approver.client.approvals.pending.query({ all: true, runId: id })).toEqual([]);
    await expectApiError(
      approver.client.approvals.decide.mutate({
        runId: id,
        interruptId: prompt.interruptId,
        response: { decision: 'approve' },
        idempotencyKey: `late-${id}`,
      }),
      'CONFLICT',
      'is cancelled and takes no more decisions',
    );

    await expectApiError(
      api.admin.runs.cancel.mutate({ id }),
      'CONFLICT',
      `run "${id}" has already been cancelled`,
    );
    const done = await createFlow(api.admin, cleanBlueprint('Done'));
    const finished = await api.admin.runs.start.mutate({ flowId: done, input: 1 });
    await waitForRun(api.admin, finished.id);
    await expectApiError(
      api.admin.runs.cancel.mutate({ id: finished.id }),
      'CONFLICT',
      `run "${finished.id}" has already completed`,
    );
    await expectApiError(api.admin.runs.cancel.mutate({ id: 'nope' }), 'NOT_FOUND', 'run "nope"');
    expect(typesOf(await allEvents(api.admin, id))).toEqual(typesOf(events));
  });

  describe('re-runs', () => {
    let flowId: string;
    let source: string;
    beforeAll(async () => {
      flowId = await createFlow(api.admin, chainBlueprint());
      source = (await api.admin.runs.start.mutate({ flowId, input: 5 })).id;
      expect((await waitForRun(api.admin, source)).run.status).toBe('completed');
    });

    it('re-runs from the second step: the first is reused, the second runs with its recorded input', async () => {
      const editor = await api.userWith(['editor']);
      const rerun = await editor.client.runs.rerun.mutate({ id: source, nodeId: 'b' });
      expect(rerun).toMatchObject({ flowId, version: 1, input: 5, startedBy: editor.id });
      expect(rerun.id).not.toBe(source);
      const { run, events } = await waitForRun(api.admin, rerun.id);

      expect(run.status).toBe('completed');
      expect(seqsOf(events)).toEqual(range(1, events.length));
      const node = (nodeId: string) => ({ nodeId, scope: [] });
      expect(events.map(({ type, payload }) => ({ type, payload }))).toEqual([
        {
          type: 'run.started',
          payload: {
            flowId,
            version: 1,
            input: 5,
            startedBy: editor.id,
            rerunOf: { runId: source, nodeId: 'b' },
          },
        },
        { type: 'node.completed', payload: { ...node('a'), output: 6, reused: true } },
        { type: 'node.started', payload: { ...node('b'), input: 6 } },
        { type: 'node.completed', payload: { ...node('b'), output: 12 } },
        { type: 'node.started', payload: { ...node('c'), input: 12 } },
        { type: 'node.completed', payload: { ...node('c'), output: 9 } },
        { type: 'node.started', payload: { ...node('end'), input: 9 } },
        { type: 'node.completed', payload: { ...node('end'), output: 9 } },
        { type: 'run.completed', payload: { snapshot: { $final_result: 9 } } },
      ]);
      // The earlier run is untouched.
      expect(stepsOf(await allEvents(api.admin, source))).toEqual([
        ['run.started', null],
        ['node.started', 'a'],
        ['node.completed', 'a'],
        ['node.started', 'b'],
        ['node.completed', 'b'],
        ['node.started', 'c'],
        ['node.completed', 'c'],
        ['node.started', 'end'],
        ['node.completed', 'end'],
        ['run.completed', null],
      ]);
    });

    it('re-runs on the latest version when asked, else on the earlier run’s', async () => {
      const updated = await api.admin.flows.update.mutate({
        id: flowId,
        blueprint: chainBlueprint('input * 10'),
      });
      expect(updated.flow.latestVersion).toBe(2);

      const latest = await api.admin.runs.rerun.mutate({
        id: source,
        nodeId: 'b',
        version: 'latest',
      });
      expect(latest.version).toBe(2);
      const onLatest = await waitForRun(api.admin, latest.id);
      expect(ofType(onLatest.events, 'run.started')[0]?.payload.version).toBe(2);
      expect(
        ofType(onLatest.events, 'node.completed').map((e) => [e.payload.nodeId, e.payload.output]),
      ).toEqual([
        ['a', 6],
        ['b', 60],
        ['c', 57],
        ['end', 57],
      ]);

      const same = await api.admin.runs.rerun.mutate({ id: source, nodeId: 'b' });
      expect(same.version).toBe(1);
      const onSame = await waitForRun(api.admin, same.id);
      expect(ofType(onSame.events, 'node.completed').at(-1)?.payload.output).toBe(9);

      // Steps before the node keep the earlier run's outputs, whatever the version says now.
      const pinned = await api.admin.runs.rerun.mutate({ id: source, nodeId: 'c', version: 2 });
      expect(pinned.version).toBe(2);
      const onPinned = await waitForRun(api.admin, pinned.id);
      expect(
        ofType(onPinned.events, 'node.completed').map((e) => [
          e.payload.nodeId,
          e.payload.output,
          e.payload.reused ?? false,
        ]),
      ).toEqual([
        ['a', 6, true],
        ['b', 12, true],
        ['c', 9, false],
        ['end', 9, false],
      ]);
    });

    it('refuses a re-run from a node that did not run, or that the version lacks', async () => {
      const thrower = await createFlow(api.admin, chainBlueprint("$error('no b')"));
      const failed = await api.admin.runs.start.mutate({ flowId: thrower, input: 1 });
      expect((await waitForRun(api.admin, failed.id)).run.status).toBe('failed');

      const error = await expectApiError(
        api.admin.runs.rerun.mutate({ id: failed.id, nodeId: 'c' }),
        'BAD_REQUEST',
        `node "c" did not run in run "${failed.id}"`,
      );
      expect(error.data?.issues).toEqual([
        { path: ['nodeId'], message: error.message, code: 'BAD_REQUEST' },
      ]);
      await expectApiError(
        api.admin.runs.rerun.mutate({ id: failed.id, nodeId: 'ghost' }),
        'BAD_REQUEST',
        'the flow version to run has no node "ghost"',
      );
      await expectApiError(
        api.admin.runs.rerun.mutate({ id: 'nope', nodeId: 'b' }),
        'NOT_FOUND',
        'run "nope"',
      );
      // A failed run can be re-run from the step that failed.
      const again = await api.admin.runs.rerun.mutate({ id: failed.id, nodeId: 'b' });
      const { events } = await waitForRun(api.admin, again.id);
      expect(stepsOf(events)).toEqual([
        ['run.started', null],
        ['node.completed', 'a'],
        ['node.started', 'b'],
        ['node.failed', 'b'],
        ['run.failed', null],
      ]);
    });
  });

  it('lets a viewer list, get and read events, but not start, cancel or re-run', async () => {
    const viewer = (await api.userWith(['viewer'])).client;
    const flowId = await createFlow(api.admin, cleanBlueprint('Watched'));
    const { id } = await api.admin.runs.start.mutate({ flowId, input: 2 });
    const { run, events } = await waitForRun(api.admin, id);

    expect((await viewer.runs.list.query({ flowId })).items).toEqual([
      { ...run, flowName: 'Watched' },
    ]);
    expect(await viewer.runs.get.query({ id })).toEqual(run);
    expect(await viewer.runs.events.query({ id })).toEqual(events);

    const needsEditor = 'this needs the editor role';
    await expectApiError(viewer.runs.start.mutate({ flowId, input: 1 }), 'FORBIDDEN', needsEditor);
    await expectApiError(viewer.runs.cancel.mutate({ id }), 'FORBIDDEN', needsEditor);
    await expectApiError(
      viewer.runs.rerun.mutate({ id, nodeId: 'double' }),
      'FORBIDDEN',
      needsEditor,
    );
    await expectApiError(api.anonymous.runs.list.query(), 'UNAUTHORIZED');
    // Nothing was started by the refused calls.
    expect((await api.admin.runs.list.query({ flowId })).items).toEqual([
      { ...run, flowName: 'Watched' },
    ]);
  });

  it("checks the input against the flow's meta.inputSchema, naming the field, and starts no run", async () => {
    const inputSchema = {
      type: 'object',
      properties: { amount: { type: 'number' }, currency: { enum: ['EUR', 'USD'] } },
      required: ['amount'],
    };
    const flowId = await createFlow(api.admin, {
      ...cleanBlueprint('Typed input', 'input.amount * 2'),
      meta: { inputSchema },
    });
    const missing = await expectApiError(
      api.admin.runs.start.mutate({ flowId, input: { currency: 'GBP' } }),
      'BAD_REQUEST',
      'input.amount is required; input.currency must be equal to one of the allowed values: EUR, USD',
    );
    expect(missing.data?.issues).toEqual([
      { path: ['input', 'amount'], message: 'input.amount is required', code: 'BAD_REQUEST' },
      {
        path: ['input', 'currency'],
        message: 'input.currency must be equal to one of the allowed values: EUR, USD',
        code: 'BAD_REQUEST',
      },
    ]);
    await expectApiError(
      api.admin.runs.start.mutate({ flowId, input: { amount: 'ten' } }),
      'BAD_REQUEST',
      'input.amount must be number',
    );
    expect((await api.admin.runs.list.query({ flowId })).items).toEqual([]);

    const started = await api.admin.runs.start.mutate({ flowId, input: { amount: 21 } });
    const { run } = await waitForRun(api.admin, started.id);
    expect(run.status).toBe('completed');

    const unusable = await createFlow(api.admin, {
      ...cleanBlueprint('Bad schema'),
      meta: { inputSchema: { type: 'no-such-type' } },
    });
    await expectApiError(
      api.admin.runs.start.mutate({ flowId: unusable, input: 1 }),
      'BAD_REQUEST',
      `flow "${unusable}" version 1 declares meta.inputSchema, but it is not a usable JSON Schema (`,
    );
  });

  it('refuses to start a flow that does not exist, or whose blueprint has errors', async () => {
    await expectApiError(
      api.admin.runs.start.mutate({ flowId: 'no-such-flow', input: 1 }),
      'NOT_FOUND',
      'flow "no-such-flow" not found',
    );

    const clean = cleanBlueprint('Broken');
    const broken = {
      ...clean,
      nodes: [
        clean.nodes[0],
        { ...clean.nodes[1], handler: { ref: 'nope', config: {} } },
        clean.nodes[2],
      ],
    };
    const created = await api.admin.flows.create.mutate({ name: 'Broken', blueprint: broken });
    expect(created.issues.map((i) => [i.code, i.nodeId])).toContainEqual([
      'HANDLER_NOT_REGISTERED',
      'double',
    ]);
    const flowId = created.flow.id;
    const error = await expectApiError(
      api.admin.runs.start.mutate({ flowId, input: 1 }),
      'BAD_REQUEST',
      'double',
    );
    expect(error.data?.issues).toContainEqual(
      expect.objectContaining({ nodeId: 'double', severity: 'error' }),
    );
    await expectApiError(
      api.admin.runs.start.mutate({ flowId, version: 7, input: 1 }),
      'NOT_FOUND',
      'version',
    );
    expect((await api.admin.runs.list.query({ flowId })).items).toEqual([]);
  });
});
