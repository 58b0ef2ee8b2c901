import type { BlueprintIssue } from '@triggerflow/blueprint';
import { createBuiltinCatalog } from '@triggerflow/nodes';
import { describe, expect, it } from 'vitest';
import { placeProblems, settingsPath } from './node-problems';

const form = (kind: string) => {
  const entry = createBuiltinCatalog()
    .entries()
    .find((e) => e.kind === kind);
  if (!entry) throw new Error(kind);
  return entry.form;
};
const issue = (path: (string | number)[], message = path.join('.')): BlueprintIssue => ({
  code: 'INVALID_CONFIG',
  severity: 'error',
  message,
  nodeId: 'n',
  path,
});

describe('where the inspector shows a node’s problems', () => {
  it('reads the settings part of an issue path', () => {
    expect(settingsPath(issue(['nodes', 3, 'handler', 'config', 'rules', 0]))).toEqual([
      'rules',
      0,
    ]);
    expect(settingsPath(issue(['nodes', 3, 'options', 'cases', 1, 'when']))).toEqual([
      'cases',
      1,
      'when',
    ]);
    expect(settingsPath(issue(['nodes', 3, 'options']))).toEqual([]);
    expect(settingsPath(issue(['nodes', 3, 'kind']))).toBeNull();
    expect(settingsPath(issue(['edges', 1]))).toBeNull();
  });

  it('puts each under the deepest field that shows its setting', () => {
    const cfg = (...p: (string | number)[]) => issue(['nodes', 0, 'handler', 'config', ...p]);
    const placed = placeProblems(
      [
        cfg('categories'),
        cfg('categories', 1),
        cfg('rules', 0, 'output'),
        cfg('rules', 0, 'keyword', 2),
        cfg('nothing', 'here'),
        issue(['nodes', 0]),
        cfg('categories'),
      ],
      form('classify'),
      (i) => i.message,
    );
    expect([...placed.at]).toEqual([
      ['categories', ['nodes.0.handler.config.categories']],
      ['categories.1', ['nodes.0.handler.config.categories.1']],
      ['rules.0.output', ['nodes.0.handler.config.rules.0.output']],
      ['rules.0.keyword.2', ['nodes.0.handler.config.rules.0.keyword.2']],
    ]);
    expect(placed.general).toEqual(['nodes.0.handler.config.nothing.here', 'nodes.0']);
  });

  it('keeps warnings apart: they are advice, never under a field in red', () => {
    const warning = {
      ...issue(['nodes', 0, 'options', 'concurrency'], 'No cap'),
      severity: 'warning' as const,
    };
    const placed = placeProblems([warning], form('forEach'), (i) => i.message);
    expect(placed).toEqual({ general: [], advice: ['No cap'], at: new Map() });
  });

  it('puts a branch’s problems on their case', () => {
    const placed = placeProblems(
      [issue(['nodes', 2, 'options', 'cases', 1, 'when', 'expression'], 'bad')],
      form('match'),
      (i) => i.message,
    );
    expect([...placed.at]).toEqual([['cases.1', ['bad']]]);
  });
});
