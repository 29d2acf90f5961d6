/**
 * Data set for the weekly-report benchmark: `active` companies, each with a company_admin (an
 * e-mail address), one firewall, daily detection rollups and line statistics for a few JST weeks in
 * the pilot's proportions (the tables of src/modules/ingest/demoData.ts: on-premise SonicWalls see
 * mostly inbound scans, cloud UTMs mostly URL-filter and IP-reputation blocks), plus what makes
 * reports differ: a few open alerts with a named internal host, internal top hosts, a firewall that
 * went quiet, English-speaking admins. Everything is written with bulk INSERTs in one transaction.
 */
import { sql } from 'kysely';
import type { Deps } from '../../src/platform/deps.ts';
import { bulkInsert } from '../../src/platform/db/bulk.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { rng, type SeedCompany } from './seed-companies.ts';
import { cloudDetectionMix as cloud, onPremiseDetectionMix as onPremise, poisson } from '../../src/modules/ingest/demoData.ts';

const DAY = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const hostNames = ['KEIRI-PC01', 'SOUMU-PC', 'JIMU-NOTE02', 'SHACHO-PC', 'GENBA-TAB', 'EIGYO-PC03', null, null] as const;
const hostVendors = ['Dell', 'HP', 'Lenovo', 'NEC', 'Fujitsu', 'Apple', null] as const;

export interface WeeklySeedOptions {
  companies: SeedCompany[];
  /** Mondays (YYYY-MM-DD) whose seven days get rollups and statistics, oldest first. */
  weeks: string[];
  onProgress?: (companiesDone: number) => void;
  seed?: number;
}

export interface WeeklySeed {
  /** company id → the company_admin's address (unique per company: how the sink tells companies apart). */
  adminEmail: Map<string, string>;
  /** company id → every address a report goes to (admin + company address), lower case. */
  recipients: Map<string, string[]>;
  devices: number;
  rollupRows: number;
  statRows: number;
  detections: number;
  alerts: number;
}

/**
 * Writes the data set. Companies are inserted by the caller (bench/lib/seed-companies.ts) and are
 * all `active` here. Rows are flushed every few thousand, so memory stays small for any N.
 */
export async function insertWeeklyData(deps: Pick<Deps, 'db'>, o: WeeklySeedOptions): Promise<WeeklySeed> {
  const r = rng(o.seed ?? 7321);
  const engine = deps.db.engine;
  const days = o.weeks.flatMap((w) => Array.from({ length: 7 }, (_, i) => addDays(w, i)));
  const registered = new Date(Date.parse(`${days[0]}T00:00:00+09:00`) - 30 * DAY).toISOString();
  const now = new Date().toISOString();
  const out: WeeklySeed = { adminEmail: new Map(), recipients: new Map(), devices: 0, rollupRows: 0, statRows: 0, detections: 0, alerts: 0 };

  type Rollup = { company_id: string; day: string; category: string; key: string; device_id: string; count: number };
  let users: Record<string, unknown>[] = [];
  let devices: Record<string, unknown>[] = [];
  let rollups: Rollup[] = [];
  let stats: { device_id: string; day: string; lines: number; dead_letters: number }[] = [];
  let alerts: Record<string, unknown>[] = [];
  let hosts: { company_id: string; week: string; kind: string; ip: string; count: number }[] = [];
  let identities: Record<string, unknown>[] = [];

  await deps.db.kysely.transaction().execute(async (tx) => {
    const flush = async () => {
      // Parents first (devices before the rows that name them).
      await bulkInsert(tx, engine, 'users', ['id', 'email', 'name', 'role', 'company_id', 'password_hash', 'totp_enabled', 'locale', 'status', 'created_at', 'updated_at'], users);
      await bulkInsert(tx, engine, 'devices', ['id', 'company_id', 'vendor', 'identity', 'identity_kind', 'name', 'timezone', 'lan_cidrs', 'ingest_token_hash', 'created_at', 'updated_at', 'last_seen_at'], devices);
      await bulkInsert(tx, engine, 'detection_rollups', ['company_id', 'day', 'category', 'key', 'device_id', 'count'], rollups);
      await bulkInsert(tx, engine, 'device_daily_stats', ['device_id', 'day', 'lines', 'dead_letters'], stats);
      await bulkInsert(tx, engine, 'alerts', ['id', 'company_id', 'device_id', 'category', 'status', 'host_ip', 'host_mac', 'host_vendor', 'host_name', 'remote_ip', 'remote_org', 'count', 'first_seen', 'last_seen', 'assignee_id', 'created_at', 'updated_at'], alerts);
      await bulkInsert(tx, engine, 'detection_top_hosts', ['company_id', 'week', 'kind', 'ip', 'count'], hosts);
      await bulkInsert(tx, engine, 'ip_mac_history', ['company_id', 'ip', 'mac', 'vendor', 'hostname', 'first_seen', 'last_seen'], identities);
      out.rollupRows += rollups.length;
      out.statRows += stats.length;
      users = [];
      devices = [];
      rollups = [];
      stats = [];
      alerts = [];
      hosts = [];
      identities = [];
    };

    for (const [i, c] of o.companies.entries()) {
      const companyId = c.id!;
      const email = `admin${i + 1}@c${(i + 1).toString(36)}.example.jp`;
      out.adminEmail.set(companyId, email);
      out.recipients.set(companyId, [...new Set([email, c.email].filter((e): e is string => !!e).map((e) => e.toLowerCase()))]);
      users.push({
        id: newId('usr'), email, name: `管理者 ${i + 1}`, role: 'company_admin', company_id: companyId, password_hash: null, totp_enabled: 0,
        locale: r() < 0.03 ? 'en' : 'ja', status: 'active', created_at: registered, updated_at: registered,
      });

      // One firewall: on-premise SonicWall or cloud UTM, about half each (as in the pilot).
      const onPrem = r() < 0.5;
      const deviceId = newId('dev');
      devices.push({
        id: deviceId, company_id: companyId, vendor: onPrem ? 'sonicwall' : 'cef',
        identity: onPrem ? `0017C5${String(100000 + i).padStart(6, '0')}` : `198.51.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`,
        identity_kind: onPrem ? 'serial' : 'sender_ip', name: onPrem ? 'SonicWall TZ300' : 'クラウド UTM', timezone: 'Asia/Tokyo',
        lan_cidrs: JSON.stringify(['192.168.1.0/24']), ingest_token_hash: null, created_at: registered, updated_at: now, last_seen_at: now,
      });
      out.devices++;

      // Daily rollups; 1 in 60 firewalls is quiet for the last 1–3 days of one week (the report says so).
      const scale = 0.5 + r() * 1.5;
      const quietEnd = r() < 1 / 60 ? 7 * (1 + Math.floor(r() * o.weeks.length)) : -1;
      const quietFrom = quietEnd - 1 - Math.floor(r() * 3);
      const malwareDays = new Map<string, number>();
      for (const [di, day] of days.entries()) {
        if (di >= quietFrom && di < quietEnd) {
          stats.push({ device_id: deviceId, day, lines: 0, dead_letters: 0 });
          continue;
        }
        let lines = 0;
        for (const [category, key, mean] of onPrem ? onPremise : cloud) {
          const n = poisson(r, mean * scale);
          if (n === 0) continue;
          rollups.push({ company_id: companyId, day, category, key, device_id: deviceId, count: n });
          lines += n;
          if (category.startsWith('malware.') || category === 'c2.botnet.outbound' || category === 'scan.internal') {
            const w = o.weeks[Math.floor(di / 7)]!;
            malwareDays.set(w, (malwareDays.get(w) ?? 0) + n);
          }
        }
        out.detections += lines;
        stats.push({ device_id: deviceId, day, lines: lines + Math.round(200 * scale), dead_letters: r() < 0.05 ? 1 : 0 });
      }

      // Internal hosts behind malware/botnet lines, named where the network monitor saw them.
      for (const [week, n] of malwareDays) {
        const ip = `192.168.1.${10 + Math.floor(r() * 200)}`;
        hosts.push({ company_id: companyId, week, kind: 'internal', ip, count: n });
        const name = hostNames[Math.floor(r() * hostNames.length)]!;
        const vendor = hostVendors[Math.floor(r() * hostVendors.length)]!;
        const mac = Array.from({ length: 6 }, () => Math.floor(r() * 256).toString(16).padStart(2, '0')).join(':');
        if (!identities.some((x) => x.company_id === companyId && x.ip === ip)) {
          identities.push({ company_id: companyId, ip, mac, vendor, hostname: name, first_seen: registered, last_seen: `${addDays(week, 6)}T09:00:00.000Z` });
        }
      }
      // About 3 % of companies have an open alert (a botnet beacon or an internal scan) — "who must act".
      if (r() < 0.03) {
        const last = `${addDays(o.weeks[o.weeks.length - 1]!, 4)}T02:13:00.000Z`;
        alerts.push({
          id: newId('alr'), company_id: companyId, device_id: deviceId, category: r() < 0.6 ? 'c2.botnet.outbound' : 'scan.internal', status: r() < 0.7 ? 'open' : 'in_progress',
          host_ip: `192.168.1.${20 + Math.floor(r() * 100)}`, host_mac: null, host_vendor: hostVendors[Math.floor(r() * hostVendors.length)], host_name: hostNames[Math.floor(r() * hostNames.length)],
          remote_ip: `203.0.113.${1 + Math.floor(r() * 250)}`, remote_org: null, count: 1 + Math.floor(r() * 300), first_seen: `${days[0]}T01:00:00.000Z`, last_seen: last,
          assignee_id: null, created_at: `${days[0]}T01:00:00.000Z`, updated_at: last,
        });
        out.alerts++;
      }
      if (rollups.length >= 20_000 || i === o.companies.length - 1) {
        await flush();
        o.onProgress?.(i + 1);
      }
    }
    await flush();
  });
  if (engine === 'postgres') {
    for (const t of ['users', 'devices', 'detection_rollups', 'device_daily_stats', 'alerts', 'detection_top_hosts', 'ip_mac_history']) await sql`vacuum analyze ${sql.table(t)}`.execute(deps.db.kysely);
  }
  return out;
}
