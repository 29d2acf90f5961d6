import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { sqliteBigramTable } from './migration-helpers.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for messages ("SQLite file ./data/otasuke.db" or the PG URL without password). */
  location: string;
  close(): Promise<void>;
}

export type Executor = Kysely<Database> | Transaction<Database>;

// PostgreSQL returns bigint (COUNT, SUM) as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir: string;
  /** For tests and benchmarks: pool size on PostgreSQL. */
  poolSize?: number;
}

export function openDb(opts: OpenDbOptions): Db {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, an administrator's terminate) emits
    // 'error' on the pool; unhandled, that would crash the process. The pool replaces the client.
    pool.on('error', (err) => {
      if (!/terminating connection|Connection terminated/i.test(err.message)) console.error(`otasuke: PostgreSQL connection error: ${err.message}`);
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      engine: 'postgres',
      location: redactUrl(opts.databaseUrl),
      close: () => kysely.destroy(),
    };
  }
  if (opts.databaseUrl && !opts.databaseUrl.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got ${redactUrl(opts.databaseUrl)})`);
  }
  const file = opts.databaseUrl?.startsWith('sqlite:')
    ? opts.databaseUrl.slice('sqlite:'.length)
    : path.join(opts.dataDir, 'otasuke.db');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { kysely, engine: 'sqlite', location: `SQLite ${file}`, close: () => kysely.destroy() };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a
 * good part of a small query's cost. Kysely runs one query at a time on this connection, so a
 * cached statement is never used twice at once.
 */
function withStatementCache(database: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let st = cache.get(sql);
      if (!st) {
        if (cache.size >= 1000) cache.clear();
        st = database.prepare(sql);
        cache.set(sql, st);
      }
      return st;
    },
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Escapes LIKE wildcards in user input; use with `escape '\\'` (SQLite has no default escape character). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/**
 * Substring condition `column LIKE %term%` (term already normalised), helped by the bigram index
 * (`bigramIndex` in migration-helpers.ts) for a term of two or more characters: on PostgreSQL
 * always (the planner weighs it), on SQLite when `sqliteBigrams` names the indexed table (and the
 * table's alias in the query, if any) — leave it out where a term is so common that walking the
 * list order's index is cheaper than sorting every match.
 */
export function substringMatch(db: Db, column: string, term: string, sqliteBigrams?: { table: string; alias?: string }): RawBuilder<boolean> {
  const like = sql<boolean>`${sql.ref(column)} like ${likePattern(term)} escape '\\'`;
  const chars = [...term];
  if (chars.length < 2) return like;
  if (db.engine === 'postgres') return sql<boolean>`(${sql.ref(`${column}_bigrams`)} @> otasuke_bigrams(${term}) and ${like})`;
  if (!sqliteBigrams) return like;
  // Each piece as an FTS5 phrase (all must be there); pieces of blanks alone carry no token.
  const phrases = [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))].filter((p) => /\S/u.test(p)).map((p) => `"${p.replace(/"/g, '""')}"`);
  if (!phrases.length) return like;
  const fts = sqliteBigramTable(sqliteBigrams.table, column.split('.').pop()!);
  const rowid = sql.ref(sqliteBigrams.alias ? `${sqliteBigrams.alias}.rowid` : 'rowid');
  return sql<boolean>`(${rowid} in (select rowid from ${sql.table(fts)} where ${sql.table(fts)} match ${phrases.join(' ')}) and ${like})`;
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
