/**
 * Facts behind the program dashboard: one per company event or state, tagged with the dimensions
 * it counts under (`stage:active`, `channel:phone`, `firstResponse:met` …). The dashboard's figures
 * and the drill-down to companies are both sums over the same facts, so a cell and its company
 * list always agree.
 */
import { slaState } from '../helpdesk/sla.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { jstDay } from '../ingest/pipeline/rollup-key.ts';
import { MAX_PERIOD_DAYS, stages } from './programCodes.ts';
import type { PeriodBounds } from './program.repository.ts';

export interface Fact {
  companyId: string;
  /** JST month of an event; null for a state at the end of the period. */
  month: string | null;
  tags: string[];
  weight: number;
}

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** JST month (YYYY-MM) of an ISO instant. */
export const jstMonth = (iso: string) => jstDay(Date.parse(iso)).slice(0, 7);

/** The period's JST days as UTC instants [fromIso, untilIso) and its months. */
export function periodOf(from: string, to: string): PeriodBounds & { months: string[] } {
  if (from > to) throw new AppError('validation_failed', '`from` is after `to`', { fields: [{ path: 'from', message: 'must not be after to' }] });
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if ((end - start) / DAY + 1 > MAX_PERIOD_DAYS) {
    throw new AppError('validation_failed', `the period is longer than ${MAX_PERIOD_DAYS} days`, { fields: [{ path: 'from', message: `at most ${MAX_PERIOD_DAYS} days` }] });
  }
  const months: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((m = 1), y++) : m++) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return { from, to, fromIso: new Date(start - JST).toISOString(), untilIso: new Date(end + DAY - JST).toISOString(), months };
}

/** The default period: the six months up to today (JST), from the first day of the earliest. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const to = jstDay(now.getTime());
  const y = Number(to.slice(0, 4));
  const m = Number(to.slice(5, 7)) - 5;
  const from = m > 0 ? `${y}-${String(m).padStart(2, '0')}-01` : `${y - 1}-${String(m + 12).padStart(2, '0')}-01`;
  return { from, to };
}

/** Does a fact carry every `dim:value` tag of a key (comma-separated; empty matches all)? */
export function matchesKey(f: Fact, key: string | undefined): boolean {
  if (!key) return true;
  return key.split(',').every((tag) => f.tags.includes(tag));
}

/** Sum of weights per tag value of one dimension (`channel` → { web: 3, phone: 1 }). */
export function tally(facts: Iterable<Fact>, dim: string, where: (f: Fact) => boolean = () => true): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = `${dim}:`;
  for (const f of facts) {
    if (!where(f)) continue;
    for (const t of f.tags) if (t.startsWith(prefix)) out.set(t.slice(prefix.length), (out.get(t.slice(prefix.length)) ?? 0) + f.weight);
  }
  return out;
}

// --- participation

export interface HistoryRow {
  company_id: string;
  to_status: string;
  reason_code: string | null;
  at: string;
}
export interface CompanyRow {
  id: string;
  referral_route: string | null;
  maturity_group: string | null;
  created_at: string;
}

/**
 * Each company's first move into each stage within the period (a company counts once per stage),
 * tagged with its referral route and, for withdrawals, the reason.
 */
export function participationFacts(history: HistoryRow[], companies: Map<string, CompanyRow>, p: PeriodBounds): Fact[] {
  const seen = new Set<string>();
  const out: Fact[] = [];
  for (const h of history) {
    if (h.at < p.fromIso || h.at >= p.untilIso || !(stages as readonly string[]).includes(h.to_status)) continue;
    const c = companies.get(h.company_id);
    if (!c || seen.has(`${h.company_id}/${h.to_status}`)) continue;
    seen.add(`${h.company_id}/${h.to_status}`);
    const tags = [`stage:${h.to_status}`, `route:${c.referral_route ?? 'none'}`];
    if (h.to_status === 'withdrawn') tags.push(`reason:${h.reason_code ?? 'other'}`);
    out.push({ companyId: h.company_id, month: jstMonth(h.at), tags, weight: 1 });
  }
  return out;
}

/** Each company's status at the end of the period (the last move before it). */
export function statusFacts(history: HistoryRow[], companies: Map<string, CompanyRow>): Fact[] {
  const last = new Map<string, string>();
  for (const h of history) if (companies.has(h.company_id)) last.set(h.company_id, h.to_status);
  return [...last].map(([companyId, s]) => ({ companyId, month: null, tags: [`status:${s}`, `route:${companies.get(companyId)!.referral_route ?? 'none'}`], weight: 1 }));
}

// --- devices

export interface DeviceRow {
  id: string;
  company_id: string;
  vendor: string;
  created_at: string;
  first_day: string | null;
}

/**
 * Per company that exists at the end of the period: its devices by vendor (weight = devices), or
 * `vendor:none`. The table counts companies per tag; the drill-down shows each company's devices.
 */
export function assignmentFacts(companies: CompanyRow[], devices: DeviceRow[], p: PeriodBounds): Fact[] {
  const byCompany = new Map<string, Map<string, number>>();
  for (const d of devices) {
    const m = byCompany.get(d.company_id) ?? new Map<string, number>();
    m.set(d.vendor, (m.get(d.vendor) ?? 0) + 1);
    byCompany.set(d.company_id, m);
  }
  const out: Fact[] = [];
  for (const c of companies) {
    if (c.created_at >= p.untilIso) continue;
    const group = `group:${c.maturity_group ?? 'none'}`;
    const vendors = byCompany.get(c.id);
    if (!vendors) out.push({ companyId: c.id, month: null, tags: [group, 'vendor:none'], weight: 0 });
    else for (const [v, n] of vendors) out.push({ companyId: c.id, month: null, tags: [group, `vendor:${v}`], weight: n });
  }
  return out;
}

/**
 * Deployment as far as the data tells (no deployment pipeline yet): per device and month whether it
 * was registered, newly registered, sent its first logs, sent logs, or sent none; and the same for
 * the whole period (plus `neverSeen`: no logs at all by the period's end).
 */
export function deploymentFacts(devices: DeviceRow[], reportingMonths: { device_id: string; month: string }[], p: PeriodBounds & { months: string[] }): Fact[] {
  const sent = new Set(reportingMonths.map((r) => `${r.device_id}/${r.month}`));
  const out: Fact[] = [];
  for (const d of devices) {
    const created = jstMonth(d.created_at);
    const first = d.first_day && d.first_day <= p.to ? d.first_day.slice(0, 7) : null;
    let any = false;
    for (const m of p.months) {
      if (created > m) continue;
      const tags = ['measure:registered'];
      // The first month may begin mid-month: count only what happened inside the period.
      if (created === m && d.created_at >= p.fromIso) tags.push('measure:newlyRegistered');
      if (first === m && d.first_day! >= p.from) tags.push('measure:firstData');
      if (sent.has(`${d.id}/${m}`)) {
        tags.push('measure:reporting');
        any = true;
      } else tags.push('measure:notReporting');
      out.push({ companyId: d.company_id, month: m, tags, weight: 1 });
    }
    const tags = ['measure:registered'];
    if (d.created_at >= p.fromIso) tags.push('measure:newlyRegistered');
    if (first && d.first_day! >= p.from) tags.push('measure:firstData');
    tags.push(any ? 'measure:reporting' : 'measure:notReporting');
    if (!first) tags.push('measure:neverSeen');
    out.push({ companyId: d.company_id, month: null, tags, weight: 1 });
  }
  return out;
}

// --- help desk and dispatch

export interface CaseRow {
  company_id: string;
  channel: string;
  category: string;
  status: string;
  created_at: string;
  first_responded_at: string | null;
  first_response_due_at: string;
  resolved_at: string | null;
  resolution_due_at: string;
  paused_since: string | null;
}

/**
 * Per case: channel, category and whether each SLA clock was met (stopped before its due time),
 * breached (stopped after it, or still running past it) or is still pending.
 */
export function caseFacts(cases: CaseRow[], now: Date): Fact[] {
  return cases.map((c) => {
    const s = slaState(c, now);
    const finished = c.status === 'resolved' || c.status === 'closed';
    const first = s.firstResponseBreached ? 'breached' : c.first_responded_at ? 'met' : 'pending';
    const resolution = s.resolutionBreached ? 'breached' : finished ? 'met' : 'pending';
    return { companyId: c.company_id, month: jstMonth(c.created_at), tags: [`channel:${c.channel}`, `category:${c.category}`, `firstResponse:${first}`, `resolution:${resolution}`], weight: 1 };
  });
}

export interface DispatchRow {
  id: string;
  number: string;
  company_id: string;
  company_name: string;
  request: string;
  status: string;
  created_at: string;
  arrived_at: string | null;
  report_due_at: string | null;
  report_sent_at: string | null;
}

/** Whether the first-findings report went out by its due time. */
export function reportOutcome(d: DispatchRow, now: Date): 'onTime' | 'late' | 'overdue' | 'pending' | 'none' {
  if (d.status === 'cancelled') return 'none';
  if (d.report_sent_at) return d.report_due_at && d.report_sent_at > d.report_due_at ? 'late' : 'onTime';
  if (d.report_due_at && now.toISOString() > d.report_due_at) return 'overdue';
  return 'pending';
}

export function dispatchFacts(dispatches: DispatchRow[], now: Date): Fact[] {
  return dispatches.map((d) => ({
    companyId: d.company_id,
    month: jstMonth(d.created_at),
    tags: [`status:${d.status}`, `request:${d.request}`, `arrived:${d.arrived_at ? 'yes' : 'no'}`, `report:${reportOutcome(d, now)}`],
    weight: 1,
  }));
}

// --- SECURITY ACTION

export interface LevelRow {
  company_id: string;
  level: string;
  at: string;
}

/** Each company's declared level at an instant (the last change before it). */
export function levelsAt(history: LevelRow[], instantIso: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of history) if (h.at < instantIso) out.set(h.company_id, h.level);
  return out;
}

/**
 * Declared companies (★ `level:one_star`, ★★ `level:two_star`) at the end of each month of the
 * period (the last month ends with the period), and at the period's end (month null).
 */
export function securityActionFacts(history: LevelRow[], companies: Map<string, CompanyRow>, p: PeriodBounds & { months: string[] }): Fact[] {
  const out: Fact[] = [];
  const push = (month: string | null, levels: Map<string, string>) => {
    for (const [companyId, level] of levels) if (level !== 'none' && companies.has(companyId)) out.push({ companyId, month, tags: [`level:${level}`], weight: 1 });
  };
  for (const m of p.months) {
    const [y, mo] = m.split('-').map(Number) as [number, number];
    const monthEnd = new Date(Date.UTC(y, mo, 1) - JST).toISOString();
    push(m, levelsAt(history, monthEnd < p.untilIso ? monthEnd : p.untilIso));
  }
  push(null, levelsAt(history, p.untilIso));
  return out;
}

export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
