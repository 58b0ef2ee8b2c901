import type { ChunkHandler, HandlerRegistry, TriggerFlowRuntimeData } from '@triggerflow/engine';

/**
 * A runtime resource of every server run: each step calls it before its handler runs. For a
 * suspect run (one that went down with a process before) it commits the step's `node.started`
 * first, so when the step takes the process down again, storage knows which node did (poison-run
 * quarantine); for any other run it returns nothing and the step runs at once.
 */
export const STEP_GATE = 'triggerflow.server.stepGate';

/** Resolves when the step may run; `undefined`: at once (the run is not suspect). */
export type StepGate = () => Promise<void> | undefined;

type ChunkEntry = NonNullable<HandlerRegistry['chunks']>[string];

function gated(handler: ChunkHandler): ChunkHandler {
  const wrapper = (data: TriggerFlowRuntimeData): unknown => {
    const wait = data.getResource<StepGate | undefined>(STEP_GATE, undefined)?.();
    if (wait === undefined) return handler(data);
    return wait.then(() => handler(data));
  };
  Object.defineProperty(wrapper, 'name', { value: handler.name });
  return wrapper;
}

function gatedEntry(entry: ChunkEntry): ChunkEntry {
  if (typeof entry === 'function') return gated(entry);
  return { ...entry, handler: gated(entry.handler) };
}

/** The registry with every chunk handler behind the step gate (a no-op for other runs). */
export function withStepGate(registry: HandlerRegistry): HandlerRegistry {
  const chunks = registry.chunks ?? {};
  return {
    ...registry,
    chunks: Object.fromEntries(
      Object.entries(chunks).map(([ref, entry]) => [ref, gatedEntry(entry)]),
    ),
  };
}
