/**
 * Human labels for a node's settings, by path (`config.rules[0].output` → "Rules › 1 › Output"),
 * for the version diff. One function, `fieldLabel`, so the labels can come from the kinds' form
 * descriptions once the catalog carries them; until then: a JSON-Schema property's `title`, else
 * its key in words (`afterMs` → "After ms").
 */
import { humanizeRef } from '../canvas/node-text';

export type PathSegment = string | number;

/** `config.rules[0]["max tokens"]` → `['config', 'rules', 0, 'max tokens']`. */
export function pathSegments(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const token = /^([A-Za-z_$][\w$]*)|\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const m = token.exec(path);
    if (m === null) return [...out, path.slice(at)];
    if (m[1] !== undefined || m[2] !== undefined) out.push((m[1] ?? m[2])!);
    else if (m[3] !== undefined) out.push(Number(m[3]));
    else out.push(JSON.parse(m[4]!) as string);
    at = token.lastIndex;
  }
  return out;
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The sub-schema for one step into a value (object property or array item). */
function step(schema: Schema | undefined, segment: PathSegment): Schema | undefined {
  if (schema === undefined) return undefined;
  if (typeof segment === 'number') {
    const items = schema['items'] ?? schema['prefixItems'];
    return isSchema(items) ? items : undefined;
  }
  const props = schema['properties'];
  if (isSchema(props) && isSchema(props[segment])) return props[segment];
  // A union (anyOf / oneOf): the first branch that has the property.
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      const found = isSchema(branch) ? step(branch, segment) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The label of the setting at `segments` inside a value described by `schema` (a kind's config
 * schema, or a structural kind's `options` schema): the parts joined by " › ", list items by
 * number (1-based).
 */
export function fieldLabel(schema: Schema | undefined, segments: readonly PathSegment[]): string {
  const parts: string[] = [];
  let at = schema;
  for (const segment of segments) {
    at = step(at, segment);
    if (typeof segment === 'number') parts.push(String(segment + 1));
    else {
      const title = at?.['title'];
      parts.push(typeof title === 'string' && title !== '' ? title : humanizeRef(segment));
    }
  }
  return parts.join(' › ');
}
