/**
 * What a dry run sends back from its worker: values small enough to show and to clone. A step's
 * value can be huge (a loop's output nests every turn), and the page must stay responsive.
 */
import type { DryRunResult } from './dry-run';

/** The most steps listed; the rest are counted. */
export const MAX_LISTED_STEPS = 300;
const MAX_VALUE_CHARS = 2_000;

class TooBig extends Error {}

/** `value` as JSON if that takes at most `max` characters (checked as it goes), else null. */
export function jsonWithin(value: unknown, max: number): string | null {
  let used = 0;
  const add = (text: string): string => {
    used += text.length;
    if (used > max) throw new TooBig();
    return text;
  };
  const write = (v: unknown, depth: number): string => {
    if (depth > 64) throw new TooBig();
    if (v === null || typeof v !== 'object') {
      const text = JSON.stringify(v);
      return add(text === undefined ? 'null' : text);
    }
    if (Array.isArray(v)) {
      add('[]');
      return `[${v.map((x) => write(x, depth + 1)).join(',')}]`;
    }
    add('{}');
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && typeof x !== 'function')
      .map(([k, x]) => `${add(JSON.stringify(k))}:${write(x, depth + 1)}`);
    return `{${parts.join(',')}}`;
  };
  try {
    return write(value, 0);
  } catch (error) {
    if (error instanceof TooBig) return null;
    throw error;
  }
}

/** A value as it may be shown: itself when small, otherwise a note of what it is. */
export function clip(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = jsonWithin(value, MAX_VALUE_CHARS);
  if (json !== null) return JSON.parse(json) as unknown;
  return Array.isArray(value) ? '(a list too large to show)' : '(a value too large to show)';
}

/** The result with its steps listed up to `MAX_LISTED_STEPS` and every value clipped. */
export function compactResult(result: DryRunResult): DryRunResult {
  const steps = result.steps
    .slice(0, MAX_LISTED_STEPS)
    .map((step) => (step.value === undefined ? step : { ...step, value: clip(step.value) }));
  return {
    ...result,
    steps,
    unlistedSteps: Math.max(0, result.steps.length - MAX_LISTED_STEPS),
    final: result.final === null ? null : (clip(result.final) as Record<string, unknown>),
  };
}
