/**
 * The program office's dashboard (issue 5; DESIGN §1 tables and more): participation, devices,
 * detections, help desk, dispatch and SECURITY ACTION, for a JST period and company filters.
 */
import type { Ctx, Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { auditRepeatedRead } from '../../platform/audit/audit.ts';
import { listScope, type AllCompaniesScope } from '../../platform/tenancy/scope.ts';
import { caseCategories, caseChannels } from '../helpdesk/helpdesk.schemas.ts';
import { dispatchRequests, dispatchStatuses } from '../dispatch/dispatch.codes.ts';
import { referralRoutes, withdrawalReasons } from '../companies/reference-codes.ts';
import { vendors } from '../ingest/parsing/types.ts';
import { categories } from '../ingest/parsing/categories.ts';
import { programRepository } from './program.repository.ts';
import type { ProgramDashboard, ProgramFilterInput, ProgramFilters } from './program.schemas.ts';
import { TOP_KEYS, deploymentMeasures, detectionDirections, directionOf, groupFilters, scanCategories } from './programCodes.ts';
import {
  assignmentFacts,
  caseFacts,
  defaultPeriod,
  deploymentFacts,
  dispatchFacts,
  median,
  minutesBetween,
  participationFacts,
  periodOf,
  levelsAt,
  reportOutcome,
  securityActionFacts,
  statusFacts,
  tally,
  type CompanyRow,
  type Fact,
} from './programFacts.ts';

/** Only the program office (and the CLI acting as system) reads program figures. */
export function programScope(ctx: Ctx): AllCompaniesScope {
  if (!isProgramAdmin(ctx.actor)) throw new AppError('forbidden', 'the program dashboard is for the program office (program_admin)');
  const s = listScope(ctx.actor);
  if (s.kind !== 'all') throw new AppError('forbidden', 'the program dashboard is for the program office (program_admin)');
  return s.scope;
}

export function resolveFilters(deps: Pick<Deps, 'clock'>, input: ProgramFilterInput): ProgramFilters {
  const d = defaultPeriod(deps.clock.now());
  return { ...input, from: input.from ?? (input.to && input.to < d.from ? input.to : d.from), to: input.to ?? d.to };
}

/** The company rows and period every section starts from. */
export async function programBase(deps: Pick<Deps, 'db'>, scope: AllCompaniesScope, f: ProgramFilters) {
  const period = periodOf(f.from, f.to);
  const rows = await programRepository(deps.db).companies(scope, f);
  const companies = new Map<string, CompanyRow & (typeof rows)[number]>(rows.map((r) => [r.id, r]));
  return { period, companies };
}

const nameOrder = <T extends string>(known: readonly T[], present: Iterable<string>) => [...known, ...[...present].filter((x) => !(known as readonly string[]).includes(x)).sort()];
const count = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
const sumWhere = (facts: Fact[], pred: (f: Fact) => boolean) => facts.reduce((n, f) => (pred(f) ? n + f.weight : n), 0);

export async function programDashboard(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, input: ProgramFilterInput): Promise<ProgramDashboard> {
  const scope = programScope(ctx);
  const f = resolveFilters(deps, input);
  const { period, companies } = await programBase(deps, scope, f);
  const repo = programRepository(deps.db);
  const now = deps.clock.now();

  const [history, applications, devices, deviceMonths, detections, companiesByCategory, ports, urls, reputation, cases, dispatches, levels] = await Promise.all([
    repo.history(scope, f, period.untilIso),
    repo.applications(scope, f, period),
    repo.devices(scope, f, period.untilIso),
    repo.deviceMonths(scope, f, period),
    repo.detectionsByCategoryMonth(scope, f, period),
    repo.companiesByCategory(scope, f, period),
    repo.topKeys(scope, f, period, scanCategories, TOP_KEYS),
    repo.topKeys(scope, f, period, ['block.url_category'], TOP_KEYS),
    repo.topKeys(scope, f, period, ['block.ip_reputation'], TOP_KEYS),
    repo.cases(scope, f, period),
    repo.dispatches(scope, f, period),
    repo.securityActionHistory(scope, f, period.untilIso),
  ]);

  return {
    period: { from: period.from, to: period.to, months: period.months },
    filters: { group: f.group ?? null, industry: f.industry ?? null, employees: f.employees ?? null, deviceType: f.deviceType ?? null, referralRoute: f.referralRoute ?? null },
    generatedAt: now.toISOString(),
    companies: { total: [...companies.values()].filter((c) => c.created_at < period.untilIso).length },
    participation: participation(participationFacts(history, companies, period), statusFacts(history, companies), applications, period.months),
    assignment: assignment(assignmentFacts([...companies.values()], devices, period)),
    deployment: deployment(deploymentFacts(devices, deviceMonths, period), period.months),
    detections: detectionSection(detections, companiesByCategory, period.months),
    scanPorts: keyRows(ports),
    urlCategories: keyRows(urls),
    ipReputation: keyRows(reputation),
    helpdesk: helpdesk(caseFacts(cases, now), period.months),
    dispatches: dispatchSection(dispatches, dispatchFacts(dispatches, now), now, period.months),
    securityAction: securityAction(securityActionFacts(levels, companies, period), levelsAt(levels.filter((l) => companies.has(l.company_id)), period.fromIso), period.months),
  };
}

/** The dashboard for a person: the read is audited (once per window for the same filters). */
export async function viewProgramDashboard(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, input: ProgramFilterInput): Promise<ProgramDashboard> {
  const d = await programDashboard(deps, ctx, input);
  await auditRepeatedRead(deps.db, deps.clock, ctx.actor, { action: 'program.dashboard_viewed', detail: { filter: { ...d.filters, from: d.period.from, to: d.period.to } } });
  return d;
}

function securityAction(facts: Fact[], atStart: Map<string, string>, months: string[]): ProgramDashboard['securityAction'] {
  const counts = (m: Map<string, number>) => ({ oneStar: count(m, 'one_star'), twoStar: count(m, 'two_star') });
  const start = new Map<string, number>();
  for (const level of atStart.values()) start.set(level, (start.get(level) ?? 0) + 1);
  return {
    note: 'Self-declarations (IPA SECURITY ACTION) recorded in the assessment module, at the end of each month.',
    atStart: counts(start),
    monthly: months.map((month) => ({ month, ...counts(tally(facts, 'level', (x) => x.month === month)) })),
    atEnd: counts(tally(facts, 'level', (x) => x.month === null)),
  };
}

function stageCounts(m: Map<string, number>) {
  return { applied: count(m, 'applied'), surveyed: count(m, 'surveyed'), active: count(m, 'active'), withdrawn: count(m, 'withdrawn') };
}

function participation(facts: Fact[], status: Fact[], applications: { status: string; referral_route: string }[], months: string[]): ProgramDashboard['participation'] {
  const appsByRoute = new Map<string, number>();
  for (const a of applications) appsByRoute.set(a.referral_route, (appsByRoute.get(a.referral_route) ?? 0) + 1);
  const routes = nameOrder(referralRoutes, new Set([...appsByRoute.keys(), ...tally(facts, 'route').keys()]));
  const reasons = tally(facts, 'reason');
  return {
    applications: {
      total: applications.length,
      accepted: applications.filter((a) => a.status === 'accepted').length,
      pending: applications.filter((a) => a.status === 'pending').length,
      rejected: applications.filter((a) => a.status === 'rejected').length,
    },
    totals: stageCounts(tally(facts, 'stage')),
    byRoute: routes.map((route) => ({ route, applications: appsByRoute.get(route) ?? 0, ...stageCounts(tally(facts, 'stage', (x) => x.tags.includes(`route:${route}`))) })),
    monthly: months.map((month) => ({ month, ...stageCounts(tally(facts, 'stage', (x) => x.month === month)) })),
    withdrawalReasons: nameOrder(withdrawalReasons, reasons.keys())
      .map((reason) => ({ reason, count: reasons.get(reason) ?? 0 }))
      .filter((r) => r.count > 0),
    atEnd: stageCounts(tally(status, 'status')),
  };
}

function assignment(facts: Fact[]): ProgramDashboard['assignment'] {
  // Columns for the vendors companies have (in the usual order), not for every format there is.
  const have = tally(facts, 'vendor');
  const present = nameOrder(vendors, have.keys()).filter((v) => v !== 'none' && have.has(v));
  const row = (group: string, where: (x: Fact) => boolean) => {
    const mine = facts.filter(where);
    const companiesWith = (tag: string) => new Set(mine.filter((x) => x.tags.includes(tag)).map((x) => x.companyId)).size;
    return {
      group,
      companies: new Set(mine.map((x) => x.companyId)).size,
      devices: mine.reduce((n, x) => n + x.weight, 0),
      noDevice: companiesWith('vendor:none'),
      byVendor: Object.fromEntries(present.map((v) => [v, companiesWith(`vendor:${v}`)])),
    };
  };
  return {
    vendors: present,
    rows: [...groupFilters.map((g) => row(g, (x) => x.tags.includes(`group:${g}`))), row('all', () => true)],
  };
}

function deployment(facts: Fact[], months: string[]): ProgramDashboard['deployment'] {
  const counts = (where: (x: Fact) => boolean) => {
    const m = tally(facts, 'measure', where);
    return Object.fromEntries(deploymentMeasures.map((k) => [k, count(m, k)])) as Record<(typeof deploymentMeasures)[number], number>;
  };
  const end = tally(facts, 'measure', (x) => x.month === null);
  return {
    limited: true,
    note: 'There is no deployment pipeline yet: these figures come from device registrations and the days devices sent logs.',
    monthly: months.map((month) => ({ month, ...counts((x) => x.month === month) })),
    atEnd: { ...counts((x) => x.month === null), neverSeen: count(end, 'neverSeen') },
  };
}

function detectionSection(rows: { category: string; month: string; count: number }[], companiesByCategory: Map<string, number>, months: string[]): ProgramDashboard['detections'] {
  const byCat = new Map<string, number>();
  for (const r of rows) byCat.set(r.category, (byCat.get(r.category) ?? 0) + r.count);
  const cats = nameOrder(categories, byCat.keys()).filter((c) => byCat.has(c));
  const byDir = new Map<string, number>();
  for (const [c, n] of byCat) byDir.set(directionOf(c), (byDir.get(directionOf(c)) ?? 0) + n);
  return {
    total: [...byCat.values()].reduce((a, b) => a + b, 0),
    byCategory: cats.map((category) => ({ category, direction: directionOf(category), count: byCat.get(category) ?? 0, companies: companiesByCategory.get(category) ?? 0 })),
    byDirection: detectionDirections.map((direction) => ({ direction, count: byDir.get(direction) ?? 0 })),
    monthly: months.map((month) => {
      const mine = rows.filter((r) => r.month === month);
      const byDirection: Record<string, number> = Object.fromEntries(detectionDirections.map((d) => [d, 0]));
      const byCategory: Record<string, number> = {};
      for (const r of mine) {
        byDirection[directionOf(r.category)]! += r.count;
        byCategory[r.category] = (byCategory[r.category] ?? 0) + r.count;
      }
      return { month, total: mine.reduce((n, r) => n + r.count, 0), byDirection, byCategory };
    }),
  };
}

function keyRows(r: { rows: { key: string; count: number; companies: number }[]; total: number }): ProgramDashboard['scanPorts'] {
  return { total: r.total, other: r.total - r.rows.reduce((n, x) => n + x.count, 0), rows: r.rows };
}

function sla(facts: Fact[], clock: 'firstResponse' | 'resolution') {
  const m = tally(facts, clock);
  const met = count(m, 'met');
  const breached = count(m, 'breached');
  return { met, breached, pending: count(m, 'pending'), attainment: met + breached > 0 ? met / (met + breached) : null };
}

function helpdesk(facts: Fact[], months: string[]): ProgramDashboard['helpdesk'] {
  const cats = tally(facts, 'category');
  return {
    total: facts.length,
    firstResponse: sla(facts, 'firstResponse'),
    resolution: sla(facts, 'resolution'),
    byChannel: nameOrder(caseChannels, tally(facts, 'channel').keys()).map((channel) => {
      const mine = facts.filter((x) => x.tags.includes(`channel:${channel}`));
      return { channel, count: mine.length, firstResponse: sla(mine, 'firstResponse'), resolution: sla(mine, 'resolution') };
    }),
    byCategory: nameOrder(caseCategories, cats.keys()).map((category) => ({ category, count: cats.get(category) ?? 0 })),
    monthly: months.map((month) => {
      const mine = facts.filter((x) => x.month === month);
      const ch = tally(mine, 'channel');
      return { month, total: mine.length, byChannel: Object.fromEntries(nameOrder(caseChannels, ch.keys()).map((c) => [c, ch.get(c) ?? 0])) };
    }),
  };
}

type DispatchRows = Awaited<ReturnType<ReturnType<typeof programRepository>['dispatches']>>;

function dispatchSection(rows: DispatchRows, facts: Fact[], now: Date, months: string[]): ProgramDashboard['dispatches'] {
  const arrivalMinutes = (rs: DispatchRows) => rs.filter((d) => d.arrived_at).map((d) => minutesBetween(d.created_at, d.arrived_at!));
  const all = arrivalMinutes(rows);
  const statuses = tally(facts, 'status');
  const requests = tally(facts, 'request');
  const reports = tally(facts, 'report');
  return {
    total: rows.length,
    byStatus: nameOrder(dispatchStatuses, statuses.keys()).map((status) => ({ status, count: statuses.get(status) ?? 0 })),
    byRequest: nameOrder(dispatchRequests, requests.keys()).map((request) => ({ request, count: requests.get(request) ?? 0 })),
    arrival: {
      arrived: all.length,
      medianMinutes: median(all),
      meanMinutes: all.length ? Math.round(all.reduce((a, b) => a + b, 0) / all.length) : null,
      maxMinutes: all.length ? Math.max(...all) : null,
    },
    report: { onTime: count(reports, 'onTime'), late: count(reports, 'late'), overdue: count(reports, 'overdue'), pending: count(reports, 'pending') },
    monthly: months.map((month) => {
      const mine = facts.filter((x) => x.month === month);
      const r = tally(mine, 'report');
      return {
        month,
        count: mine.length,
        arrived: sumWhere(mine, (x) => x.tags.includes('arrived:yes')),
        medianArrivalMinutes: median(arrivalMinutes(rows.filter((d, i) => facts[i]!.month === month))),
        onTime: count(r, 'onTime'),
        late: count(r, 'late'),
        overdue: count(r, 'overdue'),
      };
    }),
    items: rows.map((d) => ({
      id: d.id,
      number: d.number,
      companyId: d.company_id,
      companyName: d.company_name,
      request: d.request,
      status: d.status,
      createdAt: d.created_at,
      arrivedAt: d.arrived_at,
      minutesToArrival: d.arrived_at ? minutesBetween(d.created_at, d.arrived_at) : null,
      reportDueAt: d.report_due_at,
      reportSentAt: d.report_sent_at,
      reportDelayHours: d.report_sent_at && d.report_due_at ? Math.round((Date.parse(d.report_sent_at) - Date.parse(d.report_due_at)) / 360_000) / 10 : null,
      report: reportOutcome(d, now),
    })),
  };
}

