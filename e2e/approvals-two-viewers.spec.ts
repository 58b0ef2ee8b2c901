import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { createUser } from './fixtures/users';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { PromptDialog } from './pages/PromptDialog';

/**
 * Issue #7, scenario 2: an approver decides in the prompt dialog while a viewer watches the
 * same prompt in another browser context; both see the change live, without reloading.
 */

const TITLE = 'Ship release 1.2?';

/** start → ask (approval: role approver, quorum 1) → route → shipped | held → end. */
const blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Release gate',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'ask',
      kind: 'chunk',
      position: { x: 200, y: 0 },
      handler: {
        ref: 'approval',
        config: {
          title: TITLE,
          description: 'Check the **changelog** before you approve.',
          approvers: { roles: ['approver'] },
        },
      },
    },
    {
      id: 'route',
      kind: 'match',
      position: { x: 400, y: 0 },
      options: {
        mode: 'hitFirst',
        cases: [{ id: 'approved', when: { expression: "input.outcome = 'approved'" } }],
      },
    },
    {
      id: 'shipped',
      kind: 'chunk',
      position: { x: 600, y: 0 },
      handler: { ref: 'transform', config: { expression: "'shipped'" } },
    },
    { id: 'end', kind: 'end', position: { x: 800, y: 0 } },
  ],
  edges: [
    { id: 'e-ask', source: 'start', target: 'ask' },
    { id: 'e-route', source: 'ask', target: 'route' },
    { id: 'e-shipped', source: 'route', sourceHandle: 'case:approved', target: 'shipped' },
    { id: 'e-end', source: 'shipped', target: 'end' },
  ],
};

interface RunEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

test('an approver decides; a viewer sees the prompt read-only and the decision live', async ({
  browser,
  request,
  session,
}) => {
  const admin = session.token;
  const ann = await createUser(request, admin, 'Ann Approver', ['approver']);
  const vic = await createUser(request, admin, 'Vic Viewer', ['viewer']);
  const { flow } = await trpcMutation<{ flow: { id: string } }>(request, admin, 'flows.create', {
    name: 'Release gate',
    blueprint,
  });

  const approver = await ApprovalsPage.signIn(browser, ann.signInUrl);
  const viewer = await ApprovalsPage.signIn(browser, vic.signInUrl);
  try {
    await expect(approver.inbox.empty).toContainText('Nothing is waiting for you.');
    await approver.inbox.expectWaiting(0);
    await viewer.inbox.showWatchOnly();
    await expect(viewer.inbox.empty).toContainText('No run is waiting for a decision.');

    // The run pauses while both pages are open: the approver's inbox and badge follow live.
    const run = await trpcMutation<{ id: string }>(request, admin, 'runs.start', {
      flowId: flow.id,
      input: { version: '1.2', changes: 3 },
    });
    await approver.inbox.expectWaiting(1);
    await expect(approver.inbox.row(TITLE)).toContainText('0 of 1 approval');
    await expect(approver.inbox.row(TITLE)).toContainText('Release gate');
    // A viewer may decide nothing: no badge count, the prompt only under "watch only".
    await viewer.inbox.expectWaiting(0);
    await expect(viewer.inbox.row(TITLE)).toContainText('watch only', { timeout: 20_000 });

    // The viewer opens it: everything is there, read-only, saying who can decide.
    await viewer.inbox.open(TITLE);
    const watching = new PromptDialog(viewer.inbox.page);
    await watching.expectTitle(TITLE);
    await expect(watching.readOnlyNote).toContainText('You can’t decide this prompt.');
    await expect(watching.readOnlyNote).toContainText(
      'You are not an approver of this prompt: only people with the approver role may decide it.',
    );
    await expect(watching.approveButton).toHaveCount(0);
    await expect(watching.rejectButton).toHaveCount(0);
    await expect(watching.payload).toContainText('"version": "1.2"');

    // The viewer follows the run link to the run page (no reload) and opens the prompt there:
    // from now on its votes come live from the run's events.
    await watching.dialog.getByRole('link', { name: /^The run/ }).click();
    await viewer.inbox.page.waitForURL(`**/runs/${run.id}`);
    const openApproval = viewer.inbox.page.getByRole('button', { name: 'Open approval' });
    await openApproval.click();
    await watching.expectTitle(TITLE);
    await expect(watching.readOnlyNote).toContainText('You are not an approver of this prompt');
    await expect(watching.votesHeading).toHaveText('Votes 0 of 1 approval');

    // The approver opens it from the inbox and approves with a comment.
    await approver.inbox.open(TITLE);
    const deciding = new PromptDialog(approver.inbox.page);
    await deciding.expectTitle(TITLE);
    await expect(deciding.dialog.locator('strong', { hasText: 'changelog' })).toBeVisible();
    await expect(deciding.dialog).toContainText(
      'Decided by people with the approver role · 1 approval needed',
    );
    await expect(deciding.votesHeading).toHaveText('Votes 0 of 1 approval');
    await expect(deciding.dialog).toContainText('No deadline. It waits until someone decides.');
    await deciding.approve('changelog checked');

    await expect(deciding.status('Your vote decided this prompt: the run goes on.')).toBeVisible();
    await expect(deciding.approveButton).toHaveCount(0);
    await approver.inbox.expectWaiting(0);
    await deciding.close();
    await expect(approver.inbox.empty).toContainText('Nothing is waiting for you.');

    // The viewer's dialog changes by itself: Ann's vote, then closed, no buttons; the run
    // page no longer waits.
    await expect(watching.votesHeading).toHaveText('Votes 1 of 1 approval');
    await expect(watching.votes).toHaveCount(1);
    await expect(watching.votes.first()).toContainText('Ann Approver approved');
    await expect(watching.status('Someone decided this prompt: the run goes on.')).toBeVisible();
    await expect(watching.readOnlyNote).toHaveCount(0);
    await watching.close();
    await expect(openApproval).toHaveCount(0);

    // The server's record: Ann's vote, then the run went on down the approved branch.
    await expect
      .poll(async () => {
        const events = await trpcQuery<RunEvent[]>(request, admin, 'runs.events', { id: run.id });
        return events.map((e) => e.type).filter((type) => type !== 'node.progress');
      })
      .toEqual([
        'run.started',
        'node.started',
        'run.paused',
        'approval.voted',
        'run.resumed',
        'node.started',
        'node.completed',
        'node.started',
        'node.completed',
        'node.started',
        'node.completed',
        'node.started',
        'node.completed',
        'run.completed',
      ]);
    const events = await trpcQuery<RunEvent[]>(request, admin, 'runs.events', { id: run.id });
    const voted = events.find((e) => e.type === 'approval.voted');
    expect(voted?.payload).toMatchObject({
      vote: {
        actor: ann.user.id,
        outcome: 'approved',
        response: { decision: 'approve', comment: 'changelog checked' },
      },
    });
    const completed = events
      .filter((e) => e.type === 'node.completed')
      .map((e) => e.payload['nodeId']);
    expect(completed).toEqual(['ask', 'route', 'shipped', 'end']);
  } finally {
    await approver.context.close();
    await viewer.context.close();
  }
});
