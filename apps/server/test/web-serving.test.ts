import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/web/security-headers';
import { startApi, type Api } from './api-harness';
import { sqliteTarget, type SqliteTarget } from './targets';

/** A stand-in for `apps/web/dist`: what Vite writes (an index and hashed assets). */
async function fakeBuild(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>',
  );
  await writeFile(join(dir, 'assets', 'app-1a2b.js'), 'console.log("studio");\n');
}

/** What every answer must carry, whatever route it comes from. */
function expectSecurityHeaders(what: string, response: Response): void {
  const got = Object.fromEntries(
    [
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'referrer-policy',
      'permissions-policy',
    ].map((name) => [name, response.headers.get(name)]),
  );
  expect({ what, ...got }).toEqual({
    what,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': expect.stringContaining('camera=()') as string,
  });
}

describe('security headers', () => {
  it('forbid framing and inline scripts, and allow only the own origin', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    for (const directive of ['default-src', 'script-src', 'style-src', 'connect-src']) {
      expect(directives.get(directive)?.[0]).toBe("'self'");
      expect(directives.get(directive)).not.toContain("'unsafe-inline'");
    }
  });
});

describe('the built web studio', () => {
  let target: SqliteTarget;
  let api: Api;
  beforeAll(async () => {
    target = await sqliteTarget();
    const dist = join(target.dir, 'dist');
    await fakeBuild(dist);
    api = await startApi({ env: { WEB_DIST: dist } });
  });
  afterAll(async () => {
    await api?.close();
    await target?.cleanup();
  });

  it('serves its files, and its index for every other GET path (client-side routes)', async () => {
    const index = await fetch(`${api.server.url}/`);
    expect([index.status, index.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(await index.text()).toContain('<div id="root">');
    const asset = await fetch(`${api.server.url}/assets/app-1a2b.js`);
    expect([asset.status, asset.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expectSecurityHeaders('index', index);
    expectSecurityHeaders('asset', asset);
    for (const route of ['/flows', '/signin?token=tf_x', '/nope?x=1']) {
      const page = await fetch(`${api.server.url}${route}`);
      expect([route, page.status, await page.text()]).toEqual([
        route,
        200,
        expect.stringContaining('<div id="root">') as string,
      ]);
    }
  });

  it('still answers 404 JSON for what is not a GET, and for unknown procedures', async () => {
    const post = await fetch(`${api.server.url}/nope`, { method: 'POST' });
    expect([post.status, await post.json()]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'no route for POST /nope' } },
    ]);
    const procedure = await fetch(`${api.server.url}/trpc/flows.nope`);
    expect(procedure.status).toBe(404);
    expectSecurityHeaders('404', post);
    expectSecurityHeaders('unknown procedure', procedure);
  });

  it('puts the headers on API answers, /healthz and the socket handshake too', async () => {
    const ok = await fetch(`${api.server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
    const refused = await fetch(`${api.server.url}/trpc/auth.me`);
    const health = await fetch(`${api.server.url}/healthz`);
    const polling = await fetch(`${api.server.url}/socket.io/?EIO=4&transport=polling`);
    expect([ok.status, refused.status, health.status, polling.status]).toEqual([
      200, 401, 200, 200,
    ]);
    expectSecurityHeaders('API', ok);
    expectSecurityHeaders('API error', refused);
    expectSecurityHeaders('healthz', health);
    expectSecurityHeaders('socket.io polling', polling);
  });
});

describe('the sign-in page while the studio is not built', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('works under the policy: no inline script, style or handler; its files are served', async () => {
    const page = await fetch(`${api.server.url}/signin?token=tf_x`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expectSecurityHeaders('sign-in page', page);
    expect(html).toContain('<script src="/signin.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/signin.css">');
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(html.match(/<style|\sstyle=|\son[a-z]+=/gi)).toBeNull();
    for (const [file, type] of [
      ['/signin.js', 'text/javascript; charset=utf-8'],
      ['/signin.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${api.server.url}${file}`);
      expect([file, response.status, response.headers.get('content-type')]).toEqual([
        file,
        200,
        type,
      ]);
      expect((await response.text()).length).toBeGreaterThan(100);
      expectSecurityHeaders(file, response);
    }
  });
});
