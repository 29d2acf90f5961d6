import path from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config, type LoadConfigOptions } from './config/config.ts';
import { openDb } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { systemClock, type Clock } from './clock/clock.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import type { Deps } from './deps.ts';

export interface CreateDepsOptions extends LoadConfigOptions {
  config?: Config;
  logger?: Logger;
  clock?: Clock;
  mailer?: Mailer;
  /** Run migrations before returning (default true). */
  migrate?: boolean;
  poolSize?: number;
}

/** Parses config once, opens the database, runs migrations, and wires the shared services. */
export async function createDeps(opts: CreateDepsOptions = {}): Promise<Deps> {
  const config = opts.config ?? loadConfig(opts);
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { app: 'otasuke' } });
  const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: opts.poolSize ?? config.dbPoolSize });
  if (opts.migrate !== false) {
    const { applied } = await migrateToLatest(db);
    if (applied.length) logger.info({ applied, database: db.location }, 'migrations applied');
  }
  const mailer =
    opts.mailer ??
    createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: path.join(config.dataDir, 'outbox'), logger });
  return { config, db, clock: opts.clock ?? systemClock, mailer, logger };
}

export async function closeDeps(deps: Deps): Promise<void> {
  deps.mailer.close();
  await deps.db.close();
}
