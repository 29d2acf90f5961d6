import type { Deps, Ctx } from '../../platform/deps.ts';
import { openCompany } from '../companies/getCompany.ts';

/** The busiest external sources or internal hosts of a company in a JST week (Monday date). */
export async function topHosts(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, week: string, kind: 'source' | 'internal', limit: number) {
  const scope = await openCompany(deps, ctx, companyId, 'top-hosts');
  const rows = await deps.db.kysely
    .selectFrom('detection_top_hosts')
    .select(['ip', 'count'])
    .where('company_id', '=', scope.companyId)
    .where('week', '=', week)
    .where('kind', '=', kind)
    .orderBy('count', 'desc')
    .orderBy('ip')
    .limit(limit)
    .execute();
  return { companyId, week, kind, items: rows.map((r) => ({ ip: r.ip, count: Number(r.count) })) };
}

/** Keeps the stored lists bounded: at most `keep` addresses per (company, week, kind); a bounded number of lists per run. */
export async function trimTopHosts(deps: Pick<Deps, 'db'>, keep = 200, maxGroups = 100): Promise<{ trimmed: number }> {
  const k = deps.db.kysely;
  const groups = await k
    .selectFrom('detection_top_hosts')
    .select(['company_id', 'week', 'kind'])
    .groupBy(['company_id', 'week', 'kind'])
    .having((eb) => eb.fn.countAll(), '>', keep)
    .limit(maxGroups)
    .execute();
  let trimmed = 0;
  for (const g of groups) {
    const extra = await k
      .selectFrom('detection_top_hosts')
      .select('ip')
      .where('company_id', '=', g.company_id)
      .where('week', '=', g.week)
      .where('kind', '=', g.kind)
      .orderBy('count', 'desc')
      .orderBy('ip')
      .offset(keep)
      .limit(100_000)
      .execute();
    for (let i = 0; i < extra.length; i += 500) {
      const r = await k.deleteFrom('detection_top_hosts').where('company_id', '=', g.company_id).where('week', '=', g.week).where('kind', '=', g.kind).where('ip', 'in', extra.slice(i, i + 500).map((x) => x.ip)).executeTakeFirst();
      trimmed += Number(r.numDeletedRows);
    }
  }
  return { trimmed };
}
