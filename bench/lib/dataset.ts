import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createDeps } from '../../src/platform/context.ts';
import type { Deps } from '../../src/platform/deps.ts';
import type { Engine } from '../../src/platform/db/database.ts';
import { tempDir } from './env.ts';
import { createTempDatabase, pgAdminUrl, redact, type TempDatabase } from './pg.ts';

/** Where one engine's benchmark data lives: a temporary directory, and a temporary database on PostgreSQL. */
export interface BenchDataSet {
  engine: Engine;
  dir: string;
  /** The temporary PostgreSQL database (undefined on SQLite). */
  pg?: TempDatabase;
  databaseUrl?: string;
  /** The otasuke environment for this data set (session secret, DATABASE_URL), e.g. for a CLI run. */
  env: Record<string, string>;
  /** `{ dataDir, databaseUrl? }`, as openDb and startServer take it. */
  location: { dataDir: string; databaseUrl?: string };
  /** The app's services on this data set (migrations run), for seeding; close them with closeDeps. */
  openDeps(): Promise<Deps>;
  /** Drops the database and removes the directory (also registered for Ctrl-C). */
  remove(): Promise<void>;
}

export async function benchDataSet(engine: Engine, name: string): Promise<BenchDataSet> {
  const data = tempDir(`otasuke-bench-${name}-${engine}-`);
  let pg: TempDatabase | undefined;
  try {
    if (engine === 'postgres') {
      pg = await createTempDatabase();
      console.log(`[${engine}] database ${pg.name} on ${redact(pgAdminUrl())}`);
    }
  } catch (e) {
    data.remove();
    throw e;
  }
  const databaseUrl = pg?.url;
  const env: Record<string, string> = {
    OTASUKE_SESSION_SECRET: randomBytes(36).toString('base64url'),
    OTASUKE_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  return {
    engine,
    dir: data.dir,
    ...(pg ? { pg } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    env,
    location: { dataDir: data.dir, ...(databaseUrl ? { databaseUrl } : {}) },
    openDeps: () => createDeps({ env, overrides: { dataDir: data.dir }, logger: pino({ level: 'warn' }) }),
    async remove() {
      if (pg) await pg.drop().catch((e: Error) => console.error(`[${engine}] could not drop ${pg!.name}: ${e.message}`));
      data.remove();
    },
  };
}
