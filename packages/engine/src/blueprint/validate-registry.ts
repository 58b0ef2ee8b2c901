import type { CaseConditionSpec } from '@triggerflow/blueprint';
import type { z } from 'zod';
import { registration, type HandlerRegistry, type Registration } from './registry';
import {
  describeNode,
  errorMessage,
  nodesOfKind,
  report,
  zodMessage,
  zodPath,
  type GraphNode,
  type IssuePath,
  type ValidationContext,
} from './validate-context';

/** Resolves every name in the blueprint against the registry, and checks configs. */
export function checkRegistry(ctx: ValidationContext, registry: HandlerRegistry): void {
  checkHandlers(ctx, registry);
  checkConditions(ctx, registry);
  if (registry.loadFlow === undefined) checkSubFlowRefs(ctx);
}

function checkHandlers(ctx: ValidationContext, registry: HandlerRegistry): void {
  for (const chunk of nodesOfKind(ctx, 'chunk')) {
    const { ref, config } = chunk.node.handler;
    const at = ['nodes', chunk.index, 'handler'];
    const entry = lookup(registry.chunks, ref);
    if (entry === undefined) {
      report(ctx, 'HANDLER_NOT_REGISTERED', 'error', {
        message: `${describeNode(chunk)} uses handler '${ref}', which is not registered`,
        nodeId: chunk.id,
        path: [...at, 'ref'],
      });
      continue;
    }
    checkConfig(ctx, {
      node: chunk,
      schema: entry.configSchema,
      describe: entry.describeIssue,
      config,
      at: [...at, 'config'],
      what: `handler '${ref}'`,
    });
  }
}

function checkConditions(ctx: ValidationContext, registry: HandlerRegistry): void {
  for (const match of nodesOfKind(ctx, 'match')) {
    match.node.options.cases.forEach((c, k) => {
      if (c.when === undefined || c.isElse === true) return;
      checkCondition(ctx, registry, {
        node: match,
        when: c.when,
        at: ['nodes', match.index, 'options', 'cases', k, 'when'],
        caseId: c.id,
      });
    });
  }
}

function checkSubFlowRefs(ctx: ValidationContext): void {
  for (const sub of nodesOfKind(ctx, 'subFlow')) {
    const flow = sub.node.options.flow;
    if (!('ref' in flow)) continue;
    report(ctx, 'SUB_FLOW_LOADER_MISSING', 'warning', {
      message: `${describeNode(sub)} names stored flow '${flow.ref.flowId}', but the registry has no loadFlow to resolve it`,
      nodeId: sub.id,
      path: ['nodes', sub.index, 'options', 'flow', 'ref'],
    });
  }
}

interface CaseCheck {
  readonly node: GraphNode;
  readonly when: CaseConditionSpec;
  readonly at: IssuePath;
  readonly caseId: string;
}

function checkCondition(ctx: ValidationContext, registry: HandlerRegistry, check: CaseCheck): void {
  const { node, when, at } = check;
  const name = `${describeNode(node)}, case '${check.caseId}'`;
  if ('ref' in when) {
    const entry = lookup(registry.conditions, when.ref);
    if (entry === undefined) {
      report(ctx, 'CONDITION_NOT_REGISTERED', 'error', {
        message: `${name} uses condition '${when.ref}', which is not registered`,
        nodeId: node.id,
        path: [...at, 'ref'],
      });
      return;
    }
    checkConfig(ctx, {
      node,
      schema: entry.configSchema,
      describe: entry.describeIssue,
      config: when.config,
      at: [...at, 'config'],
      what: `condition '${when.ref}'`,
    });
  } else if ('expression' in when) {
    if (registry.compileExpression === undefined) {
      report(ctx, 'EXPRESSION_UNSUPPORTED', 'error', {
        message: `${name} uses an expression, but the registry has no compileExpression`,
        nodeId: node.id,
        path: [...at, 'expression'],
      });
      return;
    }
    try {
      registry.compileExpression(when.expression);
    } catch (error) {
      report(ctx, 'INVALID_EXPRESSION', 'error', {
        message: `${name}: expression does not compile: ${errorMessage(error)}`,
        nodeId: node.id,
        path: [...at, 'expression'],
      });
    }
  }
}

interface ConfigCheck {
  readonly node: GraphNode;
  readonly schema: z.ZodType | undefined;
  readonly describe: Registration<unknown>['describeIssue'];
  readonly config: unknown;
  readonly at: IssuePath;
  readonly what: string;
}

function checkConfig(ctx: ValidationContext, check: ConfigCheck): void {
  if (check.schema === undefined) return;
  const name = `${describeNode(check.node)}: config of ${check.what}`;
  let issues: z.core.$ZodIssue[];
  try {
    issues = check.schema.safeParse(check.config).error?.issues ?? [];
  } catch (error) {
    // e.g. an async refinement: the config cannot be checked statically.
    report(ctx, 'INVALID_CONFIG', 'error', {
      message: `${name} could not be checked: ${errorMessage(error)}`,
      nodeId: check.node.id,
      path: check.at,
    });
    return;
  }
  const seen = new Set<string>();
  for (const issue of issues) {
    const message =
      check.describe?.(issue, check.config) ?? `${name} is invalid: ${zodMessage(issue)}`;
    const path = [...check.at, ...zodPath(issue)];
    // Two rules of one field can fail alike (an empty expression is both empty and unparsable).
    const key = JSON.stringify([message, path]);
    if (seen.has(key)) continue;
    seen.add(key);
    report(ctx, 'INVALID_CONFIG', 'error', { message, nodeId: check.node.id, path });
  }
}

/** An own entry of the registry (never `toString` & co. from the prototype). */
function lookup<F>(
  entries: Readonly<Record<string, F | Registration<F>>> | undefined,
  name: string,
): Registration<F> | undefined {
  if (entries === undefined || !Object.hasOwn(entries, name)) return undefined;
  return registration(entries[name]);
}
