import { expect, type Locator, type Page } from '@playwright/test';

/** `/users` (admins): the "New user" form, the one-time link panel, the table and role editing. */
export class UsersPage {
  readonly table: Locator;
  readonly newUserPanel: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Users' });
    this.newUserPanel = page.getByRole('region', { name: 'New user' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/users');
    await this.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  }

  /** The top bar's `Users` link (admins only). */
  get navLink(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
  }

  async openNewUser(): Promise<void> {
    await this.page.getByRole('button', { name: 'New user' }).click();
    await this.newUserPanel.waitFor();
  }

  /** Fills the open "New user" form (role checkboxes by label, e.g. `Approver`) and sends it. */
  async fillAndCreate(name: string, roles: readonly string[]): Promise<void> {
    await this.newUserPanel.getByLabel('Name', { exact: true }).fill(name);
    for (const role of roles) await this.newUserPanel.getByLabel(role, { exact: true }).check();
    await this.submitNewUser();
  }

  async submitNewUser(): Promise<void> {
    await this.newUserPanel.getByRole('button', { name: 'Create user' }).click();
  }

  /** The panel showing the one-time link just made for `name`. */
  linkPanel(name: string): Locator {
    return this.page.getByRole('region', { name: `Sign-in link for ${name}` });
  }

  linkField(name: string): Locator {
    return this.page.getByRole('textbox', { name: `One-time sign-in link for ${name}` });
  }

  /** The link shown for `name`, once its panel is there. */
  async signInUrl(name: string): Promise<string> {
    await expect(this.linkField(name)).toHaveValue(/\/signin\?token=/);
    return this.linkField(name).inputValue();
  }

  /** `name`'s row (`admin (you)` matches `admin`). */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: new RegExp(`^${name}( \\(you\\))?$`) }),
    });
  }

  /** The role labels shown in `name`'s row, e.g. `['Editor', 'Approver']`. */
  roleTags(name: string): Locator {
    return this.table.getByRole('list', { name: `Roles of ${name}` }).getByRole('listitem');
  }

  /** Opens the role checkboxes under `name`'s row. */
  async openRoles(name: string): Promise<Locator> {
    await this.table.getByRole('button', { name: `Edit roles of ${name}` }).click();
    const form = this.table.getByRole('form', { name: `Roles of ${name}` });
    await form.waitFor();
    return form;
  }

  /** Changes `name`'s roles in the table's editor and saves (the caller checks the outcome). */
  async setRoles(name: string, change: { check?: string[]; uncheck?: string[] }): Promise<Locator> {
    const form = await this.openRoles(name);
    for (const role of change.check ?? []) await form.getByLabel(role, { exact: true }).check();
    for (const role of change.uncheck ?? []) await form.getByLabel(role, { exact: true }).uncheck();
    await form.getByRole('button', { name: 'Save roles' }).click();
    return form;
  }

  async newSignInLink(name: string): Promise<void> {
    await this.table.getByRole('button', { name: `New sign-in link for ${name}` }).click();
  }
}
