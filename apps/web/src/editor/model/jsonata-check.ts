/**
 * JSONata syntax checks in the browser (issue 6): the `jsonata` package parses an expression
 * exactly as the server will (same major version as packages/nodes), so a syntax error shows
 * while typing, with its position, without asking the server.
 *
 * The catalog marks its JSONata fields by their JSON Schema `description` (written by
 * packages/nodes, the only vocabulary the catalog carries):
 * - `JSONata over …` / `JSONata predicate …` (`expressionString`): the whole text is JSONata;
 * - `… =expression over …` (http `url`, header values): JSONata after a leading `=`, else literal;
 * - `… {{ expr }} inserts JSONata …` (agent `instructions`): text with `{{ … }}` JSONata segments.
 * Positions in messages count from the start of the field's text (JSONata's own positions point
 * just past the token it stopped at).
 */
import jsonata from 'jsonata';

export type JsonataFieldKind = 'expression' | 'prefixed' | 'template';

export interface JsonataProblem {
  /** JSONata's error code (`S0203`), or `TEMPLATE` for a `{{ }}` problem. */
  readonly code: string;
  /** What is wrong and where, ready to show. */
  readonly message: string;
  /** Offset in the field's text (0-based), when known. */
  readonly position: number | undefined;
}

/** How a JSON Schema property holds JSONata, from its description; undefined for other fields. */
export function jsonataFieldKind(schema: unknown): JsonataFieldKind | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const { type, description } = schema as { type?: unknown; description?: unknown };
  if (type !== undefined && type !== 'string') return undefined;
  if (typeof description !== 'string') return undefined;
  if (/^JSONata\b/.test(description)) return 'expression';
  if (description.includes('=expression')) return 'prefixed';
  if (description.includes('{{ expr }}')) return 'template';
  return undefined;
}

interface ParseFailure {
  readonly code: string;
  readonly detail: string;
  /** JSONata's position: the offset just past the offending token. */
  readonly position: number | undefined;
}

const parsed = new Map<string, ParseFailure | null>();

/** Parses `source` with JSONata; the failure, or undefined when it parses (cached by source). */
export function parseFailure(source: string): ParseFailure | undefined {
  const hit = parsed.get(source);
  if (hit !== undefined) return hit ?? undefined;
  let failure: ParseFailure | null = null;
  try {
    jsonata(source);
  } catch (error) {
    const e = (typeof error === 'object' && error !== null ? error : {}) as {
      code?: unknown;
      message?: unknown;
      position?: unknown;
    };
    failure = {
      code: typeof e.code === 'string' ? e.code : 'S0000',
      detail: typeof e.message === 'string' ? e.message : String(error),
      position: typeof e.position === 'number' ? e.position : undefined,
    };
  }
  if (parsed.size >= 5_000) parsed.clear();
  parsed.set(source, failure);
  return failure ?? undefined;
}

/** `line 2, column 5` of a 0-based offset, for texts with more than one line. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * The message of a JSONata failure found at `offset` in `text`: `JSONata S0203 at position 5:
 * Expected ")" before end of expression` (with line and column when the text has several lines).
 */
export function formatJsonataError(failure: ParseFailure, text: string, offset = 0): string {
  if (failure.position === undefined) return `JSONata ${failure.code}: ${failure.detail}`;
  const at = offset + failure.position;
  const where = text.includes('\n') ? ` (${lineColumn(text, Math.max(at - 1, 0))})` : '';
  return `JSONata ${failure.code} at position ${at}${where}: ${failure.detail}`;
}

const SEGMENT = /\{\{([\s\S]*?)\}\}/g;

/** The first syntax problem of a field's text, read as `kind` says; undefined when it is fine. */
export function checkJsonataField(
  kind: JsonataFieldKind,
  text: string,
): JsonataProblem | undefined {
  switch (kind) {
    case 'expression': {
      if (text === '') return undefined; // "required" is the schema's to say
      const failure = parseFailure(text);
      return failure && problem(failure, text, 0);
    }
    case 'prefixed': {
      if (!text.startsWith('=')) return undefined;
      const failure = parseFailure(text.slice(1));
      return failure && problem(failure, text, 1);
    }
    case 'template':
      return checkTemplate(text);
  }
}

function problem(failure: ParseFailure, text: string, offset: number): JsonataProblem {
  return {
    code: failure.code,
    message: formatJsonataError(failure, text, offset),
    position: failure.position === undefined ? undefined : offset + failure.position,
  };
}

function checkTemplate(text: string): JsonataProblem | undefined {
  for (const match of text.matchAll(SEGMENT)) {
    const source = match[1] ?? '';
    const start = match.index + 2;
    if (source.trim() === '') {
      return {
        code: 'TEMPLATE',
        message: `An empty {{ }} segment at position ${match.index}`,
        position: match.index,
      };
    }
    const failure = parseFailure(source);
    if (failure) return problem(failure, text, start);
  }
  const open = text.replace(SEGMENT, (m) => ' '.repeat(m.length)).indexOf('{{');
  if (open >= 0) {
    return {
      code: 'TEMPLATE',
      message: `'{{' at position ${open} is never closed`,
      position: open,
    };
  }
  return undefined;
}

/**
 * Whether a server message reports a JSONata syntax error (packages/nodes writes `JSONata S0203 …`,
 * and for templates `… (template position 12)` or `'{{' at position 3 is never closed`): the form
 * shows those from its own check already, as the user types.
 */
export function isJsonataSyntaxMessage(message: string): boolean {
  return (
    /\bJSONata [A-Z]\d{4}\b/.test(message) ||
    /\(template position \d+\)$/.test(message) ||
    /'\{\{' at position \d+ is never closed/.test(message)
  );
}
