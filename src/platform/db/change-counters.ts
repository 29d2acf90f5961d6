import { sql, type Kysely } from 'kysely';
import type { Db } from './database.ts';
import { isPostgres } from './migration-helpers.ts';

/**
 * Per-table change versions, kept by the database itself: a trigger bumps `change_counters.version`
 * for the table in the same transaction as every INSERT, UPDATE or DELETE. A reader that sees an
 * unchanged version knows that nothing it counted before has changed, whichever process wrote.
 *
 * Migration helper: creates the counter table (once) and the triggers for `table`. With `columns`,
 * an UPDATE bumps the version only when it sets one of them (the columns the cached counts filter
 * on), so frequent touches of other columns (`updated_at`) neither invalidate the counts nor lock.
 *
 * Lock order: on PostgreSQL the bump locks the table's counter row until commit, and `appendAudit`
 * locks `audit_head`. A transaction must write the counted columns before it appends its audit row
 * (every writer of `companies` and of the cases' filter columns does), or two transactions can deadlock.
 */
export async function changeCounter(db: Kysely<any>, table: string, opts: { columns?: string[] } = {}): Promise<void> {
  const pg = await isPostgres(db);
  await sql`create table if not exists change_counters (name text primary key, version bigint not null default 0)`.execute(db);
  await sql`insert into change_counters (name, version) values (${table}, 0) on conflict (name) do nothing`.execute(db);
  const updateOf = opts.columns?.length ? sql`update of ${sql.join(opts.columns.map((c) => sql.ref(c)))}` : sql`update`;
  if (pg) {
    await sql`create or replace function otasuke_bump_change_counter() returns trigger as $$
      begin update change_counters set version = version + 1 where name = TG_TABLE_NAME; return null; end; $$ language plpgsql`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_change_counter`)} after insert or delete or truncate or ${updateOf} on ${sql.table(table)}
      for each statement execute function otasuke_bump_change_counter()`.execute(db);
    return;
  }
  for (const [op, event] of [['insert', sql`insert`], ['update', updateOf], ['delete', sql`delete`]] as const) {
    await sql`create trigger ${sql.raw(`${table}_change_counter_${op}`)} after ${event} on ${sql.table(table)}
      begin update change_counters set version = version + 1 where name = ${sql.lit(table)}; end`.execute(db);
  }
}

const MAX_KEYS_PER_TABLE = 2_000;
const cache = new Map<string, { version: number; keys: Map<string, number> }>();

/**
 * COUNT(*) answers remembered per table and query key while the table's change version stays the
 * same (see `changeCounter`; the table must have one). The version is read before counting, so a
 * count that raced with a write is filed under the older version and never outlives it.
 */
export async function cachedCount(db: Db, table: string, key: string, count: () => Promise<number>): Promise<number> {
  const row = await db.kysely.selectFrom('change_counters').select('version').where('name', '=', table).executeTakeFirst();
  if (!row) return count();
  const version = Number(row.version);
  let entry = cache.get(table);
  if (!entry || entry.version !== version) {
    entry = { version, keys: new Map() };
    cache.set(table, entry);
  }
  const hit = entry.keys.get(key);
  if (hit !== undefined) return hit;
  const n = await count();
  // A newer version may have been filed meanwhile by another request; only fill the entry we read.
  if (cache.get(table) === entry) {
    if (entry.keys.size >= MAX_KEYS_PER_TABLE) entry.keys.clear();
    entry.keys.set(key, n);
  }
  return n;
}
