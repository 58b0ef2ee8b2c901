import { expect, type Locator, type Page } from '@playwright/test';

/** One row of the run's timeline as the page shows it. */
export interface TimelineRow {
  seq: number;
  type: string;
}

/** `/runs/:id`: the live canvas, the header, the pause banner and the side panel's tabs. */
export class RunPage {
  constructor(readonly page: Page) {}

  async open(runId: string): Promise<void> {
    await this.page.goto(`/runs/${encodeURIComponent(runId)}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: /^Run of / }).waitFor();
    await this.page.locator('.react-flow__node').first().waitFor();
  }

  /** The run id in the address bar. */
  runId(): string {
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }

  /** `v3`: the flow version the run ran. */
  get version(): Locator {
    return this.page.getByTestId('run-version');
  }

  get status(): Locator {
    return this.page.getByTestId('run-status');
  }

  /** "Live", "Reconnecting…" or "Connecting…". */
  get connection(): Locator {
    return this.page.getByTestId('run-connection');
  }

  /** A node on the canvas; its `data-status` is idle, running, done, failed, waiting or skipped. */
  node(id: string): Locator {
    return this.page.getByTestId(`run-node-${id}`);
  }

  /** A forEach / batch node's `done/running/failed of total · cap N`. */
  progress(id: string): Locator {
    return this.page.getByTestId(`run-progress-${id}`);
  }

  /** The CSS classes of an edge on the canvas (`run-edge--fired` once it fired). */
  edge(id: string): Locator {
    return this.page.getByTestId(`rf__edge-${id}`);
  }

  get pauseBanner(): Locator {
    return this.page.getByTestId('run-pause');
  }

  /** Opens the open pause's prompt dialog (titled by the prompt) and returns it. */
  async openApproval(title: string): Promise<Locator> {
    await this.pauseBanner.getByRole('button', { name: 'Open approval' }).click();
    const dialog = this.page.getByRole('dialog', { name: title });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async showTab(name: 'Timeline' | 'Stream' | 'Node' | 'Result'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await expect(this.page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  get timelineRows(): Locator {
    return this.page.getByTestId('run-timeline').locator(':scope > li');
  }

  /** Every timeline row's seq and event type, in the order shown. */
  async timeline(): Promise<TimelineRow[]> {
    return this.timelineRows.evaluateAll((rows) =>
      rows.map((row) => ({
        seq: Number(row.getAttribute('data-seq')),
        type: row.getAttribute('data-type') ?? '',
      })),
    );
  }

  get streamRows(): Locator {
    return this.page.getByTestId('run-stream').locator(':scope > li');
  }

  get snapshot(): Locator {
    return this.page.getByTestId('run-snapshot');
  }
}

/** The editor's "Run" dialog: the input as JSON, then start (saving first when asked). */
export class StartRunDialog {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Start a run' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  async fillJson(text: string): Promise<void> {
    const json = this.dialog.getByRole('radio', { name: 'JSON' });
    if ((await json.count()) > 0) await json.check();
    await this.dialog.getByLabel('Input (JSON)').fill(text);
  }

  /** Starts the run ("Start run", or the given button) and waits for its page; returns its id. */
  async start(button = 'Start run'): Promise<string> {
    await this.dialog.getByRole('button', { name: button }).click();
    await this.page.waitForURL(/\/runs\/[^/]+$/);
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop() ?? '');
  }
}
