import { sql, type Kysely } from 'kysely';

export async function isPostgres(db: Kysely<any>): Promise<boolean> {
  return sql`select version() as v`.execute(db).then(
    () => true,
    () => false,
  );
}

/**
 * Makes tables append-only in the database itself: UPDATE and DELETE (and TRUNCATE on PostgreSQL)
 * are refused by triggers, whatever the application does. `fn` names the PostgreSQL trigger function.
 */
export async function appendOnly(db: Kysely<any>, tables: string[], fn: string) {
  if (await isPostgres(db)) {
    await sql`create or replace function ${sql.raw(fn)}() returns trigger as $$
      begin raise exception '% is append-only', TG_TABLE_NAME; end; $$ language plpgsql`.execute(db);
    for (const t of tables) {
      await sql`create trigger ${sql.raw(`${t}_no_change`)} before update or delete on ${sql.table(t)}
        for each row execute function ${sql.raw(fn)}()`.execute(db);
      await sql`create trigger ${sql.raw(`${t}_no_truncate`)} before truncate on ${sql.table(t)}
        for each statement execute function ${sql.raw(fn)}()`.execute(db);
    }
    return;
  }
  for (const t of tables) {
    await sql`create trigger ${sql.raw(`${t}_no_update`)} before update on ${sql.table(t)}
      begin select raise(abort, ${sql.lit(`${t} is append-only`)}); end`.execute(db);
    await sql`create trigger ${sql.raw(`${t}_no_delete`)} before delete on ${sql.table(t)}
      begin select raise(abort, ${sql.lit(`${t} is append-only`)}); end`.execute(db);
  }
}

/**
 * A pg_trgm GIN index for substring search (3+ characters) on PostgreSQL; pg_trgm is a trusted
 * extension since PostgreSQL 13. Returns false when the extension is not available (search scans).
 */
export async function trigramIndex(db: Kysely<any>, name: string, table: string, column: string): Promise<boolean> {
  const ok = await sql`create extension if not exists pg_trgm`.execute(db).then(
    () => true,
    () => false,
  );
  if (ok) await sql`create index ${sql.raw(name)} on ${sql.table(table)} using gin (${sql.ref(column)} gin_trgm_ops)`.execute(db);
  return ok;
}

/**
 * PostgreSQL only: a GIN index over the distinct 2-character pieces of `column`, kept in a generated
 * column `<column>_bigrams`. It serves substring searches of two or more characters — pg_trgm
 * cannot index a 2-character pattern, and two kanji (「豊田」「運輸」) are the usual Japanese search.
 * Query it with `bigramFilter` (database.ts). Does nothing on SQLite.
 */
export async function bigramIndex(db: Kysely<any>, name: string, table: string, column: string): Promise<void> {
  if (!(await isPostgres(db))) return;
  await sql`create or replace function otasuke_bigrams(t text) returns text[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct substr(t, i, 2)), '{}') from generate_series(1, length(t) - 1) as i $$`.execute(db);
  await sql`alter table ${sql.table(table)} add column ${sql.ref(`${column}_bigrams`)} text[] generated always as (otasuke_bigrams(${sql.ref(column)})) stored`.execute(db);
  await sql`create index ${sql.raw(name)} on ${sql.table(table)} using gin (${sql.ref(`${column}_bigrams`)})`.execute(db);
}
