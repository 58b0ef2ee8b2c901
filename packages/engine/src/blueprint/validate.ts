import { migrateBlueprint, type BlueprintIssue } from '@triggerflow/blueprint';
import type { HandlerRegistry } from './registry';
import {
  errorMessage,
  isRecord,
  show,
  type IssuePath,
  type NodeEntry,
  type ValidationContext,
} from './validate-context';
import { checkBatches, checkEndMatches, checkParents } from './validate-groups';
import { checkCycles, checkReachability } from './validate-graph';
import { checkMatchCases, checkPolicies } from './validate-nodes';
import { checkRegistry } from './validate-registry';
import { checkHeader, inlineFlowOf, parseEdges, parseNodes } from './validate-structure';
import { blueprintValueIssues } from './validate-values';
import { checkEdges, checkEntry } from './validate-wiring';

/**
 * Every problem of a blueprint, as data (DESIGN.md §3): shape, ids, wiring, groups, match cases,
 * reachability, cycles, run-time policies and, given a registry, the names it must resolve.
 * Never throws, whatever `input` is. An empty array means the blueprint is clean.
 */
export function validateBlueprint(input: unknown, registry?: HandlerRegistry): BlueprintIssue[] {
  try {
    const cycle = findReferenceCycle(input);
    if (cycle !== undefined) {
      const where = cycle.length === 0 ? 'the root' : cycle.join('.');
      return [invalid(`a blueprint must be JSON, but it refers back to itself at ${where}`, cycle)];
    }
    const unsafe = blueprintValueIssues(input);
    return unsafe.length > 0
      ? [...unsafe, ...validateAny(input, registry)]
      : validateAny(input, registry);
  } catch (error) {
    // Only reachable for inputs no JSON parser can produce (throwing getters, absurd nesting).
    return [invalid(`validation stopped: ${errorMessage(error)}`, [])];
  }
}

function validateAny(input: unknown, registry: HandlerRegistry | undefined): BlueprintIssue[] {
  const migrated = migrateBlueprint(input);
  if (!migrated.ok) return [migrated.issue];
  const blueprint = migrated.blueprint;
  if (!isRecord(blueprint)) return [invalid('a blueprint must be a JSON object', [])];
  const issues: BlueprintIssue[] = [];
  for (const field of ['nodes', 'edges'] as const) {
    if (!Array.isArray(blueprint[field])) {
      issues.push(
        invalid(`blueprint ${field} must be an array, got ${show(blueprint[field])}`, [field]),
      );
    }
  }
  if (issues.length > 0) return issues;
  const rawNodes = blueprint['nodes'] as unknown[];
  const sink = { issues };
  checkHeader(blueprint, sink);
  const nodes = parseNodes(rawNodes, sink);
  const edges = parseEdges(blueprint['edges'] as unknown[], sink);
  const ctx: ValidationContext = {
    nodes,
    edges,
    byId: indexById(nodes),
    links: [],
    registry,
    issues,
  };
  checkInlineFlows(ctx, rawNodes);
  checkEdges(ctx);
  checkEntry(ctx);
  checkParents(ctx);
  checkBatches(ctx);
  checkEndMatches(ctx);
  checkMatchCases(ctx);
  checkPolicies(ctx);
  if (registry !== undefined) checkRegistry(ctx, registry);
  checkReachability(ctx);
  checkCycles(ctx);
  return issues;
}

function indexById(nodes: readonly NodeEntry[]): Map<string, NodeEntry> {
  const byId = new Map<string, NodeEntry>();
  for (const entry of nodes) if (entry.id !== undefined && entry.primary) byId.set(entry.id, entry);
  return byId;
}

/** An inline sub-flow is validated as a blueprint of its own; its issues land on its node. */
function checkInlineFlows(ctx: ValidationContext, rawNodes: readonly unknown[]): void {
  for (const entry of ctx.nodes) {
    if (entry.rawKind !== 'subFlow') continue;
    const inline = inlineFlowOf(rawNodes[entry.index]);
    if (!inline.present) continue;
    const childName = isRecord(inline.child) ? inline.child['name'] : undefined;
    const prefix = `in sub-flow ${typeof childName === 'string' ? `'${childName}'` : '(unnamed)'}: `;
    const at: IssuePath = ['nodes', entry.index, 'options', 'flow', 'inline'];
    for (const issue of validateAny(inline.child, ctx.registry)) {
      const moved: BlueprintIssue = {
        code: issue.code,
        severity: issue.severity,
        message: prefix + issue.message,
        path: [...at, ...issue.path],
      };
      if (entry.id !== undefined) moved.nodeId = entry.id;
      ctx.issues.push(moved);
    }
  }
}

function invalid(message: string, path: IssuePath): BlueprintIssue {
  return { code: 'INVALID_SCHEMA', severity: 'error', message, path };
}

/**
 * The path of the first object that contains itself, if any: such an input is not JSON, and
 * walking it (zod, deep equality) would never end. Iterative, and each object is walked once.
 */
function findReferenceCycle(root: unknown): IssuePath | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  try {
    // The common case, in native code: no cycle (and nothing JSON cannot hold on the way).
    JSON.stringify(root);
    return undefined;
  } catch {
    // A cycle, or a value JSON rejects (a BigInt): walk the graph to find the path, if any.
  }
  interface Frame {
    value: object;
    keys: string[];
    next: number;
    parent: Frame | undefined;
    key: string | number;
  }
  const pathOf = (frame: Frame, last: string | number): IssuePath => {
    const path: IssuePath = [last];
    for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key);
    return path;
  };
  const done = new Set<object>();
  const onPath = new Set<object>([root]);
  const work: Frame[] = [
    { value: root, keys: Object.keys(root), next: 0, parent: undefined, key: '' },
  ];
  while (work.length > 0) {
    const frame = work[work.length - 1] as Frame;
    if (frame.next >= frame.keys.length) {
      work.pop();
      onPath.delete(frame.value);
      done.add(frame.value);
      continue;
    }
    const key = frame.keys[frame.next++] as string;
    const child: unknown = (frame.value as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null || done.has(child)) continue;
    const step = Array.isArray(frame.value) ? Number(key) : key;
    if (onPath.has(child)) return pathOf(frame, step);
    onPath.add(child);
    work.push({ value: child, keys: Object.keys(child), next: 0, parent: frame, key: step });
  }
  return undefined;
}
