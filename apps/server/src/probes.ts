import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Services } from './trpc/context';

/**
 * The probes a supervisor polls. `/healthz`: the process is alive and its database answers
 * (restart it when this fails). `/readyz`: it is also done restoring the open runs of the last
 * start (send it traffic that needs them, e.g. run pages, once this answers 200).
 */

async function databaseAnswers(services: Services): Promise<boolean> {
  try {
    await sql`select 1`.execute(services.storage.db);
    return true;
  } catch (error) {
    services.logger.error({ err: error }, 'health check failed');
    return false;
  }
}

/** `200 { ok: true, db }`, or `503` when the database does not answer. */
export async function health(services: Services, res: ServerResponse): Promise<void> {
  const db = services.storage.dialect;
  if (await databaseAnswers(services)) return sendJson(res, 200, { ok: true, db });
  sendJson(res, 503, { ok: false, db, error: 'the database does not answer' });
}

/**
 * `200 { ready: true }` once every open run is restored and the database answers; `503 { ready:
 * false, restoring: { done, total } }` while runs are being restored, `503 { ready: false, error }`
 * when the database does not answer.
 */
export async function ready(services: Services, res: ServerResponse): Promise<void> {
  const { done, total, finished } = services.runs.readiness();
  if (!finished) return sendJson(res, 503, { ready: false, restoring: { done, total } });
  if (!(await databaseAnswers(services))) {
    return sendJson(res, 503, { ready: false, error: 'the database does not answer' });
  }
  sendJson(res, 200, { ready: true });
}

/** Whether `req` is a GET or HEAD of one of the probes (`/healthz`, `/readyz`). */
export function probeOf(req: IncomingMessage, path: string): typeof health | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  if (path === '/healthz') return health;
  if (path === '/readyz') return ready;
  return undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
