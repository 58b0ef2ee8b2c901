import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import { childScope, type Signal, type TriggerRef } from '../signal';
import { fanOut } from './fan-in';

/** Arrays are expanded; anything else (a string, an object, a scalar) is one item. */
export const forEachItems = (value: unknown): readonly unknown[] =>
  Array.isArray(value) ? value : [value];

/** Dispatches each item of its input to the body, at most `concurrency` at once. */
export class ForEachSplitOperator implements Operator {
  readonly kind = 'forEachSplit';
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    listen: TriggerRef,
    private readonly itemEvent: string,
    private readonly doneEvent: string,
    private readonly concurrency: number | undefined,
  ) {
    this.listen = [listen];
    this.emits = [
      { type: 'event', event: itemEvent },
      { type: 'event', event: doneEvent },
    ];
    this.options = { concurrency: concurrency ?? null };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const items = forEachItems(signal.value);
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
    await fanOut({
      core,
      token,
      group: this.id,
      signal,
      count: items.length,
      limit: this.concurrency,
      progress: { keys: null, total: items.length },
      branch: (index) => ({ key: index, event: this.itemEvent, value: items[index] }),
    });
  }
}
