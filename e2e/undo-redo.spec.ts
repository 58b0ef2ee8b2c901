import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

test('undo and redo step through every edit exactly', async ({ flows, editor, page }) => {
  await flows.goto();
  await flows.createBlank('Undo e2e');
  await editor.waitReady();
  const states = [await blueprintFromEditor(page)];

  // 1. Click a palette kind with `start` selected: added after it, connected.
  await editor.select('start');
  await page.getByRole('button', { name: 'Add Delay' }).click();
  await expect(editor.node('delay')).toBeVisible();
  states.push(await blueprintFromEditor(page));
  // 2. A config edit.
  await editor.inspector.getByRole('spinbutton', { name: 'Wait for' }).fill('250');
  states.push(await blueprintFromEditor(page));
  // 3. A label edit.
  await editor.inspector.getByLabel('Name on the canvas').fill('Wait a bit');
  states.push(await blueprintFromEditor(page));
  // 4. A connect.
  await editor.connect('delay', 'end');
  states.push(await blueprintFromEditor(page));
  // 5. A delete.
  await editor.select('start');
  await page.keyboard.press('Delete');
  await expect(editor.node('start')).toHaveCount(0);
  states.push(await blueprintFromEditor(page));

  for (let i = states.length - 2; i >= 0; i -= 1) {
    await editor.undo();
    expect(await blueprintFromEditor(page)).toEqual(states[i]);
  }
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  for (let i = 1; i < states.length; i += 1) {
    await page.keyboard.press(i % 2 === 0 ? 'Control+Shift+Z' : 'Control+Y');
    expect(await blueprintFromEditor(page)).toEqual(states[i]);
  }
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
});
