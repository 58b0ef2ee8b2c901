import type { BlueprintIssue } from '@triggerflow/blueprint';
import type { IssuePath } from './validate-context';

/**
 * Keys that would change an object's prototype (or shadow it) where a blueprint is copied or
 * merged: `JSON.parse` keeps `{"__proto__": …}` as data, but the next spread or schema parse
 * drops it or, worse, sets a prototype. Refused anywhere in a blueprint (configs, options, meta).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const MAX_ISSUES = 20;

/**
 * Values a blueprint cannot keep as they are: forbidden keys, and numbers JSON cannot hold
 * (Infinity, NaN: saved as `null`). Each issue names its path, and its node when it is inside
 * one. Iterative: any nesting is walked without recursion.
 */
export function blueprintValueIssues(input: unknown): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const nodeIdAt = (path: IssuePath): string | undefined => {
    if (path[0] !== 'nodes' || typeof path[1] !== 'number' || typeof input !== 'object') return;
    const nodes = (input as { nodes?: unknown }).nodes;
    const node: unknown = Array.isArray(nodes) ? nodes[path[1]] : undefined;
    const id =
      typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  };
  const report = (code: BlueprintIssue['code'], path: IssuePath, message: string) => {
    const issue: BlueprintIssue = { code, severity: 'error', message, path };
    const nodeId = nodeIdAt(path);
    if (nodeId !== undefined) issue.nodeId = nodeId;
    issues.push(issue);
  };
  // Frames link to their parent: a path is built only for a problem (deep values stay linear).
  interface Frame {
    value: unknown;
    key: string | number | undefined;
    parent: Frame | undefined;
    forbidden: boolean;
  }
  const pathOf = (frame: Frame): IssuePath => {
    const path: IssuePath = [];
    for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
    return path.reverse();
  };
  const stack: Frame[] = [{ value: input, key: undefined, parent: undefined, forbidden: false }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const frame = stack.pop() as Frame;
    const { value } = frame;
    if (frame.forbidden) {
      const path = pathOf(frame);
      report(
        'FORBIDDEN_KEY',
        path,
        `${where(path)}: the key "${String(frame.key)}" is not allowed in a blueprint (rename it)`,
      );
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const path = pathOf(frame);
      report(
        'NON_FINITE_NUMBER',
        path,
        `${where(path)} is ${String(value)}: JSON cannot hold it (it would be saved as null)`,
      );
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const array = Array.isArray(value);
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      stack.push({
        value: (value as Record<string, unknown>)[key],
        key: array ? i : key,
        parent: frame,
        forbidden: !array && FORBIDDEN_KEYS.has(key),
      });
    }
  }
  return issues;
}

const where = (path: IssuePath) => (path.length === 0 ? 'the blueprint' : path.join('.'));
