import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import { whenEvent } from '../events';
import { childScope, joinScopeKey, triggerKey, type Signal, type TriggerRef } from '../signal';

export type WhenMode = 'and' | 'or' | 'simpleOr';

/**
 * `when` with several triggers. `and` joins one value of each trigger per join scope and emits the
 * whole bucket; `or` emits `[type, event, value]` per arrival; `simpleOr` emits just the value.
 */
export class SignalGateOperator implements Operator {
  readonly kind = 'signalGate';
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;
  private readonly output: string;

  constructor(
    readonly id: string,
    readonly listen: readonly TriggerRef[],
    readonly mode: WhenMode,
  ) {
    this.output = whenEvent(id);
    this.emits = [{ type: 'event', event: this.output }];
    this.options = { mode };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    let value: unknown;
    switch (this.mode) {
      case 'or':
        value = [signal.type, signal.event, signal.value];
        break;
      case 'simpleOr':
        value = signal.value;
        break;
      case 'and': {
        const joined = this.join(signal, core);
        if (joined === undefined) return;
        value = joined;
        break;
      }
    }
    await core.dispatch(
      core.newSignal({
        event: this.output,
        value,
        layers: signal.layers,
        source: 'chunk',
        meta: childScope(signal),
      }),
      token,
    );
  }

  /** Stores the arrival; returns the full bucket when every trigger has a value, else undefined. */
  private join(
    signal: Signal,
    core: ExecutionCore,
  ): Record<string, Record<string, unknown>> | undefined {
    const buckets = (core.bookkeeping.when[this.id] ??= {});
    const scope = joinScopeKey(signal);
    let bucket = buckets[scope];
    if (!bucket) {
      const values: Record<string, Record<string, unknown>> = {};
      for (const ref of this.listen) (values[ref.type] ??= {})[ref.event] = null;
      bucket = buckets[scope] = { values, filled: [] };
    }
    (bucket.values[signal.type] ??= {})[signal.event] = signal.value;
    const key = triggerKey(signal.type, signal.event);
    if (!bucket.filled.includes(key)) bucket.filled.push(key);
    if (bucket.filled.length < this.listen.length) return undefined;
    delete buckets[scope];
    return bucket.values;
  }
}
