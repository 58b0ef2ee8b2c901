import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, loadConfig } from '../src';
import {
  apiClient,
  cleanBlueprint,
  expectApiError,
  silentLogger,
  startApi,
  type Api,
} from './api-harness';
import { sqliteTarget } from './targets';

describe('first start and sign-in', () => {
  it('creates an admin with a one-time sign-in URL; it is traded for a session once', async () => {
    const api = await startApi(); // signs in with the bootstrap token
    try {
      const token = api.server.signIn?.token ?? '';
      expect(api.server.signIn?.url).toBe(`${api.server.url}/signin?token=${token}`);
      expect(token).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
      const me = await api.admin.auth.me.query();
      expect(me.user).toMatchObject({ name: 'admin', roles: ['admin'] });
      expect(me.token).toMatchObject({ kind: 'session', userId: me.user.id });
      expect(me.token.expiresAt).toBeGreaterThan(Date.now());
      await expectApiError(api.anonymous.auth.signIn.mutate({ token }), 'UNAUTHORIZED', 'sign-in');
      // A sign-in token is not a bearer token.
      await expectApiError(api.client(token).auth.me.query(), 'UNAUTHORIZED');
    } finally {
      await api.close();
    }
  });

  it('lets exactly one of two simultaneous exchanges of a sign-in token through', async () => {
    const api = await startApi();
    try {
      const { signInUrl } = await api.admin.users.create.mutate({
        name: 'twice',
        roles: ['viewer'],
      });
      const token = new URL(signInUrl).searchParams.get('token') ?? '';
      const results = await Promise.allSettled([
        api.client().auth.signIn.mutate({ token }),
        api.client().auth.signIn.mutate({ token }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    } finally {
      await api.close();
    }
  });

  it('re-issues the sign-in URL on each start until someone signs in, then never again', async () => {
    const target = await sqliteTarget();
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: await target.newUrl(),
      LOG_LEVEL: 'silent',
    });
    const start = () => createServer({ config, logger: silentLogger() });
    try {
      const first = await start();
      const lost = first.signIn?.token ?? '';
      await first.close();
      const second = await start();
      const fresh = second.signIn?.token ?? '';
      expect(fresh).not.toBe(lost);
      const anonymous = apiClient(second.url);
      await expectApiError(anonymous.auth.signIn.mutate({ token: lost }), 'UNAUTHORIZED');
      const session = await anonymous.auth.signIn.mutate({ token: fresh });
      expect(session.user.roles).toEqual(['admin']);
      await second.close();
      const third = await start();
      expect(third.signIn).toBeUndefined();
      const users = await apiClient(third.url, session.token).users.list.query();
      expect(users.map((u) => u.name)).toEqual(['admin']);
      await third.close();
    } finally {
      await target.cleanup();
    }
  });
});

describe('tokens and users', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('hands out an API token once, lists it without its secret, and revokes it', async () => {
    const editor = await api.userWith(['editor']);
    const { token, record } = await editor.client.auth.createApiToken.mutate({ label: 'ci' });
    expect(record).toMatchObject({ kind: 'api', label: 'ci', expiresAt: null });
    const script = api.client(token);
    await script.flows.create.mutate({ name: 'From a script', blueprint: cleanBlueprint() });
    const listed = await editor.client.auth.tokens.query();
    expect(listed.map((t) => t.kind).sort()).toEqual(['api', 'session', 'signin']);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(Object.keys(listed[0] ?? {})).not.toContain('hash');

    const other = await api.userWith(['viewer']);
    await expectApiError(other.client.auth.revoke.mutate({ tokenId: record.id }), 'FORBIDDEN');
    const revoked = await editor.client.auth.revoke.mutate({ tokenId: record.id });
    expect(revoked.revokedAt).not.toBeNull();
    await expectApiError(script.flows.list.query(), 'UNAUTHORIZED');

    const expiring = await editor.client.auth.createApiToken.mutate({
      label: 'x',
      expiresInDays: 2,
    });
    expect(expiring.record.expiresAt).toBeGreaterThan(Date.now() + 86_400_000);
    await api.admin.auth.revoke.mutate({ tokenId: expiring.record.id }); // an admin: anyone's
    await expectApiError(api.client(expiring.token).auth.me.query(), 'UNAUTHORIZED');
  });

  it('signs out by revoking the session it was called with', async () => {
    const user = await api.userWith(['viewer']);
    await user.client.auth.signOut.mutate();
    await expectApiError(user.client.auth.me.query(), 'UNAUTHORIZED');
  });

  it('lets admins create users, change roles and re-issue sign-in links', async () => {
    const created = await api.admin.users.create.mutate({ name: 'dana', roles: ['viewer'] });
    expect(created.signInUrl.startsWith(`${api.server.url}/signin?token=tf_`)).toBe(true);
    const token = new URL(created.signInUrl).searchParams.get('token') ?? '';
    const dana = api.client((await api.anonymous.auth.signIn.mutate({ token })).token);
    await expectApiError(
      dana.flows.create.mutate({ name: 'd', blueprint: cleanBlueprint() }),
      'FORBIDDEN',
    );
    const updated = await api.admin.users.setRoles.mutate({
      userId: created.user.id,
      roles: ['editor', 'approver', 'editor'],
    });
    expect(updated.roles).toEqual(['editor', 'approver']);
    await dana.flows.create.mutate({ name: 'd', blueprint: cleanBlueprint() });
    const link = await api.admin.users.signInLink.mutate({ userId: created.user.id });
    const again = new URL(link.signInUrl).searchParams.get('token') ?? '';
    expect((await api.anonymous.auth.signIn.mutate({ token: again })).user.name).toBe('dana');
    const names = (await api.admin.users.list.query()).map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(['admin', 'dana']));
  });

  it('keeps the last admin an admin', async () => {
    const me = await api.admin.auth.me.query();
    await expectApiError(
      api.admin.users.setRoles.mutate({ userId: me.user.id, roles: ['viewer'] }),
      'CONFLICT',
      'last admin',
    );
    const second = await api.userWith(['admin']);
    await api.admin.users.setRoles.mutate({ userId: second.id, roles: ['viewer'] });
    await expectApiError(second.client.users.list.query(), 'FORBIDDEN');
  });
});
