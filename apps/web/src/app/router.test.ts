import { describe, expect, it } from 'vitest';
import { flowPath, matchRoute } from './router';

const at = (href: string) => matchRoute(new URL(href, 'http://studio.test'));

describe('matchRoute', () => {
  it('knows every page', () => {
    expect(at('/signin?token=tf_x')).toEqual({ name: 'signin', token: 'tf_x' });
    expect(at('/signin')).toEqual({ name: 'signin', token: null });
    expect(at('/')).toEqual({ name: 'flows' });
    expect(at('/flows/')).toEqual({ name: 'flows' });
    expect(at('/runs')).toEqual({ name: 'runs' });
    expect(at('/flows/a%20b')).toEqual({ name: 'flow', flowId: 'a b' });
    expect(at('/flows/a/b')).toEqual({ name: 'notFound', path: '/flows/a/b' });
    expect(at('/flows/%E0')).toEqual({ name: 'notFound', path: '/flows/%E0' });
  });

  it('round-trips flow ids through flowPath', () => {
    const id = 'x/y?z';
    expect(at(flowPath(id))).toEqual({ name: 'flow', flowId: id });
  });
});
