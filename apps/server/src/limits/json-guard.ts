/**
 * One pass over a JSON input before anything else reads it: values nested too deep (which would
 * overflow the stack of whatever recurses on them later: zod, storage's JSON.stringify),
 * numbers JSON cannot hold (`1e999` parses to Infinity, which would be stored as null), and
 * strings or keys holding U+0000 (which PostgreSQL's jsonb cannot store). Iterative, so a hostile
 * value cannot blow the stack here either; it stops descending where the depth limit is hit.
 */

export type JsonPath = (string | number)[];

export type JsonProblemCode = 'TOO_DEEP' | 'NOT_FINITE' | 'NUL_CHARACTER';

export interface JsonProblem {
  code: JsonProblemCode;
  path: JsonPath;
  message: string;
}

export interface JsonGuardOptions {
  /** Levels of objects and arrays allowed, the value itself being level 1. */
  maxDepth: number;
  /** Where `value` sits (its problems' paths start with it). */
  at?: JsonPath;
  /** Stop after this many problems (default 20). */
  maxProblems?: number;
}

interface Frame {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Frame | undefined;
}

function pathOf(frame: Frame, at: JsonPath): JsonPath {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  return [...at, ...keys.reverse()];
}

export const pathText = (path: JsonPath): string =>
  path.length === 0 ? 'input' : path.map(String).join('.');

/** Every problem of `value` (up to `maxProblems`), in document order. */
export function jsonProblems(value: unknown, options: JsonGuardOptions): JsonProblem[] {
  const at = options.at ?? [];
  const max = options.maxProblems ?? 20;
  const problems: JsonProblem[] = [];
  const report = (code: JsonProblemCode, frame: Frame, message: string) => {
    const path = pathOf(frame, at);
    problems.push({ code, path, message: `${pathText(path)} ${message}` });
  };
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0 && problems.length < max) {
    const frame = stack.pop() as Frame;
    const current = frame.value;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) {
        report(
          'NOT_FINITE',
          frame,
          `is ${String(current)}, not a number JSON can hold (keep it within ±1.7976931348623157e308)`,
        );
      }
      continue;
    }
    if (typeof current === 'string') {
      if (current.includes('\u0000')) {
        report('NUL_CHARACTER', frame, 'contains the character U+0000, which cannot be stored');
      }
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (frame.depth > options.maxDepth) {
      report('TOO_DEEP', frame, `nests deeper than ${options.maxDepth} levels (the limit)`);
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, index) => [index, item])
      : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, inner] = entries[i] as [string | number, unknown];
      const child: Frame = { value: inner, depth: frame.depth + 1, key, parent: frame };
      if (typeof key === 'string' && key.includes('\u0000')) {
        report(
          'NUL_CHARACTER',
          child,
          'is a key containing the character U+0000, which cannot be stored',
        );
      }
      stack.push(child);
    }
  }
  return problems;
}
