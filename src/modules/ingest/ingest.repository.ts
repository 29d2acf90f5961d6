import { CompiledQuery } from 'kysely';
import type { Db, Engine, Executor } from '../../platform/db/database.ts';
import { bulkInsert } from '../../platform/db/bulk.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { SpoolPosition } from './spool/spool.ts';
import type { Aggregates, AlertCandidate, Batch } from './pipeline/batch.ts';
import { macVendor } from '../monitoring/mac-vendor.ts';

const detectionColumns = ['id', 'company_id', 'device_id', 'at', 'category', 'direction', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'proto', 'src_mac', 'name', 'action', 'raw'] as const;
const deadLetterColumns = ['id', 'device_id', 'sender', 'received_at', 'reason', 'raw'] as const;
const unassignedColumns = ['id', 'device_key', 'vendor', 'sender', 'transport', 'received_at', 'raw'] as const;
const rollupColumns = ['company_id', 'day', 'category', 'key', 'device_id', 'count'] as const;
const statColumns = ['device_id', 'day', 'lines', 'dead_letters'] as const;
const bindingColumns = ['company_id', 'ip', 'mac', 'vendor', 'hostname', 'first_seen', 'last_seen'] as const;
const alertLineColumns = ['id', 'alert_id', 'company_id', 'at', 'raw'] as const;

/** MAC vendors by MAC (a site has a few thousand hosts; bounded). */
const vendors = new Map<string, string | null>();
function vendorOf(mac: string | null): string | null {
  if (!mac) return null;
  let v = vendors.get(mac);
  if (v === undefined) {
    if (vendors.size >= 50_000) vendors.clear();
    vendors.set(mac, (v = macVendor(mac)));
  }
  return v;
}

type PgType = 'int' | 'bigint';

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const t = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(t) ? t.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : t;
}

/**
 * `COPY … FROM STDIN` on the transaction's own connection. node-postgres runs any object with a
 * `submit` method as a query (pg-copy-streams and pg-cursor work this way) and Kysely hands the
 * statement to `client.query` unchanged, so this object is passed as the statement's text; it is
 * also a promise of the result Kysely reads (`command`, `rowCount`, `rows`).
 */
class CopyIn implements PromiseLike<{ command: string; rowCount: number; rows: never[] }> {
  private error: Error | undefined;
  private rowCount = 0;
  private settle!: { resolve: (r: { command: string; rowCount: number; rows: never[] }) => void; reject: (e: Error) => void };
  private readonly done = new Promise<{ command: string; rowCount: number; rows: never[] }>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly text: string,
    private readonly chunks: Buffer[],
  ) {}

  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (const c of this.chunks) connection.sendCopyFromChunk(c);
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }) {
    this.rowCount = Number(/\d+$/.exec(msg.text ?? '')?.[0] ?? 0);
  }

  handleError(err: Error) {
    this.error = err;
  }

  handleReadyForQuery() {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve({ command: 'COPY', rowCount: this.rowCount, rows: [] });
  }

  handleRowDescription() {}
  handleDataRow() {}
  handleCopyData() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}

  then<A = { command: string; rowCount: number; rows: never[] }, B = never>(
    onFulfilled?: ((value: { command: string; rowCount: number; rows: never[] }) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return this.done.then(onFulfilled, onRejected);
  }
}

/** Appends rows with COPY (PostgreSQL; several times faster than INSERT for a batch's detections). */
async function copyRows<T extends Record<string, unknown>>(tx: Executor, table: string, columns: readonly (keyof T & string)[], rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const chunks: Buffer[] = [];
  let text = '';
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) text += (c ? '\t' : '') + copyText(row[columns[c]!]);
    text += '\n';
    if (text.length >= 1 << 20) {
      chunks.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  if (text) chunks.push(Buffer.from(text, 'utf8'));
  const copy = new CopyIn(`copy ${table} (${columns.map((c) => `"${c}"`).join(',')}) from stdin`, chunks);
  await tx.executeQuery(CompiledQuery.raw(copy as unknown as string, []));
}

/**
 * Multi-row INSERT of a batch's rows. PostgreSQL: one statement per 20,000 rows that passes one
 * array per column and reads them back with `unnest` — the server parses and plans a statement of
 * a few parameters instead of one with thousands (its largest cost for multi-row VALUES). SQLite:
 * multi-row VALUES (`bulkInsert`), which costs SQLite nothing to prepare from its statement cache.
 */
async function insertRows<T extends Record<string, unknown>>(
  tx: Executor,
  engine: Engine,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  o: { onConflict?: string; types?: Partial<Record<keyof T & string, PgType>> } = {},
): Promise<void> {
  if (engine !== 'postgres') return bulkInsert(tx, engine, table, columns, rows, o.onConflict ? { onConflict: o.onConflict } : {});
  const CHUNK = 20_000;
  const text =
    `insert into ${table} (${columns.map((c) => `"${c}"`).join(',')}) select * from unnest(` +
    columns.map((c, i) => `$${i + 1}::${o.types?.[c] ?? 'text'}[]`).join(',') +
    `)${o.onConflict ? ` ${o.onConflict}` : ''}`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const n = Math.min(CHUNK, rows.length - i);
    const arrays = columns.map((c) => {
      const a: unknown[] = new Array(n);
      for (let k = 0; k < n; k++) a[k] = rows[i + k]![c] ?? null;
      return a;
    });
    await tx.executeQuery(CompiledQuery.raw(text, arrays));
  }
}

/** The checkpoint of the rollups, top hosts and bindings the processor keeps over batches of `stream`. */
export const aggregatesStream = (stream: string) => `${stream}#aggregates`;

/** The only place that builds SQL for the ingest tables. */
export function ingestRepository(db: Db) {
  const k = db.kysely;
  return {
    async checkpoint(stream: string): Promise<SpoolPosition | undefined> {
      const r = await k.selectFrom('ingest_checkpoints').select(['segment', 'offset']).where('stream', '=', stream).executeTakeFirst();
      return r ? { segment: Number(r.segment), offset: Number(r.offset) } : undefined;
    },

    /**
     * Writes everything a batch produced and moves the checkpoint, in one transaction: after a crash
     * the batch is either wholly counted or read again from the spool, never half or twice.
     * `aggregates`: also write rollups, top hosts and bindings kept over several batches (this
     * batch's included) and move their own checkpoint; without it, the batch's are left to the caller.
     */
    async flush(
      batch: Batch,
      stream: string,
      next: SpoolPosition,
      now: string,
      aggregates?: { agg: Aggregates; stream: string },
    ): Promise<{ newAlerts: string[] }> {
      return k.transaction().execute(async (tx) => {
        const e = db.engine;
        if (e === 'postgres') {
          await copyRows(tx, 'detections', detectionColumns, batch.detections);
          await copyRows(tx, 'dead_letters', deadLetterColumns, batch.deadLetters);
          await copyRows(tx, 'unassigned_lines', unassignedColumns, batch.unassigned);
        } else {
          await bulkInsert(tx, e, 'detections', detectionColumns, batch.detections);
          await bulkInsert(tx, e, 'dead_letters', deadLetterColumns, batch.deadLetters);
          await bulkInsert(tx, e, 'unassigned_lines', unassignedColumns, batch.unassigned);
        }
        await insertRows(tx, e, 'device_daily_stats', statColumns, [...batch.stats.values()], {
          onConflict: 'on conflict (device_id, day) do update set lines = device_daily_stats.lines + excluded.lines, dead_letters = device_daily_stats.dead_letters + excluded.dead_letters',
          types: { lines: 'bigint', dead_letters: 'bigint' },
        });
        await touchDevices(tx, db.engine, batch.lastSeen);
        const newAlerts = await upsertAlerts(tx, e, batch, now);
        if (aggregates) {
          await writeAggregates(tx, e, aggregates.agg);
          await saveCheckpoint(tx, aggregates.stream, next, now);
        }
        await saveCheckpoint(tx, stream, next, now);
        return { newAlerts };
      });
    },

    /** Forgets a finished stream's checkpoints (its lines' and its aggregates'). */
    async dropCheckpoints(stream: string): Promise<void> {
      await k.deleteFrom('ingest_checkpoints').where('stream', 'in', [stream, aggregatesStream(stream)]).execute();
    },

    async setCheckpoint(stream: string, pos: SpoolPosition, now: string): Promise<void> {
      await saveCheckpoint(k, stream, pos, now);
    },

    /** Writes aggregates kept over several batches and moves their checkpoint to `pos`, in one transaction. */
    async flushAggregates(agg: Aggregates, stream: string, pos: SpoolPosition, now: string): Promise<void> {
      await k.transaction().execute(async (tx) => {
        await writeAggregates(tx, db.engine, agg);
        await saveCheckpoint(tx, stream, pos, now);
      });
    },
  };
}

async function saveCheckpoint(tx: Executor, stream: string, pos: SpoolPosition, now: string) {
  await tx
    .insertInto('ingest_checkpoints')
    .values({ stream, segment: pos.segment, offset: pos.offset, updated_at: now })
    .onConflict((oc) => oc.column('stream').doUpdateSet({ segment: pos.segment, offset: pos.offset, updated_at: now }))
    .execute();
}

/** Rollups, top hosts and IP/MAC bindings, added to what the tables hold. */
async function writeAggregates(tx: Executor, e: Engine, agg: Aggregates) {
  await insertRows(tx, e, 'detection_rollups', rollupColumns, [...agg.rollups.values()], {
    onConflict: 'on conflict (company_id, day, category, key, device_id) do update set count = detection_rollups.count + excluded.count',
    types: { count: 'bigint' },
  });
  const top: { company_id: string; week: string; kind: string; ip: string; count: number }[] = [];
  for (const [k, sketch] of agg.topHosts) {
    const [company_id, week, kind] = k.split('|') as [string, string, string];
    for (const [ip, count] of sketch.top()) top.push({ company_id, week, kind, ip, count });
  }
  await insertRows(tx, e, 'detection_top_hosts', ['company_id', 'week', 'kind', 'ip', 'count'], top, {
    onConflict: 'on conflict (company_id, week, kind, ip) do update set count = detection_top_hosts.count + excluded.count',
    types: { count: 'bigint' },
  });
  const bindings = [...agg.bindings.values()].map((b) => ({
    company_id: b.companyId, ip: b.ip, mac: b.mac, vendor: vendorOf(b.mac), hostname: b.hostname,
    first_seen: new Date(b.first).toISOString(), last_seen: new Date(b.last).toISOString(),
  }));
  await insertRows(tx, e, 'ip_mac_history', bindingColumns, bindings, {
    onConflict:
      'on conflict (company_id, ip, mac) do update set ' +
      'first_seen = case when excluded.first_seen < ip_mac_history.first_seen then excluded.first_seen else ip_mac_history.first_seen end, ' +
      'last_seen = case when excluded.last_seen > ip_mac_history.last_seen then excluded.last_seen else ip_mac_history.last_seen end, ' +
      'hostname = coalesce(excluded.hostname, ip_mac_history.hostname)',
  });
}

/** One statement moves every device's last_seen_at forward (never back). */
async function touchDevices(tx: Executor, engine: Engine, lastSeen: Map<string, number>) {
  if (lastSeen.size === 0) return;
  const ids: string[] = [];
  const params: unknown[] = [];
  let cases = '';
  let p = 1;
  const ph = () => (engine === 'postgres' ? `$${p++}` : '?');
  for (const [id, ms] of lastSeen) {
    cases += ` when ${ph()} then ${ph()}`;
    params.push(id, new Date(ms).toISOString());
    ids.push(id);
  }
  const newValue = `(case id${cases} end)`;
  // The CASE appears twice, so its parameters are bound twice.
  const text = `update devices set last_seen_at = ${newValue} where id in (${ids.map(() => ph()).join(',')}) and (last_seen_at is null or last_seen_at < ${rebind(newValue, engine, () => ph())})`;
  const all = [...params, ...ids, ...params];
  await tx.executeQuery(CompiledQuery.raw(text, all));
}

/** Copies a SQL fragment with fresh placeholders (PostgreSQL numbers them). */
function rebind(fragment: string, engine: Engine, next: () => string): string {
  return engine === 'postgres' ? fragment.replace(/\$\d+/g, () => next()) : fragment;
}

/** Placeholders for `rows` tuples of `width` values: `(?,?),(?,?)` or `($1,$2),($3,$4)`, numbered from `from`. */
function tuples(engine: Engine, rows: number, width: number, from = 1): string {
  const out: string[] = [];
  let p = from;
  for (let r = 0; r < rows; r++) {
    const ph: string[] = [];
    for (let c = 0; c < width; c++) ph.push(engine === 'postgres' ? `$${p++}` : '?');
    out.push(`(${ph.join(',')})`);
  }
  return out.join(',');
}

interface OpenAlert {
  id: string;
  first_seen: string;
  last_seen: string;
}

/** The open (not closed) alerts of the candidates' (company, category, host), by `company|category|host`, in a few statements. */
async function findOpenAlerts(tx: Executor, engine: Engine, candidates: AlertCandidate[]): Promise<Map<string, OpenAlert>> {
  const open = new Map<string, OpenAlert>();
  const cols = 'id, company_id, category, host_ip, first_seen, last_seen';
  const keep = (rows: { id: string; company_id: string; category: string; host_ip: string | null; first_seen: string; last_seen: string }[]) => {
    // Several open alerts for one key (should not happen): the oldest id, as a look-up would.
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const r of rows) {
      const k = `${r.company_id}|${r.category}|${r.host_ip ?? ''}`;
      if (!open.has(k)) open.set(k, { id: r.id, first_seen: r.first_seen, last_seen: r.last_seen });
    }
  };
  const withHost = candidates.filter((a) => a.hostIp !== null);
  const noHost = candidates.filter((a) => a.hostIp === null);
  for (let i = 0; i < withHost.length; i += 300) {
    const part = withHost.slice(i, i + 300);
    const text = `select ${cols} from alerts where status <> 'closed' and (company_id, category, host_ip) in (${tuples(engine, part.length, 3)})`;
    const r = await tx.executeQuery<Parameters<typeof keep>[0][number]>(CompiledQuery.raw(text, part.flatMap((a) => [a.companyId, a.category, a.hostIp])));
    keep([...r.rows]);
  }
  for (let i = 0; i < noHost.length; i += 300) {
    const part = noHost.slice(i, i + 300);
    const text = `select ${cols} from alerts where status <> 'closed' and host_ip is null and (company_id, category) in (${tuples(engine, part.length, 2)})`;
    const r = await tx.executeQuery<Parameters<typeof keep>[0][number]>(CompiledQuery.raw(text, part.flatMap((a) => [a.companyId, a.category])));
    keep([...r.rows]);
  }
  return open;
}

const alertUpdateColumns = ['id', 'n', 'first_seen', 'last_seen', 'mac', 'vendor', 'name', 'remote_ip', 'remote_org'] as const;
type AlertUpdate = Record<(typeof alertUpdateColumns)[number], string | number | null>;

/** Adds counts to open alerts and moves their times, one statement per 500 alerts. */
async function updateAlerts(tx: Executor, engine: Engine, rows: AlertUpdate[], now: string) {
  const set =
    'count = alerts.count + v.n, first_seen = v.first_seen, last_seen = v.last_seen, host_mac = coalesce(alerts.host_mac, v.mac), ' +
    'host_vendor = coalesce(alerts.host_vendor, v.vendor), host_name = coalesce(alerts.host_name, v.name), remote_ip = v.remote_ip, remote_org = v.remote_org';
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    if (engine === 'postgres') {
      const arrays = alertUpdateColumns.map((c) => part.map((r) => r[c]));
      const text =
        `update alerts set ${set}, updated_at = $10 from unnest(${alertUpdateColumns.map((c, k) => `$${k + 1}::${c === 'n' ? 'bigint' : 'text'}[]`).join(',')}) ` +
        `as v(${alertUpdateColumns.join(',')}) where alerts.id = v.id`;
      await tx.executeQuery(CompiledQuery.raw(text, [...arrays, now]));
    } else {
      const text = `with v(${alertUpdateColumns.join(',')}) as (values ${tuples(engine, part.length, alertUpdateColumns.length)}) update alerts set ${set}, updated_at = ? from v where alerts.id = v.id`;
      await tx.executeQuery(CompiledQuery.raw(text, [...part.flatMap((r) => alertUpdateColumns.map((c) => r[c])), now]));
    }
  }
}

const alertColumns = ['id', 'company_id', 'device_id', 'category', 'status', 'host_ip', 'host_mac', 'host_vendor', 'host_name', 'remote_ip', 'remote_org', 'count', 'first_seen', 'last_seen', 'assignee_id', 'created_at', 'updated_at'] as const;

/**
 * Repeated lines update the open alert of the same (company, category, internal host) instead of
 * raising new ones. The open alerts of a batch are looked up, updated and created in a few statements.
 */
async function upsertAlerts(tx: Executor, engine: Engine, batch: Batch, now: string): Promise<string[]> {
  const created: string[] = [];
  const lines: { id: string; alert_id: string; company_id: string; at: string; raw: string }[] = [];
  const candidates = [...batch.alerts.values()];
  if (candidates.length === 0) return created;
  const open = await findOpenAlerts(tx, engine, candidates);
  const updates: AlertUpdate[] = [];
  const inserts: Record<(typeof alertColumns)[number], string | number | null>[] = [];
  for (const a of candidates) {
    const first = new Date(a.first).toISOString();
    const last = new Date(a.last).toISOString();
    const o = open.get(`${a.companyId}|${a.category}|${a.hostIp ?? ''}`);
    let alertId: string;
    if (o) {
      alertId = o.id;
      updates.push({
        id: o.id, n: a.count, first_seen: first < o.first_seen ? first : o.first_seen, last_seen: last > o.last_seen ? last : o.last_seen,
        mac: a.hostMac, vendor: vendorOf(a.hostMac), name: a.hostName, remote_ip: a.remoteIp, remote_org: a.remoteOrg,
      });
    } else {
      alertId = newId('alt');
      created.push(alertId);
      inserts.push({
        id: alertId, company_id: a.companyId, device_id: a.deviceId, category: a.category, status: 'new', host_ip: a.hostIp, host_mac: a.hostMac,
        host_vendor: vendorOf(a.hostMac), host_name: a.hostName, remote_ip: a.remoteIp, remote_org: a.remoteOrg, count: a.count,
        first_seen: first, last_seen: last, assignee_id: null, created_at: now, updated_at: now,
      });
    }
    for (const smp of a.samples) lines.push({ id: newId('al'), alert_id: alertId, company_id: a.companyId, at: new Date(smp.at).toISOString(), raw: smp.raw });
  }
  await updateAlerts(tx, engine, updates, now);
  await insertRows(tx, engine, 'alerts', alertColumns, inserts, { types: { count: 'bigint' } });
  await insertRows(tx, engine, 'alert_lines', alertLineColumns, lines);
  return created;
}
