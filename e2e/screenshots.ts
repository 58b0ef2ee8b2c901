/**
 * Takes the README's screenshots (`pnpm screenshots`, after `pnpm --filter @triggerflow/web
 * build`): a real server on a temp database, Debian's Chromium, the orchestration-playbook sample
 * from the editor to an approved run. Writes `docs/screenshots/*.png`.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trpcMutation } from './fixtures/api';
import { chromiumLaunchOptions } from './fixtures/chromium';
import { startServer } from './fixtures/server';
import { apiTokenOf } from './fixtures/session';
import { createUser, signInWithLink } from './fixtures/users';
import { RunPage } from './pages/RunPage';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const VIEWPORT = { width: 1440, height: 880 };
const TICKET = {
  id: 'T-1042',
  customer: 'Ada Lovelace',
  text: 'I was charged twice for my invoice, please refund one charge',
  priority: 'HIGH',
};

async function signedIn(browser: Browser, signInUrl: string): Promise<Page> {
  const { page } = await signInWithLink(browser, signInUrl, {
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
  });
  return page;
}

/** The whole playbook fits at a small zoom: closer, so the nodes can be read. */
async function zoomIn(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await page.getByRole('button', { name: 'Zoom In' }).click();
}

async function shoot(page: Page, name: string): Promise<void> {
  // Let animations and the minimap settle on a frame.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
  await page.screenshot({ path: join(OUT, name) });
  console.log(`wrote docs/screenshots/${name}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--hide-scrollbars'],
  });
  try {
    const admin = await signedIn(browser, server.signInUrl);
    const token = await apiTokenOf(admin, 'screenshots');
    const { flow } = await trpcMutation<{ flow: { id: string } }>(
      admin.request,
      token,
      'flows.createFromTemplate',
      { templateId: 'orchestration-playbook', name: 'Support ticket playbook' },
    );

    // The editor, with a step selected so the inspector shows its form.
    await admin.goto(`/flows/${flow.id}`);
    await admin.locator('.react-flow__node').first().waitFor();
    await zoomIn(admin, 2);
    await admin.getByTestId('node-classify').click();
    await admin.getByRole('heading', { name: 'Classify', level: 2 }).waitFor();
    await shoot(admin, 'editor.png');

    // The branch's cases (value | expression), and the approval's response form in the builder.
    await admin.getByTestId('node-route').click();
    await admin.getByRole('heading', { name: 'Branch', level: 2 }).waitFor();
    await shoot(admin, 'inspector-branch.png');
    await admin.getByTestId('node-approve').click();
    await admin.getByRole('button', { name: 'Edit the form…' }).click();
    const builder = admin.getByRole('dialog', { name: 'Response form' });
    await builder.getByRole('button', { name: '+ Add field' }).click();
    await builder.getByRole('textbox', { name: 'Label of field 2' }).fill('Refund issued');
    await builder.getByRole('combobox', { name: 'Type of Refund issued' }).selectOption('boolean');
    await builder.getByRole('checkbox', { name: 'Refund issued is required' }).check();
    await shoot(admin, 'form-builder.png');
    await builder.getByRole('button', { name: 'Cancel' }).click();

    // A run paused at its approval, watched by the support lead who may decide it.
    const { id: runId } = await trpcMutation<{ id: string }>(admin.request, token, 'runs.start', {
      flowId: flow.id,
      input: TICKET,
    });
    const lead = await createUser(admin.request, token, 'Grace (support lead)', ['approver']);
    const leadPage = await signedIn(browser, lead.signInUrl);
    const run = new RunPage(leadPage);
    await run.open(runId);
    await run.node('approve').waitFor();
    await leadPage.getByTestId('run-status').filter({ hasText: 'Paused' }).waitFor();
    await zoomIn(leadPage, 2);
    await run.node('each').click({ position: { x: 12, y: 8 } });
    await shoot(leadPage, 'run-live.png');

    await leadPage.goto('/approvals');
    await leadPage.getByRole('table', { name: 'Waiting prompts' }).waitFor();
    await shoot(leadPage, 'approvals-inbox.png');

    await run.open(runId);
    const dialog = await run.openApproval('Close the ticket?');
    await dialog.getByLabel('Comment').fill('Refund sent, customer informed.');
    await shoot(leadPage, 'approval-dialog.png');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await leadPage.getByTestId('run-status').filter({ hasText: 'Completed' }).waitFor();
    await leadPage.keyboard.press('Escape');
    await run.showTab('Stream');
    await shoot(leadPage, 'run-completed.png');
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
