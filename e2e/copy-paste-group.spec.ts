import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

interface Blueprint {
  nodes: { id: string; kind: string; parentId?: string; handler?: unknown; options?: unknown }[];
  edges: { id: string; source: string; target: string; sourceHandle?: string }[];
}

test.use({ viewport: { width: 1800, height: 1200 } });

test('copy and paste a forEach group with its child: new ids, the child inside the new group', async ({
  flows,
  editor,
  page,
}) => {
  await flows.goto();
  await flows.createBlank('Copy paste e2e');
  await editor.waitReady();
  const pane = await editor.canvas.boundingBox();
  const start = await editor.node('start').boundingBox();
  if (!pane || !start) throw new Error('canvas not visible');
  await editor.dragFromPalette('forEach', {
    x: start.x - pane.x,
    y: start.y - pane.y + start.height + 60,
  });
  await expect(editor.node('forEach')).toBeVisible();
  const child = await editor.dragIntoGroup('transform', 'forEach', { x: 80, y: 70 });
  await editor.connect('forEach', child, { from: 'item', to: 'in' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  const before = (await blueprintFromEditor(page)) as Blueprint;

  await editor.select('forEach');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node')).toHaveCount(before.nodes.length + 2);

  const after = (await blueprintFromEditor(page)) as Blueprint;
  const oldIds = new Set(before.nodes.map((n) => n.id));
  const added = after.nodes.filter((n) => !oldIds.has(n.id));
  expect(added).toHaveLength(2);
  const group = added.find((n) => n.kind === 'forEach');
  const pastedChild = added.find((n) => n.kind === 'chunk');
  expect(group).toBeDefined();
  expect(pastedChild).toBeDefined();
  expect(group?.parentId).toBeUndefined();
  expect(group?.options).toEqual(before.nodes.find((n) => n.id === 'forEach')?.options);
  expect(pastedChild?.parentId).toBe(group?.id);
  expect(pastedChild?.handler).toEqual(before.nodes.find((n) => n.id === child)?.handler);
  // The originals are untouched; the inner edge is copied between the new ids.
  expect(after.nodes.filter((n) => oldIds.has(n.id))).toEqual(before.nodes);
  const inner = after.edges.filter((e) => e.source === group?.id);
  expect(inner.map((e) => [e.sourceHandle, e.target])).toEqual([['item', pastedChild?.id]]);
});
