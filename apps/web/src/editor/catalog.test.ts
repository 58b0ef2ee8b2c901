import { describe, expect, it } from 'vitest';
import { byCategory, searchCatalog, type CatalogEntry } from './catalog';
import { categoryName } from './categories';

const entry = (kind: string, label: string, category: string, summary = ''): CatalogEntry =>
  ({ kind, label, category, summary, icon: 'box', nodeKind: 'chunk' }) as CatalogEntry;

const entries = [
  entry('http', 'HTTP request', 'io', 'Call a URL'),
  entry('agent', 'Agent', 'ai', 'Ask a model'),
  entry('setState', 'Set state', 'data', 'Write a state key'),
  entry('start', 'Start', 'structure'),
  entry('approval', 'Approval', 'human', 'Ask people to decide'),
  entry('mine', 'Mine', 'custom'),
];

describe('palette categories', () => {
  it('names categories in words, in the palette’s order, unknown ones last', () => {
    expect(byCategory(entries).map(([c]) => categoryName(c))).toEqual([
      'Structure',
      'Data',
      'AI',
      'Input and output',
      'People',
      'Custom',
    ]);
  });
});

describe('searchCatalog', () => {
  it('finds by label, kind, summary or category name, labels starting with the query first', () => {
    expect(searchCatalog(entries, 'state').map((e) => e.kind)).toEqual(['setState']);
    expect(searchCatalog(entries, 'ask').map((e) => e.kind)).toEqual(['agent', 'approval']);
    expect(searchCatalog(entries, 'people').map((e) => e.kind)).toEqual(['approval']);
    expect(searchCatalog(entries, 'input output').map((e) => e.kind)).toEqual(['http']);
    expect(
      searchCatalog(entries, 'a')
        .map((e) => e.kind)
        .slice(0, 2),
    ).toEqual(['agent', 'approval']);
    expect(searchCatalog(entries, '  ')).toHaveLength(entries.length);
    expect(searchCatalog(entries, 'zzz')).toEqual([]);
  });
});
