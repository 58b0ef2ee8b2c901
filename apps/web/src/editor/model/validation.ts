/**
 * Inline validation (issue 6): the shared engine's `validateBlueprint`, run in the browser as
 * people edit, with its issues indexed by node and edge id for the canvas markers and the panel.
 *
 * What the browser can check. `validateBlueprint(bp)` without a registry checks everything but
 * names: shape, ids, wiring and handles, groups, match cases, reachability, cycles and policies.
 * The editor has no handler functions, but it has the server's catalog (`catalog.list`), so
 * `catalogRegistry(entries)` registers every `chunk` kind by name with a stub handler (never
 * called: validation only looks names up). Then, like on the server:
 * - a `handler.ref` outside the catalog is `HANDLER_NOT_REGISTERED`;
 * - a match case naming a condition is `CONDITION_NOT_REGISTERED` (the catalog has none);
 * - stored sub-flows resolve on the server, so a `loadFlow` stub keeps the browser from warning
 *   `SUB_FLOW_LOADER_MISSING` where the server would not.
 * What it leaves to others: configs are not checked here (the catalog carries JSON Schemas, the
 * engine wants zod; the inspector form validates them against the JSON Schema), and expressions
 * are accepted unless a compiler is injected. The editor injects a JSONata syntax check and adds
 * the JSONata errors of configs (editor-issues.ts, run in a worker). The server's
 * `flows.validate` remains the authority, with the real registry.
 */
import type { Blueprint, BlueprintIssue } from '@triggerflow/blueprint';
import {
  validateBlueprint,
  type ConditionHandler,
  type HandlerRegistry,
} from '@triggerflow/engine';

/** What the validation needs of a catalog entry (the server's `CatalogEntry` is one). */
export interface CatalogKind {
  readonly kind: string;
  readonly nodeKind: string;
}

export interface ElementIssues {
  /** Every issue, in `validateBlueprint`'s order. */
  readonly all: readonly BlueprintIssue[];
  /** By node id (an issue naming a node and an edge is under both). */
  readonly nodes: ReadonlyMap<string, readonly BlueprintIssue[]>;
  readonly edges: ReadonlyMap<string, readonly BlueprintIssue[]>;
  /** Issues of the flow as a whole (no node, no edge), e.g. `MISSING_ENTRY`. */
  readonly flow: readonly BlueprintIssue[];
  readonly errors: number;
  readonly warnings: number;
}

export type RunCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

export function catalogRegistry(
  entries: readonly CatalogKind[],
  options: { compileExpression?: (expression: string) => ConditionHandler } = {},
): HandlerRegistry {
  const chunks: Record<string, () => never> = {};
  for (const entry of entries) {
    if (entry.nodeKind !== 'chunk') continue;
    chunks[entry.kind] = () => {
      throw new Error(`'${entry.kind}' runs on the server; the editor only knows its name`);
    };
  }
  return {
    chunks,
    compileExpression: options.compileExpression ?? (() => () => false),
    loadFlow: ({ flowId }) =>
      Promise.reject(new Error(`stored flow '${flowId}' is resolved by the server`)),
  };
}

/** `validateBlueprint`'s issues (plus `extra` ones found elsewhere) indexed by element. */
export function issuesByElement(
  blueprint: Blueprint,
  registry?: HandlerRegistry,
  extra: readonly BlueprintIssue[] = [],
): ElementIssues {
  const all = [...validateBlueprint(blueprint, registry), ...extra];
  const nodes = new Map<string, BlueprintIssue[]>();
  const edges = new Map<string, BlueprintIssue[]>();
  const flow: BlueprintIssue[] = [];
  const add = (map: Map<string, BlueprintIssue[]>, id: string, issue: BlueprintIssue): void => {
    const list = map.get(id);
    if (list) list.push(issue);
    else map.set(id, [issue]);
  };
  for (const issue of all) {
    if (issue.nodeId !== undefined) add(nodes, issue.nodeId, issue);
    if (issue.edgeId !== undefined) add(edges, issue.edgeId, issue);
    if (issue.nodeId === undefined && issue.edgeId === undefined) flow.push(issue);
  }
  const errors = all.filter((i) => i.severity === 'error').length;
  return { all, nodes, edges, flow, errors, warnings: all.length - errors };
}

/** Saving is always allowed; running needs a blueprint without errors (warnings are advice). */
export function canRun(issues: readonly BlueprintIssue[] | ElementIssues): RunCheck {
  const list = 'all' in issues ? issues.all : issues;
  const errors = list.filter((i) => i.severity === 'error').length;
  if (errors === 0) return { ok: true };
  return {
    ok: false,
    message:
      errors === 1
        ? 'This flow has 1 error. Fix it before running.'
        : `This flow has ${errors} errors. Fix them before running.`,
  };
}
