import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBlueprint, startApi, type Api } from './api-harness';

/** A connected socket.io client with `token`; resolves once connected. */
async function connect(api: Api, token: string): Promise<Socket> {
  const socket = io(api.server.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the ms until `socket` was disconnected by the server; rejects after `ms`. */
function disconnectedWithin(socket: Socket, ms: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      if (reason === 'io server disconnect') resolve(performance.now() - started);
      else reject(new Error(`disconnected for another reason: ${reason}`));
    });
  });
}

describe('ending a token ends its sockets', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('auth.revoke disconnects the token’s sockets within a second; others stay', async () => {
    const viewer = await api.userWith(['viewer']);
    const { token: apiToken, record } = await viewer.client.auth.createApiToken.mutate({
      label: 'script',
    });
    const revokedOne = await connect(api, apiToken);
    const other = await connect(api, viewer.token);
    const ended = disconnectedWithin(revokedOne, 1000);
    await viewer.client.auth.revoke.mutate({ tokenId: record.id });
    expect(await ended).toBeLessThan(1000);
    expect(other.connected).toBe(true);
    // It cannot come back with that token.
    const again = io(api.server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: apiToken },
    });
    const refusal = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      again.once('connect_error', resolve),
    );
    expect(refusal.data?.code).toBe('UNAUTHORIZED');
    other.disconnect();
  });

  it('auth.signOut disconnects the session’s sockets within a second', async () => {
    const viewer = await api.userWith(['viewer']);
    const socket = await connect(api, viewer.token);
    const ended = disconnectedWithin(socket, 1000);
    await viewer.client.auth.signOut.mutate();
    expect(await ended).toBeLessThan(1000);
  });

  it('a revocation made elsewhere (another process, straight in storage) also ends them', async () => {
    const viewer = await api.userWith(['viewer']);
    const socket = await connect(api, viewer.token);
    const { token } = await viewer.client.auth.me.query();
    const ended = disconnectedWithin(socket, 1000);
    await api.server.services.storage.tokens.revoke(token.id);
    expect(await ended).toBeLessThan(1000);
  });
});

interface Answer {
  status: number;
  body: {
    result?: { data: Record<string, unknown> };
    error?: { message: string; data: { code: string } };
  };
  cookies: string[];
}

/** A raw tRPC call (what a browser sends), with the headers given. */
async function call(
  api: Api,
  procedure: string,
  options: { input?: unknown; headers?: Record<string, string>; method?: 'GET' | 'POST' } = {},
): Promise<Answer> {
  const method = options.method ?? 'POST';
  const query =
    method === 'GET' && options.input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(options.input))}`
      : '';
  const response = await fetch(`${api.server.url}/trpc/${procedure}${query}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(method === 'POST' && { body: JSON.stringify(options.input ?? null) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    cookies: response.headers.getSetCookie(),
  };
}

describe('the browser session: an HttpOnly cookie and a CSRF token', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  /** A new user signed in the browser's way: the cookie and the CSRF token. */
  async function browserSession() {
    const created = await api.admin.users.create.mutate({
      name: `browser-${Math.random().toString(36).slice(2, 8)}`,
      roles: ['editor'],
    });
    const token = new URL(created.signInUrl).searchParams.get('token') ?? '';
    const signedIn = await call(api, 'auth.signInWithCookie', { input: { token } });
    const cookie = signedIn.cookies[0]?.split(';')[0] ?? '';
    const csrf = String(signedIn.body.result?.data['csrfToken']);
    return { signedIn, cookie, csrf, user: created.user };
  }

  it('keeps the secret in an HttpOnly, SameSite=Strict cookie and returns only a CSRF token', async () => {
    const { signedIn, cookie, csrf } = await browserSession();
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookies).toHaveLength(1);
    expect(signedIn.cookies[0]).toMatch(
      /^tf_session=tf_[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/,
    );
    expect(Object.keys(signedIn.body.result?.data ?? {}).sort()).toEqual([
      'csrfToken',
      'expiresAt',
      'user',
    ]);
    expect(csrf).toMatch(/^csrf_[\w-]{43}$/);
    expect(JSON.stringify(signedIn.body)).not.toContain(cookie.slice('tf_session='.length));

    const me = await call(api, 'auth.me', {
      method: 'GET',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect([me.status, (me.body.result?.data['user'] as { roles: string[] }).roles]).toEqual([
      200,
      ['editor'],
    ]);
    const created = await call(api, 'flows.create', {
      input: { name: 'From the browser', blueprint: cleanBlueprint() },
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(created.status).toBe(200);
  });

  it('refuses a cookie without its CSRF token (FORBIDDEN), and a form post (415)', async () => {
    const { cookie, csrf } = await browserSession();
    const missing = await call(api, 'flows.create', {
      input: { name: 'Forged', blueprint: cleanBlueprint() },
      headers: { cookie },
    });
    const wrong = await call(api, 'auth.me', {
      method: 'GET',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
    });
    for (const refused of [missing, wrong]) {
      expect([refused.status, refused.body.error?.data.code, refused.body.error?.message]).toEqual([
        403,
        'FORBIDDEN',
        'a request signed in by the session cookie must carry its X-CSRF-Token header (auth.signInWithCookie gave it)',
      ]);
    }
    // What a page of another site can send without asking (a form's text/plain body): refused.
    const form = await fetch(`${api.server.url}/trpc/flows.create`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie },
      body: JSON.stringify({ name: 'Forged', blueprint: cleanBlueprint() }),
    });
    expect(form.status).toBe(415);
    expect((await api.admin.flows.list.query({ search: 'Forged' })).items).toEqual([]);
  });

  it('connects the socket with the cookie and auth.csrf, refuses it without', async () => {
    const { cookie, csrf } = await browserSession();
    const open = (auth: Record<string, string>) =>
      io(api.server.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth,
        extraHeaders: { cookie },
      });
    const refused = open({});
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      refused.once('connect_error', resolve),
    );
    expect([error.data?.code, error.message]).toEqual([
      'FORBIDDEN',
      'a connection signed in by the session cookie must pass auth: { csrf } (its CSRF token)',
    ]);
    const socket = open({ csrf });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    // Signing out revokes the session, clears the cookie and ends the socket.
    const ended = disconnectedWithin(socket, 1000);
    const out = await call(api, 'auth.signOut', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect(out.cookies).toEqual(['tf_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0']);
    expect(await ended).toBeLessThan(1000);
    const after = await call(api, 'auth.me', {
      method: 'GET',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect([after.status, after.body.error?.message]).toEqual([
      401,
      'the session is unknown, expired or revoked: sign in again',
    ]);
  });

  it('keeps API tokens working for scripts (Authorization: Bearer, no CSRF token)', async () => {
    const { token } = await api.admin.auth.createApiToken.mutate({ label: 'script' });
    const answer = await call(api, 'flows.create', {
      input: { name: 'From a script', blueprint: cleanBlueprint() },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
  });
});
