import { listenRefs } from '../signal';
import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { FanOutWork, Operator } from '../operator';
import { childScope, type Signal, type TriggerRef } from '../signal';
import { forEachDoneEvent, forEachItemEvent } from '../events';
import { fanOut } from './fan-in';
import { scopeOf } from '../observer';

/** Arrays are expanded; anything else (a string, an object, a scalar) is one item. */
export const forEachItems = (value: unknown): readonly unknown[] =>
  Array.isArray(value) ? value : [value];

/** Dispatches each item of its input to the body, at most `concurrency` at once. */
export class ForEachSplitOperator implements Operator {
  readonly kind = 'forEachSplit';
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly itemEvent: string;
  readonly doneEvent: string;

  constructor(
    readonly id: string,
    listen: TriggerRef | readonly TriggerRef[],
    readonly concurrency: number | undefined,
  ) {
    this.itemEvent = forEachItemEvent(id);
    this.doneEvent = forEachDoneEvent(id);
    this.listen = listenRefs(listen);
    this.emits = [
      { type: 'event', event: this.itemEvent },
      { type: 'event', event: this.doneEvent },
    ];
    this.options = { concurrency: concurrency ?? null };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const items = forEachItems(signal.value);
    if (core.observed) {
      const scope = scopeOf(signal.layers);
      core.observe({ type: 'node.started', nodeId: this.id, input: signal.value, scope });
      if (items.length === 0)
        core.observe({ type: 'node.completed', nodeId: this.id, output: [], scope });
    }
    if (items.length === 0) {
      const done = {
        event: this.doneEvent,
        value: [],
        layers: signal.layers,
        source: 'chunk',
      } as const;
      await core.dispatch(core.newSignal({ ...done, meta: childScope(signal) }), token);
      return;
    }
    await this.launch(signal, core, token, items, 0);
  }

  /** Continues a saved fan-out from the first item that had not been launched. */
  resume(work: FanOutWork, core: ExecutionCore, token: CancelToken): Promise<void> {
    return this.launch(work.signal, core, token, forEachItems(work.signal.value), work.next);
  }

  private launch(
    signal: Signal,
    core: ExecutionCore,
    token: CancelToken,
    items: readonly unknown[],
    startAt: number,
  ): Promise<void> {
    return fanOut({
      core,
      token,
      group: this.id,
      signal,
      count: items.length,
      limit: this.concurrency,
      progress: startAt === 0 ? { keys: null, total: items.length } : undefined,
      tracked: true,
      startAt,
      branch: (index) => ({ key: index, event: this.itemEvent, value: items[index] }),
    });
  }
}
