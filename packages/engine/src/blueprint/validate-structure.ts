import {
  BLUEPRINT_SCHEMA,
  edgeSchema,
  nodeKindSchemas,
  type BlueprintEdge,
  type BlueprintIssue,
  type BlueprintNode,
} from '@triggerflow/blueprint';
import { z } from 'zod';
import {
  describeEdge,
  describeNode,
  isRecord,
  report,
  show,
  zodMessage,
  zodPath,
  type EdgeEntry,
  type IssuePath,
  type NodeEntry,
} from './validate-context';

const KINDS = Object.keys(nodeKindSchemas).join(', ');

/** Top-level fields other than `nodes` and `edges` (those are checked one by one). */
const headerSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Stands in for an inline sub-flow while its node is checked: the child is validated on its own. */
const PLACEHOLDER_FLOW = { schema: BLUEPRINT_SCHEMA, name: 'placeholder', nodes: [], edges: [] };

interface Sink {
  readonly issues: BlueprintIssue[];
}

export function checkHeader(blueprint: Record<string, unknown>, sink: Sink): void {
  const parsed = headerSchema.safeParse(blueprint);
  for (const issue of parsed.error?.issues ?? []) {
    report(sink, 'INVALID_SCHEMA', 'error', {
      message: `blueprint ${zodMessage(issue)}`,
      path: zodPath(issue),
    });
  }
}

/** Checks every node against its kind's schema; later nodes repeating an id are reported. */
export function parseNodes(raw: readonly unknown[], sink: Sink): NodeEntry[] {
  const seen = new Map<string, number>();
  // Array.from, not map: a sparse array's holes are entries too (and invalid ones).
  return Array.from(raw, (value, index) => {
    const entry = parseNode(value, index, sink);
    if (entry.id === undefined) return entry;
    const first = seen.get(entry.id);
    if (first === undefined) {
      seen.set(entry.id, index);
      return entry;
    }
    report(sink, 'DUPLICATE_ID', 'error', {
      message: `node id '${entry.id}' of node #${index} is already used by node #${first}`,
      nodeId: entry.id,
      path: ['nodes', index, 'id'],
    });
    return { ...entry, primary: false };
  });
}

function parseNode(value: unknown, index: number, sink: Sink): NodeEntry {
  const at: IssuePath = ['nodes', index];
  if (!isRecord(value)) {
    report(sink, 'INVALID_SCHEMA', 'error', {
      message: `node #${index} must be an object, got ${show(value)}`,
      path: at,
    });
    return { index, id: undefined, rawKind: undefined, node: undefined, primary: true };
  }
  const id = typeof value['id'] === 'string' && value['id'] !== '' ? value['id'] : undefined;
  const entry = { index, id, rawKind: value['kind'], node: undefined, primary: true };
  const kind = value['kind'];
  if (typeof kind !== 'string') {
    report(sink, 'INVALID_SCHEMA', 'error', {
      message: `${describeNode(entry)} has no kind; expected one of: ${KINDS}`,
      nodeId: id,
      path: [...at, 'kind'],
    });
    return entry;
  }
  if (!Object.hasOwn(nodeKindSchemas, kind)) {
    report(sink, 'UNKNOWN_KIND', 'error', {
      message: `${describeNode(entry)} has an unknown kind; expected one of: ${KINDS}`,
      nodeId: id,
      path: [...at, 'kind'],
    });
    return entry;
  }
  const schema = nodeKindSchemas[kind as BlueprintNode['kind']] as z.ZodType<BlueprintNode>;
  const parsed = schema.safeParse(kind === 'subFlow' ? withoutInlineFlow(value) : value);
  if (parsed.success) return { ...entry, node: parsed.data };
  for (const issue of parsed.error.issues) {
    report(sink, 'INVALID_SCHEMA', 'error', {
      message: `${describeNode(entry)}: ${zodMessage(issue)}`,
      nodeId: id,
      path: [...at, ...zodPath(issue)],
    });
  }
  return entry;
}

/** The sub-flow node with its inline child replaced by an empty, valid one. */
function withoutInlineFlow(node: Record<string, unknown>): Record<string, unknown> {
  const options = node['options'];
  if (!isRecord(options)) return node;
  const flow = options['flow'];
  if (!isRecord(flow) || !Object.hasOwn(flow, 'inline')) return node;
  return { ...node, options: { ...options, flow: { ...flow, inline: PLACEHOLDER_FLOW } } };
}

/** The raw inline child of a sub-flow node, if it declares one. */
export function inlineFlowOf(value: unknown): { present: boolean; child: unknown } {
  const options = isRecord(value) ? value['options'] : undefined;
  const flow = isRecord(options) ? options['flow'] : undefined;
  if (!isRecord(flow) || !Object.hasOwn(flow, 'inline'))
    return { present: false, child: undefined };
  return { present: true, child: flow['inline'] };
}

export function parseEdges(raw: readonly unknown[], sink: Sink): EdgeEntry[] {
  const seen = new Map<string, number>();
  // Array.from, not map: a sparse array's holes are entries too (and invalid ones).
  return Array.from(raw, (value, index) => {
    const id =
      isRecord(value) && typeof value['id'] === 'string' && value['id'] !== ''
        ? value['id']
        : undefined;
    const edge = parseEdge(value, index, id, sink);
    if (id === undefined) return { index, id, edge };
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, index);
    } else {
      report(sink, 'DUPLICATE_ID', 'error', {
        message: `edge id '${id}' of edge #${index} is already used by edge #${first}`,
        edgeId: id,
        path: ['edges', index, 'id'],
      });
    }
    return { index, id, edge };
  });
}

function parseEdge(
  value: unknown,
  index: number,
  id: string | undefined,
  sink: Sink,
): BlueprintEdge | undefined {
  const parsed = edgeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const name = describeEdge({ id, index });
  for (const issue of parsed.error.issues) {
    report(sink, 'INVALID_SCHEMA', 'error', {
      message: isRecord(value)
        ? `${name}: ${zodMessage(issue)}`
        : `${name} must be an object, got ${show(value)}`,
      edgeId: id,
      path: ['edges', index, ...zodPath(issue)],
    });
  }
  return undefined;
}
