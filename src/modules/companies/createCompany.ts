import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids/ids.ts';
import { companyScope, type AllCompaniesScope } from '../../platform/tenancy/scope.ts';
import { companiesRepository, type CompanyRow } from './companies.repository.ts';
import type { CompanyInput } from './companies.schemas.ts';
import { toCompany } from './companies.presenters.ts';
import type { CompanyStatus } from './reference-codes.ts';
import { companySearchText } from './search-text.ts';

/** Program office only: the scope that allows creating companies. */
export function programScope(ctx: Ctx): AllCompaniesScope {
  if (!isProgramAdmin(ctx.actor)) throw new AppError('forbidden', 'only the program office can do this');
  return { actor: ctx.actor } as unknown as AllCompaniesScope;
}

/** Inserts a company with its first participation-history row and an audit row, in the caller's transaction. */
export async function insertCompany(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: Ctx,
  tx: Executor,
  input: CompanyInput,
  status: CompanyStatus = 'applied',
  extra: { note?: string; applicationId?: string } = {},
): Promise<CompanyRow> {
  const scope = programScope(ctx);
  const now = deps.clock.now().toISOString();
  const row: CompanyRow = {
    id: newId('cmp'),
    name: input.name,
    industry: input.industry,
    employees_band: input.employeesBand,
    pc_count: input.pcCount ?? null,
    sites: input.sites ?? null,
    referral_route: input.referralRoute ?? null,
    status,
    maturity_group: input.group ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    website: input.website ?? null,
    withdrawal_reason: null,
    withdrawal_note: null,
    created_at: now,
    updated_at: now,
    search_text: companySearchText({ name: input.name, email: input.email ?? null, address: input.address ?? null, phone: input.phone ?? null }),
  };
  const repo = companiesRepository(deps.db);
  await repo.insert(scope, tx, row);
  const cs = companyScope(ctx.actor, row.id);
  await repo.addHistory(cs, tx, {
    id: newId('csh'),
    from_status: null,
    to_status: status,
    reason_code: null,
    note: extra.note ?? null,
    actor_id: ctx.actor.userId,
    at: now,
  });
  await appendAudit(tx, deps.clock, ctx.actor, {
    action: 'company.created',
    targetType: 'company',
    targetId: row.id,
    companyId: row.id,
    detail: { name: row.name, status, ...(extra.applicationId ? { applicationId: extra.applicationId } : {}) },
  });
  return row;
}

export async function createCompany(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, input: CompanyInput) {
  programScope(ctx);
  const row = await deps.db.kysely.transaction().execute((tx) => insertCompany(deps, ctx, tx, input));
  return toCompany(row);
}
