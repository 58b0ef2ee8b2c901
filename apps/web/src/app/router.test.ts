import { describe, expect, it } from 'vitest';
import { flowPath, matchRoute, runPath, runsPath } from './router';

const at = (href: string) => matchRoute(new URL(href, 'http://studio.test'));

describe('matchRoute', () => {
  it('knows every page', () => {
    expect(at('/signin?token=tf_x')).toEqual({ name: 'signin', token: 'tf_x' });
    expect(at('/signin')).toEqual({ name: 'signin', token: null });
    expect(at('/')).toEqual({ name: 'flows' });
    expect(at('/flows/')).toEqual({ name: 'flows' });
    expect(at('/runs')).toEqual({ name: 'runs', flowId: null, status: null });
    expect(at('/runs?flowId=f1&status=paused')).toEqual({
      name: 'runs',
      flowId: 'f1',
      status: 'paused',
    });
    expect(at('/runs/r%2F1')).toEqual({ name: 'run', runId: 'r/1' });
    expect(at('/runs/%E0')).toEqual({ name: 'notFound', path: '/runs/%E0' });
    expect(at('/approvals')).toEqual({ name: 'approvals' });
    expect(at('/users')).toEqual({ name: 'users' });
    expect(at('/flows/a%20b')).toEqual({ name: 'flow', flowId: 'a b' });
    expect(at('/flows/a/b')).toEqual({ name: 'notFound', path: '/flows/a/b' });
    expect(at('/flows/%E0')).toEqual({ name: 'notFound', path: '/flows/%E0' });
  });

  it('round-trips flow ids through flowPath', () => {
    const id = 'x/y?z';
    expect(at(flowPath(id))).toEqual({ name: 'flow', flowId: id });
    expect(at(runPath(id))).toEqual({ name: 'run', runId: id });
  });

  it('builds runs page links with filters', () => {
    expect(runsPath()).toBe('/runs');
    expect(runsPath({ flowId: 'a b', status: 'failed' })).toBe('/runs?flowId=a+b&status=failed');
    expect(at(runsPath({ flowId: 'a b' }))).toEqual({ name: 'runs', flowId: 'a b', status: null });
  });
});
