import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';

/**
 * Issue 14, poison runs: a step that takes the server down each time it runs (the server's
 * test-only `crash` kind) is quarantined after two deaths; the run list and the run page say so,
 * with the reason, while the studio goes on.
 */

test.use({ serverEntry: 'test/poison/server-main.ts' });

const blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Poison',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'prepare',
      kind: 'chunk',
      label: 'Prepare',
      position: { x: 200, y: 0 },
      handler: { ref: 'crash', config: {} },
    },
    { id: 'end', kind: 'end', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e-prepare', source: 'start', target: 'prepare' },
    { id: 'e-end', source: 'prepare', target: 'end' },
  ],
};

const REASON = 'The server stopped 2 times while this run was running node "Prepare".';

test('a run that keeps taking the server down is shown as quarantined, with why', async ({
  page,
  session,
  server,
}) => {
  // Three server starts (two of them die): more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const created = await trpcMutation<{ flow: { id: string }; issues: unknown[] }>(
    page.request,
    session.token,
    'flows.create',
    { name: 'Poison', blueprint },
  );
  expect(created.issues).toEqual([]);
  // The server dies while it starts the run (it may not answer), and again when it restores it.
  await trpcMutation(page.request, session.token, 'runs.start', {
    flowId: created.flow.id,
    input: null,
  }).catch(() => null);
  await server.exited();
  await server.restart();
  await server.exited();
  await server.restart();

  const runs = new RunsPage(page);
  await runs.goto();
  const row = runs.rows.first();
  await expect(row).toHaveAttribute('data-status', 'failed');
  const badge = row.locator('.run-status');
  await expect(badge).toHaveText('Quarantined');
  await expect(badge).toHaveAttribute('title', REASON);

  const list = await trpcQuery<{ items: { id: string }[] }>(
    page.request,
    session.token,
    'runs.list',
    {},
  );
  const runId = list.items[0]?.id ?? '';
  const run = new RunPage(page);
  await run.open(runId);
  await expect(run.status).toHaveText('Quarantined');
  const banner = page.getByTestId('run-quarantined');
  await expect(banner).toContainText('Quarantined: this run will not be restored again');
  await expect(banner).toContainText(REASON);
  await expect(banner).toContainText('Fix what makes “Prepare” take the process down');
  await expect(run.node('prepare')).toHaveAttribute('data-status', 'failed');
});
