import draft7 from '@rjsf/validator-ajv8';
import { describe, expect, it } from 'vitest';
import { checkResponse, formSchema, responseField } from './response-check';

const FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['approve', 'reject'] },
    comment: { type: 'string', title: 'Comment', minLength: 3 },
    lines: { type: 'array', items: { type: 'object', properties: { qty: { type: 'number' } } } },
  },
  required: ['decision', 'comment'],
};

describe('checkResponse', () => {
  it('accepts a valid response', () => {
    expect(checkResponse(FORM, { decision: 'approve', comment: 'fine' })).toEqual([]);
  });

  it('names each problem by its response field, as the server does', () => {
    const issues = checkResponse(FORM, { decision: 'maybe', lines: [{ qty: 'x' }] });
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'response.comment',
      'response.decision',
      'response.lines.0.qty',
    ]);
    expect(issues.find((i) => i.field === 'response.comment')?.message).toBe(
      "must have required property 'Comment'",
    );
    expect(checkResponse(FORM, { decision: 'approve', comment: 'no' })).toEqual([
      { field: 'response.comment', message: 'must NOT have fewer than 3 characters' },
    ]);
  });

  it('reads forms as JSON Schema 2020-12, as the server does: what draft-07 let through is refused', () => {
    // `dependentRequired` and `prefixItems` are 2020-12; draft-07 ignores both keywords.
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
    const answer = { refund: true, pair: ['EUR', 'twelve'] };
    // The validator the dialog used before (rjsf's default, draft-07) accepted it…
    expect(draft7.validateFormData(answer, formSchema(form)).errors).toEqual([]);
    // …which the server refuses (apps/server/test/json-schema.test.ts); now the dialog does too.
    expect(checkResponse(form, answer)).toEqual([
      { field: 'response.pair.1', message: 'must be number' },
      {
        field: 'response.amount',
        message: 'must have property amount when property refund is present',
      },
    ]);
    expect(checkResponse(form, { refund: true, amount: 12, pair: ['EUR', 12] })).toEqual([]);
  });

  it('drops $schema (every form is read as 2020-12) and maps rjsf property names', () => {
    expect(formSchema(FORM)).not.toHaveProperty('$schema');
    expect(responseField(undefined)).toBe('response');
    expect(responseField('')).toBe('response');
    expect(responseField('comment')).toBe('response.comment');
    expect(responseField('.lines.0.qty')).toBe('response.lines.0.qty');
  });
});
