import { expect } from 'vitest';
import { cleanBlueprint, expectApiError, type Api } from './api-harness';

/** Flows CRUD and versions through the API; run on SQLite and on PostgreSQL (api.test.ts). */
export async function flowsCrudScenario(api: Api): Promise<void> {
  const { admin } = api;
  const editor = (await api.userWith(['editor'])).client;

  const created = await editor.flows.create.mutate({
    name: 'Doubler',
    description: 'doubles its input',
    blueprint: cleanBlueprint(),
    note: 'first',
  });
  expect(created.issues).toEqual([]);
  expect(created.flow).toMatchObject({ name: 'Doubler', latestVersion: 1, deletedAt: null });
  const id = created.flow.id;

  const got = await admin.flows.get.query({ id });
  expect(got.version).toMatchObject({ version: 1, note: 'first', blueprint: cleanBlueprint() });
  expect(got.version.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

  // A new blueprint is a new version; the old one stays as it was.
  const v2 = await editor.flows.update.mutate({
    id,
    expectedVersion: 1,
    blueprint: cleanBlueprint('Tripler', 'input * 3'),
    note: 'triple',
  });
  expect(v2.flow.latestVersion).toBe(2);
  const v1 = await admin.flows.getVersion.query({ id, version: 1 });
  expect(v1.blueprint).toEqual(cleanBlueprint());
  expect(v1.fingerprint).toBe(got.version.fingerprint);
  const second = await admin.flows.getVersion.query({ id, version: 2 });
  expect(second.blueprint.nodes[1]).toMatchObject({
    handler: { config: { expression: 'input * 3' } },
  });
  expect(second.fingerprint).not.toBe(v1.fingerprint);

  // A rename alone does not make a version.
  const renamed = await editor.flows.update.mutate({ id, name: 'Multiplier', expectedVersion: 2 });
  expect(renamed.flow).toMatchObject({ name: 'Multiplier', latestVersion: 2 });

  // A save based on version 1 loses the race.
  await expectApiError(
    editor.flows.update.mutate({ id, expectedVersion: 1, blueprint: cleanBlueprint() }),
    'CONFLICT',
    `flow "${id}" is at version 2, not 1`,
  );
  const versions = await admin.flows.versions.query({ id });
  expect(versions.map((v) => [v.version, v.note])).toEqual([
    [1, 'first'],
    [2, 'triple'],
  ]);

  const listed = await admin.flows.list.query({ search: 'multipl' });
  expect(listed.items.map((f) => f.id)).toEqual([id]);

  await editor.flows.delete.mutate({ id });
  await expectApiError(admin.flows.get.query({ id }), 'NOT_FOUND', `flow "${id}" not found`);
  await expectApiError(editor.flows.delete.mutate({ id }), 'NOT_FOUND');
  expect((await admin.flows.list.query({ search: 'multipl' })).items).toEqual([]);
  // Runs may still refer to its versions.
  expect((await admin.flows.getVersion.query({ id, version: 2 })).version).toBe(2);
}
