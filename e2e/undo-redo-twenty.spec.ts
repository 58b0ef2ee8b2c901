import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

// Each state is read from "View blueprint JSON", not downloaded: Chromium's download limiter
// stops delivering downloads after about ten from one page, and this spec reads 41 states.
test('undo and redo across 20 mixed edits return to each intermediate state exactly', async ({
  flows,
  editor,
  page,
}) => {
  test.setTimeout(120_000);
  await flows.goto();
  await flows.createBlank('Undo twenty e2e');
  await editor.waitReady();
  const states = [await blueprintFromEditor(page)];
  const step = async () => {
    const state = await blueprintFromEditor(page);
    expect(state).not.toEqual(states.at(-1));
    states.push(state);
  };
  const ms = () => editor.inspector.getByRole('spinbutton', { name: 'Wait for' });
  const expression = () => editor.inspector.getByRole('textbox', { name: 'Expression' });
  const label = () => editor.inspector.getByLabel('Name on the canvas');
  const remove = async (id: string) => {
    await editor.select(id, true);
    await page.keyboard.press('Delete');
    await expect(editor.node(id)).toHaveCount(0);
  };
  const copyPaste = async (id: string) => {
    const count = (await editor.nodeIds()).length;
    await editor.select(id);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(page.locator('.react-flow__node')).toHaveCount(count + 1);
  };

  const d1 = await editor.addFromPalette('Delay', 'start'); // 1 add (and connect)
  await step();
  await ms().fill('100'); // 2 config
  await step();
  await label().fill('one'); // 3 label
  await step();
  const t1 = await editor.addFromPalette('Transform', d1); // 4 add
  await step();
  await expression().fill('input + 1'); // 5 config
  await step();
  await label().fill('two'); // 6 label
  await step();
  const d2 = await editor.addFromPalette('Delay', t1); // 7 add
  await step();
  await ms().fill('200'); // 8 config
  await step();
  await copyPaste(d2); // 9 paste
  await step();
  await editor.select(d1);
  await label().fill('first'); // 10 label
  await step();
  const t2 = await editor.addFromPalette('Transform', t1); // 11 add
  await step();
  await expression().fill('input * 3'); // 12 config
  await step();
  await remove(t2); // 13 delete
  await step();
  await remove(d2); // 14 delete
  await step();
  await copyPaste(t1); // 15 paste
  await step();
  await editor.select(t1);
  await label().fill('three'); // 16 label
  await step();
  await editor.addFromPalette('Delay', t1); // 17 add
  await step();
  await ms().fill('300'); // 18 config
  await step();
  await remove(d1); // 19 delete
  await step();
  await editor.select(t1);
  await expression().fill('input - 1'); // 20 config
  await step();
  expect(states).toHaveLength(21);

  for (let i = states.length - 2; i >= 0; i -= 1) {
    await editor.undo();
    expect(await blueprintFromEditor(page)).toEqual(states[i]);
  }
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  for (let i = 1; i < states.length; i += 1) {
    await editor.redo();
    expect(await blueprintFromEditor(page)).toEqual(states[i]);
  }
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
});
