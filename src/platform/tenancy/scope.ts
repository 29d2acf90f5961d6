import { AppError } from '../http/app-error.ts';
import { canReadAllCompanies, isCompanyRole, type Actor } from '../auth/roles.ts';

declare const companyScopeBrand: unique symbol;
declare const allCompaniesBrand: unique symbol;

/**
 * Proof that the actor may touch one company's data. Repositories of company-owned tables take a
 * CompanyScope instead of a bare id, so a query without a checked company cannot be written.
 */
export interface CompanyScope {
  readonly companyId: string;
  readonly actor: Actor;
  /** True when staff reach into a company (such reads are audited). */
  readonly isStaffAccess: boolean;
  readonly [companyScopeBrand]: true;
}

/** Proof that the actor may list across companies (program office and the service's staff). */
export interface AllCompaniesScope {
  readonly actor: Actor;
  readonly [allCompaniesBrand]: true;
}

export type ListScope = { kind: 'all'; scope: AllCompaniesScope } | { kind: 'one'; scope: CompanyScope };

/**
 * Company users reach only their own company; staff with a company-reading role reach any.
 * Everyone else gets `not_found`, the same answer as for a company that does not exist.
 */
export function companyScope(actor: Actor, companyId: string): CompanyScope {
  if (isCompanyRole(actor.role)) {
    if (actor.companyId !== companyId) throw new AppError('not_found', 'company not found');
    return { companyId, actor, isStaffAccess: false } as unknown as CompanyScope;
  }
  if (canReadAllCompanies(actor)) return { companyId, actor, isStaffAccess: true } as unknown as CompanyScope;
  throw new AppError('not_found', 'company not found');
}

export function listScope(actor: Actor): ListScope {
  if (isCompanyRole(actor.role) && actor.companyId) return { kind: 'one', scope: companyScope(actor, actor.companyId) };
  if (canReadAllCompanies(actor)) return { kind: 'all', scope: { actor } as unknown as AllCompaniesScope };
  throw new AppError('forbidden', 'this role cannot list companies');
}
