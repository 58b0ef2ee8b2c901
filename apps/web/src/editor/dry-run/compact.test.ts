import { describe, expect, it } from 'vitest';
import { clip, compactResult, jsonWithin, MAX_LISTED_STEPS } from './compact';

describe('what a dry run sends back', () => {
  it('keeps small values, and says so for large or deep ones without serializing them whole', () => {
    expect(jsonWithin({ a: [1, 'x'] }, 100)).toBe('{"a":[1,"x"]}');
    expect(jsonWithin('x'.repeat(50), 10)).toBeNull();
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i += 1) deep = { next: deep };
    expect(jsonWithin(deep, 1_000_000)).toBeNull();
    expect(clip({ ok: true })).toEqual({ ok: true });
    expect(clip(deep)).toBe('(a value too large to show)');
    expect(clip(new Array(5000).fill('item'))).toBe('(a list too large to show)');
  });

  it('lists the first steps and counts the others', () => {
    const steps = Array.from({ length: MAX_LISTED_STEPS + 5 }, (_, i) => ({
      type: 'started' as const,
      nodeId: 'n',
      scope: [],
      value: i,
    }));
    const result = compactResult({
      ok: true,
      error: null,
      steps,
      nodes: {},
      fanOuts: {},
      final: { done: 1 },
      notes: [],
    });
    expect(result.steps).toHaveLength(MAX_LISTED_STEPS);
    expect(result.unlistedSteps).toBe(5);
    expect(result.final).toEqual({ done: 1 });
  });
});
