import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });
});
