/**
 * A version diff as a person reads it (VersionsDialog): nodes named by their label (or their
 * kind's name), never by id; each changed setting on a line of its own with a human label
 * (field-labels.ts) and its old and new value; connections named by the nodes they join.
 */
import type { Blueprint, BlueprintEdge, BlueprintNode } from '@triggerflow/blueprint';
import { humanizeRef } from '../canvas/node-text';
import type { BlueprintDiff, FieldChange } from './diff';
import { fieldAt, type FormField } from '@triggerflow/nodes';
import { describeAmount, DURATION_UNITS, BYTE_UNITS } from '../inspector/units';
import { fieldLabel, pathSegments } from './field-labels';

/** What the diff needs of a catalog entry. */
export interface DiffCatalogEntry {
  readonly kind: string;
  readonly label: string;
  readonly configJsonSchema: Record<string, unknown>;
  /** The kind's form description: labels as the inspector shows them. */
  readonly form?: readonly FormField[];
}

export interface DiffField {
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

export interface DiffItem {
  readonly change:
    'flow' | 'added' | 'removed' | 'changed' | 'moved' | 'connected' | 'disconnected';
  /** The node's name (its label, else its kind's name); the connection for edges. */
  readonly title: string;
  /** The node's kind in words ("Transform"); empty for the flow and connections. */
  readonly kind: string;
  readonly fields: readonly DiffField[];
}

export interface ReadableDiffOptions {
  readonly before: Blueprint;
  readonly after: Blueprint;
  readonly catalog: readonly DiffCatalogEntry[];
}

const FIXED: Readonly<Record<string, string>> = {
  name: 'Name',
  description: 'Description',
  kind: 'Kind',
  label: 'Name on the canvas',
  parentId: 'Inside group',
  'handler.ref': 'Step kind',
};

export function readableDiff(diff: BlueprintDiff, options: ReadableDiffOptions): DiffItem[] {
  const { before, after, catalog } = options;
  const entryOf = (node: BlueprintNode | undefined) =>
    node === undefined
      ? undefined
      : catalog.find((e) => e.kind === (node.kind === 'chunk' ? node.handler.ref : node.kind));
  const kindOf = (node: BlueprintNode | undefined): string =>
    entryOf(node)?.label ??
    (node === undefined ? '' : humanizeRef(node.kind === 'chunk' ? node.handler.ref : node.kind));
  const find = (bp: Blueprint, id: string) => bp.nodes.find((n) => n.id === id);
  const nameIn = (bp: Blueprint, id: string): string => {
    const node = find(bp, id);
    return node === undefined ? 'a removed node' : `“${node.label ?? kindOf(node)}”`;
  };
  const field = (node: BlueprintNode | undefined, bp: Blueprint, c: FieldChange): DiffField => {
    const label = FIXED[c.path] ?? settingLabel(entryOf(node), node, c.path);
    const widget = formFieldOf(entryOf(node), c.path)?.widget;
    const value = (v: unknown) =>
      c.path === 'parentId' && typeof v === 'string'
        ? nameIn(bp, v)
        : typeof v === 'number' && widget === 'duration'
          ? describeAmount(v, DURATION_UNITS)
          : typeof v === 'number' && widget === 'bytes'
            ? describeAmount(v, BYTE_UNITS)
            : show(v);
    return { label, before: value(c.before), after: value(c.after) };
  };

  const items: DiffItem[] = [];
  if (diff.flow.length > 0) {
    const fields = diff.flow.map((c) => ({
      label:
        FIXED[c.path] ?? `Flow settings › ${fieldLabel(undefined, pathSegments(c.path).slice(1))}`,
      before: show(c.before),
      after: show(c.after),
    }));
    items.push({ change: 'flow', title: 'The flow', kind: '', fields });
  }
  for (const n of diff.addedNodes) {
    const node = find(after, n.id);
    items.push({ change: 'added', title: nameIn(after, n.id), kind: kindOf(node), fields: [] });
  }
  for (const n of diff.removedNodes) {
    const node = find(before, n.id);
    items.push({ change: 'removed', title: nameIn(before, n.id), kind: kindOf(node), fields: [] });
  }
  const moved: string[] = [];
  for (const n of diff.changedNodes) {
    const node = find(after, n.id);
    // Where a node sits is no setting: moves are one line for all the nodes that only moved.
    const settings = n.changes.filter((c) => !isPlacement(c.path));
    if (settings.length === 0) {
      moved.push(nameIn(after, n.id));
      continue;
    }
    const fields = settings.map((c) => field(node, after, c));
    items.push({ change: 'changed', title: nameIn(after, n.id), kind: kindOf(node), fields });
  }
  if (moved.length > 0) {
    items.push({ change: 'moved', title: moved.join(', '), kind: '', fields: [] });
  }
  const edge = (bp: Blueprint, e: BlueprintEdge): string => {
    const from = handleText(e.sourceHandle, 'out');
    const to = handleText(e.targetHandle, 'in');
    return `${nameIn(bp, e.source)}${from} → ${nameIn(bp, e.target)}${to}`;
  };
  for (const e of diff.addedEdges) {
    items.push({ change: 'connected', title: edge(after, e), kind: '', fields: [] });
  }
  for (const e of diff.removedEdges) {
    items.push({ change: 'disconnected', title: edge(before, e), kind: '', fields: [] });
  }
  return items;
}

/** Where a node is drawn and how large: not a setting of the flow. */
export const isPlacement = (path: string): boolean => path === 'position' || path === 'size';

/** The form field a `config.*` / `options.*` path edits, when the form covers all of it. */
function formFieldOf(entry: DiffCatalogEntry | undefined, path: string): FormField | undefined {
  const [, ...rest] = pathSegments(path);
  if (entry?.form === undefined || rest.length === 0) return undefined;
  const found = fieldAt(entry.form, rest);
  return found.depth === rest.length ? found.field : undefined;
}

/**
 * A `config.*` / `options.*` path's label: as the inspector names the field (the kind's form),
 * else from the kind's schema.
 */
function settingLabel(
  entry: DiffCatalogEntry | undefined,
  node: BlueprintNode | undefined,
  path: string,
): string {
  const [root, ...rest] = pathSegments(path);
  if (rest.length === 0) return 'Settings';
  if (entry?.form !== undefined) {
    const found = fieldAt(entry.form, rest);
    if (found.depth > 0) {
      const more = rest.slice(found.depth).map((p) => (typeof p === 'number' ? String(p + 1) : p));
      return [...found.trail, ...more].join(' › ');
    }
  }
  const schema = entry?.configJsonSchema;
  if (root === 'options' && node?.kind !== 'chunk') {
    const props = schema?.['properties'] as Record<string, Record<string, unknown>> | undefined;
    return fieldLabel(props?.['options'], rest);
  }
  return fieldLabel(schema, rest);
}

/** ` (case a)`, ` (else)`, ` (timeout)`; nothing for a default handle. */
function handleText(handle: string | undefined, fallback: string): string {
  if (handle === undefined || handle === fallback) return '';
  return ` (${handle.replace(/^case:/, 'case ')})`;
}

/** A value on a line: text in quotes, at most 80 characters; `(not set)` when missing. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  if (typeof value === 'string') {
    return value.length > 78 ? `“${value.slice(0, 75)}…”` : `“${value}”`;
  }
  if (typeof value === 'object' && 'x' in value && 'y' in value) {
    return `(${String(value.x)}, ${String(value.y)})`;
  }
  if (typeof value === 'object' && 'width' in value && 'height' in value) {
    return `${String(value.width)} × ${String(value.height)}`;
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}
