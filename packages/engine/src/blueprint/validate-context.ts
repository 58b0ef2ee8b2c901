import type {
  BlueprintEdge,
  BlueprintIssue,
  BlueprintIssueCode,
  BlueprintNode,
} from '@triggerflow/blueprint';
import type { z } from 'zod';
import type { HandlerRegistry } from './registry';

export type IssuePath = (string | number)[];

/** One entry of `nodes`, whether or not it is a valid node. */
export interface NodeEntry {
  readonly index: number;
  /** The node's id, when it is a non-empty string. */
  readonly id: string | undefined;
  readonly rawKind: unknown;
  /** Set when the node passed its kind's schema. */
  readonly node: BlueprintNode | undefined;
  /** False for a node repeating an earlier node's id (the earlier one owns the id). */
  readonly primary: boolean;
}

export interface EdgeEntry {
  readonly index: number;
  readonly id: string | undefined;
  /** Set when the edge passed `edgeSchema`. */
  readonly edge: BlueprintEdge | undefined;
}

/** A valid edge whose two ends are nodes. */
export interface Link {
  readonly edgeIndex: number;
  readonly edgeId: string;
  readonly source: NodeEntry;
  readonly target: NodeEntry;
  readonly sourceHandle: string;
  readonly targetHandle: string;
  /** Both handles exist on valid nodes: the edge takes part in the graph rules. */
  readonly wired: boolean;
}

export interface ValidationContext {
  readonly nodes: readonly NodeEntry[];
  readonly edges: readonly EdgeEntry[];
  /** The first node with each id. */
  readonly byId: ReadonlyMap<string, NodeEntry>;
  readonly links: Link[];
  readonly registry: HandlerRegistry | undefined;
  readonly issues: BlueprintIssue[];
}

/** A node the graph rules look at: valid, and the owner of its id. */
export type GraphNode = NodeEntry & { readonly node: BlueprintNode; readonly id: string };

export function graphNode(entry: NodeEntry | undefined): GraphNode | undefined {
  return entry?.node !== undefined && entry.primary && entry.id !== undefined
    ? (entry as GraphNode)
    : undefined;
}

const graphCache = new WeakMap<
  ValidationContext,
  { all: GraphNode[]; byKind: Map<string, GraphNode[]> }
>();

/** The graph nodes (computed once per validation: large blueprints ask for them many times). */
function graphIndex(ctx: ValidationContext): {
  all: GraphNode[];
  byKind: Map<string, GraphNode[]>;
} {
  let index = graphCache.get(ctx);
  if (!index) {
    const all = ctx.nodes.flatMap((entry) => graphNode(entry) ?? []);
    const byKind = new Map<string, GraphNode[]>();
    for (const g of all) {
      const list = byKind.get(g.node.kind);
      if (list) list.push(g);
      else byKind.set(g.node.kind, [g]);
    }
    index = { all, byKind };
    graphCache.set(ctx, index);
  }
  return index;
}

export function graphNodes(ctx: ValidationContext): GraphNode[] {
  return graphIndex(ctx).all;
}

export function nodesOfKind<K extends BlueprintNode['kind']>(
  ctx: ValidationContext,
  kind: K,
): (GraphNode & { readonly node: Extract<BlueprintNode, { kind: K }> })[] {
  return (graphIndex(ctx).byKind.get(kind) ?? []) as (GraphNode & {
    readonly node: Extract<BlueprintNode, { kind: K }>;
  })[];
}

export interface IssueFields {
  readonly message: string;
  readonly path: IssuePath;
  readonly nodeId?: string | undefined;
  readonly edgeId?: string | undefined;
}

export function report(
  ctx: { readonly issues: BlueprintIssue[] },
  code: BlueprintIssueCode,
  severity: BlueprintIssue['severity'],
  fields: IssueFields,
): void {
  const issue: BlueprintIssue = { code, severity, message: fields.message, path: fields.path };
  if (fields.nodeId !== undefined) issue.nodeId = fields.nodeId;
  if (fields.edgeId !== undefined) issue.edgeId = fields.edgeId;
  ctx.issues.push(issue);
}

/** `node 'x' (chunk)`, or `node #3` when it has no usable id. */
export function describeNode(entry: Pick<NodeEntry, 'id' | 'index' | 'rawKind'>): string {
  const name = entry.id !== undefined ? `node '${entry.id}'` : `node #${entry.index}`;
  return typeof entry.rawKind === 'string' ? `${name} (${entry.rawKind})` : name;
}

export function describeEdge(entry: Pick<EdgeEntry, 'id' | 'index'>): string {
  return entry.id !== undefined ? `edge '${entry.id}'` : `edge #${entry.index}`;
}

/** A short, never-throwing rendering of any value for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'symbol' || typeof value === 'function' ? typeof value : String(value);
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : show(error);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The zod issue's path in our form (symbol keys rendered as text). */
export function zodPath(issue: z.core.$ZodIssue): IssuePath {
  return issue.path.map((key) => (typeof key === 'symbol' ? key.toString() : key));
}

/** `handler.ref: must not be empty`; a failed union lists what each alternative wanted. */
export function zodMessage(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${zodPath(issue).join('.')}: ` : '';
  if (issue.code !== 'invalid_union' || issue.errors.length === 0)
    return `${where}${issue.message}`;
  const wanted = new Set(
    issue.errors.flatMap((alternative) => {
      const first = alternative[0];
      return first === undefined ? [] : [zodMessage(first).replace('Invalid input: ', '')];
    }),
  );
  return `${where}${issue.message}; none of the alternatives fits (${[...wanted].join(' | ')})`;
}
