import { expect, type Locator, type Page } from '@playwright/test';

/** The prompt dialog (`role="dialog"`, labelled by the prompt's title), wherever it opened. */
export class PromptDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  async expectTitle(title: string): Promise<void> {
    await expect(this.dialog).toHaveAccessibleName(title);
  }

  /** `Votes 1 of 2 approvals` */
  get votesHeading(): Locator {
    return this.dialog.getByRole('heading', { name: /^Votes/ });
  }

  get votes(): Locator {
    return this.dialog.getByRole('list', { name: 'Votes' }).getByRole('listitem');
  }

  get payload(): Locator {
    return this.dialog.getByRole('region', { name: 'Payload' });
  }

  get countdown(): Locator {
    return this.dialog.locator('time.countdown');
  }

  /** Why the user may not decide (read-only), with who can. */
  get readOnlyNote(): Locator {
    return this.dialog.getByRole('note');
  }

  /** The sentence saying the prompt closed (decided, timed out, cancelled), or a vote recorded. */
  status(text: string | RegExp): Locator {
    return this.dialog.getByRole('status').filter({ hasText: text });
  }

  get approveButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Approve', exact: true });
  }

  get rejectButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Reject', exact: true });
  }

  field(label: string): Locator {
    return this.dialog.getByLabel(label);
  }

  async approve(comment?: string): Promise<void> {
    if (comment !== undefined) await this.field('Comment').fill(comment);
    await this.approveButton.click();
  }

  async reject(comment?: string): Promise<void> {
    if (comment !== undefined) await this.field('Comment').fill(comment);
    await this.rejectButton.click();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.dialog).toHaveCount(0);
  }
}
