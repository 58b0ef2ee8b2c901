import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBlueprint, expectApiError, startApi, type Api, type Client } from './api-harness';

describe('rights', () => {
  let api: Api;
  const as: Record<'viewer' | 'editor' | 'approver' | 'admin', Client> = {} as never;
  beforeAll(async () => {
    api = await startApi();
    as.admin = api.admin;
    for (const role of ['viewer', 'editor', 'approver'] as const) {
      as[role] = (await api.userWith([role])).client;
    }
  });
  afterAll(() => api.close());

  it('refuses a call without a token, with an unknown one, or with another scheme', async () => {
    await expectApiError(api.anonymous.flows.list.query(), 'UNAUTHORIZED', 'Authorization: Bearer');
    await expectApiError(api.client('tf_nope').flows.list.query(), 'UNAUTHORIZED', 'unknown');
    const basic = await fetch(`${api.server.url}/trpc/flows.list`, {
      headers: { authorization: `Basic ${api.adminToken}` },
    });
    expect(basic.status).toBe(401);
  });

  it('checks every role against the matrix', async () => {
    const flow = await api.admin.flows.create.mutate({
      name: 'Rights',
      blueprint: cleanBlueprint(),
    });
    const calls: Record<string, (c: Client) => Promise<unknown>> = {
      'flows.list': (c) => c.flows.list.query(),
      'flows.get': (c) => c.flows.get.query({ id: flow.flow.id }),
      'flows.export': (c) => c.flows.export.query({ id: flow.flow.id }),
      'flows.validate': (c) => c.flows.validate.query({ blueprint: cleanBlueprint() }),
      'flows.templates': (c) => c.flows.templates.query(),
      'catalog.list': (c) => c.catalog.list.query(),
      'flows.create': (c) => c.flows.create.mutate({ name: 'x', blueprint: cleanBlueprint() }),
      'flows.update': (c) => c.flows.update.mutate({ id: flow.flow.id, name: 'Rights' }),
      'flows.import': (c) => c.flows.import.mutate({ blueprint: cleanBlueprint() }),
      'flows.createFromTemplate': (c) =>
        c.flows.createFromTemplate.mutate({ templateId: 'fan-out-fan-in' }),
      'users.list': (c) => c.users.list.query(),
      'users.directory': (c) => c.users.directory.query(),
      'auth.me': (c) => c.auth.me.query(),
      'auth.tokens': (c) => c.auth.tokens.query(),
    };
    const allowed: Record<keyof typeof as, string[]> = {
      viewer: [
        'flows.list',
        'flows.get',
        'flows.export',
        'flows.validate',
        'flows.templates',
        'users.directory',
      ],
      editor: ['flows.create', 'flows.update', 'flows.import', 'flows.createFromTemplate'],
      approver: [],
      admin: ['users.list'],
    };
    const reads = [...allowed.viewer, 'catalog.list', 'auth.me', 'auth.tokens'];
    const expected = {
      viewer: reads,
      editor: [...reads, ...allowed.editor],
      approver: reads,
      admin: Object.keys(calls),
    };
    for (const role of ['viewer', 'editor', 'approver', 'admin'] as const) {
      const outcome: Record<string, string> = {};
      for (const [name, call] of Object.entries(calls)) {
        outcome[name] = await call(as[role]).then(
          () => 'ok',
          (error: { data?: { code?: string } }) => error.data?.code ?? 'unknown',
        );
      }
      const want = Object.fromEntries(
        Object.keys(calls).map((name) => [
          name,
          expected[role].includes(name) ? 'ok' : 'FORBIDDEN',
        ]),
      );
      expect({ role, outcome }).toEqual({ role, outcome: want });
    }
  });

  it('gives every signed-in user the directory of names, without roles', async () => {
    const directory = await as.viewer.users.directory.query();
    const full = await api.admin.users.list.query();
    expect(directory).toEqual(full.map(({ id, name }) => ({ id, name })));
    expect(directory.length).toBe(4);
    expect(Object.keys(directory[0] ?? {}).sort()).toEqual(['id', 'name']);
  });

  it('names the missing role in a refusal', async () => {
    await expectApiError(
      as.viewer.flows.create.mutate({ name: 'x', blueprint: cleanBlueprint() }),
      'FORBIDDEN',
      'this needs the editor role',
    );
  });
});
