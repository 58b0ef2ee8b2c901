import type { Locator, Page } from '@playwright/test';

/** `/flows`: create from a template, import, open. */
export class FlowsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/flows');
    await this.page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  }

  /** Creates a flow from a starter template and opens it in the editor; returns its id. */
  async createFromTemplate(title: string, name: string): Promise<string> {
    await this.page.getByRole('button', { name: 'New flow' }).click();
    await this.page.getByLabel('Flow name').fill(name);
    await this.page.getByRole('button', { name: `Use template ${title}` }).click();
    return this.openFromNotice();
  }

  async createBlank(name: string): Promise<string> {
    await this.page.getByRole('button', { name: 'New flow' }).click();
    await this.page.getByLabel('Flow name').fill(name);
    await this.page.getByRole('button', { name: 'Create blank flow' }).click();
    return this.openFromNotice();
  }

  /** Imports a blueprint file (JSON text) and opens the new flow. */
  async importFile(name: string, json: string): Promise<string> {
    await this.page
      .getByLabel('Import blueprint file')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(json) });
    return this.openFromNotice();
  }

  row(name: string): Locator {
    return this.page.getByRole('listitem', { name });
  }

  private async openFromNotice(): Promise<string> {
    await this.page.getByRole('link', { name: 'Open it in the editor' }).click();
    await this.page.waitForURL(/\/flows\/[^/]+$/);
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }
}
