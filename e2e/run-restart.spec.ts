import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { RunPage } from './pages/RunPage';

/**
 * Issue #7, scenario 3: a run waits at an approval; the server process restarts (the page shows
 * it is reconnecting, then live again); after a reload the run still waits, the approval is
 * decided in the dialog, and the run completes on the canvas. A re-run from its last step then
 * reuses what came before.
 */

const step = (id: string, x: number, ref: string, config: object) => ({
  id,
  kind: 'chunk' as const,
  label: id[0]?.toUpperCase() + id.slice(1),
  position: { x, y: 0 },
  handler: { ref, config },
});

const blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Ship after approval',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    step('prepare', 200, 'transform', { expression: "{ 'order': input.order, 'total': 42 }" }),
    step('ship', 400, 'approval', {
      title: 'Ship the order?',
      payload: 'input',
      approvers: { roles: ['approver'] },
      quorum: 1,
      allowSelfApproval: true,
    }),
    step('record', 600, 'setState', { key: 'shipped', value: "input.outcome = 'approved'" }),
    { id: 'end', kind: 'end', position: { x: 800, y: 0 } },
  ],
  edges: [
    { id: 'e-start', source: 'start', target: 'prepare' },
    { id: 'e-prepare', source: 'prepare', target: 'ship' },
    { id: 'e-ship', source: 'ship', target: 'record' },
    { id: 'e-record', source: 'record', target: 'end' },
  ],
};

test('a paused run survives a server restart and completes once approved', async ({
  page,
  session,
  server,
}) => {
  const created = await trpcMutation<{ flow: { id: string }; issues: unknown[] }>(
    page.request,
    session.token,
    'flows.create',
    { name: 'Ship after approval', blueprint },
  );
  expect(created.issues).toEqual([]);
  const started = await trpcMutation<{ id: string }>(page.request, session.token, 'runs.start', {
    flowId: created.flow.id,
    input: { order: 'A-1' },
  });

  const run = new RunPage(page);
  await run.open(started.id);
  await expect(run.node('ship')).toHaveAttribute('data-status', 'waiting');
  await expect(run.status).toHaveText('Paused');
  await expect(run.connection).toHaveText('Live');

  // The server goes away and comes back on the same port and database.
  const restarting = server.restart();
  await expect(run.connection).toHaveText('Reconnecting…');
  await restarting;
  // Socket.IO retries with a growing delay (up to 5 s between attempts).
  await expect(run.connection).toHaveText('Live', { timeout: 15_000 });

  await page.reload();
  await run.waitReady();
  await expect(run.connection).toHaveText('Live');
  await expect(run.status).toHaveText('Paused');
  await expect(run.node('prepare')).toHaveAttribute('data-status', 'done');
  await expect(run.node('ship')).toHaveAttribute('data-status', 'waiting');
  await expect(run.node('record')).toHaveAttribute('data-status', 'idle');

  const dialog = await run.openApproval('Ship the order?');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(run.status).toHaveText('Completed');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  for (const id of ['prepare', 'ship', 'record', 'end']) {
    await expect(run.node(id)).toHaveAttribute('data-status', 'done');
  }
  await expect(run.edge('e-record')).toHaveClass(/run-edge--fired/);
  await run.showTab('Result');
  await expect(run.snapshot).toContainText('"shipped": true');

  // What the page shows is exactly what the server stored, across the restart.
  await run.showTab('Timeline');
  const events = await trpcQuery<{ seq: number; type: string }[]>(
    page.request,
    session.token,
    'runs.events',
    { id: started.id, limit: 1000 },
  );
  expect(events.at(-1)?.type).toBe('run.completed');
  expect(await run.timeline()).toEqual(events.map(({ seq, type }) => ({ seq, type })));

  // Re-run from the last step: the steps before it keep their outputs, nothing waits again.
  await run.node('record').click();
  await page.getByRole('button', { name: 'Re-run from Record' }).click();
  await expect(page).not.toHaveURL(new RegExp(started.id));
  await run.waitReady();
  await expect(run.status).toHaveText('Completed');
  await expect(run.node('ship')).toHaveAttribute('data-status', 'done');
  await expect(run.node('ship')).toContainText('reused');
  await expect(run.node('record')).toHaveAttribute('data-status', 'done');
  await expect(run.edge('e-ship')).toHaveClass(/run-edge--fired/);
});
