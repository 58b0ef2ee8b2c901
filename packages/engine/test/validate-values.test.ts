import { BLUEPRINT_SCHEMA } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { blueprintValueIssues, validateBlueprint } from '../src';

const clean = () => ({
  schema: BLUEPRINT_SCHEMA,
  name: 'Values',
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'step', kind: 'chunk', handler: { ref: 'work', config: { limit: 3 } } },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'step' },
    { id: 'b', source: 'step', target: 'end' },
  ],
});

describe('values a blueprint cannot keep', () => {
  it('finds nothing in a clean blueprint', () => {
    expect(blueprintValueIssues(clean())).toEqual([]);
  });

  it('names every forbidden key and non-finite number by path (and node), in document order', () => {
    // What JSON.parse makes of `"__proto__"` and `1e999`: an own key and Infinity.
    const bp = JSON.parse(
      JSON.stringify(clean())
        .replace('{"limit":3}', '{"limit":1e999,"__proto__":{"polluted":true},"n":-1e999}')
        .replace(
          '"name":"Values"',
          '"name":"Values","meta":{"deep":[{"constructor":1},{"prototype":2}]}',
        ),
    ) as unknown;
    expect(blueprintValueIssues(bp)).toEqual([
      {
        code: 'FORBIDDEN_KEY',
        severity: 'error',
        message:
          'meta.deep.0.constructor: the key "constructor" is not allowed in a blueprint (rename it)',
        path: ['meta', 'deep', 0, 'constructor'],
      },
      {
        code: 'FORBIDDEN_KEY',
        severity: 'error',
        message:
          'meta.deep.1.prototype: the key "prototype" is not allowed in a blueprint (rename it)',
        path: ['meta', 'deep', 1, 'prototype'],
      },
      {
        code: 'NON_FINITE_NUMBER',
        severity: 'error',
        message:
          'nodes.1.handler.config.limit is Infinity: JSON cannot hold it (it would be saved as null)',
        path: ['nodes', 1, 'handler', 'config', 'limit'],
        nodeId: 'step',
      },
      {
        code: 'FORBIDDEN_KEY',
        severity: 'error',
        message:
          'nodes.1.handler.config.__proto__: the key "__proto__" is not allowed in a blueprint (rename it)',
        path: ['nodes', 1, 'handler', 'config', '__proto__'],
        nodeId: 'step',
      },
      {
        code: 'NON_FINITE_NUMBER',
        severity: 'error',
        message:
          'nodes.1.handler.config.n is -Infinity: JSON cannot hold it (it would be saved as null)',
        path: ['nodes', 1, 'handler', 'config', 'n'],
        nodeId: 'step',
      },
    ]);
  });

  it('reports them first in validateBlueprint, and NaN too; nesting costs no stack', () => {
    const bp = clean();
    (bp.nodes[1] as { handler: { config: Record<string, unknown> } }).handler.config['x'] =
      Number.NaN;
    const issues = validateBlueprint(bp);
    expect(issues[0]).toMatchObject({ code: 'NON_FINITE_NUMBER', nodeId: 'step' });
    let deep: unknown = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(blueprintValueIssues({ ...clean(), meta: { deep } })).toEqual([
      expect.objectContaining({ code: 'NON_FINITE_NUMBER' }),
    ]);
  });
});
