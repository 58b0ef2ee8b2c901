import { trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';

test('leaving the editor with unsaved changes asks first: in-app links, back, and reload', async ({
  flows,
  editor,
  page,
  session,
}) => {
  await flows.goto();
  const flowId = await flows.createBlank('Leave e2e');
  await editor.waitReady();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  const versions = () =>
    trpcQuery<unknown[]>(page.request, session.token, 'flows.versions', { id: flowId });

  // Nothing to lose: a link leaves at once.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await page.goBack();
  await editor.waitReady();

  // An edit, then the top bar: asked; Stay keeps the editor and the edit.
  await editor.addFromPalette('Delay', 'start');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // The browser's back button: asked too, and the address stays the editor's.
  await page.goBack();
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));
  await dialog.getByRole('button', { name: 'Stay' }).click();

  // "← Flows", then Save: the version is saved, then the page is left.
  await page.getByRole('link', { name: '← Flows' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows$/);
  expect(await versions()).toHaveLength(2);

  // Another edit, then "Leave without saving": left, nothing saved, the draft kept for later.
  await page.getByRole('link', { name: 'Leave e2e' }).click();
  await editor.waitReady();
  await editor.addFromPalette('Transform', 'start');
  await page.getByRole('link', { name: '← Flows' }).click();
  await dialog.getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page).toHaveURL(/\/flows$/);
  expect(await versions()).toHaveLength(2);
  await page.getByRole('link', { name: 'Leave e2e' }).click();
  await editor.waitReady();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Restore unsaved changes?' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // Reloading the tab with unsaved changes: the browser asks (beforeunload); dismissed, it stays.
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (question) => {
      resolve(question.type());
      void question.dismiss();
    }),
  );
  await page.reload({ timeout: 3000 }).catch(() => undefined);
  expect(await asked).toBe('beforeunload');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // Saved: no question any more.
  await editor.save();
  await page.reload();
  await editor.waitReady();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
});
