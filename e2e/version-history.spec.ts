import { expect, test } from './fixtures/test';
import { createUser, signInWithLink } from './fixtures/users';
import { EditorPage } from './pages/EditorPage';

test('a version saved with a note shows its note, author and a labelled, field-by-field diff', async ({
  browser,
  flows,
  editor,
  page,
  session,
}) => {
  await flows.goto();
  const flowId = await flows.createBlank('History e2e');
  await editor.waitReady();
  const delay = await editor.addFromPalette('Delay', 'start');
  await editor.save();

  // Someone else changes the delay's label and duration and saves with a note.
  const eddie = await createUser(page.request, session.token, 'Eddie Editor', ['editor']);
  const { context, page: other } = await signInWithLink(browser, eddie.signInUrl);
  try {
    const theirs = new EditorPage(other);
    await theirs.open(flowId);
    await theirs.select(delay);
    await theirs.inspector.getByLabel('Name on the canvas').fill('Cool down');
    await theirs.inspector.getByRole('spinbutton', { name: 'Wait for' }).fill('250');
    await theirs.saveWithNote('Shorter cool-down before the end');
  } finally {
    await context.close();
  }

  await page.reload();
  await editor.waitReady();
  await editor.openVersions();
  const dialog = editor.versionsDialog;
  const rows = dialog.getByRole('table', { name: 'Versions' }).getByRole('row');
  // Newest first: version 3 by Eddie with the note, version 2 and 1 by the admin (you).
  await expect(rows.nth(1)).toContainText('v3');
  await expect(rows.nth(1)).toContainText('Eddie Editor');
  await expect(rows.nth(1)).toContainText('Shorter cool-down before the end');
  await expect(rows.nth(2)).toContainText('you');
  await expect(rows).toHaveCount(4);

  // Version 2 → 3: the node by its label, each setting on its own line with a human label.
  const diff = dialog.getByRole('list', { name: 'Differences' });
  await expect(diff).toContainText('Changed “Cool down” · Delay');
  await expect(diff.getByRole('row', { name: /^Name on the canvas/ })).toContainText('(not set)');
  await expect(diff.getByRole('row', { name: /^Name on the canvas/ })).toContainText('“Cool down”');
  await expect(diff.getByRole('row', { name: /^Wait for/ })).toContainText('250 seconds');
  await expect(diff).not.toContainText(delay);
  await expect(diff).not.toContainText('config.');

  // Shown on the canvas: the changed node marked, a way back.
  await dialog.getByRole('button', { name: 'Show on the canvas' }).click();
  await expect(page.getByTestId('diff-banner')).toContainText('Version 2 → 3');
  await expect(page.locator(`.react-flow__node[data-id="${delay}"]`)).toHaveClass(
    /diff-node--changed/,
  );
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await expect(page.getByTestId('diff-banner')).toHaveCount(0);
  await expect(page.locator(`.react-flow__node[data-id="${delay}"]`)).not.toHaveClass(/diff-node/);

  // Version 1 → 2 added the delay and connected it, named by its kind (it had no label then).
  await editor.openVersions();
  await dialog.getByRole('button', { name: 'Compare version 2 with the one before' }).click();
  await expect(diff).toContainText('Added “Delay” · Delay');
  await expect(diff).toContainText('Connected “Start” → “Delay”');
});
