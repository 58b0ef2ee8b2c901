/**
 * The pure side of the inspector's forms: reading and writing a setting in a node's config (or
 * options) without mutating it, what its JSON Schema says about it (default, required), and
 * whether a field shows (`showWhen`).
 */
import type { FormField } from '@triggerflow/nodes';

export type Settings = Readonly<Record<string, unknown>>;
export type JsonSchema = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `object[key]`, for any value (undefined when it is not an object). */
export function read(object: unknown, key: string): unknown {
  if (key === '') return object;
  return isRecord(object) ? object[key] : undefined;
}

/** A copy of `object` with `key` set (`undefined` removes it); `key: ''` replaces it. */
export function write(object: unknown, key: string, value: unknown): unknown {
  if (key === '') return value;
  const next: Record<string, unknown> = { ...(isRecord(object) ? object : {}) };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** The JSON Schema of `key` inside an object schema (through `anyOf` / default wrappers). */
export function propertyOf(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (key === '') return schema;
  const properties = schema['properties'];
  if (isRecord(properties) && isRecord(properties[key])) return properties[key];
  const alternatives = schema['anyOf'];
  if (Array.isArray(alternatives)) {
    for (const alternative of alternatives) {
      const found = isRecord(alternative) ? propertyOf(alternative, key) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The item schema of an array schema (or of the array alternative of an `anyOf`). */
export function itemsOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  const items = schema?.['items'];
  if (isRecord(items)) return items;
  const alternatives = schema?.['anyOf'];
  if (!Array.isArray(alternatives)) return undefined;
  for (const alternative of alternatives) {
    const found = isRecord(alternative) ? itemsOf(alternative) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The default the schema gives (what an absent setting means). */
export const defaultOf = (schema: JsonSchema | undefined): unknown => schema?.['default'];

/** Must the object hold `key` (an empty required text stays '' and is reported, not removed)? */
export function isRequired(schema: JsonSchema | undefined, key: string): boolean {
  const required = schema?.['required'];
  return Array.isArray(required) && required.includes(key);
}

/** Whether a field shows for the current values of its siblings. */
export function isShown(field: FormField, siblings: unknown): boolean {
  if (field.showWhen === undefined) return true;
  const value = read(siblings, field.showWhen.key) ?? null;
  return field.showWhen.equals.some((wanted) => wanted === value);
}

/** A stable id fragment for a settings path (`rules.0.output`). */
export const pathKey = (path: readonly (string | number)[]): string => path.join('.');
