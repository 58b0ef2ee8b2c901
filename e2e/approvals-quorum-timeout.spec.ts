import { trpcMutation, trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';
import { createUser } from './fixtures/users';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { PromptDialog } from './pages/PromptDialog';

/**
 * Issue #7, scenario 5: an approval needs two approvers and times out after a few seconds into
 * its timeout branch. One approver approves in the dialog (the other approver's open dialog
 * shows "1 of 2" live), nobody else does, the timer fires: the prompt closes as timed out on
 * both pages and the run takes the timeout branch.
 */

const TITLE = 'Two sign-offs for the payout?';
/** Long enough to sign in, open the dialog and approve on a busy machine; short to wait out. */
const TIMEOUT_MS = 10_000;

/** start → ask (quorum 2, timeout → branch) → route → paid | late → end. */
const blueprint = {
  schema: 'triggerflow.blueprint/v1',
  name: 'Payout with two approvers',
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
          approvers: { roles: ['approver'] },
          quorum: 2,
          timeout: { afterMs: TIMEOUT_MS, action: 'branch' },
        },
      },
    },
    {
      id: 'route',
      kind: 'match',
      position: { x: 400, y: 0 },
      options: {
        mode: 'hitFirst',
        cases: [
          { id: 'approved', when: { expression: "input.outcome = 'approved'" } },
          { id: 'timedOut', when: { expression: "input.outcome = 'timedOut'" } },
        ],
      },
    },
    {
      id: 'paid',
      kind: 'chunk',
      position: { x: 600, y: -80 },
      handler: { ref: 'transform', config: { expression: "'paid'" } },
    },
    {
      id: 'late',
      kind: 'chunk',
      position: { x: 600, y: 80 },
      handler: { ref: 'transform', config: { expression: "'escalated: no quorum in time'" } },
    },
    { id: 'end', kind: 'end', position: { x: 800, y: 0 } },
  ],
  edges: [
    { id: 'e-ask', source: 'start', target: 'ask' },
    { id: 'e-route', source: 'ask', target: 'route' },
    { id: 'e-paid', source: 'route', sourceHandle: 'case:approved', target: 'paid' },
    { id: 'e-late', source: 'route', sourceHandle: 'case:timedOut', target: 'late' },
    { id: 'e-paid-end', source: 'paid', target: 'end' },
    { id: 'e-late-end', source: 'late', target: 'end' },
  ],
};

interface RunEvent {
  seq: number;
  type: string;
  at: number;
  payload: Record<string, unknown>;
}

test('a quorum of two with one approval times out into the timeout branch', async ({
  browser,
  request,
  session,
}) => {
  const admin = session.token;
  const create = (name: string) => createUser(request, admin, name, ['approver']);
  const ann = await create('Ann Approver');
  const ben = await create('Ben Approver');
  const { flow } = await trpcMutation<{ flow: { id: string } }>(request, admin, 'flows.create', {
    name: 'Payout with two approvers',
    blueprint,
  });
  const first = await ApprovalsPage.signIn(browser, ann.signInUrl);
  const second = await ApprovalsPage.signIn(browser, ben.signInUrl);
  try {
    // The clock starts once both approvers have their inbox open.
    const run = await trpcMutation<{ id: string }>(request, admin, 'runs.start', {
      flowId: flow.id,
      input: { amount: 1200 },
    });
    await first.inbox.expectWaiting(1);
    await second.inbox.expectWaiting(1);

    await second.inbox.open(TITLE);
    const watching = new PromptDialog(second.inbox.page);
    await expect(watching.votesHeading).toHaveText('Votes 0 of 2 approvals');

    await first.inbox.open(TITLE);
    const deciding = new PromptDialog(first.inbox.page);
    await expect(deciding.dialog).toContainText('2 approvals needed');
    await expect(deciding.countdown).toHaveText(/^Times out in \d+s$/);
    await expect(deciding.dialog).toContainText('Then the run takes its timeout branch.');
    await deciding.approve('one of two');

    // Recorded, not settled: 1 of 2 in both dialogs; Ann may not vote again, Ben still may.
    await expect(
      deciding.status(/Your vote \(approved\) is recorded: 1 of 2 approvals/),
    ).toBeVisible();
    await expect(deciding.votesHeading).toHaveText('Votes 1 of 2 approvals');
    await expect(deciding.readOnlyNote).toContainText('You already approved it');
    await expect(deciding.approveButton).toHaveCount(0);
    await expect(watching.votesHeading).toHaveText('Votes 1 of 2 approvals');
    await expect(watching.votes).toHaveCount(1);
    await expect(watching.votes.first()).toContainText('approved');
    await expect(watching.approveButton).toBeEnabled();
    await expect(first.inbox.row(TITLE)).toContainText('1 of 2 approvals');

    // Nobody else approves: the timer fires and both dialogs say so, without live buttons.
    const timedOut =
      'Nobody decided in time, so this prompt timed out: the run took its timeout branch.';
    await expect(deciding.status(timedOut)).toBeVisible({ timeout: TIMEOUT_MS + 15_000 });
    await expect(watching.status(timedOut)).toBeVisible();
    await expect(watching.approveButton).toHaveCount(0);
    await expect(watching.countdown).toHaveCount(0);
    await first.inbox.expectWaiting(0);
    await second.inbox.expectWaiting(0);

    // The server's record: the vote, the timeout, then the timeout branch to the end.
    let events: RunEvent[] = [];
    await expect
      .poll(async () => {
        events = await trpcQuery<RunEvent[]>(request, admin, 'runs.events', { id: run.id });
        return events.at(-1)?.type;
      })
      .toBe('run.completed');
    const steps = events
      .filter((e) => e.type !== 'node.progress')
      .map((e) => [e.type, (e.payload['nodeId'] as string | undefined) ?? null]);
    expect(steps).toEqual([
      ['run.started', null],
      ['node.started', 'ask'],
      ['run.paused', null],
      ['approval.voted', null],
      ['run.resumed', 'ask'],
      ['node.started', 'ask'],
      ['node.completed', 'ask'],
      ['node.started', 'route'],
      ['node.completed', 'route'],
      ['node.started', 'late'],
      ['node.completed', 'late'],
      ['node.started', 'end'],
      ['node.completed', 'end'],
      ['run.completed', null],
    ]);
    const paused = events.find((e) => e.type === 'run.paused');
    const voted = events.find((e) => e.type === 'approval.voted');
    const resumed = events.find((e) => e.type === 'run.resumed');
    expect(voted?.payload).toMatchObject({
      vote: { actor: ann.user.id, outcome: 'approved', response: { comment: 'one of two' } },
    });
    expect(resumed?.payload).toMatchObject({ nodeId: 'ask', how: 'timedOut', actor: 'timeout' });
    const prompt = (paused?.payload as { prompt: { createdAt: number } }).prompt;
    expect(resumed?.at).toBeGreaterThanOrEqual(prompt.createdAt + TIMEOUT_MS);
    const late = events.find((e) => e.type === 'node.completed' && e.payload['nodeId'] === 'late');
    expect(late?.payload['output']).toBe('escalated: no quorum in time');
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
