import { describe, expect, it } from 'vitest';
import { EventLog, prompt, T0, vote } from './run-events.test-support';
import {
  describeEvent,
  formatElapsed,
  preview,
  progressText,
  progressWords,
  quarantineOf,
  scopeText,
} from './run-format';

describe('formatElapsed', () => {
  it('picks the unit by size', () => {
    expect(
      [0, 849.6, 999, 1000, 12_345, 59_999, 60_000, 245_000, 3_599_999, 3_600_000, 7_380_000].map(
        formatElapsed,
      ),
    ).toEqual([
      '0 ms',
      '850 ms',
      '999 ms',
      '1.0 s',
      '12.3 s',
      '59.9 s',
      '1 min 00 s',
      '4 min 05 s',
      '59 min 59 s',
      '1 h 00 min',
      '2 h 03 min',
    ]);
    expect(formatElapsed(-5)).toBe('0 ms');
  });
});

describe('progress and scopes', () => {
  const counts = { scope: [], total: 50, done: 3, running: 2, failed: 1, cap: 2 };
  it('writes done/running/failed of total · cap', () => {
    expect(progressText(counts)).toBe('3/2/1 of 50 · cap 2');
    expect(progressText({ ...counts, cap: null })).toBe('3/2/1 of 50 · no cap');
    expect(progressWords(counts)).toBe('3 done, 2 running, 1 failed of 50, at most 2 at a time');
    expect(progressWords({ ...counts, cap: null })).toBe(
      '3 done, 2 running, 1 failed of 50, all at once',
    );
  });
  it('writes scopes', () => {
    expect([scopeText([]), scopeText([2]), scopeText([0, 'words'])]).toEqual([
      '',
      '[2]',
      '[0, "words"]',
    ]);
  });
  it('previews values', () => {
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(preview(undefined)).toBe('undefined');
    expect(preview('x'.repeat(10), 5)).toBe('"xxx…');
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(preview(loop)).toBe('[object Object]');
  });
});

describe('describeEvent', () => {
  const words = {
    labelOf: (id: string) => ({ a: 'Step A', each: 'Each item' })[id] ?? id,
    nameOf: (id: string) => (id === 'u-admin' ? 'you' : id),
  };
  const log = new EventLog().started({ n: 1 }).step('a', 1, 2).begin('x', 3, [4]);
  log.add('node.completed', { nodeId: 'a', scope: [], output: 6, reused: true });
  log.add('node.failed', {
    nodeId: 'x',
    scope: [4],
    error: { name: 'Error', message: 'boom' },
  });
  log.add('node.progress', {
    nodeId: 'each',
    scope: [],
    total: 50,
    done: 3,
    running: 2,
    failed: 0,
    cap: 2,
  });
  log.add('stream.item', { item: { type: 'progress' } });
  log.add('run.paused', { prompt: prompt() });
  log.add('run.paused', { prompt: prompt({ type: 'input', title: 'Name?' }) });
  log.add('approval.voted', { interruptId: 'interrupt-1', vote: vote('u-lead', T0) });
  log.add('run.resumed', {
    interruptId: 'interrupt-1',
    nodeId: 'approve',
    how: 'answered',
    actor: 'u-lead',
  });
  log.add('run.resumed', { interruptId: 'i', nodeId: null, how: 'answered', actor: null });
  log.add('run.resumed', { interruptId: 'i', nodeId: null, how: 'timedOut', actor: null });
  log.add('run.resumed', { interruptId: 'i', nodeId: null, how: 'cancelled', actor: null });
  log.add('run.completed', { snapshot: {} });
  log.add('run.failed', { error: { name: 'Error', message: 'it broke' } });
  log.add('run.cancelled', { reason: 'no longer needed', actor: 'u-admin' });
  log.add('run.cancelled', { reason: 'shutdown', actor: null });
  log.started(5, { rerunOf: { runId: 'run-0', nodeId: 'a' }, startedBy: 'u-ed', version: 2 });

  it('writes one line per event', () => {
    expect(log.events.map((e) => describeEvent(e, words))).toEqual([
      'Run started by you on version 1 with input {"n":1}',
      'Step A started',
      'Step A done: 2',
      'x [4] started',
      'Step A reused from the earlier run: 6',
      'x [4] failed: boom',
      'Each item progress 3/2/0 of 50 · cap 2',
      'Stream: {"type":"progress"}',
      'Paused for approval: Close the ticket?',
      'Paused for input: Name?',
      'u-lead approved',
      'Resumed: answered by u-lead',
      'Resumed: answered by someone',
      'Resumed: timed out',
      'Resumed: cancelled',
      'Run completed',
      'Run failed: it broke',
      'Run cancelled by you: no longer needed',
      'Run cancelled: shutdown',
      'Run started by u-ed on version 2 (re-run of run-0 from Step A) with input 5',
    ]);
  });
});

describe('quarantineOf', () => {
  it('reads the reason of a quarantined run as a sentence, with its node', () => {
    expect(
      quarantineOf({
        name: 'RunQuarantined',
        code: 'QUARANTINED',
        nodeId: 'prepare',
        message:
          'quarantined: the server stopped 2 times while this run was running node "Prepare" (prepare)',
      }),
    ).toEqual({
      reason: 'The server stopped 2 times while this run was running node "Prepare".',
      nodeId: 'prepare',
    });
    expect(
      quarantineOf({
        name: 'RunQuarantined',
        code: 'QUARANTINED',
        nodeId: 'a',
        message:
          'quarantined: a worker stopped or stalled 3 times while this run was running nodes "Fetch (v2)" (a), "b"',
      }),
    ).toEqual({
      reason:
        'A worker stopped or stalled 3 times while this run was running nodes "Fetch (v2)", "b".',
      nodeId: 'a',
    });
    expect(
      quarantineOf({ name: 'RunQuarantined', code: 'QUARANTINED', message: 'quarantined:' }),
    ).toEqual({ reason: 'It took its process down too often.', nodeId: null });
  });

  it('is null for other errors and for no error', () => {
    expect(quarantineOf({ name: 'Error', message: 'quarantined: not really' })).toBeNull();
    expect(quarantineOf({ name: 'EngineError', code: 'HANDLER_FAILED', message: 'x' })).toBeNull();
    expect(quarantineOf({ code: 'QUARANTINED' })).toBeNull();
    expect(quarantineOf(null)).toBeNull();
    expect(quarantineOf('QUARANTINED')).toBeNull();
  });
});
