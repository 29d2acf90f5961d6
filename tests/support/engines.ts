import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Engine } from '../../src/platform/db/database.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Both engines, always: the PostgreSQL suite is never skipped (scripts/test.mjs makes sure a server runs). */
export const engines: Engine[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  engine: Engine;
  dataDir: string;
  /** undefined for SQLite (the file lives in dataDir). */
  databaseUrl?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temp directory for SQLite, a new database on the test server for PostgreSQL. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otasuke-test-'));
  if (engine === 'sqlite') {
    return { engine, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `otasuke_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
