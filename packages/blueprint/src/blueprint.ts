import { z } from 'zod';
import { triggerTypeSchema } from './signal';
import { resumeToSchema, timeoutPolicySchema } from './interrupt';

/**
 * The one serialised form of a flow (DESIGN.md §3): a graph that both the canvas and the engine read.
 * Handlers are never in it, only their registered names (`handler.ref`).
 */
export const BLUEPRINT_SCHEMA = 'triggerflow.blueprint/v1';

const id = z.string().min(1, 'must not be empty');
const positionSchema = z.object({ x: z.number(), y: z.number() });
const sizeSchema = z.object({ width: z.number().positive(), height: z.number().positive() });
const concurrencySchema = z.number().int().positive().nullable();

/** Fields every node has. Position, size and label never change behaviour or the fingerprint. */
const nodeBase = {
  id,
  label: z.string().optional(),
  position: positionSchema.optional(),
  size: sizeSchema.optional(),
  /** The forEach or batch group this node belongs to. */
  parentId: id.optional(),
};

export const handlerRefSchema = z.strictObject({
  /** The registered name of the handler. */
  ref: id,
  /** Validated against the registered handler's config schema when the blueprint is loaded. */
  config: z.unknown().optional(),
});
export type HandlerRef = z.infer<typeof handlerRefSchema>;

/** How a match case decides: an equal value, a registered condition, or an expression. */
export const caseConditionSchema = z.union([
  z.strictObject({ value: z.unknown() }),
  z.strictObject({ ref: id, config: z.unknown().optional() }),
  z.strictObject({ expression: z.string().min(1) }),
]);
export type CaseConditionSpec = z.infer<typeof caseConditionSchema>;

export const matchCaseSchema = z.strictObject({
  /** The case's output handle is `case:<id>`; the else case's handle is `else`. */
  id,
  isElse: z.boolean().optional(),
  when: caseConditionSchema.optional(),
});
export type MatchCaseSpec = z.infer<typeof matchCaseSchema>;

export { timeoutPolicySchema, type TimeoutPolicy } from './interrupt';

const capturePath = z.string().min(1);
export const subFlowBindingsSchema = z.record(
  z.string(),
  z.union([capturePath, z.record(z.string(), capturePath)]),
);

export const startNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal('start') });

/** An external trigger: an event emitted from outside or by `data.emit`, or a state / flow-data key. */
export const eventNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('event'),
  options: z.strictObject({ type: triggerTypeSchema, event: id }),
});

export const chunkNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('chunk'),
  handler: handlerRefSchema,
});

/** A join of its incoming edges: `and` waits for one of each, `or` / `simpleOr` fire on each. */
export const whenNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('when'),
  options: z.strictObject({ mode: z.enum(['and', 'or', 'simpleOr']) }),
});

/** A group: edges from its `item` handle start the body, edges into its `end` handle close it. */
export const forEachNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('forEach'),
  options: z.strictObject({ concurrency: concurrencySchema }),
});

/** A group whose children are the branches, in `branches` order; emits `{ [child id]: result }`. */
export const batchNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('batch'),
  options: z.strictObject({ concurrency: concurrencySchema, branches: z.array(id) }),
});

export const matchNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('match'),
  options: z.strictObject({
    mode: z.enum(['hitFirst', 'hitAll']),
    cases: z.array(matchCaseSchema),
  }),
});

/** Where a match's branches meet again (the DSL's `endMatch()`). */
export const endMatchNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('endMatch'),
  options: z.strictObject({ match: id }),
});

export const collectNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('collect'),
  options: z.strictObject({
    name: id,
    branchId: id,
    mode: z.enum(['filledAndUpdate', 'filledThenEmpty']),
  }),
});

/** A human (or external) decision point. */
export const pauseNodeSchema = z.strictObject({
  ...nodeBase,
  kind: z.literal('pause'),
  options: z.strictObject({
    type: id,
    payload: z.unknown().optional(),
    resumeTo: resumeToSchema.optional(),
    maxResumes: z.number().int().positive().optional(),
    timeout: timeoutPolicySchema.optional(),
  }),
});

/** Writes its input as the flow's result (`$final_result`) when there is none yet. */
export const endNodeSchema = z.strictObject({ ...nodeBase, kind: z.literal('end') });

export const edgeSchema = z.strictObject({
  id,
  source: id,
  sourceHandle: z.string().optional(),
  target: id,
  targetHandle: z.string().optional(),
});
export type BlueprintEdge = z.infer<typeof edgeSchema>;

export interface SubFlowNode {
  id: string;
  kind: 'subFlow';
  label?: string;
  position?: { x: number; y: number };
  size?: { width: number; height: number };
  parentId?: string;
  options: {
    flow: { inline: Blueprint } | { ref: { flowId: string; version?: number } };
    capture?: Record<string, string | Record<string, string>>;
    writeBack?: Record<string, string | Record<string, string>>;
    concurrency?: number;
  };
}

export type BlueprintNode =
  | z.infer<typeof startNodeSchema>
  | z.infer<typeof eventNodeSchema>
  | z.infer<typeof chunkNodeSchema>
  | z.infer<typeof whenNodeSchema>
  | z.infer<typeof forEachNodeSchema>
  | z.infer<typeof batchNodeSchema>
  | z.infer<typeof matchNodeSchema>
  | z.infer<typeof endMatchNodeSchema>
  | z.infer<typeof collectNodeSchema>
  | z.infer<typeof pauseNodeSchema>
  | z.infer<typeof endNodeSchema>
  | SubFlowNode;

export type NodeKind = BlueprintNode['kind'];

export interface Blueprint {
  schema: typeof BLUEPRINT_SCHEMA;
  name: string;
  description?: string;
  nodes: BlueprintNode[];
  edges: BlueprintEdge[];
  meta?: Record<string, unknown>;
}

export const subFlowNodeSchema: z.ZodType<SubFlowNode> = z.lazy(() =>
  z.strictObject({
    ...nodeBase,
    kind: z.literal('subFlow'),
    options: z.strictObject({
      flow: z.union([
        z.object({ inline: blueprintSchema }),
        z.object({
          ref: z.object({ flowId: id, version: z.number().int().positive().optional() }),
        }),
      ]),
      capture: subFlowBindingsSchema.optional(),
      writeBack: subFlowBindingsSchema.optional(),
      concurrency: z.number().int().positive().optional(),
    }),
  }),
);

export const nodeSchema: z.ZodType<BlueprintNode> = z.lazy(() =>
  z.union([
    startNodeSchema,
    eventNodeSchema,
    chunkNodeSchema,
    whenNodeSchema,
    forEachNodeSchema,
    batchNodeSchema,
    matchNodeSchema,
    endMatchNodeSchema,
    collectNodeSchema,
    pauseNodeSchema,
    endNodeSchema,
    subFlowNodeSchema,
  ]),
);

export const blueprintSchema: z.ZodType<Blueprint> = z.lazy(() =>
  z.object({
    schema: z.literal(BLUEPRINT_SCHEMA),
    name: z.string(),
    description: z.string().optional(),
    nodes: z.array(nodeSchema),
    edges: z.array(edgeSchema),
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** Every node kind with its schema, for the editor's palette and inspector forms. */
export const nodeKindSchemas = {
  start: startNodeSchema,
  event: eventNodeSchema,
  chunk: chunkNodeSchema,
  when: whenNodeSchema,
  forEach: forEachNodeSchema,
  batch: batchNodeSchema,
  match: matchNodeSchema,
  endMatch: endMatchNodeSchema,
  collect: collectNodeSchema,
  pause: pauseNodeSchema,
  end: endNodeSchema,
  subFlow: subFlowNodeSchema,
} as const;

/**
 * The handles of each kind (what edges may name). Match cases add `case:<id>` source handles;
 * the else case is `else`.
 */
export const nodeHandles: Record<
  NodeKind,
  { targets: readonly string[]; sources: readonly string[] }
> = {
  start: { targets: [], sources: ['out'] },
  event: { targets: [], sources: ['out'] },
  chunk: { targets: ['in'], sources: ['out'] },
  when: { targets: ['in'], sources: ['out'] },
  forEach: { targets: ['in', 'end'], sources: ['item', 'out'] },
  batch: { targets: ['in'], sources: ['out'] },
  match: { targets: ['in'], sources: [] },
  endMatch: { targets: ['in'], sources: ['out'] },
  collect: { targets: ['in'], sources: ['out'] },
  pause: { targets: ['in'], sources: ['out', 'timeout'] },
  end: { targets: ['in'], sources: [] },
  subFlow: { targets: ['in'], sources: ['out'] },
};
