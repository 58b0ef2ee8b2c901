import {
  blueprintSchema,
  migrateBlueprint,
  type Blueprint,
  type BlueprintIssueCode,
} from '@triggerflow/blueprint';
import { blueprintValueIssues, validateBlueprint } from '@triggerflow/engine';
import { z } from 'zod';

/** Problems that make a blueprint unstorable; every other issue is allowed in a saved draft. */
const SHAPE_CODES: ReadonlySet<BlueprintIssueCode> = new Set([
  'INVALID_SCHEMA',
  'UNSUPPORTED_SCHEMA',
  'MIGRATION_FAILED',
  'UNKNOWN_KIND',
]);

/**
 * A blueprint at the API's edge: migrated to the current schema version, then checked for shape.
 * A shape problem is an input error at its path (`blueprint.nodes.2.kind`), worded by the engine's
 * validator where it has something to say; graph and config problems are not checked here.
 * A forbidden key (`__proto__`, `constructor`, `prototype`) or a number JSON cannot hold is
 * refused too, at its path: saving would drop or change it without a word.
 */
export const blueprintInput = z.unknown().transform((value, ctx): Blueprint => {
  // Values a save would change silently (a forbidden key dropped, Infinity stored as null).
  const unsafe = blueprintValueIssues(value);
  if (unsafe.length > 0) {
    for (const { path, message, code } of unsafe) {
      // The engine's message starts with the path, which the API's message puts first anyway.
      const own = message.slice(path.join('.').length).replace(/^:? /, '');
      ctx.addIssue({ code: 'custom', input: value, path, message: own, params: { code } });
    }
    return z.NEVER;
  }
  const migrated = migrateBlueprint(value);
  const parsed = blueprintSchema.safeParse(migrated.ok ? migrated.blueprint : value);
  if (parsed.success) return parsed.data;
  const explained = validateBlueprint(value).filter((issue) => SHAPE_CODES.has(issue.code));
  const issues =
    explained.length > 0
      ? explained.map(({ path, message }) => ({ path, message }))
      : parsed.error.issues.map(({ path, message }) => ({
          path: path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
          message,
        }));
  for (const issue of issues) ctx.addIssue({ code: 'custom', input: value, ...issue });
  return z.NEVER;
});

/** The same, also accepting the blueprint as JSON text (what an exported file holds). */
export const blueprintJsonInput = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable';
      ctx.addIssue({ code: 'custom', input: value, message: `is not JSON: ${reason}` });
      return z.NEVER;
    }
  })
  .pipe(blueprintInput);
