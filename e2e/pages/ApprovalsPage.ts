import {
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { signInWithLink } from '../fixtures/users';

/** `/approvals`: the inbox, its "watch only" toggle, and the top bar's live badge. */
export class ApprovalsPage {
  readonly table: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Waiting prompts' });
    this.empty = page.locator('.approvals-empty');
  }

  /**
   * A new browser context signed in through a one-time link (`users.create` → `signInUrl`), on
   * the approvals inbox. Close the returned context when done.
   */
  static async signIn(
    browser: Browser,
    signInUrl: string,
  ): Promise<{ context: BrowserContext; inbox: ApprovalsPage }> {
    const { context, page } = await signInWithLink(browser, signInUrl);
    const inbox = new ApprovalsPage(page);
    await inbox.goto();
    return { context, inbox };
  }

  async goto(): Promise<void> {
    await this.page.goto('/approvals');
    await this.page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
  }

  /** The top bar's `Approvals` link; its accessible name carries the live count. */
  get navLink(): Locator {
    return this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Approvals/ });
  }

  async expectWaiting(count: number): Promise<void> {
    await expect(this.navLink).toHaveAccessibleName(`Approvals, ${count} waiting`);
  }

  /** Also lists the prompts the user may only watch (read-only). */
  async showWatchOnly(): Promise<void> {
    await this.page.getByLabel('Also show prompts I can only watch').check();
  }

  row(title: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: title }) });
  }

  /** Opens a prompt's dialog from its row. */
  async open(title: string): Promise<void> {
    await this.table.getByRole('button', { name: title }).click();
    await this.page.getByRole('dialog').waitFor();
  }
}
