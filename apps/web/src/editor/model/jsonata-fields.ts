/**
 * Finds the JSONata fields of a node's config by walking it beside its JSON Schema (the catalog's
 * `configJsonSchema`): properties, array items, records (`additionalProperties`) and the
 * alternatives of `anyOf` / `oneOf`, so nested fields (agent `rules[].expression`, http header
 * values) are found as well as top-level ones.
 */
import type { Blueprint, BlueprintIssue } from '@triggerflow/blueprint';
import { checkJsonataField, jsonataFieldKind, type JsonataProblem } from './jsonata-check';

export type ConfigPath = readonly (string | number)[];

export interface FieldProblem {
  /** Where in the config, e.g. `['rules', 0, 'expression']`. */
  readonly path: ConfigPath;
  readonly problem: JsonataProblem;
}

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every JSONata syntax problem in `value` (a config) read against `schema`, in document order. */
export function jsonataProblems(schema: unknown, value: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  const walk = (s: unknown, v: unknown, path: ConfigPath, depth: number): void => {
    if (!isObject(s) || depth > 32) return;
    for (const key of ['anyOf', 'oneOf']) {
      const alternatives: unknown = s[key];
      if (Array.isArray(alternatives)) {
        for (const alternative of alternatives as unknown[]) walk(alternative, v, path, depth + 1);
      }
    }
    if (typeof v === 'string') {
      const kind = jsonataFieldKind(s);
      const problem = kind && checkJsonataField(kind, v);
      if (problem === undefined) return;
      const key = JSON.stringify(path);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ path, problem });
      }
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(s['items'], item, [...path, i], depth + 1));
      return;
    }
    if (!isObject(v)) return;
    const properties = isObject(s['properties']) ? (s['properties'] as Record<string, Schema>) : {};
    for (const [key, item] of Object.entries(v)) {
      const own = Object.hasOwn(properties, key) ? properties[key] : s['additionalProperties'];
      walk(own, item, [...path, key], depth + 1);
    }
  };
  walk(schema, value, [], 0);
  return out;
}

/** What the issues need of a catalog entry (the server's `CatalogEntry` is one). */
export interface ConfigSchemaEntry {
  readonly kind: string;
  readonly nodeKind: string;
  readonly configJsonSchema: Record<string, unknown>;
}

/**
 * The JSONata syntax errors of every chunk node's config, as the server reports them
 * (`INVALID_CONFIG`, same message shape and path), for the problems list and the Run check.
 */
export function jsonataConfigIssues(
  blueprint: Blueprint,
  entries: readonly ConfigSchemaEntry[],
): BlueprintIssue[] {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const e of entries) if (e.nodeKind === 'chunk') schemas.set(e.kind, e.configJsonSchema);
  const issues: BlueprintIssue[] = [];
  blueprint.nodes.forEach((node, index) => {
    if (node.kind !== 'chunk') return;
    const schema = schemas.get(node.handler.ref);
    if (schema === undefined) return;
    for (const { path, problem } of jsonataProblems(schema, node.handler.config)) {
      issues.push({
        code: 'INVALID_CONFIG',
        severity: 'error',
        message: `node '${node.id}' (chunk): config of handler '${node.handler.ref}' is invalid: ${path.join('.')}: ${problem.message}`,
        nodeId: node.id,
        path: ['nodes', index, 'handler', 'config', ...path],
      });
    }
  });
  return issues;
}
