import { describe, expect, it } from 'vitest';
import {
  checkJsonataField,
  formatJsonataError,
  isJsonataSyntaxMessage,
  jsonataFieldKind,
  parseFailure,
} from './jsonata-check';

describe('jsonataFieldKind', () => {
  it('reads the kind of a string field from the description packages/nodes writes', () => {
    expect(jsonataFieldKind({ type: 'string', description: 'JSONata over { input, state }' })).toBe(
      'expression',
    );
    expect(jsonataFieldKind({ type: 'string', description: 'JSONata predicate over x' })).toBe(
      'expression',
    );
    expect(
      jsonataFieldKind({
        type: 'string',
        description: 'URL, or =expression over { input, state }',
      }),
    ).toBe('prefixed');
    expect(
      jsonataFieldKind({
        type: 'string',
        description: 'What the model should do; {{ expr }} inserts JSONata over { input, state }',
      }),
    ).toBe('template');
  });

  it('leaves other fields alone', () => {
    expect(jsonataFieldKind({ type: 'string', description: 'HTTP method' })).toBeUndefined();
    expect(jsonataFieldKind({ type: 'integer', description: 'JSONata over x' })).toBeUndefined();
    expect(jsonataFieldKind({ type: 'string' })).toBeUndefined();
    expect(jsonataFieldKind(undefined)).toBeUndefined();
  });
});

describe('formatJsonataError', () => {
  it('names the code, the position and what JSONata says', () => {
    const failure = parseFailure('$sum(');
    expect(failure).toEqual({
      code: 'S0203',
      detail: 'Expected ")" before end of expression',
      position: 5,
    });
    expect(formatJsonataError(failure!, '$sum(')).toBe(
      'JSONata S0203 at position 5: Expected ")" before end of expression',
    );
  });

  it('adds the line and column in a text of several lines, and shifts by an offset', () => {
    const text = '{\n  "a": }';
    const failure = parseFailure(text)!;
    expect(failure.code).toBe('S0211');
    expect(formatJsonataError(failure, text)).toBe(
      `JSONata S0211 at position ${failure.position} (line 2, column 8): The symbol "}" cannot be used as a unary operator`,
    );
    expect(formatJsonataError(parseFailure('1 +')!, '=1 +', 1)).toBe(
      'JSONata S0207 at position 4: Unexpected end of expression',
    );
  });

  it('has no position part when JSONata gives none', () => {
    expect(formatJsonataError({ code: 'S0000', detail: 'odd', position: undefined }, 'x')).toBe(
      'JSONata S0000: odd',
    );
  });
});

describe('checkJsonataField', () => {
  it('accepts valid expressions and leaves an empty one to the schema', () => {
    expect(checkJsonataField('expression', "{ 'total': $sum(input.items.price) }")).toBeUndefined();
    expect(checkJsonataField('expression', '')).toBeUndefined();
  });

  it('reports a broken expression with its position', () => {
    expect(checkJsonataField('expression', 'input.items[')).toEqual({
      code: 'S0203',
      message: 'JSONata S0203 at position 12: Expected "]" before end of expression',
      position: 12,
    });
    expect(checkJsonataField('expression', '  ')?.code).toBe('S0207');
  });

  it('checks a prefixed field only after its =, counting positions in the whole text', () => {
    expect(checkJsonataField('prefixed', 'https://example.com/a(')).toBeUndefined();
    expect(checkJsonataField('prefixed', "='https://x/' & input.id")).toBeUndefined();
    expect(checkJsonataField('prefixed', '=input.id &')).toEqual({
      code: 'S0207',
      message: 'JSONata S0207 at position 11: Unexpected end of expression',
      position: 11,
    });
  });

  it('checks every {{ }} segment of a template, empty and unclosed ones too', () => {
    expect(checkJsonataField('template', 'Hello {{ input.name }}, {{ $count(input.items) }}')).toBe(
      undefined,
    );
    expect(checkJsonataField('template', 'Hi {{ input. }}')).toEqual({
      code: 'S0207',
      message: 'JSONata S0207 at position 13: Unexpected end of expression',
      position: 13,
    });
    expect(checkJsonataField('template', 'a {{ }} b')).toEqual({
      code: 'TEMPLATE',
      message: 'An empty {{ }} segment at position 2',
      position: 2,
    });
    expect(checkJsonataField('template', 'a {{ input } b')).toEqual({
      code: 'TEMPLATE',
      message: "'{{' at position 2 is never closed",
      position: 2,
    });
  });
});

describe('isJsonataSyntaxMessage', () => {
  it('recognises the server’s JSONata syntax messages, and nothing else', () => {
    expect(isJsonataSyntaxMessage('JSONata S0203 at position 5: Expected ")"')).toBe(true);
    expect(
      isJsonataSyntaxMessage(
        "rules.0.expression: JSONata S0207 at position 3: Unexpected end of expression (positions count from after the '=')",
      ),
    ).toBe(true);
    expect(isJsonataSyntaxMessage('an empty {{ }} segment (template position 3)')).toBe(true);
    expect(isJsonataSyntaxMessage("'{{' at position 3 is never closed")).toBe(true);
    expect(
      isJsonataSyntaxMessage('an http:// or https:// URL, or an expression starting with ='),
    ).toBe(false);
    expect(isJsonataSyntaxMessage('Invalid input: expected string, received undefined')).toBe(
      false,
    );
  });
});
