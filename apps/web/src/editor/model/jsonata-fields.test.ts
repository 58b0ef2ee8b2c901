import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
// The server's own catalog (a relative import: the web app does not depend on packages/nodes):
// the JSON Schemas the editor receives from `catalog.list`, so the field markers are checked
// against what packages/nodes really writes.
import { createBuiltinCatalog } from '../../../../../packages/nodes/src/index';
import { jsonataConfigIssues, jsonataProblems } from './jsonata-fields';

const entries = createBuiltinCatalog().entries();
const schemaOf = (kind: string) => {
  const entry = entries.find((e) => e.kind === kind);
  if (!entry) throw new Error(`no catalog entry ${kind}`);
  return entry.configJsonSchema;
};
const paths = (kind: string, config: unknown) =>
  jsonataProblems(schemaOf(kind), config).map((p) => p.path);

describe('jsonataProblems against the built-in catalog', () => {
  it('finds the JSONata fields of every built-in kind, nested ones too', () => {
    expect(paths('transform', { expression: 'input +' })).toEqual([['expression']]);
    expect(paths('setState', { key: 'a', value: '$sum(' })).toEqual([['value']]);
    expect(paths('emitToStream', { item: '{' })).toEqual([['item']]);
    expect(paths('approval', { title: 't', approvers: {}, payload: 'input.(' })).toEqual([
      ['payload'],
    ]);
    expect(
      paths('http', {
        url: '=input.url &',
        headers: { 'X-Id': '=$string(', Accept: 'text/plain' },
        body: 'input',
      }),
    ).toEqual([['url'], ['headers', 'X-Id']]);
    expect(
      paths('agent', {
        instructions: 'Reply to {{ input.name ',
        output: { fields: [{ name: 'a' }] },
        rules: [
          { keyword: 'x', output: 1 },
          { expression: 'input >', output: 2 },
        ],
      }),
    ).toEqual([['instructions'], ['rules', 1, 'expression']]);
  });

  it('finds nothing in valid configs or in fields that are not JSONata', () => {
    expect(paths('transform', { expression: "{ 'doubled': input * 2 }" })).toEqual([]);
    expect(paths('http', { url: 'https://example.com/(', method: 'GET' })).toEqual([]);
    expect(paths('delay', { ms: 5 })).toEqual([]);
  });
});

describe('jsonataConfigIssues', () => {
  it('reports each broken field as the server does: INVALID_CONFIG at its path', () => {
    const blueprint: Blueprint = {
      schema: 'triggerflow.blueprint/v1',
      name: 'issues',
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'calc', kind: 'chunk', handler: { ref: 'transform', config: { expression: '1 +' } } },
        { id: 'other', kind: 'chunk', handler: { ref: 'unknown', config: { expression: '(' } } },
      ],
      edges: [],
    };
    expect(jsonataConfigIssues(blueprint, entries)).toEqual([
      {
        code: 'INVALID_CONFIG',
        severity: 'error',
        message:
          "node 'calc' (chunk): config of handler 'transform' is invalid: expression: JSONata S0207 at position 3: Unexpected end of expression",
        nodeId: 'calc',
        path: ['nodes', 1, 'handler', 'config', 'expression'],
      },
    ]);
  });
});
