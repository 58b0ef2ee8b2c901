/**
 * The clipboard's text: a fragment as JSON, and back. Parsing checks the text with the shared
 * blueprint zod schemas (`nodeSchema`, `edgeSchema`) and the fragment's own references (ids
 * unique, edges and parents inside the fragment), so a paste never brings in a broken graph;
 * anything else (plain text, a whole blueprint, another app's JSON) is a clear error message.
 */
import {
  edgeSchema,
  nodeSchema,
  type BlueprintEdge,
  type BlueprintNode,
} from '@triggerflow/blueprint';
import { CLIPBOARD_SCHEMA, type ClipboardFragment } from './clipboard';

export type ParsedFragment =
  { ok: true; fragment: ClipboardFragment } | { ok: false; error: string };

export function serializeFragment(fragment: ClipboardFragment): string {
  return JSON.stringify(fragment, null, 2);
}

export function parseFragment(text: string): ParsedFragment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The clipboard does not hold TriggerFlow nodes (it is not JSON).' };
  }
  if (typeof value !== 'object' || value === null || !('schema' in value)) {
    return { ok: false, error: 'The clipboard does not hold TriggerFlow nodes.' };
  }
  const raw = value as Record<string, unknown>;
  if (raw['schema'] !== CLIPBOARD_SCHEMA) {
    return {
      ok: false,
      error: `The clipboard holds '${String(raw['schema'])}', not '${CLIPBOARD_SCHEMA}' nodes.`,
    };
  }
  const nodes = nodeSchema.array().safeParse(raw['nodes']);
  if (!nodes.success) return { ok: false, error: invalid('nodes', nodes.error.issues) };
  const edges = edgeSchema.array().safeParse(raw['edges']);
  if (!edges.success) return { ok: false, error: invalid('edges', edges.error.issues) };
  const problem = referenceProblem(nodes.data, edges.data);
  if (problem) return { ok: false, error: `The copied nodes are inconsistent: ${problem}.` };
  return { ok: true, fragment: { schema: CLIPBOARD_SCHEMA, nodes: nodes.data, edges: edges.data } };
}

function invalid(
  field: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
): string {
  const first = issues[0];
  const where = [field, ...(first?.path ?? [])].map(String).join('.');
  return `The copied ${field} are not valid: ${where}: ${first?.message ?? 'invalid'}.`;
}

function referenceProblem(nodes: BlueprintNode[], edges: BlueprintEdge[]): string | undefined {
  const ids = new Set(nodes.map((n) => n.id));
  const node = repeated(nodes.map((n) => n.id));
  if (node !== undefined) return `node id '${node}' is used twice`;
  const orphan = nodes.find((n) => n.parentId !== undefined && !ids.has(n.parentId));
  if (orphan)
    return `node '${orphan.id}' names parent '${orphan.parentId}', which is not among them`;
  const edge = repeated(edges.map((e) => e.id));
  if (edge !== undefined) return `edge id '${edge}' is used twice`;
  for (const e of edges) {
    const missing = [e.source, e.target].find((id) => !ids.has(id));
    if (missing !== undefined)
      return `edge '${e.id}' ends at '${missing}', which is not among them`;
  }
  return undefined;
}

function repeated(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  return ids.find((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}
