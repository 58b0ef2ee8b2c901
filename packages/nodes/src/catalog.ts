import { nodeKindSchemas, toJsonSchema } from '@triggerflow/blueprint';
import type {
  ConditionHandler,
  HandlerRegistry,
  TriggerFlowRuntimeData,
} from '@triggerflow/engine';
import { z } from 'zod';
import { compileExpression, constantOf, ExpressionError } from './expression';
import { describeConfigIssue } from './form';
import { categoryLabels, kindHandler, scope, type NodeKind, type NodeKindInfo } from './kind';
import { structuralKinds } from './kinds/structural';

/** One entry of the editor's palette: what the kind is, and its inspector form (JSON Schema). */
export interface CatalogEntry extends NodeKindInfo {
  /** `chunk` kinds are registered handlers (`handler.ref` = `kind`); the others are graph nodes. */
  readonly nodeKind: 'chunk' | keyof typeof nodeKindSchemas;
  /** The category as the palette names it ("Input and output"). */
  readonly categoryLabel: string;
  readonly configJsonSchema: Record<string, unknown>;
}

/**
 * The set of node kinds a server offers. Register the built-ins and your own kinds the same way,
 * then hand `registry()` to `TriggerFlow.fromBlueprint` and `entries()` to the editor.
 */
export class NodeCatalog {
  private readonly kinds = new Map<string, NodeKind<unknown>>();

  constructor(kinds: readonly NodeKind<unknown>[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  /** Adds a kind; its name must not be taken. */
  register<C>(kind: NodeKind<C>): this {
    if (this.kinds.has(kind.kind) || structuralKinds.some((s) => s.kind === kind.kind)) {
      throw new Error(`Node kind '${kind.kind}' is already registered.`);
    }
    this.kinds.set(kind.kind, kind);
    return this;
  }

  get(kind: string): NodeKind<unknown> | undefined {
    return this.kinds.get(kind);
  }

  /** What `fromBlueprint` / `validateBlueprint` need: every kind's handler and config schema. */
  registry(
    extra: Omit<HandlerRegistry, 'chunks'> & Pick<HandlerRegistry, 'chunks'> = {},
  ): HandlerRegistry {
    const chunks: Record<string, NonNullable<HandlerRegistry['chunks']>[string]> = {
      ...extra.chunks,
    };
    for (const kind of this.kinds.values()) {
      chunks[kind.kind] = {
        handler: kindHandler(kind),
        configSchema: kind.configSchema,
        describeIssue: (issue, config) =>
          describeConfigIssue({ kindLabel: kind.label, form: kind.form, config, issue }),
      };
    }
    return { compileExpression: expressionCondition, ...extra, chunks };
  }

  /** The palette: structural nodes first, then every registered kind, with JSON Schema forms. */
  entries(): CatalogEntry[] {
    const structural = structuralKinds.map((s) => ({
      ...s,
      categoryLabel: categoryLabels[s.category],
      configJsonSchema: toJsonSchema(nodeKindSchemas[s.nodeKind]),
    }));
    const handlers = [...this.kinds.values()].map((kind): CatalogEntry => ({
      ...info(kind),
      nodeKind: 'chunk',
      categoryLabel: categoryLabels[kind.category],
      configJsonSchema: z.toJSONSchema(kind.configSchema, {
        io: 'input',
        unrepresentable: 'any',
      }),
    }));
    return [...structural, ...handlers];
  }
}

/**
 * A match case written as a JSONata predicate over `{ input, state }`. A predicate that is a
 * constant other than `true` (`"A"`, `3`, `false`) can never match: that is refused, since it is
 * what a value case written in expression mode looks like.
 */
export function expressionCondition(source: string): ConditionHandler {
  const expression = compileExpression(source);
  const constant = constantOf(source);
  if (constant !== undefined && constant.value !== true) {
    const shown = JSON.stringify(constant.value);
    throw new ExpressionError(
      'CONSTANT_CASE',
      `the expression always gives ${shown}, never true, so the case never matches; to match the value ${shown}, make it a value case`,
      0,
      source,
    );
  }
  const predicate = async (data: TriggerFlowRuntimeData) =>
    (await expression.evaluate(scope(data))) === true;
  Object.defineProperty(predicate, 'name', { value: source });
  return predicate;
}

/** The descriptive part of a kind (what the editor shows). */
function info(kind: NodeKindInfo): NodeKindInfo {
  const { kind: name, label, icon, category, summary, input, output, docs, form } = kind;
  const model = kind.usesModel === true ? { usesModel: true } : {};
  return { kind: name, label, icon, category, summary, input, output, docs, form, ...model };
}
