import type { APIRequestContext } from '@playwright/test';
import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { RunPage, StartRunDialog, type TimelineRow } from './pages/RunPage';

/**
 * Issue #7, scenario 4: the browser goes offline in the middle of a run whose forEach works
 * through 50 items; the page says it is reconnecting while the run goes on without it; back
 * online, the timeline holds exactly the server's events: no gap, no duplicate. The run is
 * started from the editor with unsaved changes ("Save and run") through the form the flow's
 * input schema declares.
 */

const ITEMS = 50;
const DELAY_MS = 200;

const step = (id: string, x: number, ref: string, config: object, parentId?: string) => ({
  id,
  kind: 'chunk' as const,
  position: { x, y: 40 },
  handler: { ref, config },
  ...(parentId !== undefined && { parentId }),
});

/** start → list [1..input.items] → forEach (2 at a time: delay → square) → end. */
const blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Fifty squares',
  meta: {
    inputSchema: {
      type: 'object',
      properties: { items: { type: 'integer', title: 'Items', minimum: 1 } },
      required: ['items'],
    },
  },
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 40 } },
    step('list', 200, 'transform', { expression: '[1..input.items]' }),
    {
      id: 'each',
      kind: 'forEach',
      label: 'Each item (2 at a time)',
      position: { x: 420, y: 0 },
      size: { width: 420, height: 160 },
      options: { concurrency: 2 },
    },
    step('wait', 20, 'delay', { ms: DELAY_MS }, 'each'),
    step('square', 230, 'transform', { expression: 'input * input' }, 'each'),
    { id: 'end', kind: 'end', position: { x: 920, y: 40 } },
  ],
  edges: [
    { id: 'e-start', source: 'start', target: 'list' },
    { id: 'e-list', source: 'list', target: 'each' },
    { id: 'e-item', source: 'each', sourceHandle: 'item', target: 'wait' },
    { id: 'e-wait', source: 'wait', target: 'square' },
    { id: 'e-square-end', source: 'square', target: 'each', targetHandle: 'end' },
    { id: 'e-out', source: 'each', sourceHandle: 'out', target: 'end' },
  ],
};

/** Every stored event of the run, read page by page through `runs.events`. */
async function serverEvents(
  request: APIRequestContext,
  token: string,
  runId: string,
): Promise<TimelineRow[]> {
  const rows: TimelineRow[] = [];
  for (;;) {
    const page = await trpcQuery<TimelineRow[]>(request, token, 'runs.events', {
      id: runId,
      afterSeq: rows.at(-1)?.seq ?? 0,
      limit: 1000,
    });
    rows.push(...page.map(({ seq, type }) => ({ seq, type })));
    if (page.length < 1000) return rows;
  }
}

const lastSeq = async (request: APIRequestContext, token: string, runId: string) =>
  (await trpcQuery<{ lastSeq: number }>(request, token, 'runs.get', { id: runId })).lastSeq;

test('offline in the middle of a run: back online, the timeline is the server’s log exactly', async ({
  page,
  context,
  request,
  session,
  editor,
}) => {
  const created = await trpcMutation<{ flow: { id: string }; issues: unknown[] }>(
    request,
    session.token,
    'flows.create',
    { name: 'Fifty squares', blueprint },
  );
  expect(created.issues).toEqual([]);

  // Start it from the editor after a change: save it as version 2 and run that, with the form.
  await editor.open(created.flow.id);
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  const start = new StartRunDialog(page);
  await start.open();
  await expect(start.dialog.getByRole('radio', { name: 'Form' })).toBeChecked();
  await start.dialog.getByLabel('Items').fill(String(ITEMS));
  const runId = await start.start('Save and run');

  const run = new RunPage(page);
  await run.waitReady();
  await expect(run.version).toHaveText('v2');
  await expect(run.connection).toHaveText('Live');
  // Some items are done, most are still to come.
  await expect(run.progress('each')).toHaveText(/^([1-9]|[1-2]\d)\/\d\/0 of 50 · cap 2$/);

  await context.setOffline(true);
  await expect(run.connection).toHaveText('Reconnecting…');
  const seenOffline = (await run.timeline()).length;
  // The run goes on without the page: wait until the server stored plenty the page missed.
  await expect
    .poll(() => lastSeq(request, session.token, runId), { timeout: 20_000 })
    .toBeGreaterThan(seenOffline + 20);
  expect((await run.timeline()).length).toBe(seenOffline);
  await expect(run.status).toHaveText('Running');

  await context.setOffline(false);
  await expect(run.connection).toHaveText('Live', { timeout: 20_000 });
  await expect(run.status).toHaveText('Completed', { timeout: 20_000 });
  await expect(run.progress('each')).toHaveText('50/0/0 of 50 · cap 2');
  await expect(run.node('square')).toHaveAttribute('data-status', 'done');
  await expect(run.node('end')).toHaveAttribute('data-status', 'done');

  const stored = await serverEvents(request, session.token, runId);
  expect(stored.at(-1)).toEqual({ seq: stored.length, type: 'run.completed' });
  expect(await run.timeline()).toEqual(stored);

  // The node tab counts every item's run of the body.
  await run.node('square').click();
  await expect(page.getByTestId('run-node-runs')).toHaveText('50 started, 50 completed, 0 failed');
});
