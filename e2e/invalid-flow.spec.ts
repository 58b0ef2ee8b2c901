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

  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('noSuchHandler');
  // A problem focuses its node.
  await problems.getByRole('button', { name: /noSuchHandler/ }).click();
  await expect(editor.inspector).toHaveAttribute('data-node-id', 'mystery');
});
