/**
 * JSON typed by a person: the value, or what is wrong and where (line and column, 1-based).
 * Browsers' `JSON.parse` messages name no position (V8: `Unexpected token '}', "…" is not valid
 * JSON`), so a failed parse is scanned again here to find the first problem.
 */
export type JsonInput =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number; offset: number };

class Problem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';
const HEX4 = /^[0-9a-fA-F]{4}$/;

const show = (char: string | undefined) =>
  char === undefined ? 'the end of the input' : `'${char === '\n' ? '\\n' : char}'`;

/** Finds the first syntax problem of text that `JSON.parse` refused. */
function scan(text: string): Problem | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (message: string): never => {
    throw new Problem(i, message);
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      const char = text[i];
      if (char === undefined) return fail('this string has no closing quote');
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        const escaped = text[i + 1];
        if (escaped === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by 4 hex digits');
          i += 6;
          continue;
        }
        if (escaped === undefined || !ESCAPES.includes(escaped)) {
          fail(`${show(escaped)} cannot be escaped (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)`);
        }
        i += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20)
        fail('a line break or tab inside a string must be written \\n or \\t');
      i++;
    }
  };
  const list = (close: ']' | '}', item: () => void, what: string) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected ',' or '${close}' but found ${show(text[i])}`);
      i++;
      ws();
      if (text[i] === close) fail(`a trailing comma: expected another ${what}`);
    }
  };
  const value = (): void => {
    ws();
    const char = text[i];
    if (char === '{') {
      return list(
        '}',
        () => {
          if (text[i] !== '"')
            fail(`expected a property name in double quotes but found ${show(text[i])}`);
          string();
          ws();
          if (text[i] !== ':')
            fail(`expected ':' after the property name but found ${show(text[i])}`);
          i++;
          value();
        },
        'property',
      );
    }
    if (char === '[') return list(']', value, 'item');
    if (char === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (char !== undefined && /[-\d]/.test(char) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail(
      `expected a value (an object, list, string, number, true, false or null) but found ${show(char)}`,
    );
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${show(text[i])} after the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof Problem) return error;
    return new Problem(0, 'nests too deeply to check');
  }
}

export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseJsonInput(text: string): JsonInput {
  if (text.trim() === '') {
    return {
      ok: false,
      message: 'Enter a JSON value, for example {} or null.',
      line: 1,
      column: 1,
      offset: 0,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const problem =
      scan(text) ?? new Problem(0, error instanceof Error ? error.message : String(error));
    const { line, column } = position(text, problem.offset);
    return {
      ok: false,
      message: `Line ${line}, column ${column}: ${problem.message}`,
      line,
      column,
      offset: problem.offset,
    };
  }
}
