import { BLUEPRINT_SCHEMA, type Blueprint } from '@triggerflow/blueprint';
import { validateBlueprint } from '@triggerflow/engine';
import { describe, expect, it } from 'vitest';
import { allFields, createBuiltinCatalog, type FormField } from '../src/index';

const catalog = createBuiltinCatalog();
const entries = catalog.entries();

type JsonSchema = {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};

/** The object schema of a kind's settings: a chunk's config, a structural node's `options`. */
function settingsSchema(entry: (typeof entries)[number]): JsonSchema | undefined {
  const schema = entry.configJsonSchema as JsonSchema;
  return entry.nodeKind === 'chunk' ? schema : schema.properties?.['options'];
}

const objectOf = (schema: JsonSchema | undefined): JsonSchema | undefined =>
  schema?.properties ? schema : schema?.anyOf?.find((s) => s.properties);

/** Every property the schema has that the fields do not cover, as dotted paths. */
function uncovered(
  schema: JsonSchema | undefined,
  fields: readonly FormField[],
  at = '',
): string[] {
  const object = objectOf(schema);
  if (!object?.properties) return [];
  const out: string[] = [];
  for (const [key, property] of Object.entries(object.properties)) {
    const field = fields.find((f) => f.key === key);
    const path = `${at}${key}`;
    if (!field) {
      out.push(path);
      continue;
    }
    if (field.widget === 'group') out.push(...uncovered(property, field.fields, `${path}.`));
    if (field.widget === 'list' && field.item.widget === 'group') {
      out.push(...uncovered(property.items, field.item.fields, `${path}[].`));
    }
  }
  return out;
}

describe('every kind describes its settings for people', () => {
  it.each(entries.map((e) => [e.kind, e] as const))('%s: a field for every setting', (_, e) => {
    expect(uncovered(settingsSchema(e), e.form)).toEqual([]);
  });

  it.each(entries.map((e) => [e.kind, e] as const))('%s: labels in words', (_, e) => {
    for (const field of allFields(e.form)) {
      // A label is words: it starts with a capital, and is not a config key such as `afterMs`.
      expect(field.label, `${e.kind}.${field.key}`).toMatch(/^[A-Z“]/);
      expect(field.label, `${e.kind}.${field.key}`).not.toMatch(/[a-z][A-Z]|[_*]/);
    }
    expect(e.categoryLabel).toMatch(/^[A-Z]/);
  });

  it('the header, the palette and the docs use one name per kind', () => {
    const labels = entries.map((e) => e.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(entries.find((e) => e.kind === 'emitToStream')?.label).toBe('Send to stream');
  });
});

function check(ref: string, config: unknown) {
  const blueprint: Blueprint = {
    schema: BLUEPRINT_SCHEMA,
    name: 'check',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'step', kind: 'chunk', handler: { ref, config } },
    ],
    edges: [{ id: 'e', source: 'start', target: 'step' }],
  };
  return validateBlueprint(blueprint, catalog.registry())
    .filter((i) => i.code === 'INVALID_CONFIG')
    .map((i) => ({ message: i.message, path: i.path.slice(4) }));
}

describe('config problems in the editor’s words', () => {
  it('names what is missing by its label', () => {
    expect(check('transform', {})).toEqual([
      { message: 'Transform needs an expression', path: ['expression'] },
    ]);
    expect(check('transform', { expression: '' })).toEqual([
      { message: 'Transform needs an expression', path: ['expression'] },
    ]);
    expect(check('approval', { approvers: { roles: [], users: [] } })).toEqual([
      { message: 'Approval needs a title', path: ['title'] },
      { message: 'Approval needs someone who may decide', path: ['approvers'] },
    ]);
    expect(check('classify', {})).toEqual([
      { message: 'Classify needs at least two categories', path: ['categories'] },
    ]);
  });

  it('says what is wrong with a value, where', () => {
    expect(check('classify', { categories: ['A'] })).toEqual([
      { message: 'Classify · Categories: give at least two categories', path: ['categories'] },
    ]);
    expect(
      check('classify', { categories: ['A', 'B'], rules: [{ keyword: 'x', output: 'C' }] }),
    ).toEqual([
      {
        message:
          "Classify · Offline rules · Rule 1 · Category: the rule's output must be one of the categories (A, B)",
        path: ['rules', 0, 'output'],
      },
    ]);
    expect(check('approval', { title: 'Ok?', approvers: { roles: ['admin'] }, quorum: 0 })).toEqual(
      [{ message: 'Approval · Approvals needed: must be at least 1', path: ['quorum'] }],
    );
    expect(check('delay', { ms: 'soon' })).toEqual([
      { message: 'Delay · Wait for: must be a number', path: ['ms'] },
    ]);
  });

  it('quotes JSONata syntax errors with their position', () => {
    const [problem] = check('transform', { expression: '$sum(' });
    expect(problem?.message).toMatch(/^Transform · Expression: JSONata S0\d+ at position \d+: /);
  });
});

describe('branch cases', () => {
  const branch = (when: unknown): Blueprint => ({
    schema: BLUEPRINT_SCHEMA,
    name: 'branch',
    nodes: [
      { id: 'start', kind: 'start' },
      {
        id: 'route',
        kind: 'match',
        options: {
          mode: 'hitFirst',
          cases: [{ id: 'a', when } as never, { id: 'other', isElse: true }],
        },
      },
    ],
    edges: [{ id: 'e', source: 'start', target: 'route' }],
  });
  const problems = (when: unknown) =>
    validateBlueprint(branch(when), catalog.registry()).map((i) => `${i.code}: ${i.message}`);

  it('refuses an expression that is a constant other than true: it can never match', () => {
    expect(problems({ expression: '"A"' })).toEqual([
      `INVALID_EXPRESSION: node 'route' (match), case 'a': expression does not compile: the expression always gives "A", never true, so the case never matches; to match the value "A", make it a value case`,
    ]);
    expect(problems({ expression: '3' })).toHaveLength(1);
    expect(problems({ expression: 'false' })).toHaveLength(1);
  });

  it('takes predicates, true, and the value "A"', () => {
    expect(problems({ expression: 'input = "A"' })).toEqual([]);
    expect(problems({ expression: 'true' })).toEqual([]);
    expect(problems({ value: 'A' })).toEqual([]);
  });
});
