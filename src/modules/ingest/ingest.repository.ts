import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { SpoolPosition } from './spool/spool.ts';
import type { Batch } from './pipeline/batch.ts';
import { macVendor } from '../monitoring/mac-vendor.ts';

const CHUNK = 400;

async function insertChunks<T extends object>(tx: Executor, table: 'detections' | 'dead_letters' | 'unassigned_lines' | 'alert_lines', rows: T[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
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
        const rollups = [...batch.rollups.values()];
        for (let i = 0; i < rollups.length; i += CHUNK) {
          await tx
            .insertInto('detection_rollups')
            .values(rollups.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['company_id', 'day', 'category', 'key', 'device_id']).doUpdateSet({ count: sql`detection_rollups.count + excluded.count` }))
            .execute();
        }
        await insertChunks(tx, 'detections', batch.detections);
        await insertChunks(tx, 'dead_letters', batch.deadLetters);
        await insertChunks(tx, 'unassigned_lines', batch.unassigned);
        const stats = [...batch.stats.values()];
        for (let i = 0; i < stats.length; i += CHUNK) {
          await tx
            .insertInto('device_daily_stats')
            .values(stats.slice(i, i + CHUNK))
            .onConflict((oc) =>
              oc.columns(['device_id', 'day']).doUpdateSet({
                lines: sql`device_daily_stats.lines + excluded.lines`,
                dead_letters: sql`device_daily_stats.dead_letters + excluded.dead_letters`,
              }),
            )
            .execute();
        }
        for (const [deviceId, ms] of batch.lastSeen) {
          const at = new Date(ms).toISOString();
          await tx.updateTable('devices').set({ last_seen_at: at }).where('id', '=', deviceId).where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)])).execute();
        }
        const bindings = [...batch.bindings.values()].map((b) => ({
          company_id: b.companyId, ip: b.ip, mac: b.mac, vendor: macVendor(b.mac), hostname: b.hostname,
          first_seen: new Date(b.first).toISOString(), last_seen: new Date(b.last).toISOString(),
        }));
        for (let i = 0; i < bindings.length; i += CHUNK) {
          await tx
            .insertInto('ip_mac_history')
            .values(bindings.slice(i, i + CHUNK))
            .onConflict((oc) =>
              oc.columns(['company_id', 'ip', 'mac']).doUpdateSet({
                first_seen: sql`case when excluded.first_seen < ip_mac_history.first_seen then excluded.first_seen else ip_mac_history.first_seen end`,
                last_seen: sql`case when excluded.last_seen > ip_mac_history.last_seen then excluded.last_seen else ip_mac_history.last_seen end`,
                hostname: sql`coalesce(excluded.hostname, ip_mac_history.hostname)`,
              }),
            )
            .execute();
        }
        const newAlerts = await upsertAlerts(tx, batch, now);
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

/** Repeated lines update the open alert of the same (company, category, internal host) instead of raising new ones. */
async function upsertAlerts(tx: Executor, batch: Batch, now: string): Promise<string[]> {
  const created: string[] = [];
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
          host_vendor: macVendor(a.hostMac), host_name: a.hostName, remote_ip: a.remoteIp, remote_org: null, count: a.count,
          first_seen: first, last_seen: last, assignee_id: null, created_at: now, updated_at: now,
        })
        .execute();
    }
    await insertChunks(tx, 'alert_lines', a.samples.map((s) => ({ id: newId('al'), alert_id: alertId, company_id: a.companyId, at: new Date(s.at).toISOString(), raw: s.raw })));
  }
  return created;
}
