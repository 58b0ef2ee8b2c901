import { digestId } from './hash';
import type { BlueprintNode } from '@triggerflow/blueprint';
import type { TriggerFlowRuntimeData } from './runtime-data';

/** A user step: sync or async, receives `data`, returns the next step's input. */
export type ChunkHandler = (data: TriggerFlowRuntimeData) => unknown;

/**
 * A named handler with a stable id. Its return value is emitted as its trigger event
 * `Chunk[<name>]-<id>`, which is what the next step in a chain listens to.
 */
/** Where a chunk came from, so `toBlueprint()` can write it back. */
export interface ChunkOrigin {
  /** The registered handler name; absent for anonymous functions (not serialisable). */
  readonly ref?: string;
  /** A blueprint node's `handler.config`, readable as `data.config`. */
  readonly config?: unknown;
  /** Set for built-in kinds (pause, end) created from a blueprint node. */
  readonly node?: BlueprintNode;
}

export class Chunk {
  readonly triggerEvent: string;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly handler: ChunkHandler,
    readonly origin: ChunkOrigin = {},
  ) {
    this.triggerEvent = `Chunk[${name}]-${id}`;
  }
}

/** The chunk id of a name: one name, one id, whether the flow was built in code or from a blueprint. */
const idCache = new Map<string, string>();
export function chunkIdOf(name: string): string {
  let id = idCache.get(name);
  if (id === undefined) {
    if (idCache.size > 100_000) idCache.clear();
    id = digestId('chunk', { name });
    idCache.set(name, id);
  }
  return id;
}

/** The event a chunk named `name` emits its result on. */
export const chunkTriggerEvent = (name: string): string => `Chunk[${name}]-${chunkIdOf(name)}`;

/**
 * Chunk identity: an explicit name, else the function's own name; anonymous functions get an id
 * derived from their position among the flow's anonymous chunks, so ids are deterministic.
 */
export function createChunk(
  handler: ChunkHandler,
  explicitName: string | undefined,
  anonymousOrdinal: () => number,
): Chunk {
  const name = explicitName || handler.name;
  if (name) return new Chunk(chunkIdOf(name), name, handler, { ref: handler.name || name });
  const id = digestId('chunk', { kind: 'anonymous', ordinal: anonymousOrdinal() });
  return new Chunk(id, id, handler, {});
}
