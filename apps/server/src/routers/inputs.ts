import { z } from 'zod';
import { ROLES } from '../storage';

/** Shared pieces of the procedures' input schemas. */
export const id = z.string().trim().min(1, 'must not be empty').max(100);
export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const description = z.string().max(5000);
export const note = z.string().max(500);
export const version = z.number().int().min(1);
export const label = z.string().trim().min(1, 'must not be empty').max(100);

export const roles = z
  .array(z.enum(ROLES))
  .min(1, 'give at least one role')
  .transform((list) => ROLES.filter((role) => list.includes(role)));

export const page = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).nullish(),
};

/** How deep a JSON input (a run's input, an approval's response) may nest. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON value, without recursion (a hostile value cannot blow the stack). */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

/** Any JSON value nested at most `MAX_JSON_DEPTH` levels; `undefined` stays `undefined`. */
export const jsonInput = z
  .unknown()
  .refine(
    (value) => depthOf(value, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH,
    `nests deeper than ${MAX_JSON_DEPTH} levels`,
  );
