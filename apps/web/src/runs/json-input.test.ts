import { describe, expect, it } from 'vitest';
import { parseJsonInput, position } from './json-input';

const problem = (text: string) => {
  const parsed = parseJsonInput(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return parsed.message;
};

describe('parseJsonInput', () => {
  it('parses any JSON value', () => {
    expect(parseJsonInput(' {"a": [1, 2.5e3, -0, "x\\n\\u00e9"], "b": null} ')).toEqual({
      ok: true,
      value: { a: [1, 2500, -0, 'x\né'], b: null },
    });
    expect(parseJsonInput('42')).toEqual({ ok: true, value: 42 });
    expect(parseJsonInput('"text"')).toEqual({ ok: true, value: 'text' });
  });

  it('asks for a value when there is none', () => {
    expect(parseJsonInput('  \n ')).toEqual({
      ok: false,
      message: 'Enter a JSON value, for example {} or null.',
      line: 1,
      column: 1,
      offset: 0,
    });
  });

  it('names the line and column of the first problem', () => {
    expect(parseJsonInput('{\n  "a": 1,\n  "b": }')).toEqual({
      ok: false,
      message:
        "Line 3, column 8: expected a value (an object, list, string, number, true, false or null) but found '}'",
      line: 3,
      column: 8,
      offset: 19,
    });
    expect(problem('{"a": 1 "b": 2}')).toBe("Line 1, column 9: expected ',' or '}' but found '\"'");
    expect(problem('{a: 1}')).toBe(
      "Line 1, column 2: expected a property name in double quotes but found 'a'",
    );
    expect(problem('{"a" 1}')).toBe(
      "Line 1, column 6: expected ':' after the property name but found '1'",
    );
    expect(problem('[1, 2,]')).toBe('Line 1, column 7: a trailing comma: expected another item');
    expect(problem('{"a": 1,\n}')).toBe(
      'Line 2, column 1: a trailing comma: expected another property',
    );
    expect(problem('[1, 2')).toBe(
      "Line 1, column 6: expected ',' or ']' but found the end of the input",
    );
    expect(problem('"abc')).toBe('Line 1, column 5: this string has no closing quote');
    expect(problem('"a\\xb"')).toBe(
      "Line 1, column 3: 'x' cannot be escaped (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)",
    );
    expect(problem('"\\u12"')).toBe('Line 1, column 2: \\u must be followed by 4 hex digits');
    expect(problem('"a\tb"')).toBe(
      'Line 1, column 3: a line break or tab inside a string must be written \\n or \\t',
    );
    expect(problem('{} x')).toBe("Line 1, column 4: unexpected 'x' after the JSON value");
    expect(problem("{'a': 1}")).toBe(
      "Line 1, column 2: expected a property name in double quotes but found '''",
    );
    expect(problem('tru')).toBe(
      "Line 1, column 1: expected a value (an object, list, string, number, true, false or null) but found 't'",
    );
    expect(problem('01')).toBe("Line 1, column 2: unexpected '1' after the JSON value");
    expect(problem('-')).toBe(
      "Line 1, column 1: expected a value (an object, list, string, number, true, false or null) but found '-'",
    );
  });

  it('counts lines and columns from 1', () => {
    expect(position('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(position('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(position('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 });
  });
});
