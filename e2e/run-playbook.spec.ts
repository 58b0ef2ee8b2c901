import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { createUser, signInWithLink } from './fixtures/users';
import { RunPage, StartRunDialog } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';

/**
 * Issue #7, scenario 1: import the orchestration-playbook sample, run it from the editor with a
 * ticket, watch it live (the forEach's progress, the approval node waiting, the branches not
 * taken), approve as a support lead in a second browser, and see the run finish on the first
 * page without a reload: every node's final state, the final state and the stream log.
 */

const SAMPLE = resolve(
  import.meta.dirname,
  '../packages/nodes/samples/orchestration-playbook.json',
);
const TICKET = { id: 'T-7', customer: '  Ann  ', text: 'Please refund me', priority: 'HIGH' };

test('run the orchestration playbook, watch it live, approve it, see the result', async ({
  page,
  flows,
  editor,
  session,
  browser,
}) => {
  await flows.goto();
  const flowId = await flows.importFile(
    'orchestration-playbook.json',
    readFileSync(SAMPLE, 'utf8'),
  );
  await editor.waitReady();
  await expect(editor.runButton).toBeEnabled();

  // Start it from the editor with a ticket typed as JSON; a typo is pointed at first.
  const start = new StartRunDialog(page);
  await start.open();
  await start.fillJson('{\n  "id": "T-7",\n  "customer" "Ann"\n}');
  await expect(start.dialog.getByRole('alert')).toHaveText(
    "Line 3, column 14: expected ':' after the property name but found '\"'",
  );
  await expect(start.dialog.getByRole('button', { name: 'Start run' })).toBeDisabled();
  await start.fillJson(JSON.stringify(TICKET, null, 2));
  const runId = await start.start();

  // Live: it runs up to the approval, which waits (and pulses); the forEach shows its counts.
  const run = new RunPage(page);
  await run.waitReady();
  await expect(run.connection).toHaveText('Live');
  await expect(run.node('approve')).toHaveAttribute('data-status', 'waiting');
  await expect(run.status).toHaveText('Paused');
  await expect(run.pauseBanner).toContainText('Waiting for approval: Close the ticket?');
  await expect(run.progress('each')).toHaveText('3/0/0 of 3 · cap 4');
  for (const id of ['prepare', 'classify', 'route', 'handleA', 'each', 'work', 'keepResults']) {
    await expect(run.node(id)).toHaveAttribute('data-status', 'done');
  }
  // The billing branch was taken; the other branches have not run (yet: the run is open).
  await expect(run.node('handleB')).toHaveAttribute('data-status', 'idle');
  await expect(run.node('finalize')).toHaveAttribute('data-status', 'idle');
  await expect(run.edge('e-route-a')).toHaveClass(/run-edge--fired/);
  await expect(run.edge('e-route-b')).not.toHaveClass(/run-edge--fired/);
  await run.showTab('Stream');
  await expect(run.streamRows).toHaveCount(2);

  // The admin started the run and the sample allows no self-approval: a support lead decides.
  const lead = await createUser(page.request, session.token, 'Support lead', ['approver']);
  const { context: leadContext, page: leadPage } = await signInWithLink(browser, lead.signInUrl);
  try {
    const leadRun = new RunPage(leadPage);
    await leadRun.open(runId);
    const dialog = await leadRun.openApproval('Close the ticket?');
    await expect(dialog).toContainText('All subtasks are');
    await dialog.getByLabel('Comment').fill('all done');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(leadRun.status).toHaveText('Completed');
  } finally {
    await leadContext.close();
  }

  // The first page follows without a reload: the run completes, the rest of the path runs.
  await expect(run.status).toHaveText('Completed');
  await expect(run.pauseBanner).toHaveCount(0);
  for (const id of ['approve', 'finalize', 'announce', 'end']) {
    await expect(run.node(id)).toHaveAttribute('data-status', 'done');
  }
  for (const id of ['handleB', 'progressB', 'handleC', 'progressC']) {
    await expect(run.node(id)).toHaveAttribute('data-status', 'skipped');
  }
  await expect(run.edge('e-finalize')).toHaveClass(/run-edge--fired/);
  await expect(run.streamRows).toHaveCount(3);
  await expect(run.streamRows.nth(2)).toContainText('"stage":"finalized"');
  await expect(run.streamRows.nth(2)).toContainText('"decision":"approved"');

  await run.showTab('Result');
  await expect(run.snapshot).toContainText('"closed": true');
  await expect(run.snapshot).toContainText('"subtasksDone": 3');

  // The timeline is the server's event log, row for row.
  await run.showTab('Timeline');
  const events = await trpcQuery<{ seq: number; type: string }[]>(
    page.request,
    session.token,
    'runs.events',
    { id: runId, limit: 1000 },
  );
  expect(await run.timeline()).toEqual(events.map(({ seq, type }) => ({ seq, type })));

  // The node tab shows what the approval step got and gave.
  await run.node('approve').click();
  await expect(page.getByTestId('run-node-state')).toHaveText('Done');
  await expect(page.getByTestId('run-node-runs')).toContainText('2 started, 1 completed');
  await expect(page.getByTestId('run-node-output')).toContainText('"outcome": "approved"');

  // The run is in the flow's history, reached from the editor's "Runs" link.
  await editor.open(flowId);
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('link', { name: 'Runs' }).click();
  const history = new RunsPage(page);
  await expect(page).toHaveURL(new RegExp(`/runs\\?flowId=${flowId}$`));
  await expect(history.row(runId)).toHaveAttribute('data-status', 'completed');
  await expect(history.rows).toHaveCount(1);
  await history.statusFilter.selectOption('Failed');
  await expect(page).toHaveURL(new RegExp(`/runs\\?flowId=${flowId}&status=failed$`));
  await expect(page.getByText('No failed runs.')).toBeVisible();
  await history.statusFilter.selectOption('Completed');
  await expect(history.row(runId)).toBeVisible();
  await history.openRun(runId);
  await run.waitReady();
  await expect(run.node('end')).toHaveAttribute('data-status', 'done');
});
