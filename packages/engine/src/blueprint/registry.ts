import type { Blueprint } from '@triggerflow/blueprint';
import type { z } from 'zod';
import type { ChunkHandler } from '../chunk';
import type { TriggerFlowRuntimeData } from '../runtime-data';

/** A match-case predicate: matches only when it returns exactly `true`. */
export type ConditionHandler = (data: TriggerFlowRuntimeData) => unknown;

export interface Registration<F> {
  readonly handler: F;
  /** Validates `handler.config` / `when.config` of the nodes that use it. */
  readonly configSchema?: z.ZodType;
  /**
   * A config problem in the words of the one who registered it (e.g. "Transform needs an
   * expression"); without it, validation names the node and quotes zod.
   */
  readonly describeIssue?: (issue: z.core.$ZodIssue, config: unknown) => string;
}

export interface FlowRef {
  readonly flowId: string;
  readonly version?: number;
}

/**
 * What a blueprint's names resolve to: handlers are never in a blueprint, only their registered
 * names (`handler.ref`, `when.ref`).
 */
export interface HandlerRegistry {
  readonly chunks?: Readonly<Record<string, ChunkHandler | Registration<ChunkHandler>>>;
  readonly conditions?: Readonly<Record<string, ConditionHandler | Registration<ConditionHandler>>>;
  /** Compiles a match case's `expression` (the node library supplies JSONata). */
  readonly compileExpression?: (expression: string) => ConditionHandler;
  /** Resolves `subFlow` nodes that name a stored flow, when the sub-flow runs. */
  readonly loadFlow?: (ref: FlowRef) => Blueprint | Promise<Blueprint>;
}

export function registration<F>(
  entry: F | Registration<F> | undefined,
): Registration<F> | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry === 'function') return { handler: entry };
  return entry as Registration<F>;
}
