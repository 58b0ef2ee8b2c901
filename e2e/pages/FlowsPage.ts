import type { Locator, Page } from '@playwright/test';

/** `/flows`: create from a template, import, open. */
export class FlowsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/flows');
    await this.page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  }

  /** Creates a flow from a starter template (it opens in the editor); returns its id. */
  async createFromTemplate(title: string, name: string): Promise<string> {
    await this.page.getByRole('button', { name: 'New flow' }).click();
    await this.page.getByLabel('Flow name').fill(name);
    await this.page.getByRole('button', { name: `Use template ${title}` }).click();
    return this.opened();
  }

  async createBlank(name: string): Promise<string> {
    await this.page.getByRole('button', { name: 'New flow' }).click();
    await this.page.getByLabel('Flow name').fill(name);
    await this.page.getByRole('button', { name: 'Create blank flow' }).click();
    return this.opened();
  }

  /** Imports a blueprint file (JSON text); the new flow opens in the editor. */
  async importFile(name: string, json: string): Promise<string> {
    await this.page
      .getByLabel('Import blueprint file')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(json) });
    return this.opened();
  }

  row(name: string): Locator {
    return this.page.getByRole('listitem', { name });
  }

  /** A created or imported flow opens in the editor by itself: its id, from the address. */
  private async opened(): Promise<string> {
    await this.page.waitForURL(/\/flows\/[^/]+$/);
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }
}
