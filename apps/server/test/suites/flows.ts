import { describe, expect, it } from 'vitest';
import { blueprint, createFlow, expectStorageError } from '../fixtures';
import type { SuiteContext } from './context';

export function flowsSuite(ctx: SuiteContext): void {
  describe('flows', () => {
    it('creates version 1; each blueprint save is a new version and old ones never change', async () => {
      const storage = ctx.storage();
      const v1 = blueprint('Invoices', ['fetch']);
      const flow = await storage.flows.create({
        name: 'Invoices',
        description: 'Monthly run',
        blueprint: v1,
        fingerprint: 'sha256:v1',
        note: 'first',
        createdBy: 'user-1',
      });
      expect(flow).toMatchObject({
        name: 'Invoices',
        description: 'Monthly run',
        latestVersion: 1,
        createdBy: 'user-1',
        deletedAt: null,
      });
      const v2 = blueprint('Invoices', ['fetch', 'send']);
      const updated = await storage.flows.update(flow.id, {
        revision: { blueprint: v2, fingerprint: 'sha256:v2', note: 'send too' },
        by: 'user-2',
      });
      expect(updated.latestVersion).toBe(2);
      expect(updated.updatedAt).toBeGreaterThan(flow.updatedAt);

      const renamed = await storage.flows.update(flow.id, { name: 'Invoices (EU)', by: 'user-2' });
      expect(renamed).toMatchObject({ name: 'Invoices (EU)', latestVersion: 2 });

      const first = await storage.flows.getVersion(flow.id, 1);
      expect(first).toMatchObject({ version: 1, fingerprint: 'sha256:v1', note: 'first' });
      expect(first.blueprint).toEqual(v1);
      expect((await storage.flows.getVersion(flow.id, 2)).blueprint).toEqual(v2);
      expect(await storage.flows.versions(flow.id)).toEqual([
        expect.objectContaining({ version: 1, createdBy: 'user-1', note: 'first' }),
        expect.objectContaining({ version: 2, createdBy: 'user-2', note: 'send too' }),
      ]);
      await expectStorageError(storage.flows.getVersion(flow.id, 3), 'NOT_FOUND', `${flow.id}@3`);
    });

    it('refuses a stale expectedVersion and numbers concurrent saves without gaps', async () => {
      const storage = ctx.storage();
      const flow = await createFlow(storage, 'Busy');
      await expectStorageError(
        storage.flows.update(flow.id, { name: 'x', by: 'u', expectedVersion: 7 }),
        'CONFLICT',
        `flow "${flow.id}" is at version 1, not 7`,
      );
      const saves = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          storage.flows.update(flow.id, {
            revision: { blueprint: blueprint(`Busy ${index}`), fingerprint: `sha256:${index}` },
            by: `user-${index}`,
          }),
        ),
      );
      const numbers = saves.map((saved) => saved.latestVersion).sort((a, b) => a - b);
      expect(numbers).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const versions = await storage.flows.versions(flow.id);
      expect(versions.map((version) => version.version)).toEqual([1, ...numbers]);
      const ok = await storage.flows.update(flow.id, {
        name: 'Calm',
        by: 'u',
        expectedVersion: 11,
      });
      expect(ok.name).toBe('Calm');
    });

    it('soft delete hides the flow and keeps its versions readable', async () => {
      const storage = ctx.storage();
      const flow = await createFlow(storage, 'Doomed');
      await storage.flows.softDelete(flow.id);
      await expectStorageError(storage.flows.get(flow.id), 'NOT_FOUND', `flow "${flow.id}"`);
      await expectStorageError(storage.flows.softDelete(flow.id), 'NOT_FOUND', flow.id);
      await expectStorageError(
        storage.flows.update(flow.id, { name: 'Back', by: 'u' }),
        'NOT_FOUND',
        flow.id,
      );
      expect((await storage.flows.list({ search: 'Doomed' })).items).toEqual([]);
      expect((await storage.flows.getVersion(flow.id, 1)).blueprint.name).toBe('Doomed');
    });

    it('lists by search (case-insensitive, % and _ literal) in keyset pages, newest first', async () => {
      const storage = ctx.storage();
      const tag = `Paging-${ctx.dialect}`;
      const created = [];
      for (let index = 0; index < 7; index++) {
        created.push(await createFlow(storage, `${tag} ${index}`));
      }
      await storage.flows.create({
        name: 'Unrelated',
        description: `mentions ${tag.toUpperCase()} in the description`,
        blueprint: blueprint('Unrelated'),
        fingerprint: 'sha256:u',
        createdBy: 'u',
      });
      await storage.flows.update(created[2]?.id ?? '', { description: 'touched', by: 'u' });

      const seen: string[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const page = await storage.flows.list({ search: tag.toLowerCase(), limit: 3, cursor });
        sizes.push(page.items.length);
        seen.push(...page.items.map((flow) => flow.name));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(sizes).toEqual([3, 3, 2]);
      expect(seen).toEqual([
        `${tag} 2`,
        'Unrelated',
        `${tag} 6`,
        `${tag} 5`,
        `${tag} 4`,
        `${tag} 3`,
        `${tag} 1`,
        `${tag} 0`,
      ]);
      await createFlow(storage, '100% sure');
      expect((await storage.flows.list({ search: '%' })).items.map((f) => f.name)).toEqual([
        '100% sure',
      ]);
      expect((await storage.flows.list({ search: `${tag}_` })).items).toEqual([]);
      await expectStorageError(storage.flows.list({ cursor: 'nonsense' }), 'INVALID', 'nonsense');
    });
  });
}
