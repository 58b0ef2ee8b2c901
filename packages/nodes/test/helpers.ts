import type { TriggerFlowExecution } from '@triggerflow/engine';

/**
 * Reads `execution`'s runtime stream (with no idle timeout) in the background, from its first
 * item: `items` fills as they arrive, `done` settles when the stream ends.
 */
export function readStream<T = unknown>(
  execution: TriggerFlowExecution,
): { items: T[]; done: Promise<void> } {
  const items: T[] = [];
  const done = (async () => {
    for await (const item of execution.getRuntimeStream({ timeoutMs: null })) items.push(item as T);
  })();
  return { items, done };
}
