import type {
  Blueprint,
  BlueprintEdge,
  BlueprintNode,
  CaseConditionSpec,
} from '@triggerflow/blueprint';
import { Chunk, chunkIdOf, chunkTriggerEvent, type ChunkHandler } from '../chunk';
import { EngineError } from '../errors';
import {
  batchBranchEvent,
  batchDoneEvent,
  collectEvent,
  forEachDoneEvent,
  forEachItemEvent,
  matchCaseEvent,
  matchDoneEvent,
  pauseTimeoutEvent,
  whenEvent,
} from '../events';
import type { FlowBuilder } from '../flow-builder';
import { BatchFanoutOperator } from '../operators/batch';
import { CollectBranchOperator } from '../operators/collect';
import { FanInOperator } from '../operators/fan-in';
import { ForEachSplitOperator } from '../operators/for-each';
import { SignalGateOperator } from '../operators/gate';
import { MatchRouteOperator } from '../operators/match';
import type { TriggerFlowRuntimeData } from '../runtime-data';
import { START_EVENT, type TriggerRef } from '../signal';
import { registration, type ConditionHandler, type HandlerRegistry } from './registry';
import { SubFlowOperator, type ChildFlow, type SubFlowSpec } from './sub-flow-operator';
import type { SubFlowNode } from '@triggerflow/blueprint';

type NodeOf<K extends BlueprintNode['kind']> = Extract<BlueprintNode, { kind: K }>;

/**
 * Builds a flow's operators from a (validated) blueprint: the same ids and events as the DSL would
 * give, so a DSL flow → blueprint → flow round trip has the same fingerprint and behaviour.
 */
export function buildFromBlueprint(
  flow: FlowBuilder,
  blueprint: Blueprint,
  registry: HandlerRegistry,
  makeChild: (blueprint: Blueprint) => ChildFlow,
): void {
  const byId = new Map(blueprint.nodes.map((n) => [n.id, n]));
  const into = new Map<string, BlueprintEdge[]>();
  for (const edge of blueprint.edges) {
    const key = `${edge.target}\u0000${edge.targetHandle ?? 'in'}`;
    into.set(key, [...(into.get(key) ?? []), edge]);
  }
  const incoming = (id: string, handle: string): TriggerRef[] =>
    (into.get(`${id}\u0000${handle}`) ?? []).map((e) => outputOf(byId, e));

  for (const node of blueprint.nodes) {
    const parent = node.parentId;
    switch (node.kind) {
      case 'start':
        break;
      case 'event':
        flow.nameEventNode({ type: node.options.type, event: node.options.event }, node.id);
        break;
      case 'chunk': {
        const entry = registration(registry.chunks?.[node.handler.ref]);
        if (!entry) throw notRegistered(node.id, node.handler.ref);
        const chunk = new Chunk(chunkIdOf(node.id), node.id, entry.handler, {
          ref: node.handler.ref,
          config: node.handler.config,
        });
        flow.attachChunk(chunk, listenOf(node, byId, incoming), parent);
        break;
      }
      case 'pause':
      case 'end':
        flow.attachChunk(
          new Chunk(chunkIdOf(node.id), node.id, builtIn(node), { node }),
          incoming(node.id, 'in'),
          parent,
        );
        break;
      case 'when':
        flow.attach(
          new SignalGateOperator(node.id, incoming(node.id, 'in'), node.options.mode),
          parent,
        );
        break;
      case 'forEach': {
        const concurrency = node.options.concurrency ?? undefined;
        flow.attach(
          new ForEachSplitOperator(node.id, incoming(node.id, 'in'), concurrency),
          parent,
        );
        const ends = incoming(node.id, 'end');
        flow.attach(
          new FanInOperator(
            `${node.id}-collect`,
            'forEachCollect',
            ends,
            node.id,
            'array',
            forEachDoneEvent(node.id),
          ),
          undefined,
        );
        break;
      }
      case 'batch': {
        const branches = node.options.branches.map((key, k) => ({
          key,
          event: batchBranchEvent(node.id, k),
        }));
        flow.attach(
          new BatchFanoutOperator(
            node.id,
            incoming(node.id, 'in'),
            branches,
            node.options.concurrency ?? undefined,
          ),
          parent,
        );
        const ends = node.options.branches.map((key): TriggerRef => ({
          type: 'event',
          event: chunkTriggerEvent(key),
        }));
        flow.attach(
          new FanInOperator(
            `${node.id}-collect`,
            'batchCollect',
            ends,
            node.id,
            'object',
            batchDoneEvent(node.id),
          ),
          parent,
        );
        break;
      }
      case 'match':
        attachMatch(flow, node, blueprint, incoming, registry);
        break;
      case 'endMatch': {
        const match = byId.get(node.options.match) as NodeOf<'match'>;
        const output = match.options.mode === 'hitAll' ? 'array' : 'single';
        flow.attach(
          new FanInOperator(
            `${match.id}-collect`,
            'matchCollect',
            incoming(node.id, 'in'),
            match.id,
            output,
            matchDoneEvent(match.id),
          ),
          parent,
        );
        break;
      }
      case 'collect': {
        const { name, branchId, mode } = node.options;
        flow.registerCollectionBranch(name, branchId);
        flow.attach(
          new CollectBranchOperator(node.id, incoming(node.id, 'in'), name, branchId, mode),
          parent,
        );
        break;
      }
      case 'subFlow':
        flow.attach(
          new SubFlowOperator(subFlowSpec(node, registry, makeChild), incoming(node.id, 'in')),
          parent,
        );
        break;
    }
  }
}

/** The event a node emits on one of its output handles. */
function outputOf(byId: Map<string, BlueprintNode>, edge: BlueprintEdge): TriggerRef {
  const source = byId.get(edge.source) as BlueprintNode;
  const handle = edge.sourceHandle ?? 'out';
  const event = (name: string): TriggerRef => ({ type: 'event', event: name });
  switch (source.kind) {
    case 'start':
      return event(START_EVENT);
    case 'event':
      return { type: source.options.type, event: source.options.event };
    case 'pause':
      return event(
        handle === 'timeout' ? pauseTimeoutEvent(source.id) : chunkTriggerEvent(source.id),
      );
    case 'chunk':
    case 'end':
    case 'subFlow':
      return event(chunkTriggerEvent(source.id));
    case 'when':
      return event(whenEvent(source.id));
    case 'forEach':
      return event(handle === 'item' ? forEachItemEvent(source.id) : forEachDoneEvent(source.id));
    case 'batch':
      return event(batchDoneEvent(source.id));
    case 'match': {
      const index = source.options.cases.findIndex(
        (c) => (c.isElse ? 'else' : `case:${c.id}`) === handle,
      );
      return event(matchCaseEvent(source.id, index));
    }
    case 'endMatch':
      return event(matchDoneEvent(source.options.match));
    case 'collect':
      return event(collectEvent(source.options.name));
  }
}

/** A batch's children listen to their branch of the batch; other steps to their incoming edges. */
function listenOf(
  node: BlueprintNode,
  byId: Map<string, BlueprintNode>,
  incoming: (id: string, handle: string) => TriggerRef[],
): TriggerRef[] {
  const parent = node.parentId ? byId.get(node.parentId) : undefined;
  if (parent?.kind === 'batch') {
    const index = parent.options.branches.indexOf(node.id);
    return [{ type: 'event', event: batchBranchEvent(parent.id, index) }];
  }
  return incoming(node.id, 'in');
}

function attachMatch(
  flow: FlowBuilder,
  node: NodeOf<'match'>,
  blueprint: Blueprint,
  incoming: (id: string, handle: string) => TriggerRef[],
  registry: HandlerRegistry,
): void {
  const route = new MatchRouteOperator(node.id, incoming(node.id, 'in'), node.options.mode);
  const end = blueprint.nodes.find((n) => n.kind === 'endMatch' && n.options.match === node.id);
  route.endNodeId = end?.id;
  node.options.cases.forEach((c, index) => {
    const spec = c.isElse ? undefined : c.when;
    route.cases.push({
      index,
      event: matchCaseEvent(node.id, index),
      isElse: c.isElse ?? false,
      condition: spec ? condition(node.id, spec, registry) : undefined,
      ...(spec ? { spec } : {}),
      reachesEnd:
        end !== undefined &&
        reaches(blueprint, node.id, c.isElse ? 'else' : `case:${c.id}`, end.id),
    });
  });
  flow.attach(route, node.parentId);
}

function condition(nodeId: string, spec: CaseConditionSpec, registry: HandlerRegistry): unknown {
  if ('value' in spec) return spec.value;
  if ('expression' in spec) {
    if (!registry.compileExpression) {
      throw new EngineError(
        'INVALID_BLUEPRINT',
        `Node '${nodeId}': expression cases need registry.compileExpression.`,
        { nodeId },
      );
    }
    return named(registry.compileExpression(spec.expression), spec.expression);
  }
  const entry = registration<ConditionHandler>(registry.conditions?.[spec.ref]);
  if (!entry) {
    throw new EngineError(
      'CONDITION_NOT_REGISTERED',
      `Node '${nodeId}' uses condition '${spec.ref}', which is not registered.`,
      {
        nodeId,
        ref: spec.ref,
      },
    );
  }
  const { handler } = entry;
  return spec.config === undefined
    ? handler
    : named((data: TriggerFlowRuntimeData) => handler(withConfig(data, spec.config)), spec.ref);
}

/** Does a path of edges lead from `source`'s `handle` to `target`? */
function reaches(blueprint: Blueprint, source: string, handle: string, target: string): boolean {
  const seen = new Set<string>();
  const queue = blueprint.edges
    .filter((e) => e.source === source && (e.sourceHandle ?? 'out') === handle)
    .map((e) => e.target);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (id === target) return true;
    if (seen.has(id) || id === source) continue;
    seen.add(id);
    for (const e of blueprint.edges) if (e.source === id) queue.push(e.target);
  }
  return false;
}

/** A sub-flow node's child: inline (built once), or a stored flow loaded when the step runs. */
function subFlowSpec(
  node: SubFlowNode,
  registry: HandlerRegistry,
  makeChild: (blueprint: Blueprint) => ChildFlow,
): SubFlowSpec {
  const { flow, capture, writeBack, concurrency } = node.options;
  const known = 'inline' in flow ? makeChild(flow.inline) : undefined;
  const child = async (): Promise<ChildFlow> => {
    if (known) return known;
    if ('inline' in flow) return makeChild(flow.inline);
    if (!registry.loadFlow) {
      throw new EngineError(
        'SUB_FLOW_NOT_FOUND',
        `Node '${node.id}' names flow '${flow.ref.flowId}', but the registry has no loadFlow.`,
        { nodeId: node.id },
      );
    }
    return makeChild(await registry.loadFlow(flow.ref));
  };
  return {
    id: node.id,
    child,
    ...(known ? { known } : {}),
    describe: () => flow,
    ...(capture ? { capture } : {}),
    ...(writeBack ? { writeBack } : {}),
    ...(concurrency ? { concurrency } : {}),
  };
}

/** The built-in steps behind `pause` and `end` nodes. */
function builtIn(node: NodeOf<'pause'> | NodeOf<'end'>): ChunkHandler {
  if (node.kind === 'end') {
    return async (data) => {
      if (data.getState('$final_result') === undefined)
        await data.setState('$final_result', data.input);
      return data.input;
    };
  }
  const { type, payload, resumeTo, maxResumes, timeout } = node.options;
  return (data) =>
    data.pauseFor({
      type,
      payload: payload === undefined ? { input: data.input } : payload,
      ...(resumeTo ? { resumeTo } : {}),
      ...(maxResumes ? { maxResumes } : {}),
      ...(timeout ? { timeout } : {}),
    });
}

const named = <F extends (...args: never[]) => unknown>(fn: F, name: string): F => {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
};

function withConfig(data: TriggerFlowRuntimeData, config: unknown): TriggerFlowRuntimeData {
  return Object.assign(Object.create(data) as TriggerFlowRuntimeData, { config });
}

function notRegistered(nodeId: string, ref: string): EngineError {
  return new EngineError(
    'HANDLER_NOT_REGISTERED',
    `Node '${nodeId}' uses handler '${ref}', which is not registered: add it to the registry's chunks.`,
    { nodeId, ref },
  );
}
