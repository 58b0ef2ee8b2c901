import { blueprintFromEditor } from './fixtures/blueprint';
import { expect, test } from './fixtures/test';

/** What this spec reads of a blueprint. */
interface Blueprint {
  nodes: { id: string; position?: { x: number; y: number } }[];
  edges: { id: string; source: string; sourceHandle?: string; target: string }[];
}

/** `a.handle → b` for every edge, sorted (default handles left out). */
const wiring = (bp: Blueprint) =>
  bp.edges
    .map(
      (e) =>
        `${e.source}${e.sourceHandle && e.sourceHandle !== 'out' ? `.${e.sourceHandle}` : ''} → ${e.target}`,
    )
    .sort();

test('add the next node from an output, insert nodes on an edge, paste at the pointer', async ({
  flows,
  editor,
  page,
}) => {
  await flows.goto();
  await flows.createBlank('Chain e2e');
  await editor.waitReady();

  // The "+" beside the start node's output: the picker, searched; the node lands connected.
  await editor.addNextFrom('start');
  const transform = await editor.pick('trans', 'Transform');
  // A connection dragged from the new node's output to empty canvas: the picker again.
  await editor.dragFromHandleToEmpty(transform, { x: 620, y: 120 });
  await expect(editor.picker.getByRole('option', { name: /^Start/ })).toHaveCount(0);
  const delay = await editor.pick('delay', 'Delay');
  let bp = (await blueprintFromEditor(page)) as Blueprint;
  expect(wiring(bp)).toEqual(
    [`start → ${transform}`, `${transform} → ${delay}`, 'start → end'].sort(),
  );
  const dropped = bp.nodes.find((n) => n.id === delay)?.position;
  expect(dropped).toBeDefined();

  // The "+" on a selected edge inserts a step between its two ends.
  const edge = bp.edges.find((e) => e.source === 'start' && e.target === transform);
  if (edge === undefined) throw new Error('no start → transform edge');
  await editor.edge(edge.id).click({ force: true });
  await page.getByTestId(`insert-${edge.id}`).click();
  await expect(editor.picker).toBeVisible();
  const setState = await editor.pick('state', 'Set state');
  bp = (await blueprintFromEditor(page)) as Blueprint;
  expect(wiring(bp)).toEqual(
    [
      `start → ${setState}`,
      `${setState} → ${transform}`,
      `${transform} → ${delay}`,
      'start → end',
    ].sort(),
  );

  // A palette kind dropped on an edge is inserted there too: start → end becomes start → x → end.
  const toEnd = bp.edges.find((e) => e.source === 'start' && e.target === 'end');
  if (toEnd === undefined) throw new Error('no start → end edge');
  const path = editor.edge(toEnd.id).locator('.react-flow__edge-path');
  const box = await path.boundingBox();
  const pane = await editor.canvas.boundingBox();
  if (box === null || pane === null) throw new Error('the start → end edge is not visible');
  const before = new Set(await editor.nodeIds());
  await editor.dragFromPalette('emitToStream', {
    x: box.x + box.width / 2 - pane.x,
    y: box.y + box.height / 2 - pane.y,
  });
  await expect.poll(async () => (await editor.nodeIds()).length).toBe(before.size + 1);
  const stream = (await editor.nodeIds()).find((id) => !before.has(id))!;
  bp = (await blueprintFromEditor(page)) as Blueprint;
  expect(wiring(bp)).toContain(`start → ${stream}`);
  expect(wiring(bp)).toContain(`${stream} → end`);
  expect(wiring(bp)).not.toContain('start → end');

  // Copy a node, point somewhere else on the canvas, paste: the copy lands at the pointer.
  await editor.select(delay);
  await page.keyboard.press('Control+c');
  const target = { x: pane.x + 300, y: pane.y + pane.height - 120 };
  await page.mouse.move(target.x, target.y);
  const count = (await editor.nodeIds()).length;
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await editor.nodeIds()).length).toBe(count + 1);
  const pasted = page.locator('.react-flow__node.selected');
  const at = await pasted.boundingBox();
  if (at === null) throw new Error('the pasted node is not visible');
  // Its top left corner is at the pointer (to the snapping grid: 10 flow units).
  expect(Math.abs(at.x - target.x)).toBeLessThan(12);
  expect(Math.abs(at.y - target.y)).toBeLessThan(12);
});
