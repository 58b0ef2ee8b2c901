import { fanInKey, type FanInProgress } from '../bookkeeping';
import { CancelToken, runPool } from '../concurrency';
import type { ExecutionCore, FanOutCount } from '../execution-core';
import { isCancelled } from '../errors';
import { scopeOf } from '../observer';
import type { Operator, OperatorKind } from '../operator';
import { childScope, type LayerMark, type Signal, type TriggerRef } from '../signal';

export type FanInOutput = 'array' | 'object' | 'single';

/**
 * Opens one activation of a fan-out: records its progress (unless each branch finishes alone) and
 * dispatches every branch with its own layer mark, at most `limit` at once. The first failing branch
 * cancels the others.
 */
export function fanOut(options: {
  core: ExecutionCore;
  token: CancelToken;
  group: string;
  signal: Signal;
  count: number;
  limit: number | undefined;
  progress: Omit<FanInProgress, 'remaining' | 'results'> | undefined;
  branch: (index: number) => { key: string | number; event: string; value: unknown };
  /** Track launches for save/resume (fan-outs that launch over time). */
  tracked?: boolean;
  /** Resuming a saved fan-out: the first branch not launched yet. */
  startAt?: number;
}): Promise<void> {
  const { core, signal, group, count } = options;
  const startAt = options.startAt ?? 0;
  if (options.progress) {
    core.bookkeeping.fanIn[fanInKey(group, signal.id)] = {
      ...options.progress,
      remaining: options.progress.total,
      results: {},
    };
  }
  const meta = childScope(signal);
  const token = new CancelToken(options.token);
  const ticket = options.tracked
    ? core.work.add({ kind: 'fanOut', operatorId: group, signal, next: startAt, count })
    : undefined;
  const launched = (next: number): void => {
    if (ticket === undefined) return;
    const work = core.work.get(ticket);
    if (work?.kind === 'fanOut') work.next = next;
    if (next >= count) core.work.remove(ticket);
  };
  const counts = core.observed
    ? openCount(core, group, signal, count, startAt, options.limit)
    : undefined;
  const pool = runPool({
    count: count - startAt,
    limit: options.limit,
    token,
    task: (offset) => {
      const index = offset + startAt;
      launched(index + 1);
      const { key, event, value } = options.branch(index);
      const mark: LayerMark = { group, instance: signal.id, key };
      const dispatched = core.dispatch(
        core.newSignal({ event, value, layers: [...signal.layers, mark], source: 'chunk', meta }),
        token,
      );
      if (!counts) return dispatched;
      counts.running += 1;
      reportCount(core, group, signal, counts);
      return dispatched.then(
        () => settleCount(core, group, signal, counts, 'done'),
        (error: unknown) => {
          if (!isCancelled(error)) settleCount(core, group, signal, counts, 'failed');
          throw error;
        },
      );
    },
  });
  if (ticket === undefined) return pool;
  return pool.finally(() => core.work.remove(ticket));
}

function openCount(
  core: ExecutionCore,
  group: string,
  signal: Signal,
  total: number,
  startAt: number,
  cap: number | undefined,
): FanOutCount {
  const counts: FanOutCount = { total, done: startAt, running: 0, failed: 0, cap: cap ?? null };
  core.fanOutCounts.set(fanInKey(group, signal.id), counts);
  return counts;
}

function reportCount(core: ExecutionCore, group: string, signal: Signal, counts: FanOutCount) {
  core.observe({ type: 'node.progress', nodeId: group, scope: scopeOf(signal.layers), ...counts });
}

/**
 * A branch is done when its dispatch returns, except the one that completes the fan-in, whose
 * dispatch carries on downstream: the fan-in counts it (`countFanIn`) when the output is assembled.
 */
function settleCount(
  core: ExecutionCore,
  group: string,
  signal: Signal,
  counts: FanOutCount,
  outcome: 'done' | 'failed',
): void {
  const key = fanInKey(group, signal.id);
  if (core.fanOutCounts.get(key) !== counts) return;
  counts.running -= 1;
  counts[outcome] += 1;
  if (counts.done + counts.failed >= counts.total) core.fanOutCounts.delete(key);
  reportCount(core, group, signal, counts);
}

/** The fan-in assembled its output: the branch that completed it is done. */
function countFanIn(
  core: ExecutionCore,
  group: string,
  instance: string,
  layers: readonly LayerMark[],
): void {
  const key = fanInKey(group, instance);
  const counts = core.fanOutCounts.get(key);
  if (!counts) return;
  core.fanOutCounts.delete(key);
  counts.running = 0;
  counts.done = counts.total - counts.failed;
  core.observe({ type: 'node.progress', nodeId: group, scope: scopeOf(layers), ...counts });
}

/** The closing half of a fan-out: gathers each branch's last value, emits them all in order. */
export class FanInOperator implements Operator {
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    readonly kind: OperatorKind,
    readonly listen: readonly TriggerRef[],
    private readonly group: string,
    private readonly output: FanInOutput,
    private readonly doneEvent: string,
  ) {
    this.emits = [{ type: 'event', event: doneEvent }];
    this.options = { group, output };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const mark = signal.layers[signal.layers.length - 1];
    if (!mark || mark.group !== this.group) {
      core.warn(
        'FAN_IN_OUTSIDE_GROUP',
        `Signal '${signal.event}' reached the end of group '${this.group}' without entering it; ignored.`,
      );
      return;
    }
    let value = signal.value;
    if (this.output !== 'single') {
      const assembled = this.record(core, mark, signal.value);
      if (!assembled) return;
      value = assembled.value;
    }
    if (core.observed) {
      const outer = signal.layers.slice(0, -1);
      countFanIn(core, this.group, mark.instance, outer);
      // A match reports itself when it routes; a forEach or batch group is done now.
      if (this.kind !== 'matchCollect') {
        const scope = scopeOf(outer);
        core.observe({ type: 'node.completed', nodeId: this.group, output: value, scope });
      }
    }
    await core.dispatch(
      core.newSignal({
        event: this.doneEvent,
        value,
        layers: signal.layers.slice(0, -1),
        source: 'chunk',
        meta: signal.meta,
      }),
      token,
    );
  }

  /** Stores one branch result; returns the assembled output once the last one is in. */
  private record(
    core: ExecutionCore,
    mark: LayerMark,
    value: unknown,
  ): { value: unknown } | undefined {
    const key = fanInKey(this.group, mark.instance);
    const progress = core.bookkeeping.fanIn[key];
    if (!progress) return undefined;
    const slot = String(mark.key);
    if (!Object.hasOwn(progress.results, slot)) progress.remaining -= 1;
    progress.results[slot] = value;
    if (progress.remaining > 0) return undefined;
    delete core.bookkeeping.fanIn[key];
    return { value: assemble(progress, this.output) };
  }
}

function assemble(progress: FanInProgress, output: FanInOutput): unknown {
  const { results } = progress;
  if (output === 'object') {
    return Object.fromEntries((progress.keys ?? []).map((k) => [k, results[String(k)]]));
  }
  if (progress.keys) return progress.keys.map((k) => results[String(k)]);
  const list = new Array<unknown>(progress.total);
  for (let i = 0; i < progress.total; i += 1) list[i] = results[i];
  return list;
}
