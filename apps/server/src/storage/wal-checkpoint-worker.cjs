// Runs SQLite WAL checkpoints off the main thread (see wal-checkpointer.ts): copying the WAL
// into the database and syncing it can take tens of milliseconds, which the server's event loop
// must not wait for. Plain CommonJS, so it needs no TypeScript loader.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');

function checkpoint(mode) {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message) });
  }
}

const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage({ type: 'stopped' });
});
