import type { Blueprint, BlueprintNode, RunEvent } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { blueprintFile } from '../editor/model/fixtures.test-support';
import { runGraph } from './run-graph';
import { EventLog, prompt, RUN, T0, vote } from './run-events.test-support';
import {
  applyEvents,
  createRunView,
  nodeStateOf,
  openPauses,
  type NodeState,
  type RunView,
} from './run-state';

const SCHEMA = 'triggerflow.blueprint/v1' as const;
const at = (seq: number) => T0 + seq * 10;

function chunk(id: string, ref = 'transform', parentId?: string): BlueprintNode {
  return {
    id,
    kind: 'chunk',
    handler: { ref, config: {} },
    ...(parentId !== undefined && { parentId }),
  };
}
const start: BlueprintNode = { id: 'start', kind: 'start' };
const end: BlueprintNode = { id: 'end', kind: 'end' };
const edge = (id: string, source: string, target: string, sourceHandle?: string) => ({
  id,
  source,
  target,
  ...(sourceHandle !== undefined && { sourceHandle }),
});

/** start → a → b → end */
const chain: Blueprint = {
  schema: SCHEMA,
  name: 'Chain',
  nodes: [start, chunk('a'), chunk('b'), end],
  edges: [edge('e1', 'start', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'end')],
};

/** start → list → each (forEach, cap 2: work) → end */
const forEach: Blueprint = {
  schema: SCHEMA,
  name: 'Each',
  nodes: [
    start,
    chunk('list'),
    { id: 'each', kind: 'forEach', options: { concurrency: 2 } },
    chunk('work', 'transform', 'each'),
    end,
  ],
  edges: [
    edge('e-start', 'start', 'list'),
    edge('e-list', 'list', 'each'),
    edge('e-item', 'each', 'work', 'item'),
    { id: 'e-work-end', source: 'work', target: 'each', targetHandle: 'end' },
    edge('e-out', 'each', 'end', 'out'),
  ],
};

const view = (blueprint: Blueprint): RunView => createRunView(RUN, runGraph(blueprint));

/** Applies all events in one batch and expects no gap. */
function fold(blueprint: Blueprint, events: readonly RunEvent[]): RunView {
  const result = applyEvents(view(blueprint), events);
  expect(result.gap).toBeNull();
  return result.view;
}

const states = (v: RunView, ids: readonly string[]): Record<string, NodeState> =>
  Object.fromEntries(ids.map((id) => [id, nodeStateOf(v, id)]));

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('applyEvents: a chain', () => {
  const log = new EventLog().started(5).step('a', 5, 6).step('b', 6, 12).step('end', 12);
  log.add('run.completed', { snapshot: { $final_result: 12 } });

  it('starts queued, with nothing applied', () => {
    const empty = view(chain);
    expect(empty.status).toBe('queued');
    expect(empty.lastSeq).toBe(0);
    expect(states(empty, ['start', 'a', 'end'])).toEqual({ start: 'idle', a: 'idle', end: 'idle' });
  });

  it('folds every event: statuses, times, inputs, outputs, edges, timeline', () => {
    const result = applyEvents(view(chain), log.events);
    expect(result).toMatchObject({ applied: 8, duplicates: 0, foreign: 0, gap: null, pending: [] });
    const v = result.view;
    expect(v.status).toBe('completed');
    expect(v.lastSeq).toBe(8);
    expect(v.started).toEqual({
      flowId: 'flow-1',
      version: 1,
      input: 5,
      startedBy: 'u-admin',
      rerunOf: null,
    });
    expect([v.startedAt, v.endedAt]).toEqual([at(1), at(8)]);
    expect(v.snapshot).toEqual({ $final_result: 12 });
    expect(states(v, ['start', 'a', 'b', 'end'])).toEqual({
      start: 'done',
      a: 'done',
      b: 'done',
      end: 'done',
    });
    expect(v.nodes.get('a')).toEqual({
      id: 'a',
      state: 'done',
      firstStartedAt: at(2),
      lastFinishedAt: at(3),
      input: 5,
      output: 6,
      error: null,
      runs: 1,
      completed: 1,
      failures: 0,
      reused: false,
      inferred: false,
      inFlight: new Map(),
      recent: [{ scope: [], startedAt: at(2), finishedAt: at(3), outcome: 'done' }],
      progress: null,
      cases: [],
      timeouts: 0,
      topLevel: true,
    });
    expect(v.nodes.get('start')).toMatchObject({ inferred: true, runs: 0, state: 'done' });
    expect(sorted(v.firedEdges)).toEqual(['e1', 'e2', 'e3']);
    expect(v.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(v.stream.length).toBe(0);
  });

  it('shows a running node and the edges fired so far, in the middle of a run', () => {
    const v = fold(chain, log.seqs(1, 4));
    expect(v.status).toBe('running');
    expect(states(v, ['a', 'b', 'end'])).toEqual({ a: 'done', b: 'running', end: 'idle' });
    expect(v.nodes.get('b')?.inFlight).toEqual(new Map([['[]', { scope: [], startedAt: at(4) }]]));
    expect(sorted(v.firedEdges)).toEqual(['e1', 'e2']);
  });

  it('gives the same view applied one event at a time as in one batch', () => {
    let v = view(chain);
    for (const event of log.events) v = applyEvents(v, [event]).view;
    expect(v).toEqual(fold(chain, log.events));
  });
});

describe('applyEvents: duplicates, gaps, order, other runs', () => {
  const log = new EventLog().started(1).step('a', 1, 2).step('b', 2, 4).step('end', 4);

  it('ignores events it already holds and returns the same view when nothing is new', () => {
    const first = fold(chain, log.seqs(1, 5));
    const again = applyEvents(first, log.seqs(1, 5));
    expect(again).toMatchObject({ applied: 0, duplicates: 5, gap: null, pending: [] });
    expect(again.view).toBe(first);
    const overlap = applyEvents(first, log.seqs(3, 7));
    expect(overlap).toMatchObject({ applied: 2, duplicates: 3, gap: null });
    expect(overlap.view.lastSeq).toBe(7);
    expect(overlap.view.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops at a gap, applies nothing after it and names what to fetch', () => {
    const first = fold(chain, log.seqs(1, 2));
    const result = applyEvents(first, [...log.seqs(3, 3), ...log.seqs(6, 7)]);
    expect(result.applied).toBe(1);
    expect(result.gap).toEqual({ afterSeq: 3, nextSeq: 6 });
    expect(result.pending.map((e) => e.seq)).toEqual([6, 7]);
    expect(result.view.lastSeq).toBe(3);
    expect(nodeStateOf(result.view, 'b')).toBe('idle');

    const filled = applyEvents(result.view, [...log.seqs(4, 5), ...result.pending]);
    expect(filled).toMatchObject({ applied: 4, gap: null, pending: [] });
    expect(filled.view).toEqual(fold(chain, log.seqs(1, 7)));
  });

  it('reports a gap before the first event too, leaving the view untouched', () => {
    const empty = view(chain);
    const result = applyEvents(empty, log.seqs(2, 3));
    expect(result).toMatchObject({ applied: 0, gap: { afterSeq: 0, nextSeq: 2 } });
    expect(result.view).toBe(empty);
  });

  it('sorts a batch by seq before applying it', () => {
    const shuffled = [...log.seqs(1, 7)].reverse();
    expect(applyEvents(view(chain), shuffled).view).toEqual(fold(chain, log.seqs(1, 7)));
  });

  it('ignores events of other runs, also after a gap', () => {
    const other = new EventLog('run-2').started(9).events[0] as RunEvent;
    const result = applyEvents(view(chain), [other, ...log.seqs(1, 2), { ...other, seq: 5 }]);
    expect(result).toMatchObject({ applied: 2, foreign: 2, gap: null, pending: [] });
  });

  it('never changes the view it was given', () => {
    const first = fold(chain, log.seqs(1, 3));
    const snapshot = structuredClone({
      nodes: [...first.nodes.entries()],
      fired: [...first.firedEdges],
      timeline: first.timeline.toArray(),
    });
    applyEvents(first, log.seqs(4, 9));
    expect({
      nodes: [...first.nodes.entries()],
      fired: [...first.firedEdges],
      timeline: first.timeline.toArray(),
    }).toEqual(snapshot);
  });

  it('keeps the objects of nodes a batch did not touch', () => {
    const first = fold(chain, log.seqs(1, 5));
    const next = applyEvents(first, log.seqs(6, 7)).view;
    expect(next.nodes.get('a')).toBe(first.nodes.get('a'));
    expect(next.nodes.get('start')).toBe(first.nodes.get('start'));
    expect(next.nodes.get('end')).not.toBe(first.nodes.get('end'));
    const progressOnly = applyEvents(next, []).view;
    expect(progressOnly).toBe(next);
  });

  it('applies 50,000 events one batch each in linear time', () => {
    const big = new EventLog().started([]);
    big.begin('each', []);
    for (let i = 0; i < 16_666; i++) {
      big.begin('work', i, [i]).end('work', i, [i]);
      big.add('node.progress', {
        nodeId: 'each',
        scope: [],
        total: 16_666,
        done: i + 1,
        running: 0,
        failed: 0,
        cap: 2,
      });
    }
    const began = performance.now();
    let v = view(forEach);
    for (const event of big.events) v = applyEvents(v, [event]).view;
    const took = performance.now() - began;
    expect(v.lastSeq).toBe(big.events.length);
    expect(v.timeline.length).toBe(big.events.length);
    expect(v.nodes.get('work')).toMatchObject({ runs: 16_666, completed: 16_666 });
    expect(v.nodes.get('work')?.recent).toHaveLength(20);
    // Quadratic copying (the timeline copied per event) takes tens of seconds here.
    expect(took).toBeLessThan(4_000);
  });
});

describe('applyEvents: a forEach', () => {
  const log = new EventLog().started([1, 2, 3]).step('list', [1, 2, 3]).begin('each', [1, 2, 3]);
  const progress = (done: number, running: number, failed = 0) =>
    log.add('node.progress', {
      nodeId: 'each',
      scope: [],
      total: 3,
      done,
      running,
      failed,
      cap: 2,
    });
  log.begin('work', 1, [0]).begin('work', 2, [1]);
  progress(0, 2);
  log.end('work', 10, [1]).begin('work', 3, [2]);
  progress(1, 2);
  log.end('work', 20, [0]).end('work', 30, [2]);
  progress(3, 0);
  log.end('each', [20, 10, 30]).step('end', [20, 10, 30]);
  log.add('run.completed', { snapshot: {} });

  it('counts the body per item, with its scope, and shows the fan-out progress', () => {
    const v = fold(forEach, log.seqs(1, 10));
    expect(states(v, ['list', 'each', 'work', 'end'])).toEqual({
      list: 'done',
      each: 'running',
      work: 'running',
      end: 'idle',
    });
    expect(v.nodes.get('each')?.progress).toEqual({
      scope: [],
      total: 3,
      done: 1,
      running: 2,
      failed: 0,
      cap: 2,
    });
    const work = v.nodes.get('work');
    expect(work).toMatchObject({ runs: 3, completed: 1, input: 3, output: 10, topLevel: false });
    expect([...(work?.inFlight.keys() ?? [])]).toEqual(['[0]', '[2]']);
    expect(work?.recent).toEqual([
      { scope: [1], startedAt: at(6), finishedAt: at(8), outcome: 'done' },
    ]);
    expect(sorted(v.firedEdges)).toEqual(['e-item', 'e-list', 'e-start', 'e-work-end']);
  });

  it('ends with every item done and the out edge fired', () => {
    const v = fold(forEach, log.events);
    expect(states(v, ['each', 'work', 'end'])).toEqual({ each: 'done', work: 'done', end: 'done' });
    expect(v.nodes.get('work')).toMatchObject({ runs: 3, completed: 3, output: 30 });
    expect(v.nodes.get('work')?.recent.map((r) => r.scope)).toEqual([[1], [0], [2]]);
    expect(v.nodes.get('each')?.progress).toMatchObject({ done: 3, running: 0 });
    expect(sorted(v.firedEdges)).toEqual(['e-item', 'e-list', 'e-out', 'e-start', 'e-work-end']);
  });
});

describe('applyEvents: the orchestration playbook', () => {
  const playbook = blueprintFile('samples/orchestration-playbook.json');
  const ticket = { id: 'T-7', customer: 'Ann', text: 'Please refund me', priority: 'high' };
  const plan = { category: 'A', queue: 'billing', ticket: 'T-7', subtasks: ['x', 'y'] };
  const subtasks = [
    { n: 1, task: 'x' },
    { n: 2, task: 'y' },
  ];
  const log = new EventLog()
    .started(ticket)
    .step('prepare', ticket)
    .step('remember', ticket)
    .begin('classify', ticket);
  log.add('stream.item', { item: { type: 'usage', nodeId: 'classify' } });
  log
    .end('classify', 'A')
    .step('route', 'A', { cases: [0] })
    .step('handleA', 'A', plan);
  log.begin('progressA', plan);
  log.add('stream.item', { item: { type: 'progress', stage: 'handled' } });
  log.end('progressA', plan).step('plan', plan).step('listSubtasks', plan, subtasks);
  log.begin('each', subtasks).begin('work', subtasks[0], [0]).begin('work', subtasks[1], [1]);
  log.end('work', 'done 1', [0]).end('work', 'done 2', [1]).end('each', ['done 1', 'done 2']);
  log.step('keepResults', ['done 1', 'done 2']).begin('approve', ['done 1', 'done 2']);
  const pausedAt = log.add('run.paused', { prompt: prompt() }).seq;
  log.add('approval.voted', { interruptId: 'interrupt-1', vote: vote('u-lead', at(pausedAt + 1)) });
  log.add('run.resumed', {
    interruptId: 'interrupt-1',
    nodeId: 'approve',
    how: 'answered',
    actor: 'u-lead',
  });
  const decision = { outcome: 'approved' };
  log.step('approve', ['done 1', 'done 2'], decision).step('finalize', decision);
  log.step('announce', decision).step('end', decision);
  log.add('run.completed', { snapshot: { final: { closed: true } } });

  it('waits on the approval node while paused, with the open prompt', () => {
    const v = fold(playbook, log.seqs(1, pausedAt));
    expect(v.status).toBe('paused');
    expect(nodeStateOf(v, 'approve')).toBe('waiting');
    expect(v.waiting).toEqual(new Map([['approve', 'interrupt-1']]));
    expect(openPauses(v)).toEqual([
      {
        prompt: prompt(),
        votes: [],
        status: 'open',
        closedBy: null,
        openedAt: at(pausedAt),
        closedAt: null,
      },
    ]);
    expect(states(v, ['handleB', 'progressB', 'handleC', 'finalize'])).toEqual({
      handleB: 'idle',
      progressB: 'idle',
      handleC: 'idle',
      finalize: 'idle',
    });
  });

  it('records votes on the open pause', () => {
    const v = fold(playbook, log.seqs(1, pausedAt + 1));
    expect(v.status).toBe('paused');
    expect(v.pauses.get('interrupt-1')?.votes).toEqual([vote('u-lead', at(pausedAt + 1))]);
  });

  it('resumes, closes the pause and completes; the branches not taken are skipped', () => {
    const resumed = fold(playbook, log.seqs(1, pausedAt + 2));
    expect(resumed.status).toBe('running');
    expect(nodeStateOf(resumed, 'approve')).toBe('running');
    expect(openPauses(resumed)).toEqual([]);

    const v = fold(playbook, log.events);
    expect(v.status).toBe('completed');
    expect(v.pauses.get('interrupt-1')).toMatchObject({
      status: 'answered',
      closedBy: 'u-lead',
      closedAt: at(pausedAt + 2),
    });
    const ran = [
      'start',
      'prepare',
      'remember',
      'classify',
      'route',
      'handleA',
      'progressA',
      'routeEnd',
      'plan',
      'listSubtasks',
      'each',
      'work',
      'keepResults',
      'approve',
      'finalize',
      'announce',
      'end',
    ];
    expect(states(v, ran)).toEqual(Object.fromEntries(ran.map((id) => [id, 'done'])));
    expect(states(v, ['handleB', 'progressB', 'handleC', 'progressC'])).toEqual({
      handleB: 'skipped',
      progressB: 'skipped',
      handleC: 'skipped',
      progressC: 'skipped',
    });
    expect(v.nodes.get('route')?.cases).toEqual([0]);
    expect(v.nodes.get('routeEnd')).toMatchObject({ inferred: true, state: 'done', runs: 0 });
    expect(v.nodes.get('approve')).toMatchObject({ runs: 2, completed: 1, output: decision });
    expect(sorted(v.firedEdges)).toEqual(
      [
        'e-start',
        'e-prepare',
        'e-remember',
        'e-classify',
        'e-route-a',
        'e-handle-a',
        'e-progress-a',
        'e-route-end',
        'e-plan',
        'e-list',
        'e-item',
        'e-work-end',
        'e-each-out',
        'e-keep',
        'e-approve',
        'e-finalize',
        'e-announce',
      ].sort(),
    );
    expect(v.stream.map((s) => [s.seq, s.item])).toEqual([
      [7, { type: 'usage', nodeId: 'classify' }],
      [14, { type: 'progress', stage: 'handled' }],
    ]);
    expect(v.snapshot).toEqual({ final: { closed: true } });
  });

  it('takes the else case of a match by its `else` handle', () => {
    const other = new EventLog().started(ticket).step('route', 'C', { cases: [2] });
    other.step('handleC', 'C').step('progressC', 'C').step('plan', 'C');
    const v = fold(playbook, other.events);
    expect(
      sorted(v.firedEdges).filter((id) => id.startsWith('e-route') || id.startsWith('e-prog')),
    ).toEqual(['e-progress-c', 'e-route-end', 'e-route-other']);
    expect(v.nodes.get('routeEnd')?.state).toBe('done');
  });

  it('cancelled while paused: the pause closes, the waiting step stops, the rest is skipped', () => {
    const cancelled = new EventLog();
    cancelled.events.push(...log.seqs(1, pausedAt));
    cancelled.add('run.resumed', {
      interruptId: 'interrupt-1',
      nodeId: 'approve',
      how: 'cancelled',
      actor: null,
    });
    cancelled.add('run.cancelled', { reason: 'no longer needed', actor: 'u-admin' });
    const v = fold(playbook, cancelled.events);
    expect(v.status).toBe('cancelled');
    expect(v.cancelled).toEqual({ reason: 'no longer needed', actor: 'u-admin' });
    expect(v.pauses.get('interrupt-1')).toMatchObject({ status: 'cancelled', closedBy: null });
    expect(nodeStateOf(v, 'approve')).toBe('failed');
    expect(v.nodes.get('approve')?.error).toEqual({
      name: 'Interrupted',
      message: 'the run was cancelled before this step finished',
    });
    expect(v.nodes.get('approve')?.recent.at(-1)).toMatchObject({ outcome: 'interrupted' });
    expect(states(v, ['finalize', 'end'])).toEqual({ finalize: 'skipped', end: 'skipped' });
  });
});

describe('applyEvents: failures, re-runs, pauses, joins', () => {
  it('marks the failing node and the run failed; other steps in flight are interrupted', () => {
    const log = new EventLog().started([1, 2]).step('list', [1, 2]).begin('each', [1, 2]);
    log.begin('work', 1, [0]).begin('work', 2, [1]);
    const error = { name: 'ExpressionError', message: 'boom', code: 'D3137', nodeId: 'work' };
    log.add('node.failed', { nodeId: 'work', scope: [0], error });
    log.add('run.failed', { error });
    const v = fold(forEach, log.events);
    expect(v.status).toBe('failed');
    expect(v.error).toEqual(error);
    expect(v.nodes.get('work')).toMatchObject({ state: 'failed', failures: 2, error, runs: 2 });
    expect(v.nodes.get('work')?.recent.map((r) => [r.scope, r.outcome])).toEqual([
      [[0], 'failed'],
      [[1], 'interrupted'],
    ]);
    expect(v.nodes.get('each')?.error).toEqual({
      name: 'Interrupted',
      message: 'the run failed before this step finished',
    });
    expect(states(v, ['list', 'each', 'end'])).toEqual({
      list: 'done',
      each: 'failed',
      end: 'skipped',
    });
  });

  it('a re-run: reused outputs are done without running, later steps run', () => {
    const log = new EventLog().started(5, { rerunOf: { runId: 'run-0', nodeId: 'b' } });
    log.add('node.completed', { nodeId: 'a', scope: [], output: 6, reused: true });
    log.step('b', 6, 12).step('end', 12);
    const v = fold(chain, log.events);
    expect(v.started?.rerunOf).toEqual({ runId: 'run-0', nodeId: 'b' });
    expect(v.nodes.get('a')).toMatchObject({
      state: 'done',
      reused: true,
      runs: 0,
      completed: 1,
      output: 6,
      topLevel: false,
      firstStartedAt: null,
    });
    expect(v.nodes.get('a')?.recent).toEqual([
      { scope: [], startedAt: null, finishedAt: at(2), outcome: 'reused' },
    ]);
    expect(sorted(v.firedEdges)).toEqual(['e2', 'e3']);
  });

  it('a pause that times out takes its timeout handle', () => {
    const paused: Blueprint = {
      schema: SCHEMA,
      name: 'Pause',
      nodes: [
        start,
        { id: 'wait', kind: 'pause', options: { type: 'ok' } },
        chunk('late'),
        chunk('fine'),
        end,
      ],
      edges: [
        edge('e-wait', 'start', 'wait'),
        edge('e-fine', 'wait', 'fine'),
        edge('e-late', 'wait', 'late', 'timeout'),
        edge('e-end', 'late', 'end'),
      ],
    };
    const log = new EventLog().started(null).begin('wait', null);
    log.add('run.paused', { prompt: prompt({ nodeId: 'wait', type: 'ok' }) });
    log.add('run.resumed', {
      interruptId: 'interrupt-1',
      nodeId: 'wait',
      how: 'timedOut',
      actor: null,
    });
    log.end('wait', null).step('late', null).step('end', null);
    log.add('run.completed', { snapshot: {} });
    const v = fold(paused, log.events);
    expect(v.pauses.get('interrupt-1')).toMatchObject({ status: 'timedOut', closedBy: null });
    expect(v.nodes.get('wait')).toMatchObject({ timeouts: 1, state: 'done' });
    expect(sorted(v.firedEdges)).toEqual(['e-end', 'e-late', 'e-wait']);
    expect(nodeStateOf(v, 'fine')).toBe('skipped');
  });

  it('two pauses: the run stays paused until both are answered', () => {
    const log = new EventLog().started(null);
    log.add('run.paused', { prompt: prompt({ interruptId: 'i-1', nodeId: 'a' }) });
    log.add('run.paused', { prompt: prompt({ interruptId: 'i-2', nodeId: 'b' }) });
    log.add('run.resumed', { interruptId: 'i-1', nodeId: 'a', how: 'answered', actor: 'u' });
    const one = fold(chain, log.events);
    expect(one.status).toBe('paused');
    expect(states(one, ['a', 'b'])).toEqual({ a: 'idle', b: 'waiting' });
    expect(openPauses(one).map((p) => p.prompt.interruptId)).toEqual(['i-2']);
    log.add('run.resumed', { interruptId: 'i-2', nodeId: 'b', how: 'answered', actor: 'u' });
    expect(fold(chain, log.events).status).toBe('running');
  });

  it('infers a silent join done from the step after it, firing only the edges that fed it', () => {
    const joined: Blueprint = {
      schema: SCHEMA,
      name: 'Join',
      nodes: [
        start,
        { id: 'route', kind: 'match', options: { mode: 'hitAll', cases: [] } },
        chunk('x'),
        chunk('y'),
        chunk('z'),
        { id: 'join', kind: 'when', options: { mode: 'or' } },
        chunk('after'),
      ],
      edges: [
        edge('e-x', 'start', 'x'),
        edge('e-y', 'start', 'y'),
        edge('e-xj', 'x', 'join'),
        edge('e-yj', 'y', 'join'),
        edge('e-zj', 'z', 'join'),
        edge('e-after', 'join', 'after'),
      ],
    };
    const log = new EventLog().started(null).step('x', 1).step('y', 2).step('after', 1);
    const v = fold(joined, log.events);
    expect(v.nodes.get('join')).toMatchObject({ inferred: true, state: 'done' });
    expect(sorted(v.firedEdges)).toEqual(['e-after', 'e-x', 'e-xj', 'e-y', 'e-yj']);
    expect(nodeStateOf(v, 'z')).toBe('idle');
  });

  it('keeps only the last 20 finished runs of a node, counting all of them', () => {
    const log = new EventLog().started([]).begin('each', []);
    for (let i = 0; i < 25; i++) log.step('work', i, i, [i]);
    const v = fold(forEach, log.events);
    const work = v.nodes.get('work');
    expect(work?.runs).toBe(25);
    expect(work?.recent.map((r) => r.scope)).toEqual(Array.from({ length: 20 }, (_, k) => [k + 5]));
  });
});
