/**
 * The weekly company report's content: everything is read from the rollups, the alert and case
 * tables and the device statistics for one JST week (Monday–Sunday), then turned into plain-language
 * sentences by weekly-wording.ts. Renderers (HTML, text, PDF, mail) only lay this model out.
 */
import type { Deps } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { weakestAreaTips } from '../assessment/assessments.ts';

export interface WeeklyWindow {
  /** Monday, YYYY-MM-DD (JST). */
  week: string;
  /** Sunday, YYYY-MM-DD. */
  to: string;
  previousWeek: string;
  previousTo: string;
  days: string[];
}

const DAY = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Validates a Monday and returns the window; `YYYY-MM-DD` must be a Monday. */
export function weekWindow(week: string): WeeklyWindow {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(week) || Number.isNaN(Date.parse(`${week}T00:00:00Z`)) || new Date(`${week}T00:00:00Z`).toISOString().slice(0, 10) !== week) {
    throw new AppError('validation_failed', `week must be a date YYYY-MM-DD, got "${week}"`, { fields: [{ path: 'week', message: 'YYYY-MM-DD' }] });
  }
  if (new Date(`${week}T00:00:00Z`).getUTCDay() !== 1) throw new AppError('validation_failed', `week must be a Monday; ${week} is not`, { fields: [{ path: 'week', message: 'not a Monday' }] });
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  return { week, to: days[6]!, previousWeek: addDays(week, -7), previousTo: addDays(week, -1), days };
}

/** The Monday (JST) of the week containing the instant. */
export function mondayOf(ms: number): string {
  const jst = new Date(ms + 9 * 3_600_000);
  const dow = (jst.getUTCDay() + 6) % 7; // Monday 0
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate() - dow)).toISOString().slice(0, 10);
}

/** The last complete week before the instant (what Monday's report covers). */
export function previousWeekOf(ms: number): string {
  return addDays(mondayOf(ms), -7);
}

export interface WeeklyData {
  company: { id: string; name: string; status: string; locale: 'ja' | 'en' };
  window: WeeklyWindow;
  /** Detections this week and last week by category (lines from the devices' own logs). */
  totals: Record<string, number>;
  previousTotals: Record<string, number>;
  /** Per day and category, for the trend chart. */
  daily: { day: string; counts: Record<string, number> }[];
  /** Top keys per category (URL categories, reputation categories, malware names, ports). */
  topKeys: Record<string, { key: string; count: number }[]>;
  /** Internal hosts involved in detections this week, named by vendor/hostname where known. */
  internalHosts: { ip: string; count: number; mac: string | null; vendor: string | null; hostname: string | null }[];
  openAlerts: { id: string; category: string; hostIp: string | null; hostVendor: string | null; hostName: string | null; count: number; lastSeen: string; status: string }[];
  openCases: { id: string; number: string; subject: string; status: string }[];
  devices: { id: string; name: string; vendor: string; lastSeenAt: string | null; silentDays: number; linesPerDay: number[]; cpuMemAlerts: number }[];
  /** Weekly-only sources (cloud UTM report mails): shown as weekly totals, never as daily events. */
  weeklyOnly: { source: string; category: string; key: string; count: number }[];
  /** The weakest area of the company's latest self-assessment, when it has one. */
  assessmentTip: { ja: { title: string; text: string } | null; en: { title: string; text: string } | null };
}

export async function gatherWeekly(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, week: string, db: Executor = deps.db.kysely): Promise<WeeklyData> {
  const w = weekWindow(week);
  const company = await db.selectFrom('companies').select(['id', 'name', 'status']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  const admin = await db.selectFrom('users').select(['locale']).where('company_id', '=', companyId).where('role', '=', 'company_admin').orderBy('created_at').executeTakeFirst();

  const rollups = await db
    .selectFrom('detection_rollups')
    .select(['day', 'category', 'key', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('company_id', '=', companyId)
    .where('day', '>=', w.previousWeek)
    .where('day', '<=', w.to)
    .groupBy(['day', 'category', 'key'])
    .execute();
  const totals: Record<string, number> = {};
  const previousTotals: Record<string, number> = {};
  const daily = w.days.map((day) => ({ day, counts: {} as Record<string, number> }));
  const keyCounts = new Map<string, Map<string, number>>();
  for (const r of rollups) {
    const n = Number(r.n);
    if (r.day < w.week) {
      previousTotals[r.category] = (previousTotals[r.category] ?? 0) + n;
      continue;
    }
    totals[r.category] = (totals[r.category] ?? 0) + n;
    const d = daily[w.days.indexOf(r.day)];
    if (d) d.counts[r.category] = (d.counts[r.category] ?? 0) + n;
    if (r.key) {
      const m = keyCounts.get(r.category) ?? new Map<string, number>();
      m.set(r.key, (m.get(r.key) ?? 0) + n);
      keyCounts.set(r.category, m);
    }
  }
  const topKeys: WeeklyData['topKeys'] = {};
  for (const [cat, m] of keyCounts) {
    topKeys[cat] = [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([key, count]) => ({ key, count }));
  }

  const hosts = await db
    .selectFrom('detection_top_hosts')
    .select(['ip', 'count'])
    .where('company_id', '=', companyId)
    .where('week', '=', w.week)
    .where('kind', '=', 'internal')
    .orderBy('count', 'desc')
    .orderBy('ip')
    .limit(5)
    .execute();
  const identities = hosts.length
    ? await db
        .selectFrom('ip_mac_history')
        .select(['ip', 'mac', 'vendor', 'hostname', 'last_seen'])
        .where('company_id', '=', companyId)
        .where('ip', 'in', hosts.map((h) => h.ip))
        .orderBy('last_seen', 'desc')
        .execute()
    : [];
  const internalHosts = hosts.map((h) => {
    const id = identities.find((i) => i.ip === h.ip);
    return { ip: h.ip, count: Number(h.count), mac: id?.mac ?? null, vendor: id?.vendor ?? null, hostname: id?.hostname ?? null };
  });

  const alerts = await db
    .selectFrom('alerts')
    .select(['id', 'category', 'host_ip', 'host_vendor', 'host_name', 'count', 'last_seen', 'status'])
    .where('company_id', '=', companyId)
    .where('status', '!=', 'closed')
    .orderBy('last_seen', 'desc')
    .limit(20)
    .execute();
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'number', 'subject', 'status'])
    .where('company_id', '=', companyId)
    .where('status', 'not in', ['resolved', 'closed'])
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();

  const devs = await db.selectFrom('devices').select(['id', 'name', 'vendor', 'identity', 'last_seen_at', 'created_at']).where('company_id', '=', companyId).orderBy('created_at').execute();
  const stats = devs.length
    ? await db
        .selectFrom('device_daily_stats')
        .select(['device_id', 'day', 'lines'])
        .where('device_id', 'in', devs.map((d) => d.id))
        .where('day', '>=', w.week)
        .where('day', '<=', w.to)
        .execute()
    : [];
  const cpuMem = devs.length
    ? await db
        .selectFrom('detection_rollups')
        .select(['device_id', (eb) => eb.fn.sum<number>('count').as('n')])
        .where('company_id', '=', companyId)
        .where('category', '=', 'health.cpu_mem')
        .where('day', '>=', w.week)
        .where('day', '<=', w.to)
        .groupBy('device_id')
        .execute()
    : [];
  const devices = devs.map((d) => {
    const registeredDay = d.created_at.slice(0, 10);
    const linesPerDay = w.days.map((day) => Number(stats.find((s) => s.device_id === d.id && s.day === day)?.lines ?? 0));
    // A day counts as silent only once the device existed (a device registered mid-week is not silent before).
    const silentDays = w.days.filter((day, i) => day >= registeredDay && linesPerDay[i] === 0).length;
    return { id: d.id, name: d.name ?? d.identity, vendor: d.vendor, lastSeenAt: d.last_seen_at, silentDays, linesPerDay, cpuMemAlerts: Number(cpuMem.find((c) => c.device_id === d.id)?.n ?? 0) };
  });

  const weeklyOnly = await db
    .selectFrom('weekly_aggregates')
    .select(['source', 'category', 'key', 'count'])
    .where('company_id', '=', companyId)
    .where('week', '=', w.week)
    .orderBy('count', 'desc')
    .execute();

  return {
    company: { id: company.id, name: company.name, status: company.status, locale: admin?.locale === 'en' ? 'en' : 'ja' },
    window: w,
    totals,
    previousTotals,
    daily,
    topKeys,
    internalHosts,
    openAlerts: alerts.map((a) => ({ id: a.id, category: a.category, hostIp: a.host_ip, hostVendor: a.host_vendor, hostName: a.host_name, count: Number(a.count), lastSeen: a.last_seen, status: a.status })),
    openCases: cases,
    devices,
    weeklyOnly: weeklyOnly.map((r) => ({ ...r, count: Number(r.count) })),
    assessmentTip: await weakestAreaTips(db, companyId),
  };
}
