import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import type { Signal, TriggerRef } from '../signal';
import { fanOut } from './fan-in';

export interface BatchBranch {
  readonly key: string;
  readonly event: string;
}

/** Sends the same input to every branch; the fan-in emits `{ [chunkName]: result }`. */
export class BatchFanoutOperator implements Operator {
  readonly kind = 'batchFanout';
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    listen: TriggerRef,
    private readonly branches: readonly BatchBranch[],
    private readonly concurrency: number | undefined,
  ) {
    this.listen = [listen];
    this.emits = branches.map((b) => ({ type: 'event', event: b.event }));
    this.options = { concurrency: concurrency ?? null, resultKeys: branches.map((b) => b.key) };
  }

  run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const { branches } = this;
    return fanOut({
      core,
      token,
      group: this.id,
      signal,
      count: branches.length,
      limit: this.concurrency,
      progress: { keys: branches.map((b) => b.key), total: branches.length },
      branch: (index) => {
        const branch = branches[index] as BatchBranch;
        return { key: branch.key, event: branch.event, value: signal.value };
      },
    });
  }
}
