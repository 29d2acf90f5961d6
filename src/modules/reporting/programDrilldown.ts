/**
 * Drill-down from any figure of the program dashboard to the companies behind it
 * (`GET /api/v1/program/companies?…filters…&section=…&key=…&month=…`; keys: programCodes.ts).
 */
import type { Ctx, Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { auditRepeatedRead } from '../../platform/audit/audit.ts';
import { programRepository, type PeriodBounds } from './program.repository.ts';
import type { DrilldownDto, DrilldownQuery, ProgramFilters } from './program.schemas.ts';
import { detectionDirections, scanCategories, type DetectionDirection } from './programCodes.ts';
import { programBase, programScope, resolveFilters } from './programDashboard.ts';
import { assignmentFacts, caseFacts, deploymentFacts, dispatchFacts, matchesKey, participationFacts, periodOf, securityActionFacts, statusFacts, type Fact } from './programFacts.ts';
import type { AllCompaniesScope } from '../../platform/tenancy/scope.ts';

/** At most this many companies are listed (the total is always exact). */
const LIMIT = 1000;

type Base = Awaited<ReturnType<typeof programBase>>;

export async function programDrilldown(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, q: DrilldownQuery): Promise<DrilldownDto> {
  const scope = programScope(ctx);
  const { section, key, month, ...filterInput } = q;
  const f = resolveFilters(deps, filterInput);
  const base = await programBase(deps, scope, f);
  if (month && !base.period.months.includes(month)) {
    throw new AppError('validation_failed', `month ${month} is not in the period ${f.from}..${f.to}`, { fields: [{ path: 'month', message: 'outside the period' }] });
  }
  const perCompany = await countsPerCompany(deps, scope, f, base, section, key, month);
  const items = [...base.companies.values()]
    .filter((c) => (perCompany ? perCompany.has(c.id) : c.created_at < base.period.untilIso))
    .map((c) => ({ id: c.id, name: c.name, group: c.maturity_group, industry: c.industry, employeesBand: c.employees_band, status: c.status, count: perCompany ? perCompany.get(c.id)! : null }))
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name, 'ja'));
  if (ctx.actor.role !== 'system') {
    await auditRepeatedRead(deps.db, deps.clock, ctx.actor, { action: 'program.drilldown_viewed', detail: { filter: { ...f, section, key: key ?? null, month: month ?? null }, returned: Math.min(items.length, LIMIT) } });
  }
  return { section, key: key ?? null, month: month ?? null, total: items.length, truncated: items.length > LIMIT, items: items.slice(0, LIMIT) };
}

function sumFacts(facts: Fact[], key: string | undefined, month: string | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of facts) {
    if (month !== undefined && x.month !== month) continue;
    if (!matchesKey(x, key)) continue;
    out.set(x.companyId, (out.get(x.companyId) ?? 0) + x.weight);
  }
  return out;
}

/** The month's days inside the period. */
function monthBounds(p: PeriodBounds, month: string | undefined): PeriodBounds {
  if (!month) return p;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return periodOf(`${month}-01` > p.from ? `${month}-01` : p.from, last < p.to ? last : p.to);
}

async function countsPerCompany(deps: Pick<Deps, 'db' | 'clock'>, scope: AllCompaniesScope, f: ProgramFilters, base: Base, section: DrilldownQuery['section'], key: string | undefined, month: string | undefined): Promise<Map<string, number> | null> {
  const repo = programRepository(deps.db);
  const { period, companies } = base;
  const now = deps.clock.now();
  switch (section) {
    case 'companies':
      return null;
    case 'participation':
      return sumFacts(participationFacts(await repo.history(scope, f, period.untilIso), companies, period), key, month);
    case 'status':
      return sumFacts(statusFacts(await repo.history(scope, f, period.untilIso), companies), key, undefined);
    case 'assignment':
      return sumFacts(assignmentFacts([...companies.values()], await repo.devices(scope, f, period.untilIso), period), key, undefined);
    case 'deployment': {
      const [devices, months] = await Promise.all([repo.devices(scope, f, period.untilIso), repo.deviceMonths(scope, f, period)]);
      return sumFacts(deploymentFacts(devices, months, period), key, month ?? null);
    }
    case 'cases':
      return sumFacts(caseFacts(await repo.cases(scope, f, period), now), key, month);
    case 'dispatches':
      return sumFacts(dispatchFacts(await repo.dispatches(scope, f, period), now), key, month);
    case 'securityAction':
      return sumFacts(securityActionFacts(await repo.securityActionHistory(scope, f, period.untilIso), companies, period), key, month ?? null);
    case 'detections': {
      const where: { category?: string; direction?: DetectionDirection } = {};
      for (const tag of key ? key.split(',') : []) {
        const [dim, value = ''] = tag.split(/:(.*)/s);
        if (dim === 'category') where.category = value;
        else if (dim === 'direction' && (detectionDirections as readonly string[]).includes(value)) where.direction = value as DetectionDirection;
        else throw new AppError('validation_failed', `unknown detections key ${tag} (category:<name> or direction:inbound|outbound|internal|na)`, { fields: [{ path: 'key', message: 'category:<name> or direction:<direction>' }] });
      }
      return repo.detectionsPerCompany(scope, f, monthBounds(period, month), where);
    }
    case 'scanPorts':
    case 'urlCategories':
    case 'ipReputation': {
      const categories = section === 'scanPorts' ? scanCategories : section === 'urlCategories' ? ['block.url_category'] : ['block.ip_reputation'];
      return repo.detectionsPerCompany(scope, f, monthBounds(period, month), { categories, key: key ?? '' });
    }
  }
}
