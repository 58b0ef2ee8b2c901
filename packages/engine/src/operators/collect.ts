import { listenRefs } from '../signal';
import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import { collectEvent } from '../events';
import { childScope, joinScopeKey, type Signal, type TriggerRef } from '../signal';

export type CollectMode = 'filledAndUpdate' | 'filledThenEmpty';

export { collectEvent };

/**
 * One branch of a named collection. When every registered branch of the collection has a value in
 * the same join scope, emits `Collect-<name>` with `{ [branchId]: value }`.
 */
export class CollectBranchOperator implements Operator {
  readonly kind = 'collectBranch';
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly spec: { readonly name: string; readonly branchId: string; readonly mode: CollectMode };

  constructor(
    readonly id: string,
    listen: TriggerRef | readonly TriggerRef[],
    private readonly name: string,
    private readonly branchId: string,
    private readonly mode: CollectMode,
  ) {
    this.spec = { name, branchId, mode };
    this.listen = listenRefs(listen);
    this.emits = [{ type: 'event', event: collectEvent(name) }];
    this.options = { name, branchId, mode };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const branches = core.collectionBranches(this.name);
    const buckets = (core.bookkeeping.collect[this.name] ??= {});
    const scope = joinScopeKey(signal);
    const bucket = (buckets[scope] ??= {});
    bucket[this.branchId] = signal.value;
    if (!branches.every((b) => Object.hasOwn(bucket, b))) return;
    const value = Object.fromEntries(branches.map((b) => [b, bucket[b]]));
    if (this.mode === 'filledThenEmpty') delete buckets[scope];
    await core.dispatch(
      core.newSignal({
        event: collectEvent(this.name),
        value,
        layers: signal.layers,
        source: 'chunk',
        meta: childScope(signal),
      }),
      token,
    );
  }
}
