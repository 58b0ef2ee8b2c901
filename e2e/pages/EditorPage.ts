import { expect, type Locator, type Page } from '@playwright/test';

/** `/flows/:id`: the canvas, palette, inspector, problems and toolbar. */
export class EditorPage {
  constructor(readonly page: Page) {}

  get canvas(): Locator {
    return this.page.locator('.react-flow__pane');
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  marker(id: string): Locator {
    return this.page.getByTestId(`marker-${id}`);
  }

  get runButton(): Locator {
    return this.page.getByRole('button', { name: 'Run', exact: true });
  }

  get runReason(): Locator {
    return this.page.getByTestId('run-reason');
  }

  get inspector(): Locator {
    return this.page.getByRole('complementary', { name: 'Inspector' });
  }

  async open(flowId: string): Promise<void> {
    await this.page.goto(`/flows/${encodeURIComponent(flowId)}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.getByRole('toolbar', { name: 'Editor' }).waitFor();
    await this.page.locator('.react-flow__node').first().waitFor();
  }

  /** Drags a palette kind onto the canvas at (x, y) relative to the canvas' top left corner. */
  async dragFromPalette(kind: string, at: { x: number; y: number }): Promise<void> {
    await this.page.getByTestId(`palette-${kind}`).dragTo(this.canvas, { targetPosition: at });
  }

  /** Drags from a node's source handle to another node's target handle. */
  async connect(
    source: string,
    target: string,
    handles = { from: 'out', to: 'in' },
  ): Promise<void> {
    const from = this.node(source).locator(
      `.react-flow__handle.source[data-handleid="${handles.from}"]`,
    );
    const to = this.node(target).locator(
      `.react-flow__handle.target[data-handleid="${handles.to}"]`,
    );
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error(`handles of ${source} → ${target} are not visible`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Clicks the middle of a straight edge between two nodes side by side (selects it). */
  async clickEdgeBetween(source: string, target: string): Promise<void> {
    const a = await this.node(source).boundingBox();
    const b = await this.node(target).boundingBox();
    if (!a || !b) throw new Error(`${source} or ${target} is not visible`);
    await this.page.mouse.click((a.x + a.width + b.x) / 2, a.y + a.height / 2);
  }

  /** Clicks a node (near its top left corner, clear of a pasted copy's offset) to select it. */
  async select(id: string, corner = false): Promise<void> {
    await this.node(id).click(corner ? { position: { x: 6, y: 6 } } : {});
    await expect(this.node(id)).toHaveClass(/flow-node--selected/);
    await expect(this.inspector).toHaveAttribute('data-node-id', id);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(this.page.getByTestId('save-state')).toHaveText('Saved');
  }

  async undo(): Promise<void> {
    await this.page.getByRole('button', { name: 'Undo' }).click();
  }

  async redo(): Promise<void> {
    await this.page.getByRole('button', { name: 'Redo' }).click();
  }

  /** Ids of the nodes on the canvas, sorted. */
  async nodeIds(): Promise<string[]> {
    const ids = await this.page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
    return ids.sort();
  }

  async edgeCount(): Promise<number> {
    return this.page.locator('.react-flow__edge').count();
  }

  /** Selects `after` (when given), clicks a palette kind by its label, returns the new node's id. */
  async addFromPalette(label: string, after?: string): Promise<string> {
    if (after !== undefined) await this.select(after);
    const before = new Set(await this.nodeIds());
    await this.page.getByRole('button', { name: `Add ${label}`, exact: true }).click();
    await expect.poll(async () => (await this.nodeIds()).length).toBe(before.size + 1);
    const added = (await this.nodeIds()).find((id) => !before.has(id));
    if (added === undefined) throw new Error(`no node was added for ${label}`);
    return added;
  }

  /** Drags a palette kind into a group node, at (x, y) relative to the group's top left corner. */
  async dragIntoGroup(kind: string, group: string, at: { x: number; y: number }): Promise<string> {
    const box = await this.node(group).boundingBox();
    const pane = await this.canvas.boundingBox();
    if (!box || !pane) throw new Error(`group ${group} is not visible`);
    const before = new Set(await this.nodeIds());
    await this.dragFromPalette(kind, { x: box.x - pane.x + at.x, y: box.y - pane.y + at.y });
    await expect.poll(async () => (await this.nodeIds()).length).toBe(before.size + 1);
    const added = (await this.nodeIds()).find((id) => !before.has(id));
    if (added === undefined) throw new Error(`no node was added for ${kind}`);
    return added;
  }

  /** The kind picker of "add the next step" / "insert a step". */
  get picker(): Locator {
    return this.page.getByRole('dialog', { name: /^(Add the next step|Insert a step here)$/ });
  }

  /** Picks a kind in the open kind picker by searching for it; returns the new node's id. */
  async pick(search: string, label: string): Promise<string> {
    const before = new Set(await this.nodeIds());
    await this.picker.getByRole('searchbox', { name: 'Search node kinds' }).fill(search);
    await this.picker.getByRole('option', { name: new RegExp(`^${label}`) }).click();
    await expect(this.picker).toHaveCount(0);
    await expect.poll(async () => (await this.nodeIds()).length).toBe(before.size + 1);
    const added = (await this.nodeIds()).find((id) => !before.has(id));
    if (added === undefined) throw new Error(`no node was added for ${label}`);
    return added;
  }

  /** Selects a node and clicks the "+" beside one of its outputs (opens the kind picker). */
  async addNextFrom(id: string, handle = 'out'): Promise<void> {
    await this.select(id);
    await this.page.getByTestId(`add-next-${id}-${handle}`).click();
    await expect(this.picker).toBeVisible();
  }

  /** Drags a connection from a node's output to an empty point of the canvas (x, y in it). */
  async dragFromHandleToEmpty(id: string, at: { x: number; y: number }, handle = 'out') {
    const from = this.node(id).locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
    const a = await from.boundingBox();
    const pane = await this.canvas.boundingBox();
    if (!a || !pane) throw new Error(`the ${handle} handle of ${id} is not visible`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(pane.x + at.x, pane.y + at.y, { steps: 10 });
    await this.page.mouse.up();
    await expect(this.picker).toBeVisible();
  }

  /** An edge of the canvas by id. */
  edge(id: string): Locator {
    return this.page.getByTestId(`rf__edge-${id}`);
  }

  /** The Save split button's "Save with note…", then the note and "Save version". */
  async saveWithNote(note: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Save with note…' }).click();
    await this.page.getByLabel('Version note (optional)').fill(note);
    await this.page.getByRole('button', { name: 'Save version' }).click();
    await expect(this.page.getByTestId('save-state')).toHaveText('Saved');
  }

  get versionsDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Version history' });
  }

  async openVersions(): Promise<void> {
    await this.page.getByRole('button', { name: 'Versions', exact: true }).click();
    await expect(this.versionsDialog).toBeVisible();
  }

  /** The dry run dialog. */
  get dryRunDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Dry run' });
  }

  async openDryRun(): Promise<void> {
    await this.page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await expect(this.dryRunDialog).toBeVisible();
  }

  /** Starts a dry run with `input` (JSON text) and waits for its result. */
  async startDryRun(input: string): Promise<void> {
    await this.dryRunDialog.getByLabel('Input (JSON)').fill(input);
    await this.dryRunDialog.getByRole('button', { name: 'Start dry run' }).click();
    await expect(this.dryRunDialog.getByTestId('dry-run-result')).toBeVisible();
  }

  /** A node's status in the last dry run ('running', 'done', 'failed'). */
  dryRunStatus(id: string): Locator {
    return this.dryRunDialog.getByTestId(`dry-status-${id}`);
  }
}
