/** Use cases of the weekly report for the HTTP API and the CLI. */
import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin, isStaffRole } from '../../platform/auth/roles.ts';
import { asLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { openCompany } from '../companies/getCompany.ts';
import { gatherWeekly, previousWeekOf, weekWindow } from './weekly-data.ts';
import { buildWeeklyReport, type WeeklyReport } from './weekly-report.ts';

export async function weeklyReportFor(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx, companyId: string, week?: string, locale?: string): Promise<WeeklyReport> {
  const scope = await openCompany(deps, ctx, companyId, 'weekly_report');
  const w = week ?? previousWeekOf(deps.clock.now().getTime());
  return buildWeeklyReport(await gatherWeekly(deps, scope.companyId, w), deps.config, locale ? asLocale(locale) : undefined);
}

export async function listSends(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { week?: string; status?: string; page: number; pageSize: number }) {
  if (!isStaffRole(ctx.actor.role) && ctx.actor.role !== 'system') throw new AppError('forbidden', 'staff only');
  let query = deps.db.kysely.selectFrom('weekly_report_sends as s').leftJoin('companies as c', 'c.id', 's.company_id');
  if (q.week) query = query.where('s.week', '=', q.week);
  if (q.status) query = query.where('s.status', '=', q.status);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['s.company_id', 'c.name', 's.week', 's.status', 's.recipients', 's.attempts', 's.error', 's.sent_at', 's.updated_at'])
    .orderBy('s.week', 'desc')
    .orderBy('s.status')
    .orderBy('c.name')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({ companyId: r.company_id, companyName: r.name, week: r.week, status: r.status, recipients: JSON.parse(r.recipients) as string[], attempts: Number(r.attempts), error: r.error, sentAt: r.sent_at, updatedAt: r.updated_at })),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Counts a weekly-only source delivered (a cloud UTM's report mail), stored as weekly totals. */
export async function recordWeeklyAggregate(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: Ctx,
  companyId: string,
  input: { week: string; source: string; counts: { category: string; key?: string; count: number }[] },
) {
  if (!isProgramAdmin(ctx.actor) && !['analyst', 'deployment'].includes(ctx.actor.role)) throw new AppError('forbidden', 'staff only');
  const scope = await openCompany(deps, ctx, companyId, 'weekly_aggregate');
  weekWindow(input.week);
  const now = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (tx) => {
    await tx.deleteFrom('weekly_aggregates').where('company_id', '=', scope.companyId).where('week', '=', input.week).where('source', '=', input.source).execute();
    const merged = new Map<string, { category: string; key: string; count: number }>();
    for (const c of input.counts) {
      const key = `${c.category}\u0000${c.key ?? ''}`;
      const m = merged.get(key) ?? { category: c.category, key: c.key ?? '', count: 0 };
      m.count += c.count;
      merged.set(key, m);
    }
    if (merged.size) await tx.insertInto('weekly_aggregates').values([...merged.values()].map((m) => ({ company_id: scope.companyId, week: input.week, source: input.source, ...m, received_at: now }))).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'report.weekly_aggregate_recorded', targetType: 'company', targetId: scope.companyId, companyId: scope.companyId, detail: { week: input.week, source: input.source, rows: merged.size } });
  });
  return { companyId: scope.companyId, week: input.week, source: input.source, rows: input.counts.length };
}

export type { Locale };
