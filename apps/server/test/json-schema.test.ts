import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors';
import { checkAgainstSchema } from '../src/json-schema/check';

/** The same form and answer as the web's `response-check.test.ts` (one draft for both). */
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    refund: { type: 'boolean' },
    amount: { type: 'number' },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
  },
  dependentRequired: { refund: ['amount'] },
};

describe('checkAgainstSchema (JSON Schema 2020-12)', () => {
  it('refuses what only 2020-12 keywords forbid, naming each field', () => {
    const refusal = (() => {
      try {
        checkAgainstSchema(form, { refund: true, pair: ['EUR', 'twelve'] }, 'response', String);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).problems?.map((p) => p.path)).toEqual([
      ['response', 'pair', 1],
      ['response'],
    ]);
    expect(() =>
      checkAgainstSchema(form, { refund: true, amount: 12, pair: ['EUR', 12] }, 'response', String),
    ).not.toThrow();
  });
});
