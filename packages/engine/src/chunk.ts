import { digestId } from './hash';
import type { TriggerFlowRuntimeData } from './runtime-data';

/** A user step: sync or async, receives `data`, returns the next step's input. */
export type ChunkHandler = (data: TriggerFlowRuntimeData) => unknown;

/**
 * A named handler with a stable id. Its return value is emitted as its trigger event
 * `Chunk[<name>]-<id>`, which is what the next step in a chain listens to.
 */
export class Chunk {
  readonly triggerEvent: string;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly handler: ChunkHandler,
  ) {
    this.triggerEvent = `Chunk[${name}]-${id}`;
  }
}

/**
 * Chunk identity: an explicit name, else the function's own name; anonymous functions get an id
 * derived from their position among the flow's anonymous chunks, so ids are deterministic.
 */
export function createChunk(
  handler: ChunkHandler,
  explicitName: string | undefined,
  anonymousOrdinal: () => number,
): Chunk {
  if (explicitName !== undefined && explicitName !== '') {
    return new Chunk(
      digestId('chunk', { kind: 'explicit_name', name: explicitName }),
      explicitName,
      handler,
    );
  }
  if (handler.name) {
    return new Chunk(
      digestId('chunk', { kind: 'callable', name: handler.name }),
      handler.name,
      handler,
    );
  }
  const id = digestId('chunk', { kind: 'anonymous', ordinal: anonymousOrdinal() });
  return new Chunk(id, id, handler);
}
