import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { diffBlueprints } from './diff';
import { fieldLabel, pathSegments } from './field-labels';
import { blueprintFile } from './fixtures.test-support';
import { readableDiff, type DiffCatalogEntry } from './readable-diff';

const catalog: DiffCatalogEntry[] = [
  {
    kind: 'transform',
    label: 'Transform',
    configJsonSchema: {
      type: 'object',
      properties: { expression: { type: 'string', title: 'Expression' } },
    },
  },
  {
    kind: 'classify',
    label: 'Classify',
    configJsonSchema: {
      type: 'object',
      properties: {
        categories: { type: 'array', items: { type: 'string' } },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            properties: { keyword: { type: 'string' }, output: { title: 'Category' } },
          },
        },
      },
    },
  },
  {
    kind: 'match',
    label: 'Branch',
    configJsonSchema: {
      type: 'object',
      properties: {
        options: {
          type: 'object',
          properties: {
            mode: { type: 'string', title: 'Which cases run' },
            cases: { type: 'array', items: { type: 'object', properties: { when: {} } } },
          },
        },
      },
    },
  },
];

describe('pathSegments and fieldLabel', () => {
  it('reads diff paths and labels them from the schema (title, else the key in words)', () => {
    expect(pathSegments('config.rules[0]["max tokens"]')).toEqual([
      'config',
      'rules',
      0,
      'max tokens',
    ]);
    const schema = catalog[1]!.configJsonSchema;
    expect(fieldLabel(schema, ['rules', 0, 'output'])).toBe('Rules › 1 › Category');
    expect(fieldLabel(schema, ['afterMs'])).toBe('After ms');
    expect(fieldLabel(undefined, ['categories', 2])).toBe('Categories › 3');
  });
});

describe('readableDiff', () => {
  it('names nodes by label or kind, never by id, and lists settings field by field', () => {
    const before = blueprintFile('v1/orchestration-playbook.json');
    const old = before.nodes.find((n) => n.id === 'classify');
    if (old?.kind === 'chunk') old.handler.config = { categories: ['A', 'B', 'C'] };
    const after: Blueprint = structuredClone(before);
    const classify = after.nodes.find((n) => n.id === 'classify');
    if (classify?.kind !== 'chunk') throw new Error('classify is a chunk');
    classify.handler.config = {
      categories: ['A', 'B', 'C', 'D'],
      rules: [{ keyword: 'refund', output: 'A' }],
    };
    const route = after.nodes.find((n) => n.id === 'route');
    if (route?.kind !== 'match') throw new Error('route is a match');
    route.options.mode = 'hitAll';
    route.position = { x: 1, y: 2 };
    const finalize = after.nodes.find((n) => n.id === 'finalize')!;
    finalize.position = { x: 5, y: 5 };
    after.nodes = after.nodes.filter((n) => n.id !== 'handleOther');
    after.edges = after.edges.filter(
      (e) => e.source !== 'handleOther' && e.target !== 'handleOther',
    );
    after.nodes.push({
      id: 'transform-2',
      kind: 'chunk',
      handler: { ref: 'transform', config: { expression: 'input' } },
    });
    after.edges.push({ id: 'x', source: 'route', sourceHandle: 'else', target: 'transform-2' });

    const items = readableDiff(diffBlueprints(before, after), { before, after, catalog });
    const text = JSON.stringify(items);
    for (const id of ['transform-2', 'handleOther', 'route"', 'classify"']) {
      expect(text).not.toContain(id);
    }
    expect(items.map((i) => [i.change, i.title, i.kind])).toEqual([
      ['added', '“Transform”', 'Transform'],
      [
        'removed',
        `“${before.nodes.find((n) => n.id === 'handleOther')?.label ?? 'Handle other'}”`,
        'Handle other',
      ],
      ['changed', `“${classify.label ?? 'Classify'}”`, 'Classify'],
      ['changed', `“${route.label ?? 'Branch'}”`, 'Branch'],
      ['moved', '“Finalize”', ''],
      ['connected', `“${route.label ?? 'Branch'}” (else) → “Transform”`, ''],
      ['disconnected', expect.stringContaining('(else) →') as unknown as string, ''],
      ['disconnected', expect.stringContaining('→') as unknown as string, ''],
    ]);
    expect(items[2]?.fields).toContainEqual({
      label: 'Categories › 4',
      before: '(not set)',
      after: '“D”',
    });
    expect(items[2]?.fields).toContainEqual({
      label: 'Rules',
      before: '(not set)',
      after: '[{"keyword":"refund","output":"A"}]',
    });
    // The branch moved too: no line for that among its settings.
    expect(items[3]?.fields).toEqual([
      { label: 'Which cases run', before: '“hitFirst”', after: '“hitAll”' },
    ]);
  });

  it('says what changed in the flow itself', () => {
    const before = blueprintFile('v1/linear-chain.json');
    const after = { ...structuredClone(before), name: 'Renamed', meta: { sampleInput: 1 } };
    const [flow] = readableDiff(diffBlueprints(before, after), { before, after, catalog });
    expect(flow).toEqual({
      change: 'flow',
      title: 'The flow',
      kind: '',
      fields: [
        { label: 'Name', before: `“${before.name}”`, after: '“Renamed”' },
        { label: 'Flow settings › Sample input', before: '(not set)', after: '1' },
      ],
    });
  });
});
