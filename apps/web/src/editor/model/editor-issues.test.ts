import type { Blueprint } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { createBuiltinCatalog } from '@triggerflow/nodes';
import { createEditorValidator } from './editor-issues';
import { blueprintFile } from './fixtures.test-support';
import { canRun } from './validation';

const validate = createEditorValidator(createBuiltinCatalog().entries());

const flow = (config: unknown, condition: string): Blueprint => ({
  schema: 'triggerflow.blueprint/v1',
  name: 'syntax',
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'calc', kind: 'chunk', handler: { ref: 'transform', config } },
    {
      id: 'route',
      kind: 'match',
      options: {
        mode: 'hitFirst',
        cases: [
          { id: 'big', when: { expression: condition } },
          { id: 'other', isElse: true },
        ],
      },
    },
    { id: 'join', kind: 'endMatch', options: { match: 'route' } },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'calc' },
    { id: 'e2', source: 'calc', target: 'route' },
    { id: 'e3', source: 'route', sourceHandle: 'case:big', target: 'join' },
    { id: 'e4', source: 'route', sourceHandle: 'else', target: 'join' },
    { id: 'e5', source: 'join', target: 'end' },
  ],
});

describe('createEditorValidator', () => {
  it('finds nothing wrong in the node samples', () => {
    for (const name of ['document-review.json', 'fan-out-fan-in.json']) {
      expect(validate(blueprintFile(name)).all).toEqual([]);
    }
  });

  it('accepts a flow whose expressions parse', () => {
    expect(validate(flow({ expression: 'input * 2' }, 'input > 10')).all).toEqual([]);
  });

  it('reports JSONata syntax errors of configs and match cases, which block Run', () => {
    const issues = validate(flow({ expression: 'input *' }, 'input >'));
    expect(issues.all.map((i) => [i.code, i.nodeId, i.message])).toEqual([
      [
        'INVALID_CONFIG',
        'calc',
        'Transform · Expression: JSONata S0207 at position 7: Unexpected end of expression',
      ],
      [
        'INVALID_EXPRESSION',
        'route',
        "node 'route' (match), case 'big': expression does not compile: JSONata S0207 at position 7: Unexpected end of expression",
      ],
    ]);
    expect([...issues.nodes.keys()]).toEqual(['calc', 'route']);
    expect(canRun(issues)).toEqual({
      ok: false,
      message: 'This flow has 2 errors. Fix them before running.',
    });
  });

  it('reports a missing setting as the server would, in words, and blocks Run', () => {
    const issues = validate(flow({}, 'input > 10'));
    expect(issues.all.map((i) => [i.code, i.nodeId, i.message, i.path])).toEqual([
      [
        'INVALID_CONFIG',
        'calc',
        'Transform needs an expression',
        ['nodes', 1, 'handler', 'config', 'expression'],
      ],
    ]);
    expect(canRun(issues).ok).toBe(false);
  });

  it('refuses a value case typed as an expression: it would never match', () => {
    const issues = validate(flow({ expression: 'input' }, '"A"'));
    expect(issues.all.map((i) => i.code)).toEqual(['INVALID_EXPRESSION']);
    expect(issues.all[0]?.message).toContain('make it a value case');
  });
});

describe('steps that ask a model on a server without one', () => {
  const entries = createBuiltinCatalog()
    .entries()
    .map((e) => (e.usesModel === true ? { ...e, offline: true } : e));
  const offline = createEditorValidator(entries);
  const classify = (config: unknown): Blueprint => ({
    schema: 'triggerflow.blueprint/v1',
    name: 'classify',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'sort', kind: 'chunk', handler: { ref: 'classify', config } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'sort' }],
  });

  it('is an error without offline rules: every run would fail there', () => {
    expect(offline(classify({ categories: ['A', 'B'] })).all).toEqual([
      {
        code: 'MODEL_UNAVAILABLE',
        severity: 'error',
        message:
          'Classify has no offline rules, and this server has no model to ask: add a rule, or connect a model server',
        nodeId: 'sort',
        path: ['nodes', 1, 'handler', 'config', 'rules'],
      },
    ]);
  });

  it('is fine with a rule, or on a server with a model', () => {
    const rules = [{ keyword: 'refund', output: 'A' }];
    expect(offline(classify({ categories: ['A', 'B'], rules })).all).toEqual([]);
    expect(validate(classify({ categories: ['A', 'B'] })).all).toEqual([]);
  });
});
