import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { listScope } from '../../platform/tenancy/scope.ts';
import { auditRepeatedRead } from '../../platform/audit/audit.ts';
import { companiesRepository } from './companies.repository.ts';
import type { CompanyListQuery, CompanySummaryDto } from './companies.schemas.ts';
import { toCompanySummary } from './companies.presenters.ts';

export async function listCompanies(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, query: CompanyListQuery): Promise<Page<CompanySummaryDto>> {
  const scope = listScope(ctx.actor);
  const { items, total } = await companiesRepository(deps.db).list(scope, query, query.page, query.pageSize);
  if (scope.kind === 'all' && ctx.actor.role !== 'system') {
    // A list page read again and again (paging back, a live screen) is recorded once per window.
    await auditRepeatedRead(deps.db, deps.clock, ctx.actor, {
      action: 'company.list_viewed',
      detail: {
        filter: { q: query.q, status: query.status, group: query.group, industry: query.industry, referralRoute: query.referralRoute, sort: query.sort, page: query.page, pageSize: query.pageSize },
        returned: items.length,
      },
    });
  }
  return { items: items.map(toCompanySummary), total, page: query.page, pageSize: query.pageSize };
}
