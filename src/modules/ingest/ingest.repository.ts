import { sql } from 'kysely';
import { CompiledQuery } from 'kysely';
import type { Db, Engine, Executor } from '../../platform/db/database.ts';
import { bulkInsert } from '../../platform/db/bulk.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { SpoolPosition } from './spool/spool.ts';
import type { Batch } from './pipeline/batch.ts';
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
function vendorOf(mac: string): string | null {
  let v = vendors.get(mac);
  if (v === undefined) {
    if (vendors.size >= 50_000) vendors.clear();
    vendors.set(mac, (v = macVendor(mac)));
  }
  return v;
}

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
     */
    async flush(batch: Batch, stream: string, next: SpoolPosition, now: string): Promise<{ newAlerts: string[] }> {
      return k.transaction().execute(async (tx) => {
        const e = db.engine;
        await bulkInsert(tx, e, 'detection_rollups', rollupColumns, [...batch.rollups.values()], {
          onConflict: 'on conflict (company_id, day, category, key, device_id) do update set count = detection_rollups.count + excluded.count',
        });
        await bulkInsert(tx, e, 'detections', detectionColumns, batch.detections);
        await bulkInsert(tx, e, 'dead_letters', deadLetterColumns, batch.deadLetters);
        await bulkInsert(tx, e, 'unassigned_lines', unassignedColumns, batch.unassigned);
        await bulkInsert(tx, e, 'device_daily_stats', statColumns, [...batch.stats.values()], {
          onConflict: 'on conflict (device_id, day) do update set lines = device_daily_stats.lines + excluded.lines, dead_letters = device_daily_stats.dead_letters + excluded.dead_letters',
        });
        await touchDevices(tx, db.engine, batch.lastSeen);
        const top: { company_id: string; week: string; kind: string; ip: string; count: number }[] = [];
        for (const [k, sketch] of batch.topHosts) {
          const [company_id, week, kind] = k.split('|') as [string, string, string];
          for (const [ip, count] of sketch.top()) top.push({ company_id, week, kind, ip, count });
        }
        await bulkInsert(tx, e, 'detection_top_hosts', ['company_id', 'week', 'kind', 'ip', 'count'], top, {
          onConflict: 'on conflict (company_id, week, kind, ip) do update set count = detection_top_hosts.count + excluded.count',
        });
        const bindings = [...batch.bindings.values()].map((b) => ({
          company_id: b.companyId, ip: b.ip, mac: b.mac, vendor: vendorOf(b.mac), hostname: b.hostname,
          first_seen: new Date(b.first).toISOString(), last_seen: new Date(b.last).toISOString(),
        }));
        await bulkInsert(tx, e, 'ip_mac_history', bindingColumns, bindings, {
          onConflict:
            'on conflict (company_id, ip, mac) do update set ' +
            'first_seen = case when excluded.first_seen < ip_mac_history.first_seen then excluded.first_seen else ip_mac_history.first_seen end, ' +
            'last_seen = case when excluded.last_seen > ip_mac_history.last_seen then excluded.last_seen else ip_mac_history.last_seen end, ' +
            'hostname = coalesce(excluded.hostname, ip_mac_history.hostname)',
        });
        const newAlerts = await upsertAlerts(tx, e, batch, now);
        await tx
          .insertInto('ingest_checkpoints')
          .values({ stream, segment: next.segment, offset: next.offset, updated_at: now })
          .onConflict((oc) => oc.column('stream').doUpdateSet({ segment: next.segment, offset: next.offset, updated_at: now }))
          .execute();
        return { newAlerts };
      });
    },
  };
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

/** Repeated lines update the open alert of the same (company, category, internal host) instead of raising new ones. */
async function upsertAlerts(tx: Executor, engine: Engine, batch: Batch, now: string): Promise<string[]> {
  const created: string[] = [];
  const lines: { id: string; alert_id: string; company_id: string; at: string; raw: string }[] = [];
  for (const a of batch.alerts.values()) {
    const first = new Date(a.first).toISOString();
    const last = new Date(a.last).toISOString();
    let q = tx.selectFrom('alerts').select(['id', 'count', 'first_seen', 'last_seen']).where('company_id', '=', a.companyId).where('category', '=', a.category).where('status', '!=', 'closed');
    q = a.hostIp === null ? q.where('host_ip', 'is', null) : q.where('host_ip', '=', a.hostIp);
    const open = await q.executeTakeFirst();
    let alertId: string;
    if (open) {
      alertId = open.id;
      await tx
        .updateTable('alerts')
        .set({
          count: sql`count + ${a.count}`,
          first_seen: first < open.first_seen ? first : open.first_seen,
          last_seen: last > open.last_seen ? last : open.last_seen,
          host_mac: sql`coalesce(host_mac, ${a.hostMac})`,
          host_vendor: sql`coalesce(host_vendor, ${macVendor(a.hostMac)})`,
          host_name: sql`coalesce(host_name, ${a.hostName})`,
          remote_ip: a.remoteIp,
          remote_org: a.remoteOrg,
          updated_at: now,
        })
        .where('id', '=', open.id)
        .execute();
    } else {
      alertId = newId('alt');
      created.push(alertId);
      await tx
        .insertInto('alerts')
        .values({
          id: alertId, company_id: a.companyId, device_id: a.deviceId, category: a.category, status: 'new', host_ip: a.hostIp, host_mac: a.hostMac,
          host_vendor: macVendor(a.hostMac), host_name: a.hostName, remote_ip: a.remoteIp, remote_org: a.remoteOrg, count: a.count,
          first_seen: first, last_seen: last, assignee_id: null, created_at: now, updated_at: now,
        })
        .execute();
    }
    for (const smp of a.samples) lines.push({ id: newId('al'), alert_id: alertId, company_id: a.companyId, at: new Date(smp.at).toISOString(), raw: smp.raw });
  }
  await bulkInsert(tx, engine, 'alert_lines', alertLineColumns, lines);
  return created;
}
