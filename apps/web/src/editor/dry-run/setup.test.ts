import { describe, expect, it } from 'vitest';
import { parseSetup } from './setup';

describe('parseSetup', () => {
  it('parses the input, non-empty stubs and picked cases', () => {
    expect(parseSetup('{"a":1}', { x: '[1,2]', y: '  ' }, { m: 'yes', n: '' })).toEqual({
      input: { a: 1 },
      stubs: { x: [1, 2] },
      caseChoices: { m: 'yes' },
    });
    expect(parseSetup('', {}, {}).input).toBeUndefined();
  });

  it('names the field that is not valid JSON', () => {
    expect(() => parseSetup('{oops', {}, {})).toThrow(/^Input is not valid JSON/);
    expect(() => parseSetup('1', { classify: 'nope' }, {})).toThrow(
      /^Stub output of classify is not valid JSON/,
    );
  });
});
