import type { FormField } from './spec';

/** One step from a field into what it holds, for a path segment (a key, or a list index). */
function childOf(field: FormField, segment: string | number): FormField | undefined {
  if (field.widget === 'group') return field.fields.find((f) => f.key === String(segment));
  if (field.widget === 'list') return typeof segment === 'number' ? field.item : undefined;
  if (field.widget === 'keyValue') return field.value;
  return undefined;
}

/** A field and how a person names where it is ("Rule 2 · Reply"). */
export interface FieldAt {
  readonly field: FormField | undefined;
  readonly trail: readonly string[];
  /** How many path segments the fields covered (the rest is inside a JSON value, say). */
  readonly depth: number;
}

/** Follows a config path (`['rules', 1, 'output']`) through the form's fields. */
export function fieldAt(form: readonly FormField[], path: readonly (string | number)[]): FieldAt {
  const trail: string[] = [];
  let field: FormField | undefined;
  let depth = 0;
  for (const segment of path) {
    const next =
      field === undefined ? form.find((f) => f.key === String(segment)) : childOf(field, segment);
    if (next === undefined) break;
    if (field?.widget === 'list' && typeof segment === 'number') {
      trail.push(`${field.itemLabel} ${segment + 1}`);
    } else if (field?.widget === 'keyValue') {
      trail.push(String(segment));
    } else if (next.key !== '') {
      trail.push(next.label);
    }
    field = next;
    depth += 1;
  }
  return { field, trail, depth };
}

/** Every field of a form, nested ones included (for checks over all labels). */
export function allFields(form: readonly FormField[]): FormField[] {
  const out: FormField[] = [];
  const visit = (field: FormField): void => {
    out.push(field);
    if (field.widget === 'group') field.fields.forEach(visit);
    if (field.widget === 'list') visit(field.item);
    if (field.widget === 'keyValue') visit(field.value);
  };
  form.forEach(visit);
  return out;
}

/** "a title", "an expression": the default noun phrase of a missing field. */
export function withArticle(label: string): string {
  const words = label.toLowerCase();
  return /^[aeiou]/.test(words) ? `an ${words}` : `a ${words}`;
}
