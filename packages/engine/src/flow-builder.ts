import type { Chunk, ChunkHandler } from './chunk';
import type { Operator } from './operator';
import type { TriggerRef } from './signal';

/** Anything `to()` accepts: a function, a chunk, a registered chunk name, or `[name, function]`. */
export type ChunkTarget = ChunkHandler | Chunk | string | readonly [string, ChunkHandler];

/** The definition-side surface a builder cursor writes to. */
export interface FlowBuilder {
  resolveChunk(target: ChunkTarget, explicitName: string | undefined): Chunk;
  /** `parent`: the forEach or batch group the step belongs to (its blueprint `parentId`). */
  attachChunk(
    chunk: Chunk,
    listen: TriggerRef | readonly TriggerRef[],
    parent: string | undefined,
  ): void;
  attach(operator: Operator, parent: string | undefined): void;
  /** A deterministic id for the next operator of `kind` defined at `at`. */
  nextId(kind: string, at: unknown): string;
  registerCollectionBranch(name: string, branchId: string): void;
  /** Remembers a blueprint's id for the event node of `ref` (so it survives a round trip). */
  nameEventNode(ref: TriggerRef, id: string): void;
}
