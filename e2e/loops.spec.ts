import { expect, test } from './fixtures/test';

/** start → Work → Again? (a Branch): its case goes back to Work; `elseTo` says where else goes. */
function looping(elseTo: 'work' | 'end') {
  return {
    schema: 'triggerflow.blueprint/v1',
    name: 'Loop',
    nodes: [
      { id: 'start', kind: 'start', label: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'work',
        kind: 'chunk',
        label: 'Work',
        position: { x: 220, y: 0 },
        handler: { ref: 'delay', config: { ms: 0 } },
      },
      {
        id: 'again',
        kind: 'match',
        label: 'Again?',
        position: { x: 440, y: 0 },
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'go', when: { value: 'go' } },
            { id: 'other', isElse: true },
          ],
        },
      },
      { id: 'end', kind: 'end', label: 'End', position: { x: 660, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'work' },
      { id: 'e2', source: 'work', target: 'again' },
      { id: 'e3', source: 'again', sourceHandle: 'case:go', target: 'work' },
      { id: 'e4', source: 'again', sourceHandle: 'else', target: elseTo },
    ],
  };
}

test('a loop through a branch with no way out is an error; Run waits for a fix', async ({
  flows,
  editor,
  page,
}) => {
  await flows.goto();
  await flows.importFile('loop.json', JSON.stringify(looping('work')));
  await editor.waitReady();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText(
    'This loop never ends: every case of its branch leads back into it (Work → Again?).',
  );
  await expect(editor.marker('work')).toHaveClass(/issue-badge--error/);
  await expect(editor.runButton).toBeDisabled();
});

test('a dry run that loops is stopped after its step budget, and the page keeps responding', async ({
  flows,
  editor,
}) => {
  await flows.goto();
  await flows.importFile('loop.json', JSON.stringify(looping('end')));
  await editor.waitReady();
  await expect(editor.runButton).toBeEnabled();

  await editor.openDryRun();
  await editor.dryRunDialog.getByLabel('Input (JSON)').fill('"go"');
  await editor.dryRunDialog.getByRole('button', { name: 'Start dry run' }).click();
  // While the loop runs in its worker, the page answers: the input can be typed in.
  const input = editor.dryRunDialog.getByLabel('Input (JSON)');
  await input.fill('"typing while it runs"');
  await expect(input).toHaveValue('"typing while it runs"');
  await expect(editor.dryRunDialog.getByRole('alert')).toContainText(
    'Stopped after 2000 steps: the flow may loop forever (Work ran 2000 times',
  );
  await editor.dryRunDialog.getByRole('button', { name: 'Close' }).click();
  await editor.select('work');
  await expect(editor.inspector).toHaveAttribute('data-node-id', 'work');
});
