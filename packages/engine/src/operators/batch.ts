import { listenRefs } from '../signal';
import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { FanOutWork, Operator } from '../operator';
import type { Signal, TriggerRef } from '../signal';
import { batchDoneEvent } from '../events';
import { fanOut } from './fan-in';
import { scopeOf } from '../observer';

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
  /** Emitted by the batch's fan-in once every branch returned. */
  readonly doneEvent: string;

  constructor(
    readonly id: string,
    listen: TriggerRef | readonly TriggerRef[],
    readonly branches: readonly BatchBranch[],
    readonly concurrency: number | undefined,
  ) {
    this.doneEvent = batchDoneEvent(id);
    this.listen = listenRefs(listen);
    this.emits = branches.map((b) => ({ type: 'event', event: b.event }));
    this.options = { concurrency: concurrency ?? null, resultKeys: branches.map((b) => b.key) };
  }

  run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    if (core.observed) {
      const scope = scopeOf(signal.layers);
      core.observe({ type: 'node.started', nodeId: this.id, input: signal.value, scope });
    }
    return this.launch(signal, core, token, 0);
  }

  /** Continues a saved fan-out from the first branch that had not been launched. */
  resume(work: FanOutWork, core: ExecutionCore, token: CancelToken): Promise<void> {
    return this.launch(work.signal, core, token, work.next);
  }

  private launch(
    signal: Signal,
    core: ExecutionCore,
    token: CancelToken,
    startAt: number,
  ): Promise<void> {
    const { branches } = this;
    return fanOut({
      core,
      token,
      group: this.id,
      signal,
      count: branches.length,
      limit: this.concurrency,
      tracked: true,
      startAt,
      progress:
        startAt === 0 ? { keys: branches.map((b) => b.key), total: branches.length } : undefined,
      branch: (index) => {
        const branch = branches[index] as BatchBranch;
        return { key: branch.key, event: branch.event, value: signal.value };
      },
    });
  }
}
