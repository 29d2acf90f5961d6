import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { companiesRepository, type CompanyRow } from './companies.repository.ts';
import type { CompanyPatch } from './companies.schemas.ts';
import { toCompany } from './companies.presenters.ts';
import { companySearchText } from './search-text.ts';

const columnOf: Record<keyof CompanyPatch, keyof CompanyRow> = {
  name: 'name',
  industry: 'industry',
  employeesBand: 'employees_band',
  pcCount: 'pc_count',
  sites: 'sites',
  referralRoute: 'referral_route',
  address: 'address',
  phone: 'phone',
  email: 'email',
  website: 'website',
  group: 'maturity_group',
};

/** Program office edits any field; a company admin edits its own profile but not its group or referral route. */
export async function updateCompany(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, patch: CompanyPatch) {
  const scope = companyScope(ctx.actor, companyId);
  const isAdmin = isProgramAdmin(ctx.actor);
  if (!isAdmin && ctx.actor.role !== 'company_admin') throw new AppError('forbidden', 'you cannot edit this company');
  if (!isAdmin && (patch.group !== undefined || patch.referralRoute !== undefined)) {
    throw new AppError('forbidden', 'only the program office can change the group or referral route');
  }
  const repo = companiesRepository(deps.db);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const before = await repo.findById(scope, tx);
    if (!before) throw notFound('company');
    const set: Partial<CompanyRow> = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch) as [keyof CompanyPatch, unknown][]) {
      if (value === undefined) continue;
      const col = columnOf[key];
      if (before[col] === value) continue;
      (set as Record<string, unknown>)[col] = value;
      changes[key] = { from: before[col], to: value };
    }
    if (Object.keys(set).length === 0) return toCompany(before);
    const after = { ...before, ...set };
    set.search_text = companySearchText(after);
    set.updated_at = deps.clock.now().toISOString();
    await repo.update(scope, tx, set);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'company.updated', targetType: 'company', targetId: companyId, companyId, detail: { changes } });
    return toCompany({ ...before, ...set });
  });
}
