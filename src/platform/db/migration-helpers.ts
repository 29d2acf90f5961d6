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
 * An index over the 2-character pieces of `column`, for substring searches of two or more
 * characters — pg_trgm and SQLite's FTS5 trigram tokenizer cannot index a 2-character pattern, and
 * two kanji (「豊田」「運輸」) are the usual Japanese search. Query it with `substringMatch` (database.ts).
 *
 * - PostgreSQL: a GIN index `name` over a generated column `<column>_bigrams` (distinct pieces).
 * - SQLite, with `sqlite: true`: a contentless FTS5 table `<table>_<column>_bigrams` whose document
 *   for each row (by rowid) is its pieces separated by spaces, kept by triggers. Pieces are tokens
 *   of letters, digits, punctuation and symbols; a space inside a piece splits it the same way on
 *   both sides, and the LIKE that always follows rechecks every candidate.
 */
export async function bigramIndex(db: Kysely<any>, name: string, table: string, column: string, opts: { sqlite?: boolean } = {}): Promise<void> {
  if (await isPostgres(db)) {
    await sql`create or replace function otasuke_bigrams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct substr(t, i, 2)), '{}') from generate_series(1, length(t) - 1) as i $$`.execute(db);
    await sql`alter table ${sql.table(table)} add column ${sql.ref(`${column}_bigrams`)} text[] generated always as (otasuke_bigrams(${sql.ref(column)})) stored`.execute(db);
    await sql`create index ${sql.raw(name)} on ${sql.table(table)} using gin (${sql.ref(`${column}_bigrams`)})`.execute(db);
    return;
  }
  if (!opts.sqlite) return;
  const fts = sql.table(sqliteBigramTable(table, column));
  // The pieces of a text in SQL: positions 0…n-2 from json_each over an array of n-1 zeros
  // (triggers cannot use WITH RECURSIVE).
  const pieces = (ref: string) => {
    const col = sql.raw(ref);
    return sql`(select group_concat(substr(${col}, key + 1, 2), ' ') from json_each('[' || replace(hex(zeroblob(max(length(${col}) - 1, 0))), '00', '0,') || '0]') where key < length(${col}) - 1)`;
  };
  await sql`create virtual table ${fts} using fts5(pieces, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* N* P* S* M*'")`.execute(db);
  const col = sql.ref(column);
  await sql`insert into ${fts} (rowid, pieces) select rowid, ${pieces(`"${column}"`)} from ${sql.table(table)}`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_${column}_bigrams_ai`)} after insert on ${sql.table(table)}
    begin insert into ${fts} (rowid, pieces) values (new.rowid, ${pieces(`new."${column}"`)}); end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_${column}_bigrams_ad`)} after delete on ${sql.table(table)}
    begin delete from ${fts} where rowid = old.rowid; end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_${column}_bigrams_au`)} after update of ${col} on ${sql.table(table)}
    begin delete from ${fts} where rowid = old.rowid; insert into ${fts} (rowid, pieces) values (new.rowid, ${pieces(`new."${column}"`)}); end`.execute(db);
}

/** The SQLite FTS5 table of `bigramIndex(…, { sqlite: true })`. */
export function sqliteBigramTable(table: string, column: string): string {
  return `${table}_${column}_bigrams`;
}
