import { trpcQuery } from './fixtures/api';
import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

interface Exported {
  blueprint: {
    nodes: { id: string; kind: string; handler?: { ref: string; config?: unknown } }[];
    edges: { source: string; target: string }[];
  };
}

test('draw a flow by drag and drop, configure, save, reload: the server holds what was drawn', async ({
  flows,
  editor,
  page,
  session,
}) => {
  await flows.goto();
  const flowId = await flows.createBlank('Drawn e2e');
  await editor.waitReady();

  await editor.dragFromPalette('transform', { x: 300, y: 420 });
  await expect(editor.node('transform')).toBeVisible();
  // The new node is selected: configure it in the inspector.
  await editor.inspector.getByLabel('Name on the canvas').fill('Double it');
  await editor.inspector.getByRole('textbox', { name: 'Expression' }).fill('input * 2');

  await editor.connect('start', 'transform');
  await editor.connect('transform', 'end');
  await editor.clickEdgeBetween('start', 'end');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await editor.save();
  const drawn = await blueprintFromEditor(page);
  await page.reload();
  await editor.waitReady();
  await expect(editor.node('transform')).toContainText('Double it');
  expect(await blueprintFromEditor(page)).toEqual(drawn);

  const saved = await trpcQuery<Exported>(page.request, session.token, 'flows.export', {
    id: flowId,
  });
  expect(saved.blueprint).toEqual(drawn);
  const transform = saved.blueprint.nodes.find((n) => n.id === 'transform');
  expect(transform).toMatchObject({
    kind: 'chunk',
    label: 'Double it',
    handler: { ref: 'transform', config: { expression: 'input * 2' } },
  });
  const wires = saved.blueprint.edges.map((e) => `${e.source}→${e.target}`).sort();
  expect(wires).toEqual(['start→transform', 'transform→end']);
});
