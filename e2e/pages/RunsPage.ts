import type { Locator, Page } from '@playwright/test';

/** `/runs` (optionally of one flow / status): the run history table. */
export class RunsPage {
  constructor(readonly page: Page) {}

  async goto(filter: { flowId?: string; status?: string } = {}): Promise<void> {
    const search = new URLSearchParams(filter).toString();
    await this.page.goto(search === '' ? '/runs' : `/runs?${search}`);
    await this.page.getByRole('heading', { level: 1, name: /^Runs/ }).waitFor();
  }

  get statusFilter(): Locator {
    return this.page.getByLabel('Status');
  }

  get rows(): Locator {
    return this.page.getByRole('table', { name: 'Runs' }).locator('tbody > tr');
  }

  /** A run's row (its `data-status` is the run's status). */
  row(runId: string): Locator {
    return this.page.getByTestId(`run-row-${runId}`);
  }

  async openRun(runId: string): Promise<void> {
    await this.row(runId).getByRole('link').click();
    await this.page.waitForURL(new RegExp(`/runs/${runId}$`));
  }
}
