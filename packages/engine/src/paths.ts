/** Dot-path access over plain objects: `draft.facts` reads and replaces just that sub-key. */
type Bag = Record<string, unknown>;

const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(root: Bag, path: string): { found: boolean; value: unknown } {
  if (Object.hasOwn(root, path)) return { found: true, value: root[path] };
  let cursor: unknown = root;
  for (const part of path.split('.')) {
    if (!isBag(cursor) || !Object.hasOwn(cursor, part)) return { found: false, value: undefined };
    cursor = cursor[part];
  }
  return { found: true, value: cursor };
}

export function setPath(root: Bag, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  let cursor = root;
  for (const part of parts) {
    const next = Object.hasOwn(cursor, part) ? cursor[part] : undefined;
    if (!isBag(next)) cursor[part] = {};
    cursor = cursor[part] as Bag;
  }
  cursor[last] = value;
}

export function deletePath(root: Bag, path: string): void {
  if (Object.hasOwn(root, path)) {
    delete root[path];
    return;
  }
  const parts = path.split('.');
  const last = parts.pop() as string;
  let cursor: unknown = root;
  for (const part of parts) {
    if (!isBag(cursor)) return;
    cursor = cursor[part];
  }
  if (isBag(cursor)) delete cursor[last];
}

/** Structural equality for JSON-like values (the reference's `==` on literals). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Bag)[k], (b as Bag)[k]));
}
