import { trpcQuery } from './fixtures/api';
import { expect, test } from './fixtures/test';

interface Entry {
  kind: string;
  label: string;
}

/** What no inspector may show: a generated form's leftovers, JSON Schema words, config keys. */
const RAW =
  /Unsupported|Unknown field|properties Key|required Key|additionalProperties|Missing items|\{"type"/;

test.use({ viewport: { width: 1600, height: 1000 } });

test('the inspector of every kind of step speaks in words', async ({
  flows,
  editor,
  page,
  session,
}) => {
  const catalog = await trpcQuery<Entry[]>(page.request, session.token, 'catalog.list', undefined);
  expect(catalog.length).toBeGreaterThan(15);
  await flows.goto();
  await flows.createBlank('Every kind');
  await editor.waitReady();

  for (const entry of catalog) {
    const id = await editor.addFromPalette(entry.label);
    await editor.select(id);
    const inspector = editor.inspector;
    await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(entry.label);
    // Everything folded or switched off is opened, so that every field is looked at.
    for (const more of await inspector.locator('details:not([open]) > summary').all())
      await more.click();
    for (const toggle of await inspector.getByRole('checkbox', { name: /after a while/ }).all()) {
      await toggle.check();
    }
    const text = await inspector.innerText();
    expect(text, entry.kind).not.toMatch(RAW);
    const labels = await inspector.locator('.setting__label, legend').allInnerTexts();
    expect(labels.length, `${entry.kind} has labelled settings`).toBeGreaterThan(
      ['start', 'end'].includes(entry.kind) ? -1 : 0,
    );
    for (const label of labels) {
      expect(label, `${entry.kind}: “${label}”`).toMatch(/^[A-Z“]/);
      expect(label, `${entry.kind}: “${label}”`).not.toMatch(/[a-z][A-Z]|[*_]/);
    }
  }
});
