import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.ts';

export const defaultPgUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** The server URL benchmarks may create databases on: BENCH_DATABASE_URL, TEST_DATABASE_URL, or the local default. */
export function pgAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || defaultPgUrl;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export interface TempDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates `otasuke_bench_<random>` on the server of `adminUrl` and returns its URL. The database is
 * dropped by `drop()` (also on Ctrl-C); connections still open are terminated (WITH (FORCE)).
 */
export async function createTempDatabase(adminUrl = pgAdminUrl()): Promise<TempDatabase> {
  const name = `otasuke_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `cannot connect to PostgreSQL at ${redact(adminUrl)}: ${(e as Error).message}. ` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`), ' +
        'set BENCH_DATABASE_URL, or run only SQLite with BENCH_ENGINES=sqlite.',
    );
  }
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  };
  const unregister = onCleanup(`drop database ${name}`, drop);
  return {
    name,
    url: u.toString(),
    async drop() {
      unregister();
      await drop();
    },
  };
}
