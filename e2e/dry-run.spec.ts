import { expect, test } from './fixtures/test';

test.use({ viewport: { width: 1800, height: 1200 } });

test('dry run of a flow with a match: the expected branch runs, the other does not', async ({
  flows,
  editor,
  page,
}) => {
  await flows.goto();
  await flows.createBlank('Dry run e2e');
  await editor.waitReady();

  // start → match (cases: yes = value true, else) ; yes → transform ; else → delay
  const match = await editor.addFromPalette('Branch', 'start');
  const yes = await editor.addFromPalette('Transform', match);
  const pane = await editor.canvas.boundingBox();
  const box = await editor.node(match).boundingBox();
  if (!pane || !box) throw new Error('canvas not visible');
  await editor.dragFromPalette('delay', {
    x: box.x - pane.x + box.width + 40,
    y: box.y - pane.y + box.height + 60,
  });
  await expect(editor.node('delay')).toBeVisible();
  const elseEdge = page.locator(`.react-flow__edge[data-id="${match}-delay"]`);
  await expect(async () => {
    if ((await elseEdge.count()) === 0) {
      await editor.connect(match, 'delay', { from: 'else', to: 'in' });
    }
    await expect(elseEdge).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await editor.openDryRun();
  await editor.startDryRun('true');
  await expect(editor.dryRunStatus(match)).toHaveText('done');
  await expect(editor.dryRunStatus(yes)).toHaveText('done');
  await expect(editor.dryRunStatus('delay')).toHaveCount(0);

  await editor.startDryRun('false');
  await expect(editor.dryRunStatus('delay')).toHaveText('done');
  await expect(editor.dryRunStatus(yes)).toHaveCount(0);

  // A stubbed node output and a picked case.
  await editor.dryRunDialog.getByLabel('Branch takes').selectOption('yes');
  await editor.dryRunDialog.getByLabel('Stub output of Transform').fill('{"stubbed": 1}');
  await editor.startDryRun('false');
  await expect(editor.dryRunStatus(yes)).toHaveText('done');
  await expect(editor.dryRunStatus('delay')).toHaveCount(0);
  await expect(editor.dryRunDialog.getByTestId('dry-run-result')).toContainText('{"stubbed":1}');

  // Invalid JSON is reported clearly.
  await editor.startDryRun('{oops');
  await expect(editor.dryRunDialog.getByRole('alert')).toContainText('Input is not valid JSON');
});
