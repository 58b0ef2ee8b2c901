// Tests may read files; the package's own code stays platform-neutral.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BLUEPRINT_SCHEMA,
  blueprintSchema,
  migrateBlueprint,
  supportedVersions,
  type BlueprintMigration,
} from './index';

const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const versionDirs = readdirSync(fixturesDir).filter((d) => /^v\d+$/.test(d));
const fixtures = versionDirs.flatMap((dir) =>
  readdirSync(join(fixturesDir, dir))
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ name: `${dir}/${file}`, path: join(fixturesDir, dir, file) })),
);

describe('blueprint fixtures', () => {
  it('has a v1 folder with at least five fixtures', () => {
    expect(versionDirs).toContain('v1');
    expect(fixtures.filter((f) => f.name.startsWith('v1/')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)('$name migrates to the current schema and parses', ({ path }) => {
    const migrated = migrateBlueprint(JSON.parse(readFileSync(path, 'utf8')));
    if (!migrated.ok) expect.fail(migrated.issue.message);
    const parsed = blueprintSchema.safeParse(migrated.blueprint);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.schema).toBe(BLUEPRINT_SCHEMA);
  });
});

describe('migrateBlueprint', () => {
  const current = { schema: BLUEPRINT_SCHEMA, name: 'x', nodes: [], edges: [] };

  it('leaves a current blueprint alone', () => {
    expect(migrateBlueprint(current)).toEqual({
      ok: true,
      blueprint: current,
      from: BLUEPRINT_SCHEMA,
      applied: [],
    });
  });

  it('reports a missing or unknown schema version, naming the supported ones', () => {
    for (const input of [{ name: 'x' }, { ...current, schema: 'triggerflow.blueprint/v9' }]) {
      const result = migrateBlueprint(input);
      expect(result).toMatchObject({
        ok: false,
        issue: { code: 'UNSUPPORTED_SCHEMA', severity: 'error', path: ['schema'] },
      });
      if (!result.ok) expect(result.issue.message).toContain(`'${BLUEPRINT_SCHEMA}'`);
    }
    expect(migrateBlueprint(null)).toMatchObject({
      ok: false,
      issue: { code: 'INVALID_SCHEMA', path: [] },
    });
  });

  const v0: BlueprintMigration = {
    from: 'triggerflow.blueprint/v0',
    to: 'triggerflow.blueprint/v0.5',
    migrate: ({ title, ...rest }) => ({
      ...rest,
      schema: 'triggerflow.blueprint/v0.5',
      name: title,
    }),
  };
  const v05: BlueprintMigration = {
    from: 'triggerflow.blueprint/v0.5',
    to: BLUEPRINT_SCHEMA,
    migrate: (bp) => ({ ...bp, schema: BLUEPRINT_SCHEMA, edges: bp['links'], links: undefined }),
  };

  it('chains migrations from an old version up to the current one, in order', () => {
    const old = { schema: 'triggerflow.blueprint/v0', title: 'old', nodes: [], links: [] };
    const result = migrateBlueprint(old, [v05, v0]);
    expect(result).toEqual({
      ok: true,
      from: 'triggerflow.blueprint/v0',
      applied: [
        'triggerflow.blueprint/v0 -> triggerflow.blueprint/v0.5',
        `triggerflow.blueprint/v0.5 -> ${BLUEPRINT_SCHEMA}`,
      ],
      blueprint: { schema: BLUEPRINT_SCHEMA, name: 'old', nodes: [], edges: [], links: undefined },
    });
    expect(supportedVersions([v05, v0])).toEqual([
      BLUEPRINT_SCHEMA,
      'triggerflow.blueprint/v0.5',
      'triggerflow.blueprint/v0',
    ]);
  });

  it('reports a migration that throws, returns the wrong version, or has no way forward', () => {
    const throwing: BlueprintMigration = {
      from: 'old',
      to: BLUEPRINT_SCHEMA,
      migrate: () => {
        throw new Error('nodes must be a list');
      },
    };
    expect(migrateBlueprint({ schema: 'old' }, [throwing])).toMatchObject({
      ok: false,
      issue: {
        code: 'MIGRATION_FAILED',
        message: `migration 'old' -> '${BLUEPRINT_SCHEMA}' failed: nodes must be a list`,
      },
    });
    const wrong: BlueprintMigration = { from: 'old', to: BLUEPRINT_SCHEMA, migrate: (bp) => bp };
    expect(migrateBlueprint({ schema: 'old' }, [wrong])).toMatchObject({
      ok: false,
      issue: {
        code: 'MIGRATION_FAILED',
        message: `migration 'old' -> '${BLUEPRINT_SCHEMA}' did not produce a '${BLUEPRINT_SCHEMA}' blueprint`,
      },
    });
    const loop: BlueprintMigration[] = [
      { from: 'a', to: 'b', migrate: (bp) => ({ ...bp, schema: 'b' }) },
      { from: 'b', to: 'a', migrate: (bp) => ({ ...bp, schema: 'a' }) },
    ];
    expect(migrateBlueprint({ schema: 'a' }, loop)).toMatchObject({
      ok: false,
      issue: {
        code: 'MIGRATION_FAILED',
        message: `no migration path from 'a' to '${BLUEPRINT_SCHEMA}'`,
      },
    });
  });
});
