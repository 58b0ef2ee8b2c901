/**
 * A node's problems placed where the inspector shows them: under the field of the setting they
 * are about (the deepest field of the form that covers the issue's path), or at the top.
 */
import type { BlueprintIssue } from '@triggerflow/blueprint';
import { fieldAt, type FormField } from '@triggerflow/nodes';
import { pathKey } from './values';

export interface PlacedProblems {
  /** Errors of the node that no field shows. */
  readonly general: readonly string[];
  /** Warnings of the node (advice: they never block Run), shown apart from the errors. */
  readonly advice: readonly string[];
  /** Errors by settings path (`rules.0.output`). */
  readonly at: ReadonlyMap<string, readonly string[]>;
}

/** The settings part of an issue's path (after `handler.config` or `options`), or null. */
export function settingsPath(issue: BlueprintIssue): (string | number)[] | null {
  const [top, , first, second, ...rest] = issue.path;
  if (top !== 'nodes') return null;
  if (first === 'handler' && second === 'config') return rest;
  if (first === 'options') return second === undefined ? [] : [second, ...rest];
  return null;
}

export function placeProblems(
  issues: readonly BlueprintIssue[],
  form: readonly FormField[],
  words: (issue: BlueprintIssue) => string,
): PlacedProblems {
  const general: string[] = [];
  const advice: string[] = [];
  const at = new Map<string, string[]>();
  for (const issue of issues) {
    const message = words(issue);
    if (issue.severity === 'warning') {
      if (!advice.includes(message)) advice.push(message);
      continue;
    }
    const path = settingsPath(issue);
    const found = path === null ? undefined : fieldAt(form, path);
    if (path === null || found === undefined || found.depth === 0) {
      if (!general.includes(message)) general.push(message);
      continue;
    }
    // A branch's cases show their problems case by case.
    const depth = found.field?.widget === 'cases' ? Math.min(path.length, 2) : found.depth;
    const key = pathKey(path.slice(0, depth));
    const list = at.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    at.set(key, list);
  }
  return { general, advice, at };
}
