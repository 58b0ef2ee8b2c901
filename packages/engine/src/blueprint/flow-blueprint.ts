import { blueprintSchema, migrateBlueprint } from '@triggerflow/blueprint';
import type { ChunkHandler } from '../chunk';
import { EngineError } from '../errors';
import type { FlowBuilder } from '../flow-builder';
import type { Operator } from '../operator';
import { ChunkOperator } from '../operators/chunk-operator';
import { MatchRouteOperator } from '../operators/match';
import type { TriggerFlowRuntimeData } from '../runtime-data';
import { buildFromBlueprint } from './from-blueprint';
import type { HandlerRegistry } from './registry';
import { SubFlowOperator, type ChildFlow } from './sub-flow-operator';
import { sharedRef } from './to-blueprint';
import { validateBlueprint } from './validate';

/**
 * Validates `input` against `registry`, then builds it into the flow `create` makes for the
 * blueprint's name; inline child flows are built the same way. See `TriggerFlow.fromBlueprint`.
 */
export function flowFromBlueprint<F extends FlowBuilder & ChildFlow>(
  input: unknown,
  registry: HandlerRegistry,
  create: (name: string) => F,
): F {
  const issues = validateBlueprint(input, registry);
  const errors = issues.filter((i) => i.severity === 'error');
  const first = errors[0];
  if (first) {
    const code =
      first.code === 'HANDLER_NOT_REGISTERED' || first.code === 'CONDITION_NOT_REGISTERED'
        ? first.code
        : 'INVALID_BLUEPRINT';
    const list = errors.map((e) => `${e.nodeId ?? e.edgeId ?? e.path.join('.')}: ${e.message}`);
    throw new EngineError(code, `Invalid blueprint: ${list.join('; ')}`, { issues: errors });
  }
  const migrated = migrateBlueprint(input);
  const blueprint = blueprintSchema.parse(migrated.ok ? migrated.blueprint : input);
  const flow = create(blueprint.name);
  buildFromBlueprint(flow, blueprint, registry, (child) =>
    flowFromBlueprint(child, registry, create),
  );
  return flow;
}

/**
 * The handlers `operators` use, by the names their blueprint gives them (a sub-flow known up front
 * adds its child's). See `TriggerFlow.handlerRegistry`.
 */
export function handlerRegistryOf(operators: readonly Operator[]): HandlerRegistry {
  const chunks: Record<string, ChunkHandler> = {};
  const conditions: Record<string, (data: TriggerFlowRuntimeData) => unknown> = {};
  for (const op of operators) {
    if (op instanceof ChunkOperator && op.chunk.origin.ref && !op.chunk.origin.node) {
      const { ref } = op.chunk.origin;
      const existing = chunks[ref];
      if (existing && existing !== op.chunk.handler) {
        const first = operators.find(
          (o) => o instanceof ChunkOperator && o.chunk.origin.ref === ref,
        );
        throw sharedRef(
          ref,
          first instanceof ChunkOperator ? first.chunk.name : ref,
          op.chunk.name,
        );
      }
      chunks[ref] = op.chunk.handler;
    }
    if (op instanceof MatchRouteOperator) {
      for (const c of op.cases) {
        if (typeof c.condition === 'function' && c.condition.name) {
          conditions[c.condition.name] = c.condition as (data: TriggerFlowRuntimeData) => unknown;
        }
      }
    }
    if (op instanceof SubFlowOperator) {
      const child = op.childRegistry();
      Object.assign(chunks, child?.chunks ?? {});
      Object.assign(conditions, child?.conditions ?? {});
    }
  }
  return { chunks, conditions };
}
