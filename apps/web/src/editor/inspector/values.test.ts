import { describe, expect, it } from 'vitest';
import { describeAmount, DURATION_UNITS, BYTE_UNITS, inUnit, unitFor } from './units';
import { defaultOf, isRequired, isShown, itemsOf, propertyOf, read, write } from './values';
import { bindingsOf, rowsOf } from './widgets/BindingsInput';

describe('settings values', () => {
  it('reads and writes a setting without touching the original', () => {
    const config = { a: 1, b: 2 };
    expect(write(config, 'a', 5)).toEqual({ a: 5, b: 2 });
    expect(write(config, 'a', undefined)).toEqual({ b: 2 });
    expect(write(undefined, 'x', 'y')).toEqual({ x: 'y' });
    expect(write(config, '', 'whole')).toBe('whole');
    expect(config).toEqual({ a: 1, b: 2 });
    expect(read(config, 'b')).toBe(2);
    expect(read('text', 'b')).toBeUndefined();
    expect(read('text', '')).toBe('text');
  });

  it('finds a property’s schema, default and whether it is required', () => {
    const schema = {
      type: 'object',
      properties: { key: { type: 'string' }, value: { type: 'string', default: 'input' } },
      required: ['key'],
    };
    expect(propertyOf(schema, 'value')).toEqual({ type: 'string', default: 'input' });
    expect(propertyOf({ anyOf: [{ type: 'null' }, schema] }, 'key')).toEqual({ type: 'string' });
    expect(defaultOf(propertyOf(schema, 'value'))).toBe('input');
    expect(isRequired(schema, 'key')).toBe(true);
    expect(isRequired(schema, 'value')).toBe(false);
    expect(
      itemsOf({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }),
    ).toEqual({ type: 'string' });
  });

  it('shows a field only while its sibling has one of the values (null: missing)', () => {
    const field = { key: 'enum', label: 'Allowed values', widget: 'json' as const };
    const when = { ...field, showWhen: { key: 'type', equals: ['string', null] } };
    expect(isShown(field, {})).toBe(true);
    expect(isShown(when, { type: 'string' })).toBe(true);
    expect(isShown(when, {})).toBe(true);
    expect(isShown(when, { type: 'number' })).toBe(false);
  });
});

describe('amounts with units', () => {
  it('shows an amount in the largest unit that keeps it whole', () => {
    expect(unitFor(600_000, DURATION_UNITS).label).toBe('minutes');
    expect(unitFor(86_400_000, DURATION_UNITS).label).toBe('days');
    expect(unitFor(1_500, DURATION_UNITS).label).toBe('seconds');
    expect(inUnit(5_400_000, DURATION_UNITS[2]!)).toBe(1.5);
    expect(describeAmount(600_000, DURATION_UNITS)).toBe('10 minutes');
    expect(describeAmount(3_600_000, DURATION_UNITS)).toBe('1 hour');
    expect(describeAmount(1_048_576, BYTE_UNITS)).toBe('1 MB');
  });
});

describe('sub-flow bindings as rows', () => {
  it('turns the engine’s bindings into rows and back', () => {
    const capture = {
      input: 'value.order',
      runtimeData: { draft: 'value.draft', user: 'state.user' },
    };
    const rows = rowsOf(capture);
    expect(rows).toEqual([
      { scope: 'input', target: '', source: 'value.order' },
      { scope: 'runtimeData', target: 'draft', source: 'value.draft' },
      { scope: 'runtimeData', target: 'user', source: 'state.user' },
    ]);
    expect(bindingsOf(rows)).toEqual(capture);
    expect(bindingsOf([])).toBeUndefined();
  });
});

describe('JSON typed into a setting', () => {
  it('says where it stops parsing, and refuses numbers JSON cannot carry', async () => {
    const { jsonProblem } = await import('./widgets/JsonInput');
    expect(jsonProblem('{"a": 1}')).toBeNull();
    expect(jsonProblem('{"a": 1e999}')).toBe('A number is too large to keep (such as 1e999)');
    expect(jsonProblem('{"a": }')).toMatch(/^Not valid JSON/);
  });
});
