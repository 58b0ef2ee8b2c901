import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { createUser, signInWithLink } from './fixtures/users';
import { EditorPage } from './pages/EditorPage';
import { RunPage } from './pages/RunPage';

const TICKET = {
  id: 'T-7',
  customer: 'Ada',
  text: 'Charged twice, please refund',
  priority: 'HIGH',
};

test('a viewer sees no editing control on the flows page, in the editor and on a run page', async ({
  browser,
  page,
  session,
}) => {
  const { flow } = await trpcMutation<{ flow: { id: string } }>(
    page.request,
    session.token,
    'flows.createFromTemplate',
    { templateId: 'orchestration-playbook', name: 'Viewer e2e' },
  );
  // A run that waits at its approval: a run that has not ended, which an editor could cancel.
  const run = await trpcMutation<{ id: string }>(page.request, session.token, 'runs.start', {
    flowId: flow.id,
    input: TICKET,
  });
  const vera = await createUser(page.request, session.token, 'Vera Viewer', ['viewer']);
  const { context, page: viewer } = await signInWithLink(browser, vera.signInUrl);
  try {
    // The flows page: the list, and why there is nothing to create or change.
    await expect(viewer.getByRole('link', { name: 'Viewer e2e' })).toBeVisible();
    await expect(viewer.getByTestId('view-only-note')).toContainText('needs the editor role');
    for (const name of ['New flow', 'Import blueprint file', 'Duplicate Viewer e2e']) {
      await expect(viewer.getByRole('button', { name })).toHaveCount(0);
    }
    await expect(viewer.getByLabel('Import blueprint file')).toHaveCount(0);
    await expect(viewer.getByRole('button', { name: 'Delete Viewer e2e' })).toHaveCount(0);

    // The editor: read only, said so; no palette, no save / run / layout / undo.
    await viewer.getByRole('link', { name: 'Viewer e2e' }).click();
    const editor = new EditorPage(viewer);
    await editor.waitReady();
    await expect(viewer.getByTestId('read-only-note')).toHaveText(
      /Read only — you can view this flow/,
    );
    await expect(viewer.getByRole('navigation', { name: 'Node palette' })).toHaveCount(0);
    for (const name of ['Save', 'Save with note…', 'Run', 'Auto-layout', 'Undo', 'Redo']) {
      await expect(viewer.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
    const toolbar = viewer.getByRole('toolbar', { name: 'Editor' });
    await expect(toolbar.getByRole('link', { name: 'Runs', exact: true })).toBeVisible();

    // Nodes can be selected and read, not moved, connected, deleted or edited.
    // Compared with its neighbour: what counts is its place in the flow, not on the screen.
    const offset = async () => {
      const a = await editor.node('prepare').boundingBox();
      const b = await editor.node('start').boundingBox();
      if (a === null || b === null) throw new Error('prepare or start is not visible');
      return { dx: Math.round(a.x - b.x), dy: Math.round(a.y - b.y), box: a };
    };
    const before = await offset();
    await viewer.mouse.move(before.box.x + 40, before.box.y + 12);
    await viewer.mouse.down();
    await viewer.mouse.move(before.box.x + 240, before.box.y + 160, { steps: 8 });
    await viewer.mouse.up();
    const after = await offset();
    expect({ dx: after.dx, dy: after.dy }).toEqual({ dx: before.dx, dy: before.dy });
    await editor.select('prepare');
    await expect(viewer.getByTestId('add-next-prepare-out')).toHaveCount(0);
    await expect(editor.node('prepare').locator('.react-flow__handle.connectable')).toHaveCount(0);
    await viewer.keyboard.press('Delete');
    await expect(editor.node('prepare')).toBeVisible();
    await expect(editor.inspector.getByLabel('Name on the canvas')).not.toBeEditable();
    await viewer.keyboard.press('Control+s');
    // Nothing was saved and no draft was written for this flow.
    const versions = await trpcQuery<unknown[]>(page.request, session.token, 'flows.versions', {
      id: flow.id,
    });
    expect(versions).toHaveLength(1);
    const drafts = await viewer.evaluate(() =>
      Object.keys(window.localStorage).filter((k) => k.startsWith('triggerflow.draft.')),
    );
    expect(drafts).toEqual([]);

    // A run page: no Cancel run, no Re-run.
    const runPage = new RunPage(viewer);
    await runPage.open(run.id);
    await expect(runPage.status).toHaveText(/Waiting|Paused|Running/);
    await expect(viewer.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
    await expect(viewer.getByRole('button', { name: /^Re-run/ })).toHaveCount(0);

    // The same run page for the admin (an editor) has both.
    const adminRun = new RunPage(page);
    await adminRun.open(run.id);
    await expect(page.getByRole('button', { name: 'Cancel run' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Re-run/ })).toBeVisible();
  } finally {
    await context.close();
  }
});
