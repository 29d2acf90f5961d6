/**
 * The only file that builds SQL for the program dashboard. Every query is limited to the
 * companies matching the filters; counts over large tables (rollups, device statistics) are
 * summed in the database, small tables (history, cases, dispatches) are read as rows.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { AllCompaniesScope } from '../../platform/tenancy/scope.ts';
import type { ProgramFilters } from './program.schemas.ts';
import type { DetectionDirection } from './programCodes.ts';

/** The period as UTC instants: [fromIso, untilIso). */
export interface PeriodBounds {
  from: string;
  to: string;
  fromIso: string;
  untilIso: string;
}

type CompanyFilters = Omit<ProgramFilters, 'from' | 'to'>;

function hasCompanyFilter(f: CompanyFilters): boolean {
  return Boolean(f.group || f.industry || f.employees || f.deviceType || f.referralRoute);
}

/** Vendor whose devices count (the device-type filter narrows rows of other devices away too). */
function vendorOf(f: CompanyFilters): string | null {
  return f.deviceType && f.deviceType !== 'none' ? f.deviceType : null;
}

export function programRepository(db: Db) {
  const k = db.kysely;

  /** Ids of the companies matching the attribute filters (a subquery). */
  function matchedIds(f: CompanyFilters) {
    let q = k.selectFrom('companies').select('companies.id');
    if (f.group) q = f.group === 'none' ? q.where('companies.maturity_group', 'is', null) : q.where('companies.maturity_group', '=', f.group);
    if (f.industry) q = q.where('companies.industry', '=', f.industry);
    if (f.employees) q = q.where('companies.employees_band', '=', f.employees);
    if (f.referralRoute) q = q.where('companies.referral_route', '=', f.referralRoute);
    const vendor = vendorOf(f);
    if (f.deviceType === 'none') {
      q = q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('devices').select('devices.id').whereRef('devices.company_id', '=', 'companies.id'))));
    } else if (vendor) {
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('devices').select('devices.id').whereRef('devices.company_id', '=', 'companies.id').where('devices.vendor', '=', vendor)));
    }
    return q;
  }

  /** `company_id in (matched)` on any company-owned table, only when a filter is set. */
  function scoped<T extends SelectQueryBuilder<Database, any, any>>(q: T, f: CompanyFilters, column: string): T {
    return (hasCompanyFilter(f) ? q.where(sql.ref(column), 'in', matchedIds(f)) : q) as T;
  }

  /** Rollup rows of the period, of the matched companies and (with a device-type filter) of that vendor's devices. */
  function rollups(f: CompanyFilters, p: PeriodBounds) {
    let q = k.selectFrom('detection_rollups as r').where('r.day', '>=', p.from).where('r.day', '<=', p.to);
    q = scoped(q, f, 'r.company_id');
    const vendor = vendorOf(f);
    if (vendor) q = q.where('r.device_id', 'in', k.selectFrom('devices').select('devices.id').where('devices.vendor', '=', vendor));
    return q;
  }

  const month = sql<string>`substr(r.day, 1, 7)`;

  return {
    companies(_s: AllCompaniesScope, f: CompanyFilters) {
      return scoped(
        k.selectFrom('companies').select(['id', 'name', 'maturity_group', 'industry', 'employees_band', 'status', 'referral_route', 'created_at']),
        f,
        'companies.id',
      )
        .orderBy('name')
        .orderBy('id')
        .execute();
    },

    /** Participation history up to the end of the period (needed for the status at its end). */
    history(_s: AllCompaniesScope, f: CompanyFilters, untilIso: string) {
      return scoped(k.selectFrom('company_status_history').select(['company_id', 'to_status', 'reason_code', 'at', 'id']), f, 'company_id')
        .where('at', '<', untilIso)
        .orderBy('at')
        .orderBy('id')
        .execute();
    },

    /** Applications received in the period. Group and device filters only keep applications that became a matching company. */
    applications(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      let q = k.selectFrom('applications').select(['status', 'referral_route']).where('created_at', '>=', p.fromIso).where('created_at', '<', p.untilIso);
      if (f.industry) q = q.where('industry', '=', f.industry);
      if (f.employees) q = q.where('employees_band', '=', f.employees);
      if (f.referralRoute) q = q.where('referral_route', '=', f.referralRoute);
      if (f.group || f.deviceType) q = q.where('company_id', 'in', matchedIds(f));
      return q.execute();
    },

    /** Devices of the matched companies registered before the end of the period, with their first day of logs. */
    devices(_s: AllCompaniesScope, f: CompanyFilters, untilIso: string) {
      let q = scoped(k.selectFrom('devices').select(['devices.id', 'devices.company_id', 'devices.vendor', 'devices.created_at']), f, 'devices.company_id').where('devices.created_at', '<', untilIso);
      const vendor = vendorOf(f);
      if (vendor) q = q.where('devices.vendor', '=', vendor);
      return q
        .select((eb) =>
          eb
            .selectFrom('device_daily_stats as s')
            .select((e) => e.fn.min('s.day').as('d'))
            .whereRef('s.device_id', '=', 'devices.id')
            .where('s.lines', '>', 0)
            .as('first_day'),
        )
        .execute();
    },

    /** Months of the period in which each device sent logs. */
    async deviceMonths(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      let q = k
        .selectFrom('device_daily_stats as r')
        .innerJoin('devices', 'devices.id', 'r.device_id')
        .select(['r.device_id', month.as('month')])
        .where('r.day', '>=', p.from)
        .where('r.day', '<=', p.to)
        .where('r.lines', '>', 0);
      q = scoped(q, f, 'devices.company_id');
      const vendor = vendorOf(f);
      if (vendor) q = q.where('devices.vendor', '=', vendor);
      return q.groupBy(['r.device_id', month]).execute();
    },

    /** Detection counts per category and JST month. */
    async detectionsByCategoryMonth(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      const rows = await rollups(f, p)
        .select(['r.category', month.as('month'), (eb) => eb.fn.sum<number>('r.count').as('n')])
        .groupBy(['r.category', month])
        .execute();
      return rows.map((r) => ({ category: r.category, month: r.month, count: Number(r.n) }));
    },

    /** How many companies had detections of each category. */
    async companiesByCategory(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      const rows = await rollups(f, p)
        .select(['r.category', (eb) => eb.fn.count<number>('r.company_id').distinct().as('n')])
        .groupBy('r.category')
        .execute();
      return new Map(rows.map((r) => [r.category, Number(r.n)]));
    },

    /** The largest keys of some categories (ports, URL or reputation categories), and the total over all keys. */
    async topKeys(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds, categories: readonly string[], limit: number) {
      const base = rollups(f, p).where('r.category', 'in', categories);
      const rows = await base
        .select(['r.key', (eb) => eb.fn.sum<number>('r.count').as('n'), (eb) => eb.fn.count<number>('r.company_id').distinct().as('c')])
        .groupBy('r.key')
        .orderBy('n', 'desc')
        .orderBy('r.key')
        .limit(limit)
        .execute();
      const total = await base.select((eb) => eb.fn.sum<number>('r.count').as('n')).executeTakeFirst();
      return { rows: rows.map((r) => ({ key: r.key, count: Number(r.n), companies: Number(r.c) })), total: Number(total?.n ?? 0) };
    },

    /** Detection counts per company for a drill-down: by category, direction or key. */
    async detectionsPerCompany(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds, where: { categories?: readonly string[]; category?: string; direction?: DetectionDirection; key?: string }) {
      let q = rollups(f, p);
      if (where.categories) q = q.where('r.category', 'in', where.categories);
      if (where.category) q = q.where('r.category', '=', where.category);
      if (where.key !== undefined) q = q.where('r.key', '=', where.key);
      if (where.direction) q = q.where((eb) => directionCondition(eb, where.direction!));
      const rows = await q.select(['r.company_id', (eb) => eb.fn.sum<number>('r.count').as('n')]).groupBy('r.company_id').execute();
      return new Map(rows.map((r) => [r.company_id, Number(r.n)]));
    },

    /** Help-desk cases opened in the period. */
    cases(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      return scoped(
        k
          .selectFrom('cases')
          .select(['company_id', 'channel', 'category', 'status', 'created_at', 'first_responded_at', 'first_response_due_at', 'resolved_at', 'resolution_due_at', 'paused_since'])
          .where('created_at', '>=', p.fromIso)
          .where('created_at', '<', p.untilIso),
        f,
        'company_id',
      ).execute();
    },

    /** SECURITY ACTION level changes (self-declarations) up to the end of the period. */
    securityActionHistory(_s: AllCompaniesScope, f: CompanyFilters, untilIso: string) {
      return scoped(k.selectFrom('security_action_history').select(['company_id', 'level', 'at']), f, 'company_id')
        .where('at', '<', untilIso)
        .orderBy('at')
        .orderBy('id')
        .execute();
    },

    /** Dispatches ordered in the period, with the company's name. */
    dispatches(_s: AllCompaniesScope, f: CompanyFilters, p: PeriodBounds) {
      return scoped(
        k
          .selectFrom('dispatches as d')
          .innerJoin('companies as c', 'c.id', 'd.company_id')
          .select(['d.id', 'd.number', 'd.company_id', 'c.name as company_name', 'd.request', 'd.status', 'd.created_at', 'd.arrived_at', 'd.report_due_at', 'd.report_sent_at'])
          .where('d.created_at', '>=', p.fromIso)
          .where('d.created_at', '<', p.untilIso)
          .orderBy('d.created_at')
          .orderBy('d.number'),
        f,
        'd.company_id',
      ).execute();
    },
  };
}

/** The SQL form of `directionOf` (programCodes.ts): the same name patterns. */
function directionCondition(eb: ExpressionBuilder<any, any>, d: DetectionDirection) {
  const inbound = sql<boolean>`r.category like '%.inbound%'`;
  const outbound = sql<boolean>`r.category like '%.outbound%'`;
  const internal = eb('r.category', '=', 'scan.internal');
  if (d === 'inbound') return inbound;
  if (d === 'outbound') return eb.and([eb.not(inbound), outbound]);
  if (d === 'internal') return eb.and([eb.not(inbound), eb.not(outbound), internal]);
  return eb.and([eb.not(inbound), eb.not(outbound), eb.not(internal)]);
}

