import type { ChunkHandler, TriggerFlowRuntimeData } from '@triggerflow/engine';
import { z } from 'zod';
import { checkExpression } from './expression';
import type { FormField } from './form';

export type NodeCategory = 'data' | 'flow' | 'events' | 'ai' | 'io' | 'human' | 'structure';

/** The palette's headings, in palette order. */
export const categoryLabels: Readonly<Record<NodeCategory, string>> = {
  structure: 'Structure',
  data: 'Data',
  flow: 'Flow',
  events: 'Events',
  ai: 'AI',
  io: 'Input and output',
  human: 'People',
};

/** What the editor shows about a kind (and what the server serves as the catalog). */
export interface NodeKindInfo {
  /** The handler's registered name: a blueprint chunk node's `handler.ref`. */
  readonly kind: string;
  readonly label: string;
  /** An icon name from the editor's icon set (lucide names). */
  readonly icon: string;
  readonly category: NodeCategory;
  /** One line for the palette. */
  readonly summary: string;
  readonly input: string;
  readonly output: string;
  /** Markdown: options, behaviour, errors, examples. */
  readonly docs: string;
  /** The inspector's form: every setting with its label, help and widget (form/spec.ts). */
  readonly form: readonly FormField[];
  /** Asks the `model` runtime resource (a server without a model answers from offline rules). */
  readonly usesModel?: boolean;
}

/**
 * A built-in (or application) node kind: a chunk handler with a zod config schema. The handler
 * reads its node's validated config from `data.config`.
 */
export interface NodeKind<C = unknown> extends NodeKindInfo {
  readonly configSchema: z.ZodType<C, unknown>;
  /** Builds the handler; `config` is parsed by `configSchema` once per node and cached. */
  run(data: TriggerFlowRuntimeData, config: C): unknown;
}

/** Defines a kind with its types inferred from the config schema. */
export function defineKind<S extends z.ZodType>(
  kind: NodeKindInfo & {
    configSchema: S;
    run(data: TriggerFlowRuntimeData, config: z.output<S>): unknown;
  },
): NodeKind<z.output<S>> {
  return kind as NodeKind<z.output<S>>;
}

/** The chunk handler of a kind: parses the node's config once (per config object) and runs. */
export function kindHandler<C>(kind: NodeKind<C>): ChunkHandler {
  const parsed = new WeakMap<object, C>();
  const handler = (data: TriggerFlowRuntimeData): unknown => {
    const raw = data.config ?? {};
    const key = typeof raw === 'object' && raw !== null ? raw : undefined;
    let config = key ? parsed.get(key) : undefined;
    if (config === undefined) {
      config = kind.configSchema.parse(raw);
      if (key) parsed.set(key, config);
    }
    return kind.run(data, config);
  };
  Object.defineProperty(handler, 'name', { value: kind.kind });
  return handler;
}

/** A string holding a JSONata expression: a syntax error is a config error with its position. */
export const expressionString = (description: string) =>
  z
    .string()
    .min(1, 'an expression is required')
    .superRefine((source, ctx) => {
      const problem = checkExpression(source);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: problem.message,
          params: { position: problem.position },
        });
    })
    .describe(description);

/** What a node's expressions see: the step's input and the execution's state. */
export const scope = (data: TriggerFlowRuntimeData): { input: unknown; state: unknown } => ({
  input: data.input,
  state: data.getState(),
});
