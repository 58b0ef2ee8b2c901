import { BLUEPRINT_SCHEMA } from './blueprint';
import type { BlueprintIssue } from './issues';

/** Upgrades a blueprint of schema version `from` to version `to`. Pure: returns a new value. */
export interface BlueprintMigration {
  readonly from: string;
  readonly to: string;
  migrate(blueprint: Record<string, unknown>): unknown;
}

export type MigrationResult =
  | { ok: true; blueprint: unknown; from: string; applied: string[] }
  | { ok: false; issue: BlueprintIssue };

/**
 * Every migration ever written, keyed by the version it upgrades from. `triggerflow.blueprint/v1`
 * is the first version, so there is nothing to upgrade yet; a v2 adds `{ from: v1, to: v2 }` here
 * together with `fixtures/v1` files that must keep loading.
 */
export const blueprintMigrations: readonly BlueprintMigration[] = [];

/**
 * Brings a blueprint of any supported version up to `BLUEPRINT_SCHEMA`, one migration at a time.
 * `applied` lists the steps as `from -> to`. Never throws: a bad input or a failing migration is
 * reported as an issue.
 */
export function migrateBlueprint(
  input: unknown,
  migrations: readonly BlueprintMigration[] = blueprintMigrations,
): MigrationResult {
  if (!isRecord(input)) {
    return failure('INVALID_SCHEMA', 'a blueprint must be a JSON object', []);
  }
  const from = input['schema'];
  const supported = supportedVersions(migrations);
  if (typeof from !== 'string' || !supported.includes(from)) {
    const found = typeof from === 'string' ? `'${from}'` : 'no schema version';
    return failure(
      'UNSUPPORTED_SCHEMA',
      `unsupported blueprint schema: found ${found}, expected one of ${supported.map((v) => `'${v}'`).join(', ')}`,
      ['schema'],
    );
  }
  let current: Record<string, unknown> = input;
  let version = from;
  const applied: string[] = [];
  while (version !== BLUEPRINT_SCHEMA) {
    const step = migrations.find((m) => m.from === version);
    if (step === undefined || applied.length >= migrations.length) {
      return failure(
        'MIGRATION_FAILED',
        `no migration path from '${from}' to '${BLUEPRINT_SCHEMA}'`,
        ['schema'],
      );
    }
    const next = runStep(step, current);
    if (!next.ok) return next;
    current = next.blueprint;
    version = step.to;
    applied.push(`${step.from} -> ${step.to}`);
  }
  return { ok: true, blueprint: current, from, applied };
}

/** The versions `migrateBlueprint` accepts: the current one and every one a migration upgrades. */
export function supportedVersions(
  migrations: readonly BlueprintMigration[] = blueprintMigrations,
): string[] {
  return [BLUEPRINT_SCHEMA, ...migrations.map((m) => m.from).filter((v) => v !== BLUEPRINT_SCHEMA)];
}

function runStep(
  step: BlueprintMigration,
  blueprint: Record<string, unknown>,
): { ok: true; blueprint: Record<string, unknown> } | { ok: false; issue: BlueprintIssue } {
  const label = `migration '${step.from}' -> '${step.to}'`;
  let next: unknown;
  try {
    next = step.migrate(blueprint);
  } catch (error) {
    return failure('MIGRATION_FAILED', `${label} failed: ${errorMessage(error)}`, []);
  }
  if (!isRecord(next) || next['schema'] !== step.to) {
    return failure('MIGRATION_FAILED', `${label} did not produce a '${step.to}' blueprint`, []);
  }
  return { ok: true, blueprint: next };
}

function failure(
  code: BlueprintIssue['code'],
  message: string,
  path: BlueprintIssue['path'],
): { ok: false; issue: BlueprintIssue } {
  return { ok: false, issue: { code, severity: 'error', message, path } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
