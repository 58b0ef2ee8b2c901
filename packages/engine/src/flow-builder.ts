import type { Chunk, ChunkHandler } from './chunk';
import type { Operator } from './operator';
import type { TriggerRef } from './signal';

/** Anything `to()` accepts: a function, a chunk, a registered chunk name, or `[name, function]`. */
export type ChunkTarget = ChunkHandler | Chunk | string | readonly [string, ChunkHandler];

/** The definition-side surface a builder cursor writes to. */
export interface FlowBuilder {
  resolveChunk(target: ChunkTarget, explicitName: string | undefined): Chunk;
  attachChunk(chunk: Chunk, listen: TriggerRef): void;
  attach(operator: Operator): void;
  /** A deterministic id for the next operator of `kind` defined at `at`. */
  nextId(kind: string, at: unknown): string;
  registerCollectionBranch(name: string, branchId: string): void;
}
