import { StorageError } from './errors';
import type { JsonText } from './schema';

/** A `\u0000` escape that is not itself an escaped backslash followed by "u0000". */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * Serialises a value for a JSON column. `undefined` is stored as `null`. Strings holding U+0000
 * are refused on both dialects, because PostgreSQL's `jsonb` cannot store them and a value that
 * works on the embedded default must not fail later on PostgreSQL.
 */
export function toJson(value: unknown, what: string): JsonText {
  let text: string;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch (error) {
    // Cycles, BigInts, or nesting deeper than the stack: not storable, whoever sent it.
    const why = error instanceof Error ? error.message : String(error);
    throw new StorageError('INVALID', `${what} cannot be stored as JSON (${why})`);
  }
  if (NUL_ESCAPE.test(text)) {
    throw new StorageError(
      'INVALID',
      `${what} contains the character U+0000, which cannot be stored`,
    );
  }
  return text;
}

/** Parses a JSON column. Both dialects hand JSON columns back as text (see database.ts). */
export function fromJson<T>(text: JsonText): T {
  return JSON.parse(text) as T;
}

/** JSON with object keys sorted, so equal values compare equal whatever order jsonb kept. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : inner,
  );
}
