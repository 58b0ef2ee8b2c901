import {
  BLUEPRINT_SCHEMA,
  type Blueprint,
  type BlueprintEdge,
  type BlueprintNode,
  type CaseConditionSpec,
} from '@triggerflow/blueprint';
import { EngineError } from '../errors';
import type { Operator } from '../operator';
import { BatchFanoutOperator } from '../operators/batch';
import { ChunkOperator } from '../operators/chunk-operator';
import { CollectBranchOperator } from '../operators/collect';
import { FanInOperator } from '../operators/fan-in';
import { ForEachSplitOperator } from '../operators/for-each';
import { SignalGateOperator } from '../operators/gate';
import { MatchRouteOperator, type MatchCase } from '../operators/match';
import { pauseTimeoutEvent } from '../events';
import { START_EVENT, triggerKey, type TriggerRef } from '../signal';
import { layoutBlueprint } from './layout';

export const START_NODE_ID = 'start';

export interface DefinitionView {
  readonly name: string;
  readonly operators: readonly Operator[];
  parentOf(operatorId: string): string | undefined;
  /** The id a blueprint gave the event node of `ref`, if the flow came from one. */
  eventNodeId?(ref: TriggerRef): string | undefined;
}

interface Port {
  readonly node: string;
  readonly handle: string;
}

/**
 * The blueprint of a flow: one node per step or construct, one edge per subscription. With
 * `strict`, anonymous handlers and predicates (which cannot be registered by name) are an error;
 * without, they get placeholder refs (enough for a fingerprint).
 */
export function toBlueprint(
  view: DefinitionView,
  options: { strict: boolean; layout: boolean },
): Blueprint {
  const nodes = new Map<string, BlueprintNode>();
  const inputs: { port: Port; refs: readonly TriggerRef[] }[] = [];
  const producers = new Map<string, Port[]>();
  const produce = (ref: TriggerRef, port: Port): void => {
    const key = triggerKey(ref.type, ref.event);
    producers.set(key, [...(producers.get(key) ?? []), port]);
  };
  const addNode = (node: BlueprintNode): void => {
    if (nodes.has(node.id)) {
      throw new EngineError(
        'INVALID_BLUEPRINT',
        `Two parts of flow '${view.name}' would both be node '${node.id}'; rename one of them.`,
      );
    }
    nodes.set(node.id, node);
  };
  const withParent = <N extends BlueprintNode>(node: N, operatorId: string): N => {
    const parentId = view.parentOf(operatorId);
    return parentId === undefined ? node : { ...node, parentId };
  };

  addNode({ id: START_NODE_ID, kind: 'start' });
  produce({ type: 'event', event: START_EVENT }, { node: START_NODE_ID, handle: 'out' });
  const batchBranchEvents = new Set<string>();
  const refs = new Map<string, { handler: unknown; step: string }>();
  const claimRef = (ref: string, handler: unknown, step: string): void => {
    const owner = refs.get(ref);
    if (owner && owner.handler !== handler && options.strict)
      throw sharedRef(ref, owner.step, step);
    if (!owner) refs.set(ref, { handler, step });
  };
  const endNodes = new Map<string, string>();

  for (const op of view.operators) {
    if (op instanceof ChunkOperator) {
      const { chunk } = op;
      const builtIn = chunk.origin.node;
      if (builtIn) addNode(withParent({ ...builtIn, id: chunk.name }, op.id));
      else {
        const ref = chunk.origin.ref ?? anonymous(options.strict, `step '${chunk.name}'`);
        claimRef(ref, chunk.handler, chunk.name);
        const handler =
          chunk.origin.config === undefined ? { ref } : { ref, config: chunk.origin.config };
        addNode(withParent({ id: chunk.name, kind: 'chunk', handler }, op.id));
      }
      produce({ type: 'event', event: chunk.triggerEvent }, { node: chunk.name, handle: 'out' });
      if (builtIn?.kind === 'pause') {
        produce(
          { type: 'event', event: pauseTimeoutEvent(chunk.name) },
          { node: chunk.name, handle: 'timeout' },
        );
      }
      const listen = op.listen.filter((r) => !batchBranchEvents.has(r.event));
      inputs.push({ port: { node: chunk.name, handle: 'in' }, refs: listen });
    } else if (op instanceof SignalGateOperator) {
      addNode(withParent({ id: op.id, kind: 'when', options: { mode: op.mode } }, op.id));
      produce(op.emits[0] as TriggerRef, { node: op.id, handle: 'out' });
      inputs.push({ port: { node: op.id, handle: 'in' }, refs: op.listen });
    } else if (op instanceof ForEachSplitOperator) {
      addNode(
        withParent(
          { id: op.id, kind: 'forEach', options: { concurrency: op.concurrency ?? null } },
          op.id,
        ),
      );
      produce({ type: 'event', event: op.itemEvent }, { node: op.id, handle: 'item' });
      produce({ type: 'event', event: op.doneEvent }, { node: op.id, handle: 'out' });
      inputs.push({ port: { node: op.id, handle: 'in' }, refs: op.listen });
    } else if (op instanceof BatchFanoutOperator) {
      const branches = op.branches.map((b) => b.key);
      const concurrency = op.concurrency ?? null;
      addNode(withParent({ id: op.id, kind: 'batch', options: { concurrency, branches } }, op.id));
      for (const b of op.branches) batchBranchEvents.add(b.event);
      produce({ type: 'event', event: op.doneEvent }, { node: op.id, handle: 'out' });
      inputs.push({ port: { node: op.id, handle: 'in' }, refs: op.listen });
    } else if (op instanceof MatchRouteOperator) {
      const cases = op.cases.map((c) => ({
        id: caseId(c),
        ...(c.isElse ? { isElse: true } : { when: caseSpec(c, options.strict) }),
      }));
      addNode(withParent({ id: op.id, kind: 'match', options: { mode: op.mode, cases } }, op.id));
      for (const c of op.cases) {
        produce(
          { type: 'event', event: c.event },
          { node: op.id, handle: c.isElse ? 'else' : `case:${caseId(c)}` },
        );
      }
      const end = op.endNodeId ?? `${op.id}-end`;
      endNodes.set(op.id, end);
      addNode(withParent({ id: end, kind: 'endMatch', options: { match: op.id } }, op.id));
      produce({ type: 'event', event: op.doneEvent }, { node: end, handle: 'out' });
      inputs.push({ port: { node: op.id, handle: 'in' }, refs: op.listen });
    } else if (op instanceof FanInOperator) {
      const group = String(op.options.group);
      if (op.kind === 'forEachCollect')
        inputs.push({ port: { node: group, handle: 'end' }, refs: op.listen });
      if (op.kind === 'matchCollect')
        inputs.push({
          port: { node: endNodes.get(group) ?? `${group}-end`, handle: 'in' },
          refs: op.listen,
        });
    } else if (op instanceof CollectBranchOperator) {
      const { name, branchId, mode } = op.spec;
      addNode(withParent({ id: op.id, kind: 'collect', options: { name, branchId, mode } }, op.id));
      produce(op.emits[0] as TriggerRef, { node: op.id, handle: 'out' });
      inputs.push({ port: { node: op.id, handle: 'in' }, refs: op.listen });
    } else {
      const subFlow = op.toBlueprintNode?.(options);
      if (!subFlow)
        throw new EngineError(
          'INVALID_BLUEPRINT',
          `Operator '${op.id}' (${op.kind}) has no blueprint form.`,
        );
      addNode(withParent(subFlow.node, op.id));
      produce(op.emits[0] as TriggerRef, { node: subFlow.node.id, handle: 'out' });
      inputs.push({ port: { node: subFlow.node.id, handle: 'in' }, refs: op.listen });
    }
  }

  const edges: BlueprintEdge[] = [];
  const edgeIds = new Set<string>();
  for (const { port, refs } of inputs) {
    for (const ref of refs) {
      const found = producers.get(triggerKey(ref.type, ref.event)) ?? [];
      const source =
        found.length === 1 ? (found[0] as Port) : eventNode(nodes, ref, view.eventNodeId?.(ref));
      let id = `${source.node}:${source.handle}->${port.node}:${port.handle}`;
      for (let n = 2; edgeIds.has(id); n += 1) id = `${id}#${n}`;
      edgeIds.add(id);
      edges.push({
        id,
        source: source.node,
        sourceHandle: source.handle,
        target: port.node,
        targetHandle: port.handle,
      });
    }
  }
  const blueprint: Blueprint = {
    schema: BLUEPRINT_SCHEMA,
    name: view.name,
    nodes: [...nodes.values()],
    edges,
  };
  return options.layout ? layoutBlueprint(blueprint) : blueprint;
}

/** An external trigger (an event nobody in the flow produces, or a state / flow-data key). */
function eventNode(
  nodes: Map<string, BlueprintNode>,
  ref: TriggerRef,
  named: string | undefined,
): Port {
  const id = named ?? (ref.type === 'event' ? `on:${ref.event}` : `on:${ref.type}:${ref.event}`);
  if (!nodes.has(id))
    nodes.set(id, { id, kind: 'event', options: { type: ref.type, event: ref.event } });
  return { node: id, handle: 'out' };
}

const caseId = (c: MatchCase): string => (c.isElse ? 'else' : `case-${c.index}`);

function caseSpec(c: MatchCase, strict: boolean): CaseConditionSpec {
  if (c.spec) return c.spec;
  if (typeof c.condition !== 'function') return { value: c.condition };
  const ref = (c.condition as { name?: string }).name;
  return { ref: ref || anonymous(strict, `case ${c.index}`) };
}

/** Two different functions under one handler name cannot both be registered by that name. */
export function sharedRef(ref: string, first: string, second: string): EngineError {
  return new EngineError(
    'NON_SERIALIZABLE_HANDLER',
    `Steps '${first}' and '${second}' use different functions that are both named '${ref}': a blueprint names handlers, so give the functions distinct names.`,
    { ref, steps: [first, second] },
  );
}

function anonymous(strict: boolean, what: string): string {
  if (strict) {
    throw new EngineError(
      'NON_SERIALIZABLE_HANDLER',
      `The ${what} uses a non-serializable handler (an anonymous function): a blueprint names handlers, so give it a name (a named function, or .to(fn, { name })).`,
    );
  }
  return `<anonymous:${what}>`;
}
