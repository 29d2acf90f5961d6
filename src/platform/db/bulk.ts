import { CompiledQuery } from 'kysely';
import type { Engine, Executor } from './database.ts';

/**
 * Multi-row INSERT for the ingest hot path, without building a query tree per row: the SQL text is
 * made once per (table, columns, row count, conflict clause) and cached, the values are passed flat.
 * On SQLite the cached text also hits the prepared-statement cache. Columns and table names come
 * from code, never from input.
 */
const textCache = new Map<string, string>();

export interface BulkOptions {
  /** e.g. `on conflict (a, b) do update set n = t.n + excluded.n` */
  onConflict?: string;
  chunkRows?: number;
}

function text(engine: Engine, table: string, columns: readonly string[], rows: number, onConflict: string): string {
  const key = `${engine}|${table}|${columns.join(',')}|${rows}|${onConflict}`;
  let t = textCache.get(key);
  if (t) return t;
  const tuples: string[] = [];
  let p = 1;
  for (let r = 0; r < rows; r++) {
    const ph: string[] = [];
    for (let c = 0; c < columns.length; c++) ph.push(engine === 'postgres' ? `$${p++}` : '?');
    tuples.push(`(${ph.join(',')})`);
  }
  t = `insert into ${table} (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}${onConflict ? ` ${onConflict}` : ''}`;
  if (textCache.size > 500) textCache.clear();
  textCache.set(key, t);
  return t;
}

export async function bulkInsert<T extends Record<string, unknown>>(tx: Executor, engine: Engine, table: string, columns: readonly (keyof T & string)[], rows: readonly T[], o: BulkOptions = {}): Promise<void> {
  const chunk = o.chunkRows ?? Math.max(1, Math.floor(8000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = new Array(part.length * columns.length);
    let k = 0;
    for (const row of part) for (const c of columns) params[k++] = row[c] ?? null;
    await tx.executeQuery(CompiledQuery.raw(text(engine, table, columns, part.length, o.onConflict ?? ''), params));
  }
}
