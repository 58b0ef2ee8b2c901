import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = fileURLToPath(new URL('./wal-checkpoint-worker.cjs', import.meta.url));

/** How often the WAL is copied into the database file. */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;

export interface WalCheckpointer {
  /** A last full checkpoint (the WAL file is truncated), then the worker ends. */
  stop(): Promise<void>;
}

/**
 * Checkpoints the SQLite WAL of `path` from a worker thread with its own connection, instead of
 * SQLite's automatic checkpoint on the committing connection (turned off in database.ts), which
 * would stall the event loop on every 1,000th page. PASSIVE checkpoints never block writers.
 */
export function startWalCheckpointer(
  path: string,
  onError: (message: string) => void,
): WalCheckpointer {
  const worker = new Worker(WORKER, {
    workerData: { path, intervalMs: WAL_CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  let stopped: Promise<void> | undefined;
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'error') onError(message.message ?? 'checkpoint failed');
  });
  worker.on('error', (error) => onError(error.message));
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'stopped') void worker.terminate();
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
