import { describe, expect, it } from 'vitest';
import type { NodeData } from '../model/convert';
import { detailText, kindText } from './node-text';

const data = (d: unknown) => d as NodeData;

describe('what a node says under its title', () => {
  it('speaks in words, never in option names or ids', () => {
    expect(
      detailText(
        data({
          kind: 'match',
          options: {
            mode: 'hitFirst',
            cases: [
              { id: 'a', when: { value: 'A' } },
              { id: 'b', when: { value: 'B' } },
              { id: 'x', isElse: true },
            ],
          },
        }),
      ),
    ).toBe('first match · 2 cases + else');
    expect(detailText(data({ kind: 'forEach', options: { concurrency: 4 } }))).toBe(
      'at most 4 at once',
    );
    expect(detailText(data({ kind: 'batch', options: { concurrency: null, branches: [] } }))).toBe(
      'all at once',
    );
    expect(detailText(data({ kind: 'when', options: { mode: 'and' } }))).toBe(
      'waits for every input',
    );
    expect(
      detailText(data({ kind: 'subFlow', options: { flow: { ref: { flowId: '3f2a-uuid' } } } })),
    ).toBe('runs a stored flow');
    expect(detailText(data({ kind: 'endMatch', options: { match: 'route' } }))).toBeUndefined();
    expect(
      detailText(data({ kind: 'event', options: { type: 'runtimeData', event: 'draft' } })),
    ).toBe('when “draft” is written');
  });

  it('names the kind as the palette does', () => {
    const labels = new Map([['setState', 'Set state']]);
    expect(kindText(data({ kind: 'chunk', handler: { ref: 'setState' } }), labels)).toBe(
      'Set state',
    );
    expect(kindText(data({ kind: 'chunk', handler: { ref: 'myOwnThing' } }))).toBe('My own thing');
  });
});
