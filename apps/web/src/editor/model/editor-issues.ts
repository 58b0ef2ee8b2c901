/**
 * Everything the editor checks in the browser, in one pure function (run by the validation worker,
 * validation.worker.ts): the engine's `validateBlueprint` against a registry as close to the
 * server's as a browser can have. The built-in kinds are the node library's own registrations
 * (their zod config schemas, their wording of config problems — "Transform needs an expression",
 * and the JSONata compiler of match cases), so a missing setting blocks Run here exactly as it
 * would on the server. Kinds the server registered that this build does not know keep a stub
 * (their configs are checked by the server). Stored sub-flows resolve on the server.
 */
import type { Blueprint, BlueprintIssue } from '@triggerflow/blueprint';
import type { HandlerRegistry } from '@triggerflow/engine';
import { createBuiltinCatalog } from '@triggerflow/nodes';
import {
  catalogRegistry,
  issuesByElement,
  type CatalogKind,
  type ElementIssues,
} from './validation';

export type ValidationCatalogEntry = CatalogKind & {
  readonly label?: string;
  /** A kind that asks a model, on a server that has none: only its offline rules answer. */
  readonly offline?: boolean;
};

/**
 * Steps that ask a model on a server without one, with no offline rules: every run would fail
 * there ("No offline rule matches the input"), so the editor says so before Run.
 */
export function offlineModelIssues(
  blueprint: Blueprint,
  entries: readonly ValidationCatalogEntry[],
): BlueprintIssue[] {
  const offline = new Map(entries.filter((e) => e.offline === true).map((e) => [e.kind, e]));
  const issues: BlueprintIssue[] = [];
  blueprint.nodes.forEach((node, index) => {
    if (node.kind !== 'chunk') return;
    const entry = offline.get(node.handler.ref);
    const rules = (node.handler.config as { rules?: unknown } | undefined)?.rules;
    if (entry === undefined || (Array.isArray(rules) && rules.length > 0)) return;
    issues.push({
      code: 'MODEL_UNAVAILABLE',
      severity: 'error',
      message: `${entry.label ?? node.handler.ref} has no offline rules, and this server has no model to ask: add a rule, or connect a model server`,
      nodeId: node.id,
      path: ['nodes', index, 'handler', 'config', 'rules'],
    });
  });
  return issues;
}

/** The server's catalog, with the built-in kinds' real registrations (handlers never run here). */
export function editorRegistry(entries: readonly CatalogKind[]): HandlerRegistry {
  const builtin = createBuiltinCatalog().registry();
  const stubs = catalogRegistry(entries);
  const chunks = { ...stubs.chunks };
  for (const entry of entries) {
    const own = builtin.chunks?.[entry.kind];
    if (entry.nodeKind === 'chunk' && own !== undefined) chunks[entry.kind] = own;
  }
  return {
    ...stubs,
    chunks,
    ...(builtin.compileExpression && { compileExpression: builtin.compileExpression }),
  };
}

/** A validator for one catalog (the registry is built once). */
export function createEditorValidator(
  entries: readonly ValidationCatalogEntry[],
): (blueprint: Blueprint) => ElementIssues {
  const registry = editorRegistry(entries);
  return (blueprint) =>
    issuesByElement(blueprint, registry, offlineModelIssues(blueprint, entries));
}
