import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids/ids.ts';

/**
 * A device that has sent nothing for longer than the threshold (default 24 h) raises one open
 * `health.silent` alert; it closes by itself when the device speaks again. Devices that never sent
 * anything are left alone (they are still being installed).
 */
export async function checkSilentDevices(deps: Pick<Deps, 'db' | 'clock'>, thresholdHours = 24): Promise<{ raised: number; resolved: number }> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - thresholdHours * 3_600_000).toISOString();
  const nowIso = now.toISOString();
  const k = deps.db.kysely;
  const silent = await k.selectFrom('devices').select(['id', 'company_id', 'identity', 'last_seen_at']).where('last_seen_at', 'is not', null).where('last_seen_at', '<', cutoff).execute();
  let raised = 0;
  for (const d of silent) {
    const open = await k.selectFrom('alerts').select('id').where('company_id', '=', d.company_id).where('device_id', '=', d.id).where('category', '=', 'health.silent').where('status', '!=', 'closed').executeTakeFirst();
    if (open) continue;
    await k
      .insertInto('alerts')
      .values({
        id: newId('alt'), company_id: d.company_id, device_id: d.id, category: 'health.silent', status: 'new', host_ip: null, host_mac: null, host_vendor: null,
        host_name: d.identity, remote_ip: null, remote_org: null, count: 1, first_seen: d.last_seen_at!, last_seen: d.last_seen_at!, assignee_id: null, created_at: nowIso, updated_at: nowIso,
      })
      .execute();
    raised++;
  }
  const back = await k
    .updateTable('alerts')
    .set({ status: 'closed', updated_at: nowIso })
    .where('category', '=', 'health.silent')
    .where('status', '!=', 'closed')
    .where((eb) => eb.exists(eb.selectFrom('devices').select('id').whereRef('devices.id', '=', 'alerts.device_id').where('devices.last_seen_at', '>=', cutoff)))
    .executeTakeFirst();
  return { raised, resolved: Number(back.numUpdatedRows) };
}
