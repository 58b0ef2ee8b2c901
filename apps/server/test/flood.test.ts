import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from './child-server';
import { sqliteTarget, type SqliteTarget } from './targets';

/** The server process's resident memory (Linux `/proc`), bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The flood — `GET /trpc/catalog.list,…×1000?batch=1`, ten at once, again and again —
 * against a real server process: refused fast (MAX_BATCH_CALLS), while `/healthz` answers within
 * 1 s throughout and the process's memory stays within 1.5× of what it was before.
 */
describe('a flood of batches', () => {
  let target: SqliteTarget;
  let server: ChildServer;
  let token: string;
  beforeAll(async () => {
    target = await sqliteTarget();
    server = await startChildServer({
      databaseUrl: await target.newUrl(),
      env: { WEB_DIST: target.dir },
    });
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: server.signInToken }),
    });
    token = ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
  }, 30_000);
  afterAll(async () => {
    await server?.kill();
    await target?.cleanup();
  });

  it('keeps /healthz under 1 s and the memory flat', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers });
      await response.arrayBuffer();
      return response.status;
    };
    const thousand = `/trpc/${Array.from({ length: 1000 }, () => 'catalog.list').join(',')}?batch=1`;
    const fifty = `/trpc/${Array.from({ length: 50 }, () => 'catalog.list').join(',')}?batch=1`;
    // Warm up (JIT, the catalog's schemas), then measure.
    expect([await get(fifty), await get(thousand)]).toEqual([200, 400]);
    await sleep(500);
    const before = await rssOf(server.pid);

    let worst = 0;
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const started = performance.now();
        const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
        expect(health.status).toBe(200);
        worst = Math.max(worst, performance.now() - started);
        await sleep(200);
      }
    })();
    const statuses: number[] = [];
    const deadline = Date.now() + 5000;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (Date.now() < deadline) statuses.push(await get(thousand));
      }),
    );
    // A legitimate client goes on meanwhile.
    expect(await get(fifty)).toBe(200);
    stop = true;
    await probe;
    await sleep(1000);
    const after = await rssOf(server.pid);

    expect(statuses.length).toBeGreaterThan(100);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(worst).toBeLessThan(1000);
    expect(after / before).toBeLessThan(1.5);
  }, 30_000);
});
