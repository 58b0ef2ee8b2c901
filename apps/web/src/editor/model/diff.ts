/**
 * A readable diff between two blueprints (two versions of a flow), for version history.
 *
 * Nodes are matched by id: added, removed, or changed with the fields that changed (kind, label,
 * parentId, handler.ref, `config.*` and `options.*` leaf paths with before / after, position,
 * size). Edges are matched by what they connect (source and handle → target and handle, default
 * handles filled in), so an edge whose id alone changed is no change. Order is deterministic:
 * added and changed nodes in the new version's order, removed ones in the old one's, edges
 * likewise, fields in the order above with paths sorted. `formatDiff` renders plain text lines.
 */
import type { Blueprint, BlueprintEdge, BlueprintNode } from '@triggerflow/blueprint';

export interface FieldChange {
  /** `label`, `handler.ref`, `config.url`, `options.cases[1].when.value`, `position`, … */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface NodeSummary {
  readonly id: string;
  readonly kind: BlueprintNode['kind'];
  readonly label?: string;
}

export interface NodeChange extends NodeSummary {
  readonly changes: readonly FieldChange[];
}

export interface BlueprintDiff {
  /** `name`, `description` and `meta.*` changes. */
  readonly flow: readonly FieldChange[];
  readonly addedNodes: readonly NodeSummary[];
  readonly removedNodes: readonly NodeSummary[];
  readonly changedNodes: readonly NodeChange[];
  readonly addedEdges: readonly BlueprintEdge[];
  readonly removedEdges: readonly BlueprintEdge[];
}

export function diffBlueprints(before: Blueprint, after: Blueprint): BlueprintDiff {
  const flow: FieldChange[] = [];
  for (const field of ['name', 'description'] as const) {
    if (before[field] !== after[field]) {
      flow.push({ path: field, before: before[field], after: after[field] });
    }
  }
  // The flow's settings (input form, sample input, …), leaf by leaf.
  leafChanges('meta', before.meta ?? {}, after.meta ?? {}, flow);
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changedNodes: NodeChange[] = [];
  for (const node of after.nodes) {
    const was = old.get(node.id);
    const changes = was === undefined ? [] : nodeChanges(was, node);
    if (changes.length > 0) changedNodes.push({ ...summary(node), changes });
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    flow,
    addedNodes: after.nodes.filter((n) => !old.has(n.id)).map(summary),
    removedNodes: before.nodes.filter((n) => !now.has(n.id)).map(summary),
    changedNodes,
    addedEdges: after.edges.filter((e) => !oldEdges.has(edgeKey(e))),
    removedEdges: before.edges.filter((e) => !newEdges.has(edgeKey(e))),
  };
}

export function isEmptyDiff(diff: BlueprintDiff): boolean {
  return (
    diff.flow.length +
      diff.addedNodes.length +
      diff.removedNodes.length +
      diff.changedNodes.length +
      diff.addedEdges.length +
      diff.removedEdges.length ===
    0
  );
}

/** Plain text, one line per item; `[]` when nothing changed. */
export function formatDiff(diff: BlueprintDiff): string[] {
  const lines = diff.flow.map((c) => `${c.path}: ${show(c.before)} → ${show(c.after)}`);
  for (const n of diff.addedNodes) lines.push(`+ node ${describeNode(n)}`);
  for (const n of diff.removedNodes) lines.push(`- node ${describeNode(n)}`);
  for (const n of diff.changedNodes) {
    lines.push(`~ node ${describeNode(n)}`);
    for (const c of n.changes) lines.push(`    ${c.path}: ${show(c.before)} → ${show(c.after)}`);
  }
  for (const e of diff.addedEdges) lines.push(`+ edge ${describeEdge(e)}`);
  for (const e of diff.removedEdges) lines.push(`- edge ${describeEdge(e)}`);
  return lines;
}

function nodeChanges(before: BlueprintNode, after: BlueprintNode): FieldChange[] {
  const out: FieldChange[] = [];
  const field = (path: string, a: unknown, b: unknown): void => {
    if (!equal(a, b)) out.push({ path, before: a, after: b });
  };
  const handler = (n: BlueprintNode) => (n.kind === 'chunk' ? n.handler : undefined);
  const options = (n: BlueprintNode) => ('options' in n ? n.options : undefined);
  field('kind', before.kind, after.kind);
  field('label', before.label, after.label);
  field('parentId', before.parentId, after.parentId);
  field('handler.ref', handler(before)?.ref, handler(after)?.ref);
  leafChanges('config', handler(before)?.config, handler(after)?.config, out);
  leafChanges('options', options(before), options(after), out);
  field('position', before.position, after.position);
  field('size', before.size, after.size);
  return out;
}

/** The leaves where `a` and `b` differ, depth first with sorted keys. */
function leafChanges(path: string, a: unknown, b: unknown, out: FieldChange[]): void {
  if (equal(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) leafChanges(`${path}${keyPath(k)}`, a[k], b[k], out);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      leafChanges(`${path}[${i}]`, a[i], b[i], out);
    }
  } else {
    out.push({ path, before: a, after: b });
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal(a[k], b[k]));
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const keyPath = (key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;

function summary(node: BlueprintNode): NodeSummary {
  return node.label === undefined
    ? { id: node.id, kind: node.kind }
    : { id: node.id, kind: node.kind, label: node.label };
}

function edgeKey(e: BlueprintEdge): string {
  return JSON.stringify([e.source, e.sourceHandle ?? 'out', e.target, e.targetHandle ?? 'in']);
}

function describeNode(n: NodeSummary): string {
  return `${n.id} (${n.kind})${n.label === undefined ? '' : ` "${n.label}"`}`;
}

function describeEdge(e: BlueprintEdge): string {
  const end = (id: string, handle: string | undefined, fallback: string): string =>
    handle === undefined || handle === fallback ? id : `${id}.${handle}`;
  return `${end(e.source, e.sourceHandle, 'out')} → ${end(e.target, e.targetHandle, 'in')}`;
}

/** A value for a line: JSON, at most 80 characters; `(none)` for a missing one. */
function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (isObject(value) && typeof value['x'] === 'number' && typeof value['y'] === 'number') {
    return `(${value['x']}, ${value['y']})`;
  }
  if (
    isObject(value) &&
    typeof value['width'] === 'number' &&
    typeof value['height'] === 'number'
  ) {
    return `${value['width']}×${value['height']}`;
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
