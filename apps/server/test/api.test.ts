import { samples } from '@triggerflow/nodes/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBlueprint, expectApiError, startApi, type Api } from './api-harness';
import { flowsCrudScenario } from './api-flows-crud';
import { postgresTarget, type Target } from './targets';

describe('the API on SQLite', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('creates, versions, updates with optimistic concurrency and deletes flows', async () => {
    await flowsCrudScenario(api);
  });

  it('lists flows by search, a page at a time, most recently updated first', async () => {
    for (const name of ['Paging alpha', 'Paging beta', 'Paging gamma']) {
      await api.admin.flows.create.mutate({ name, blueprint: cleanBlueprint() });
    }
    const first = await api.admin.flows.list.query({ search: 'PAGING', limit: 2 });
    expect(first.items.map((f) => f.name)).toEqual(['Paging gamma', 'Paging beta']);
    const rest = await api.admin.flows.list.query({ search: 'paging', cursor: first.nextCursor });
    expect(rest).toMatchObject({ items: [{ name: 'Paging alpha' }], nextCursor: null });
  });

  it('saves a draft with errors and reports them with node ids; validate says the same', async () => {
    const clean = cleanBlueprint('Draft');
    const draft = {
      ...clean,
      nodes: [
        clean.nodes[0],
        { ...clean.nodes[1], handler: { ref: 'nope', config: {} } },
        clean.nodes[2],
      ],
      edges: [...clean.edges, { id: 'e3', source: 'double', target: 'ghost' }],
    };
    const saved = await api.admin.flows.create.mutate({ name: 'Draft', blueprint: draft });
    const codes = saved.issues.map((i) => [i.code, i.nodeId ?? i.edgeId]);
    expect(codes).toContainEqual(['HANDLER_NOT_REGISTERED', 'double']);
    expect(codes).toContainEqual(['DANGLING_EDGE', 'e3']);
    expect((await api.admin.flows.get.query({ id: saved.flow.id })).issues).toEqual(saved.issues);
    const { issues } = await api.admin.flows.validate.query({ blueprint: draft });
    expect(issues).toEqual(saved.issues);
    expect((await api.admin.flows.validate.query({ blueprint: cleanBlueprint() })).issues).toEqual(
      [],
    );
    const config = cleanBlueprint('Bad config', '(');
    const invalid = await api.admin.flows.validate.query({ blueprint: config });
    expect(invalid.issues[0]).toMatchObject({ nodeId: 'double', severity: 'error' });
  });

  it('exports a version and imports it (object or JSON text) as an equal flow', async () => {
    const source = await api.admin.flows.create.mutate({
      name: 'Round',
      blueprint: cleanBlueprint(),
    });
    await api.admin.flows.update.mutate({
      id: source.flow.id,
      blueprint: cleanBlueprint('R2', 'input'),
    });
    const exported = await api.admin.flows.export.query({ id: source.flow.id, version: 1 });
    expect(exported).toMatchObject({ version: 1, blueprint: cleanBlueprint() });
    const fromText = await api.admin.flows.import.mutate({
      blueprint: JSON.stringify(exported.blueprint),
    });
    expect(fromText.flow).toMatchObject({ name: 'Doubler', latestVersion: 1 });
    const fromObject = await api.admin.flows.import.mutate({
      blueprint: exported.blueprint,
      name: 'Copy',
    });
    for (const imported of [fromText, fromObject]) {
      const again = await api.admin.flows.export.query({ id: imported.flow.id });
      expect(again).toEqual({ ...exported, version: 1 });
    }
    const latest = await api.admin.flows.export.query({ id: source.flow.id });
    expect(latest.version).toBe(2);
  });

  it('offers the samples as templates; each makes a flow without errors', async () => {
    const templates = await api.admin.flows.templates.query();
    expect(templates.map((t) => t.id)).toEqual(samples.map((s) => s.id));
    for (const template of templates) {
      const created = await api.admin.flows.createFromTemplate.mutate({ templateId: template.id });
      expect(created.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(created.flow.name).toBe(template.title);
      const got = await api.admin.flows.get.query({ id: created.flow.id });
      expect(got.version.blueprint).toEqual(template.blueprint);
    }
    const named = await api.admin.flows.createFromTemplate.mutate({
      templateId: 'fan-out-fan-in',
      name: 'My fan-out',
    });
    expect(named.flow.name).toBe('My fan-out');
  });

  it('lists the catalog: structural nodes and built-in kinds with JSON Schemas', async () => {
    const entries = await api.admin.catalog.list.query();
    const kinds = entries.map((e) => e.kind);
    for (const kind of [
      'start',
      'match',
      'forEach',
      'end',
      'transform',
      'http',
      'approval',
      'agent',
    ]) {
      expect(kinds).toContain(kind);
    }
    const http = entries.find((e) => e.kind === 'http');
    expect(http).toMatchObject({ nodeKind: 'chunk', configJsonSchema: { type: 'object' } });
    expect(Object.keys(http?.configJsonSchema['properties'] as object)).toContain('url');
    // Every kind describes its form in words; kinds that ask a model say this server has none.
    expect(http?.form.find((f) => f.key === 'url')).toMatchObject({ label: 'URL' });
    expect(entries.filter((e) => 'offline' in e).map((e) => [e.kind, e.offline])).toEqual([
      ['agent', true],
      ['classify', true],
    ]);
  });

  it('answers /healthz after a query, and 404 JSON for other paths', async () => {
    const health = await fetch(`${api.server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true, db: 'sqlite' }]);
    const missing = await fetch(`${api.server.url}/nope?x=1`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route for GET /nope' },
    });
  });

  it('refuses a request body that is not JSON and an unknown procedure, as 4xx', async () => {
    const bad = await fetch(`${api.server.url}/trpc/flows.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.adminToken}` },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string; data: { code: string } } };
    expect([body.error.data.code, body.error.message]).toEqual([
      'BAD_REQUEST',
      expect.stringContaining('JSON') as string,
    ]);
    await expectApiError(
      (
        api.admin as unknown as { flows: { nope: { query(): Promise<unknown> } } }
      ).flows.nope.query(),
      'NOT_FOUND',
    );
  });
});

describe('the API on PostgreSQL', () => {
  let target: Target;
  let api: Api;
  beforeAll(async () => {
    target = await postgresTarget();
    api = await startApi(await target.newUrl());
  });
  afterAll(async () => {
    await api?.close();
    await target?.cleanup();
  });

  it('creates, versions, updates with optimistic concurrency and deletes flows', async () => {
    await flowsCrudScenario(api);
    const health = await fetch(`${api.server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, db: 'postgres' });
  });
});
