import { defaultApprovalForm } from '@triggerflow/nodes';
import { describe, expect, it } from 'vitest';
import {
  fieldProblems,
  modelOf,
  nameFor,
  schemaOf,
  summaryOf,
  type FormFieldModel,
} from './form-model';

const field = (over: Partial<FormFieldModel>): FormFieldModel => ({
  name: 'comment',
  label: 'Comment',
  type: 'text',
  required: false,
  options: [],
  help: '',
  defaultValue: undefined,
  ...over,
});

describe('the form builder’s model', () => {
  it('reads the default approval form as one field, keeping the decision for the buttons', () => {
    const model = modelOf(defaultApprovalForm(), ['decision']);
    expect(model).toEqual({
      editable: true,
      fields: [field({})],
      keep: { decision: { type: 'string', enum: ['approve', 'reject'], title: 'Decision' } },
    });
    if (!model.editable) throw new Error('editable');
    expect(schemaOf(model.fields, model.keep)).toEqual({
      type: 'object',
      properties: {
        decision: { type: 'string', enum: ['approve', 'reject'], title: 'Decision' },
        comment: { title: 'Comment', type: 'string' },
      },
      required: ['decision'],
      additionalProperties: false,
    });
  });

  it('writes every type and reads it back the same', () => {
    const fields: FormFieldModel[] = [
      field({ name: 'note', label: 'Note', type: 'longText', required: true, help: 'Why' }),
      field({ name: 'amount', label: 'Amount', type: 'number', defaultValue: 10 }),
      field({ name: 'count', label: 'Count', type: 'integer' }),
      field({ name: 'urgent', label: 'Urgent', type: 'boolean', defaultValue: false }),
      field({ name: 'level', label: 'Level', type: 'choice', options: ['low', 'high'] }),
      field({ name: 'due', label: 'Due', type: 'date' }),
      field({ name: 'mail', label: 'Mail', type: 'email' }),
    ];
    const schema = schemaOf(fields);
    expect(schema['required']).toEqual(['note']);
    expect((schema['properties'] as Record<string, unknown>)['level']).toEqual({
      title: 'Level',
      type: 'string',
      enum: ['low', 'high'],
    });
    expect(modelOf(schema)).toEqual({ editable: true, fields, keep: {} });
  });

  it('says why a schema it cannot show field by field stays as it is', () => {
    expect(modelOf({ type: 'array' })).toEqual({
      editable: false,
      reason: 'it is not a form of fields (a JSON Schema of type object)',
    });
    expect(
      modelOf({ type: 'object', properties: { a: { type: 'object', properties: {} } } }),
    ).toEqual({ editable: false, reason: 'field a is a field of type "object"' });
    expect(
      modelOf({ type: 'object', properties: { a: { type: 'string', pattern: 'x' } } }),
    ).toEqual({ editable: false, reason: 'field a uses pattern' });
    expect(modelOf({ type: 'object', allOf: [] })).toEqual({
      editable: false,
      reason: 'it uses allOf',
    });
    expect(modelOf(undefined)).toEqual({ editable: true, fields: [], keep: {} });
  });

  it('names answers after their labels, uniquely', () => {
    expect(nameFor('Due date', new Set())).toBe('dueDate');
    expect(nameFor('Comment', new Set(['comment']))).toBe('comment2');
    expect(nameFor('1st choice!', new Set())).toBe('stChoice');
    expect(nameFor('  ', new Set())).toBe('field');
  });

  it('finds what a person must fix before the form is usable', () => {
    const problems = fieldProblems([
      field({ label: '' }),
      field({ name: 'comment', label: 'Again' }),
      field({ name: 'pick', label: 'Pick', type: 'choice', options: ['one'] }),
      field({ name: '9x', label: 'Bad' }),
    ]);
    expect([...problems]).toEqual([
      [0, ['Give the field a label.']],
      [1, ['Field 1 already uses the name comment.']],
      [2, ['A choice needs at least two options.']],
      [3, ['The name in the answer must be a word such as comment or dueDate.']],
    ]);
    expect(summaryOf([field({}), field({ label: 'Reason', required: true })])).toBe(
      'Comment (optional), Reason',
    );
  });
});
