import { trpcQuery } from './fixtures/api';
import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

interface Exported {
  blueprint: {
    nodes: { id: string; kind: string; parentId?: string; options?: unknown }[];
    edges: { source: string; sourceHandle?: string; target: string; targetHandle?: string }[];
  };
}

test.use({ viewport: { width: 1800, height: 1200 } });

test('a 6-node flow with a match and a forEach, drawn by drag and drop, survives save and reload', async ({
  flows,
  editor,
  page,
  session,
}) => {
  await flows.goto();
  const flowId = await flows.createBlank('Six nodes e2e');
  await editor.waitReady();
  await editor.clickEdgeBetween('start', 'end');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  // Place the new nodes around the blank flow's start and end (the zoom depends on the viewport).
  const pane = await editor.canvas.boundingBox();
  const start = await editor.node('start').boundingBox();
  const end = await editor.node('end').boundingBox();
  if (!pane || !start || !end) throw new Error('canvas not visible');
  const rel = (x: number, y: number) => ({ x: x - pane.x, y: y - pane.y });
  await editor.dragFromPalette('match', rel(start.x, start.y + start.height + 60));
  await expect(editor.node('match')).toBeVisible();
  await editor.dragFromPalette('forEach', rel(start.x + start.width + 80, end.y + end.height + 60));
  await expect(editor.node('forEach')).toBeVisible();
  await editor.inspector.getByLabel('At most at once').fill('2');
  const child = await editor.dragIntoGroup('transform', 'forEach', { x: 80, y: 70 });
  await editor.inspector.getByRole('textbox', { name: 'Expression' }).fill('item * 2');
  await editor.dragFromPalette('delay', rel(start.x, start.y - start.height - 80));
  await expect(editor.node('delay')).toBeVisible();

  // Zoom out so that every handle is clear of the minimap.
  await page.locator('.react-flow__controls-zoomout').click();
  await page.locator('.react-flow__controls-zoomout').click();
  await editor.connect('start', 'match');
  await editor.connect('match', 'forEach', { from: 'case:yes', to: 'in' });
  await editor.connect('match', 'delay', { from: 'else', to: 'in' });
  await editor.connect('forEach', child, { from: 'item', to: 'in' });
  await editor.connect(child, 'forEach', { from: 'out', to: 'end' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  await editor.save();
  const drawn = (await blueprintFromEditor(page)) as Exported['blueprint'];
  expect(drawn.nodes.map((n) => n.id).sort()).toEqual(
    ['delay', 'end', 'forEach', 'match', 'start', child].sort(),
  );
  expect(drawn.nodes.find((n) => n.id === child)).toMatchObject({
    kind: 'chunk',
    parentId: 'forEach',
    handler: { ref: 'transform', config: { expression: 'item * 2' } },
  });
  expect(drawn.nodes.find((n) => n.id === 'forEach')).toMatchObject({
    kind: 'forEach',
    options: { concurrency: 2 },
  });

  await page.reload();
  await editor.waitReady();
  expect(await blueprintFromEditor(page)).toEqual(drawn);
  const saved = await trpcQuery<Exported>(page.request, session.token, 'flows.export', {
    id: flowId,
  });
  expect(saved.blueprint).toEqual(drawn);
});
