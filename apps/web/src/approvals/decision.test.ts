import { describe, expect, it } from 'vitest';
import { decisionFor, decisionWordsOf, fieldsOf, placeIssues } from './decision';

const DEFAULT_FORM = {
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['approve', 'reject'], title: 'Decision' },
    comment: { type: 'string', title: 'Comment' },
  },
  required: ['decision'],
  additionalProperties: false,
};

describe('decisionWordsOf', () => {
  it('finds the decision field the buttons fill', () => {
    expect(decisionWordsOf(DEFAULT_FORM)).toEqual({ approved: 'approve', rejected: 'reject' });
    const past = { type: 'object', properties: { decision: { enum: ['approved', 'rejected'] } } };
    expect(decisionWordsOf(past)).toEqual({ approved: 'approved', rejected: 'rejected' });
    expect(decisionWordsOf({ type: 'object', properties: { decision: { enum: ['yes'] } } })).toBe(
      null,
    );
    expect(decisionWordsOf({ type: 'object' })).toBeNull();
    expect(decisionWordsOf(null)).toBeNull();
  });
});

describe('decisionFor', () => {
  const approval = { type: 'approval', form: DEFAULT_FORM };
  it('writes the button’s outcome into the form’s decision', () => {
    expect(decisionFor(approval, 'approved', { comment: 'ok', decision: 'reject' })).toEqual({
      outcome: 'approved',
      response: { comment: 'ok', decision: 'approve' },
    });
    expect(decisionFor(approval, 'rejected', {})).toEqual({
      outcome: 'rejected',
      response: { decision: 'reject' },
    });
  });

  it('sends the form as it is when it has no decision field, and null without a form', () => {
    const form = { type: 'object', properties: { amount: { type: 'number' } } };
    expect(decisionFor({ type: 'approval', form }, 'rejected', { amount: 3 })).toEqual({
      outcome: 'rejected',
      response: { amount: 3 },
    });
    expect(decisionFor({ type: 'approval', form: null }, 'approved', { x: 1 })).toEqual({
      outcome: 'approved',
      response: null,
    });
  });

  it('answers other pauses, taking an outcome only from the answer’s own decision', () => {
    const pause = { type: 'pause', form: null };
    expect(decisionFor(pause, 'respond', { value: 1 })).toEqual({
      outcome: 'approved',
      response: { value: 1 },
    });
    expect(decisionFor(pause, 'respond', { decision: 'reject' })).toEqual({
      outcome: 'rejected',
      response: { decision: 'reject' },
    });
    expect(decisionFor(pause, 'respond', null)).toEqual({ outcome: 'approved', response: null });
  });
});

describe('placeIssues', () => {
  it('puts response fields next to their field and the rest on their own', () => {
    const fields = fieldsOf(DEFAULT_FORM);
    fields.delete('decision');
    expect(
      placeIssues(
        [
          { field: 'response.comment', message: 'must be string' },
          { field: 'response.comment', message: 'is too long' },
          { field: 'response.decision', message: 'is required' },
          { field: 'outcome', message: 'pass outcome' },
          { field: null, message: 'you may not' },
          { field: 'response', message: 'must be object' },
        ],
        fields,
      ),
    ).toEqual({
      fieldErrors: { comment: { __errors: ['must be string', 'is too long'] } },
      general: [
        { field: 'response.decision', message: 'is required' },
        { field: 'outcome', message: 'pass outcome' },
        { field: null, message: 'you may not' },
        { field: 'response', message: 'must be object' },
      ],
    });
  });

  it('nests deeper paths', () => {
    expect(
      placeIssues([{ field: 'response.items.0.name', message: 'is required' }], new Set(['items'])),
    ).toEqual({
      fieldErrors: { items: { 0: { name: { __errors: ['is required'] } } } },
      general: [],
    });
  });
});
