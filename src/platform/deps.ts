import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import type { Clock } from './clock/clock.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Actor } from './auth/roles.ts';

/** What use cases may use. Each use case narrows it with Pick<> to what it really needs. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
}

/** Who is acting: every use case takes it first. */
export interface Ctx {
  actor: Actor;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
