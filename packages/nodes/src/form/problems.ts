import type { z } from 'zod';
import { fieldAt, withArticle } from './fields';
import type { FormField } from './spec';

type Issue = z.core.$ZodIssue;

const WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'on or off',
  array: 'a list',
  object: 'a set of fields',
  null: 'empty',
};

/** zod's own wording, as a person would say it; messages a schema wrote itself pass unchanged. */
export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      if (!/^Too small/.test(issue.message)) return issue.message;
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? 'must not be empty' : `needs ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${n}`;
      return `must be at least ${n}`;
    }
    case 'too_big': {
      if (!/^Too big/.test(issue.message)) return issue.message;
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${n}`;
      return `must be at most ${n}`;
    }
    case 'invalid_value':
      return /^Invalid option/.test(issue.message)
        ? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
        : issue.message;
    case 'invalid_format':
      return /^Invalid string/.test(issue.message) ? 'is not in the expected form' : issue.message;
    case 'unrecognized_keys':
      return `has settings this step does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not in a form this step accepts';
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return issue.message;
  }
}

function valueAt(config: unknown, path: readonly PropertyKey[]): unknown {
  let at = config;
  for (const segment of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[segment];
  }
  return at;
}

/** Nothing there, or only empty parts (`{ roles: [], users: [] }` names nobody). */
const isEmpty = (value: unknown): boolean => {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
};

/**
 * A config problem in the editor's words: "Transform needs an expression" when a setting is
 * missing, otherwise "Classify · Categories: give at least two categories".
 */
export function describeConfigIssue(options: {
  readonly kindLabel: string;
  readonly form: readonly FormField[];
  readonly config: unknown;
  readonly issue: Issue;
}): string {
  const { kindLabel, form, config, issue } = options;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const { field, trail, depth } = fieldAt(form, path);
  const covered = field !== undefined && depth === path.length;
  if (covered && isEmpty(valueAt(config, path)) && field.widget !== 'toggle') {
    const missing = field.missing ?? withArticle(field.label);
    const where = trail.slice(0, -1);
    return where.length > 0
      ? `${kindLabel} · ${where.join(' · ')} needs ${missing}`
      : `${kindLabel} needs ${missing}`;
  }
  const rest = path.slice(depth).join('.');
  const where = [...trail, ...(rest ? [rest] : [])];
  return where.length > 0
    ? `${kindLabel} · ${where.join(' · ')}: ${plainMessage(issue)}`
    : `${kindLabel}: ${plainMessage(issue)}`;
}

/** A setting's field for a path, for editors that mark the field (`undefined`: not a form field). */
export function fieldOfPath(
  form: readonly FormField[],
  path: readonly (string | number)[],
): FormField | undefined {
  const found = fieldAt(form, path);
  return found.depth === 0 ? undefined : found.field;
}
