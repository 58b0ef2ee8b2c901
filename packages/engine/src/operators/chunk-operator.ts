import { listenRefs } from '../signal';
import type { Chunk } from '../chunk';
import type { CancelToken } from '../concurrency';
import { isCancelled } from '../errors';
import { PauseSignal } from '../interrupts';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import { scopeOf } from '../observer';
import { childScope, type Signal, type TriggerRef } from '../signal';

/** Runs a chunk's handler under the execution's concurrency cap, then emits its trigger event. */
export class ChunkOperator implements Operator {
  readonly kind = 'chunk';
  readonly id: string;
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;

  constructor(
    readonly chunk: Chunk,
    listen: TriggerRef | readonly TriggerRef[],
  ) {
    this.id = chunk.id;
    this.listen = listenRefs(listen);
    this.emits = [{ type: 'event', event: chunk.triggerEvent }];
    this.options = { name: chunk.name };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    token.throwIfCancelled();
    // In the ledger (for save/resume) from now until the result is handed on.
    const ticket = core.work.add({ kind: 'run', operatorId: this.id, signal });
    const data = core.createData(signal, token);
    data.chunk = this.chunk;
    const semaphore = core.semaphore;
    let result: unknown;
    try {
      if (semaphore) {
        const wait = semaphore.acquire();
        if (wait) await wait;
        data.permitHeld = true;
      }
      if (core.observed) {
        const scope = scopeOf(signal.layers);
        core.observe({ type: 'node.started', nodeId: this.chunk.name, input: signal.value, scope });
      }
      result = await this.chunk.handler(data);
    } catch (error) {
      core.work.remove(ticket);
      if (isCancelled(error)) throw error;
      if (core.observed) {
        const scope = scopeOf(signal.layers);
        core.observe({ type: 'node.failed', nodeId: this.chunk.name, error, scope });
      }
      core.handlerFailed(error, this.id);
      if (core.skipExceptions) return;
      throw error;
    } finally {
      data.finished = true;
      if (semaphore && data.permitHeld) {
        data.permitHeld = false;
        semaphore.release();
      }
    }
    core.work.remove(ticket);
    // A paused branch stops here; `continueWith` carries it on.
    if (data.paused || result instanceof PauseSignal) return;
    token.throwIfCancelled();
    if (core.observed) {
      const scope = scopeOf(signal.layers);
      core.observe({ type: 'node.completed', nodeId: this.chunk.name, output: result, scope });
    }
    await core.dispatch(
      core.newSignal({
        event: this.chunk.triggerEvent,
        value: result,
        layers: signal.layers,
        source: 'chunk',
        meta: childScope(signal),
      }),
      token,
    );
  }
}
