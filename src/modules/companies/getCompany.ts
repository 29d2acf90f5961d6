import type { Deps, Ctx } from '../../platform/deps.ts';
import { notFound } from '../../platform/http/app-error.ts';
import { companyScope, type CompanyScope } from '../../platform/tenancy/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { companiesRepository } from './companies.repository.ts';
import { toCompany } from './companies.presenters.ts';

/** Checks access, then records a staff read of the company's data in the audit log. */
export async function openCompany(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, what: string): Promise<CompanyScope> {
  const scope = companyScope(ctx.actor, companyId);
  const row = await companiesRepository(deps.db).findById(scope);
  if (!row) throw notFound('company');
  if (scope.isStaffAccess && ctx.actor.role !== 'system') {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'company.viewed', targetType: 'company', targetId: companyId, companyId, detail: { what } });
  }
  return scope;
}

export async function getCompany(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string) {
  const scope = await openCompany(deps, ctx, companyId, 'profile');
  const row = await companiesRepository(deps.db).findById(scope);
  if (!row) throw notFound('company');
  return toCompany(row);
}
