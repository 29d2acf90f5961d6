/**
 * Detection demo data: one firewall per active company (on-premise SonicWall TZ300 or a cloud UTM,
 * about half each as in the pilot) and `weeks` weeks of daily counts in the pilot's proportions
 * (DESIGN §1: mostly inbound scans, URL-filter and IP-reputation blocks; a little malware and
 * botnet traffic), with line statistics so the devices look alive. Written in bulk.
 */
import type { Deps } from '../../platform/deps.ts';
import { bulkInsert } from '../../platform/db/bulk.ts';
import { newId } from '../../platform/ids/ids.ts';
import { seededRandom } from '../../platform/random.ts';

type Row = { company_id: string; day: string; category: string; key: string; device_id: string; count: number };

/** Mean lines per company per day by category and key (from the pilot's six-month totals). */
export const onPremiseDetectionMix: [category: string, key: string, perDay: number][] = [
  ['scan.inbound.probable', '23', 1.2], ['scan.inbound.probable', '445', 0.8], ['scan.inbound.probable', '3389', 0.6], ['scan.inbound.possible', '22', 0.6],
  ['dos.inbound', '', 0.12], ['ips.inbound', '', 0.015], ['malware.virus', 'Trojan.Emotet', 0.08], ['malware.virus', 'JS.Downloader', 0.05], ['malware.spyware', 'Adware.Generic', 0.05],
  ['c2.botnet.outbound', '', 0.01], ['scan.internal', '', 0.03], ['block.geoip', '', 0.5],
];
export const cloudDetectionMix: [category: string, key: string, perDay: number][] = [
  ['scan.inbound.possible', '23', 16], ['scan.inbound.possible', '22', 3.5], ['scan.inbound.possible', '80', 3.4], ['scan.inbound.possible', 'icmp', 3],
  ['block.url_category', 'Phishing', 40], ['block.url_category', 'Malicious Sites', 22], ['block.url_category', 'Adult', 9], ['block.url_category', 'Gambling', 4],
  ['block.ip_reputation', 'Phishing', 700], ['block.ip_reputation', 'Scanners', 300], ['block.ip_reputation', 'Windows Exploits', 11], ['block.ip_reputation', 'Botnets', 3],
  ['block.outbound_nonweb', 'udp/53', 20], ['block.outbound_nonweb', 'tcp/5228', 12],
];

/** A Poisson-distributed count with the given mean (normal approximation above 30). */
export function poisson(r: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (r() + r() + r() - 1.5) * 1.4));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

export async function loadDetectionDemo(deps: Pick<Deps, 'db' | 'clock'>, opts: { weeks?: number } = {}): Promise<{ devices: number; rollupRows: number; detections: number }> {
  const r = seededRandom(4242);
  const weeks = opts.weeks ?? 13;
  const today = new Date(deps.clock.now().getTime() + 9 * 3_600_000);
  const days: string[] = [];
  for (let i = weeks * 7; i >= 1; i--) days.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10));
  const companies = await deps.db.kysely.selectFrom('companies').select(['id']).where('status', '=', 'active').orderBy('created_at').execute();
  const now = deps.clock.now().toISOString();
  const devices = companies.map((c, i) => {
    const onPrem = i % 2 === 0;
    return {
      id: newId('dev'),
      company_id: c.id,
      vendor: onPrem ? 'sonicwall' : 'cef',
      identity: onPrem ? `0017C5${String(100000 + i).padStart(6, '0')}` : `198.51.100.${(i % 250) + 1}`,
      identity_kind: onPrem ? 'serial' : 'sender_ip',
      name: onPrem ? 'SonicWall TZ300' : 'クラウド UTM',
      timezone: 'Asia/Tokyo',
      lan_cidrs: JSON.stringify(['192.168.1.0/24']),
      ingest_token_hash: null,
      created_at: new Date(Date.parse(`${days[0]}T00:00:00+09:00`) - 86_400_000).toISOString(),
      updated_at: now,
      last_seen_at: now,
      onPrem,
    };
  });
  const rollups: Row[] = [];
  const stats: { device_id: string; day: string; lines: number; dead_letters: number }[] = [];
  for (const [i, d] of devices.entries()) {
    const scale = 0.5 + r() * 1.5;
    // One company's firewall went quiet for the last three days (the report says so).
    const silentFrom = i === 3 ? days.length - 3 : days.length;
    for (const [di, day] of days.entries()) {
      if (di >= silentFrom) {
        stats.push({ device_id: d.id, day, lines: 0, dead_letters: 0 });
        continue;
      }
      let lines = 0;
      for (const [category, key, mean] of d.onPrem ? onPremiseDetectionMix : cloudDetectionMix) {
        const n = poisson(r, mean * scale);
        if (n === 0) continue;
        rollups.push({ company_id: d.company_id, day, category, key, device_id: d.id, count: n });
        lines += n;
      }
      stats.push({ device_id: d.id, day, lines: lines + Math.round(200 * scale), dead_letters: r() < 0.05 ? 1 : 0 });
    }
  }
  await deps.db.kysely.transaction().execute(async (tx) => {
    const devs = devices.map(({ onPrem: _o, ...d }) => d);
    await bulkInsert(tx, deps.db.engine, 'devices', ['id', 'company_id', 'vendor', 'identity', 'identity_kind', 'name', 'timezone', 'lan_cidrs', 'ingest_token_hash', 'created_at', 'updated_at', 'last_seen_at'], devs);
    await bulkInsert(tx, deps.db.engine, 'detection_rollups', ['company_id', 'day', 'category', 'key', 'device_id', 'count'], rollups);
    await bulkInsert(tx, deps.db.engine, 'device_daily_stats', ['device_id', 'day', 'lines', 'dead_letters'], stats);
  });
  return { devices: devices.length, rollupRows: rollups.length, detections: rollups.reduce((a, b) => a + b.count, 0) };
}
