import { expect, test } from './fixtures/test';

const invalid = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Broken e2e',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'mystery', kind: 'chunk', handler: { ref: 'noSuchHandler' }, position: { x: 250, y: 0 } },
    { id: 'end', kind: 'end', position: { x: 500, y: 0 } },
    {
      id: 'lonely',
      kind: 'chunk',
      handler: { ref: 'delay', config: { ms: 5 } },
      position: { x: 250, y: 150 },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'mystery' },
    { id: 'e2', source: 'mystery', target: 'end' },
  ],
};

test('an invalid flow shows its markers and cannot be run', async ({ flows, editor, page }) => {
  await flows.goto();
  await flows.importFile('broken.json', JSON.stringify(invalid));
  await editor.waitReady();

  await expect(editor.marker('mystery')).toBeVisible();
  await expect(editor.marker('mystery')).toHaveClass(/issue-badge--error/);
  await expect(editor.marker('lonely')).toBeVisible();
  await expect(editor.marker('start')).toHaveCount(0);
  await expect(editor.runButton).toBeDisabled();
  await expect(editor.runReason).toContainText(/This flow has \d+ errors?\. Fix/);
  // The reason does not break the toolbar's single row at 1280 px, nor move what is beside it.
  await page.setViewportSize({ width: 1280, height: 720 });
  const toolbar = page.getByRole('toolbar', { name: 'Editor' });
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });
  const row = await toolbar.boundingBox();
  const save = await saveButton.boundingBox();
  if (row === null || save === null) throw new Error('the toolbar is not visible');
  expect(row.height).toBeLessThan(save.height * 1.5);
  expect(row.x + row.width).toBeLessThanOrEqual(1280);

  // Collapsing the Problems panel moves nothing but the panel; it keeps its height when open.
  const problemsPanel = page.getByRole('region', { name: 'Problems' });
  const height = (await problemsPanel.boundingBox())?.height;
  await problemsPanel.getByRole('button', { name: /Problems/ }).click();
  await expect(problemsPanel.getByRole('button', { name: /Problems/ })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await problemsPanel.getByRole('button', { name: /Problems/ }).click();
  expect((await problemsPanel.boundingBox())?.height).toBe(height);

  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('noSuchHandler');
  // A problem focuses its node.
  await problems.getByRole('button', { name: /noSuchHandler/ }).click();
  await expect(editor.node('mystery')).toHaveClass(/flow-node--selected/);
  await expect(editor.inspector).toHaveAttribute('data-node-id', 'mystery');
});
