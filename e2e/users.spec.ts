import { trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { signInWithLink } from './fixtures/users';
import { UsersPage } from './pages/UsersPage';

/**
 * An admin invites an approver from the Users page: the one-time link signs her in elsewhere
 * (her roles in the top bar, no Users link); then her roles change; the only admin cannot drop
 * `admin` and sees the server's refusal.
 */

interface ListedUser {
  id: string;
  name: string;
  roles: string[];
}

test('an admin invites Grace as approver, she signs in with the link, her roles change', async ({
  page,
  browser,
  request,
  server,
  session,
}) => {
  const listUsers = () => trpcQuery<ListedUser[]>(request, session.token, 'users.list', null);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.url,
  });
  const users = new UsersPage(page);
  await users.goto();
  await expect(users.navLink).toHaveAttribute('aria-current', 'page');
  await expect(users.row('admin')).toContainText('Admin');

  // The form explains each role and refuses an empty name and no role, before asking the server.
  await users.openNewUser();
  await expect(
    users.newUserPanel.getByLabel('Approver', { exact: true }),
  ).toHaveAccessibleDescription(/Includes viewer but not editor/);
  await users.submitNewUser();
  await expect(users.newUserPanel).toContainText('Enter the person’s name.');
  await expect(users.newUserPanel).toContainText('Choose at least one role.');
  await expect(users.newUserPanel.getByLabel('Name', { exact: true })).toBeFocused();
  expect((await listUsers()).map((user) => user.name)).not.toContain('Grace');

  await users.fillAndCreate('Grace', ['Approver']);
  await expect(users.linkPanel('Grace')).toContainText('Hand this link to Grace');
  await expect(users.linkPanel('Grace').getByTestId('sign-in-link-expiry')).toBeVisible();
  const link = await users.signInUrl('Grace');
  expect(new URL(link).origin).toBe(server.url);
  await users.linkPanel('Grace').getByRole('button', { name: 'Copy link' }).click();
  await expect(users.linkPanel('Grace').getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await expect(users.newUserPanel).toBeHidden();
  await expect(users.roleTags('Grace')).toHaveText(['Approver']);

  // Grace opens her link in her own browser.
  const { context, page: grace } = await signInWithLink(browser, link);
  try {
    const who = grace.getByLabel('Signed in as');
    await expect(who).toContainText('Grace');
    await expect(who.locator('.user-menu__roles')).toHaveText('approver');
    const graceNav = grace.getByRole('navigation', { name: 'Main' });
    await expect(graceNav.getByRole('link', { name: 'Runs' })).toBeVisible();
    await expect(graceNav.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await grace.goto('/users');
    await expect(grace.getByRole('status')).toContainText('Only admins manage users.');
    await expect(grace.getByRole('table', { name: 'Users' })).toHaveCount(0);

    // Back as the admin: Grace also becomes an editor.
    const form = await users.setRoles('Grace', { check: ['Editor'] });
    await expect(form).toBeHidden();
    await expect(users.roleTags('Grace')).toHaveText(['Editor', 'Approver']);
    const listed = (await listUsers()).find((user) => user.name === 'Grace');
    expect(listed?.roles).toEqual(['editor', 'approver']);
    await grace.reload();
    await expect(who.locator('.user-menu__roles')).toHaveText('editor, approver');
  } finally {
    await context.close();
  }

  // A fresh link for Grace replaces the one shown.
  await users.newSignInLink('Grace');
  await expect(users.linkPanel('Grace')).toContainText('A new link for Grace.');
  await expect(users.linkField('Grace')).not.toHaveValue(link);
  expect(await users.signInUrl('Grace')).toMatch(/\/signin\?token=/);

  // The only admin keeps admin: the server refuses and the page says why.
  const form = await users.setRoles('admin', { uncheck: ['Admin'], check: ['Editor'] });
  await expect(form).toContainText('you will no longer be able to manage users');
  const refusal = form.getByRole('alert');
  await expect(refusal).toContainText('Could not change the roles of admin');
  await expect(refusal).toContainText('is the last admin');
  await expect(users.roleTags('admin')).toHaveText(['Admin']);
  const admin = (await listUsers()).find((user) => user.name === 'admin');
  expect(admin?.roles).toEqual(['admin']);
  await expect(users.navLink).toBeVisible();
});
