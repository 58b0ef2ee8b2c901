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

  it('drops $schema for the draft-7 validator and maps rjsf property names', () => {
    expect(formSchema(FORM)).not.toHaveProperty('$schema');
    expect(responseField(undefined)).toBe('response');
    expect(responseField('')).toBe('response');
    expect(responseField('comment')).toBe('response.comment');
    expect(responseField('.lines.0.qty')).toBe('response.lines.0.qty');
  });
});
