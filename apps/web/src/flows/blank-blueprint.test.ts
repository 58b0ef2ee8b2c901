import { blueprintSchema } from '@triggerflow/blueprint';
import { validateBlueprint } from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import { blankBlueprint, copyName } from './blank-blueprint';

describe('blankBlueprint', () => {
  it('is a valid start → end flow', () => {
    const blueprint = blankBlueprint('New');
    expect(blueprintSchema.parse(blueprint)).toEqual(blueprint);
    expect(validateBlueprint(blueprint)).toEqual([]);
    expect(blueprint.edges).toEqual([
      { id: 'start-end', source: 'start', sourceHandle: 'out', target: 'end', targetHandle: 'in' },
    ]);
  });
});

describe('copyName', () => {
  it('adds " (copy)" within the 200-character limit', () => {
    expect(copyName('Invoices')).toBe('Invoices (copy)');
    const long = copyName('x'.repeat(200));
    expect(long).toHaveLength(200);
    expect(long.endsWith(' (copy)')).toBe(true);
  });
});
