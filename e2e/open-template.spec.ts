import { expect, test } from './fixtures/test';

test('create a flow from a template, open it and see its nodes', async ({
  flows,
  editor,
  page,
}) => {
  await flows.goto();
  await flows.createFromTemplate('Fan-out / fan-in', 'Fan out e2e');
  await editor.waitReady();
  await expect(page.getByRole('heading', { name: 'Fan out e2e' })).toBeVisible();
  const ids = await editor.nodeIds();
  expect(ids.length).toBe(9);
  for (const id of ids) await expect(editor.node(id)).toBeVisible();
});
