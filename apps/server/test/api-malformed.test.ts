import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src';
import { cleanBlueprint, startApi, type Api, type Client } from './api-harness';

type Kind = 'query' | 'mutate';
/** [procedure, query or mutation, input, text the error must contain (the field)] */
type Case = [string, Kind, unknown, string];

const bp = cleanBlueprint();
const long = (n: number) => 'x'.repeat(n);
const withNode = (node: unknown) => ({ ...bp, nodes: [node] });

function cases(ids: { flow: string; user: string }): Case[] {
  const { flow, user } = ids;
  return [
    ['flows.list', 'query', { limit: 0 }, 'limit'],
    ['flows.list', 'query', { limit: 'ten' }, 'limit'],
    ['flows.list', 'query', { limit: 1.5 }, 'limit'],
    ['flows.list', 'query', { limit: 201 }, 'limit'],
    ['flows.list', 'query', { search: 5 }, 'search'],
    ['flows.list', 'query', { cursor: 7 }, 'cursor'],
    ['flows.list', 'query', { cursor: 'not-a-cursor' }, 'cursor'],
    ['flows.list', 'query', 'everything', 'input'],
    ['flows.get', 'query', {}, 'id'],
    ['flows.get', 'query', { id: '' }, 'id'],
    ['flows.get', 'query', { id: 5 }, 'id'],
    ['flows.get', 'query', { id: long(101) }, 'id'],
    ['flows.get', 'query', { id: 'missing-flow' }, 'missing-flow'],
    ['flows.get', 'query', null, 'input'],
    ['flows.create', 'mutate', {}, 'name'],
    ['flows.create', 'mutate', { name: '  ', blueprint: bp }, 'name'],
    ['flows.create', 'mutate', { name: long(201), blueprint: bp }, 'name'],
    ['flows.create', 'mutate', { name: 'x' }, 'blueprint'],
    ['flows.create', 'mutate', { name: 'x', blueprint: 'flow' }, 'blueprint'],
    ['flows.create', 'mutate', { name: 'x', blueprint: [] }, 'blueprint'],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: { ...bp, schema: 'v0' } },
      'blueprint.schema',
    ],
    ['flows.create', 'mutate', { name: 'x', blueprint: { ...bp, name: 1 } }, 'blueprint.name'],
    ['flows.create', 'mutate', { name: 'x', blueprint: { ...bp, nodes: 'a' } }, 'blueprint.nodes'],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: withNode({ id: 1, kind: 'start' }) },
      'blueprint.nodes.0.id',
    ],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: withNode({ id: 'a', kind: 'magic' }) },
      'blueprint.nodes.0.kind',
    ],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: { ...bp, edges: [{ id: 'e', source: 'start' }] } },
      'blueprint.edges.0.target',
    ],
    ['flows.create', 'mutate', { name: 'x', blueprint: bp, description: 5 }, 'description'],
    ['flows.create', 'mutate', { name: 'x', blueprint: bp, note: long(501) }, 'note'],
    ['flows.update', 'mutate', {}, 'id'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 0 }, 'expectedVersion'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 'one' }, 'expectedVersion'],
    ['flows.update', 'mutate', { id: flow, blueprint: 42 }, 'blueprint'],
    ['flows.update', 'mutate', { id: flow, name: 7 }, 'name'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 9, name: 'n' }, 'version'],
    ['flows.update', 'mutate', { id: 'gone', name: 'n' }, 'gone'],
    ['flows.delete', 'mutate', { id: null }, 'id'],
    ['flows.versions', 'query', { id: [] }, 'id'],
    ['flows.getVersion', 'query', { id: flow }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: -1 }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: 2.5 }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: 99 }, `${flow}@99`],
    ['flows.validate', 'query', {}, 'blueprint'],
    ['flows.import', 'mutate', { blueprint: '{not json' }, 'blueprint'],
    ['flows.import', 'mutate', { blueprint: 42 }, 'blueprint'],
    [
      'flows.import',
      'mutate',
      { blueprint: '{"schema":"triggerflow.blueprint/v9"}' },
      'blueprint.schema',
    ],
    ['flows.import', 'mutate', { blueprint: bp, name: '' }, 'name'],
    ['flows.export', 'query', { id: flow, version: 'latest' }, 'version'],
    ['flows.createFromTemplate', 'mutate', { templateId: 'nope' }, 'templateId'],
    ['flows.createFromTemplate', 'mutate', {}, 'templateId'],
    ['flows.createFromTemplate', 'mutate', { templateId: 'document-review', name: '' }, 'name'],
    ['auth.signIn', 'mutate', {}, 'token'],
    ['auth.signIn', 'mutate', { token: '' }, 'token'],
    ['auth.signIn', 'mutate', { token: 'tf_forged' }, 'token'],
    ['auth.createApiToken', 'mutate', {}, 'label'],
    ['auth.createApiToken', 'mutate', { label: long(101) }, 'label'],
    ['auth.createApiToken', 'mutate', { label: 'x', expiresInDays: 0 }, 'expiresInDays'],
    ['auth.revoke', 'mutate', {}, 'tokenId'],
    ['auth.revoke', 'mutate', { tokenId: 'no-such-token' }, 'no-such-token'],
    ['users.create', 'mutate', { roles: ['viewer'] }, 'name'],
    ['users.create', 'mutate', { name: 'x', roles: [] }, 'roles'],
    ['users.create', 'mutate', { name: 'x', roles: ['god'] }, 'roles.0'],
    ['users.create', 'mutate', { name: 'x', roles: 'admin' }, 'roles'],
    ['users.setRoles', 'mutate', { userId: user }, 'roles'],
    ['users.setRoles', 'mutate', { roles: ['viewer'] }, 'userId'],
    ['users.setRoles', 'mutate', { userId: 'nobody', roles: ['viewer'] }, 'nobody'],
    ['users.signInLink', 'mutate', {}, 'userId'],
  ];
}

/** Calls `path` with any input, bypassing the client's types (the server must cope). */
function call(client: Client, path: string, kind: Kind, input: unknown): Promise<unknown> {
  const [group = '', name = ''] = path.split('.');
  const procedures = client as unknown as Record<
    string,
    Record<string, Record<Kind, (input: unknown) => Promise<unknown>>>
  >;
  return procedures[group]![name]![kind](input);
}

describe('malformed inputs', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers each with a 4xx error naming the field, and stays healthy', async () => {
    const flow = await api.admin.flows.create.mutate({ name: 'Target', blueprint: bp });
    const user = await api.userWith(['viewer']);
    const all = cases({ flow: flow.flow.id, user: user.id });
    expect(all.length).toBeGreaterThanOrEqual(50);
    // All at once: the client batches them, so one HTTP request carries many failures.
    const outcomes = await Promise.all(
      all.map(([path, kind, input]) =>
        call(api.admin, path, kind, input).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    const wrong = all.flatMap(([path, , input, field], index): object[] => {
      const error = outcomes[index];
      if (!(error instanceof TRPCClientError)) return [{ path, input, got: 'no error' }];
      const { data, message } = error as TRPCClientError<AppRouter>;
      const status = data?.httpStatus ?? 0;
      const text = `${message} ${JSON.stringify(data?.issues ?? [])}`;
      const ok = status >= 400 && status < 500 && text.includes(field);
      return ok ? [] : [{ path, input, field, status, message }];
    });
    expect(wrong).toEqual([]);
    const health = await fetch(`${api.server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true, db: 'sqlite' }]);
    expect((await api.admin.flows.get.query({ id: flow.flow.id })).flow.name).toBe('Target');
  });

  it('puts the field path of input errors in data.issues', async () => {
    const error = await api.admin.flows.create
      .mutate({ name: 'x', blueprint: withNode({ id: 'a', kind: 'magic' }) })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    if (!(error instanceof TRPCClientError)) throw new Error('expected a TRPCClientError');
    const { data, message } = error as TRPCClientError<AppRouter>;
    expect(data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'flows.create',
      issues: [{ path: ['blueprint', 'nodes', 0, 'kind'] }],
    });
    expect(message).toMatch(/^blueprint\.nodes\.0\.kind: node 'a' \(magic\) has an unknown kind/);
  });
});
