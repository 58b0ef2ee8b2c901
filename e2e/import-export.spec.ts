import { trpcQuery } from './fixtures/api';
import { exportFromEditor } from './fixtures/download';
import { expect, test } from './fixtures/test';

interface Template {
  id: string;
  blueprint: { name: string };
}

test('import a blueprint file, export it again: the same blueprint', async ({
  flows,
  editor,
  page,
  session,
}) => {
  const templates = await trpcQuery<Template[]>(
    page.request,
    session.token,
    'flows.templates',
    undefined,
  );
  const source = templates.find((t) => t.id === 'orchestration-playbook');
  if (!source) throw new Error('the orchestration-playbook template is missing');
  const blueprint = { ...source.blueprint, name: 'Round trip e2e' };

  await flows.goto();
  const flowId = await flows.importFile('round-trip.json', JSON.stringify(blueprint));
  await editor.waitReady();
  const exported = await exportFromEditor(page);
  const stored = await trpcQuery<{ blueprint: unknown }>(
    page.request,
    session.token,
    'flows.export',
    {
      id: flowId,
    },
  );
  expect(exported).toEqual(stored.blueprint);
  expect(exported).toEqual(blueprint);
});
