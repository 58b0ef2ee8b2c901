import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where a storage suite runs: hands out isolated, empty databases and removes them afterwards. */
export interface Target {
  newUrl(): Promise<string>;
  cleanup(): Promise<void>;
}

/** A SQLite target also lends its temp folder (removed by `cleanup`) for other files. */
export interface SqliteTarget extends Target {
  dir: string;
}

export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh SQLite file per URL, in folders that do not exist yet, under one temp dir. */
export async function sqliteTarget(): Promise<SqliteTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'triggerflow-storage-'));
  let count = 0;
  return {
    dir,
    newUrl: () => Promise.resolve(`sqlite:${join(dir, `db-${++count}`, 'nested', 'studio.db')}`),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh schema per URL on the machine's PostgreSQL, selected through the connection's
 * `search_path`; every schema is dropped at the end. Throws (fails the suite) when PostgreSQL
 * does not answer.
 */
export async function postgresTarget(): Promise<Target> {
  const admin = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  const schemas: string[] = [];
  return {
    async newUrl() {
      const schema = `tf_test_${process.pid}_${randomBytes(6).toString('hex')}`;
      await admin.query(`create schema "${schema}"`);
      schemas.push(schema);
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    async cleanup() {
      try {
        for (const schema of schemas) await admin.query(`drop schema "${schema}" cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
