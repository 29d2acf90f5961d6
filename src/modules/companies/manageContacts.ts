import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isProgramAdmin } from '../../platform/auth/roles.ts';
import { companyScope, type CompanyScope } from '../../platform/tenancy/scope.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { Executor } from '../../platform/db/database.ts';
import { companiesRepository } from './companies.repository.ts';
import type { ContactInput, ContactPatch } from './companies.schemas.ts';
import { toContact } from './companies.presenters.ts';
import { openCompany } from './getCompany.ts';

function editScope(ctx: Ctx, companyId: string): CompanyScope {
  const scope = companyScope(ctx.actor, companyId);
  if (!isProgramAdmin(ctx.actor) && ctx.actor.role !== 'company_admin') throw new AppError('forbidden', 'you cannot edit contacts');
  return scope;
}

export async function listContacts(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string) {
  const scope = await openCompany(deps, ctx, companyId, 'contacts');
  return { items: (await companiesRepository(deps.db).contacts(scope)).map(toContact) };
}

/** Adds a contact in the caller's transaction (also used when an application is accepted). */
export async function insertContact(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, tx: Executor, scope: CompanyScope, input: ContactInput) {
  const repo = companiesRepository(deps.db);
  if (input.isPrimary) await repo.clearPrimary(scope, tx);
  const row = {
    id: newId('cct'),
    name: input.name,
    title: input.title ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    is_primary: input.isPrimary ? 1 : 0,
    created_at: deps.clock.now().toISOString(),
  };
  await repo.insertContact(scope, tx, row);
  await appendAudit(tx, deps.clock, ctx.actor, { action: 'contact.created', targetType: 'contact', targetId: row.id, companyId: scope.companyId, detail: { name: row.name } });
  return toContact({ ...row, company_id: scope.companyId });
}

export async function addContact(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, input: ContactInput) {
  const scope = editScope(ctx, companyId);
  await openCompany(deps, ctx, companyId, 'contacts');
  return deps.db.kysely.transaction().execute((tx) => insertContact(deps, ctx, tx, scope, input));
}

export async function updateContact(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, contactId: string, patch: ContactPatch) {
  const scope = editScope(ctx, companyId);
  const repo = companiesRepository(deps.db);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const before = await repo.findContact(scope, contactId, tx);
    if (!before) throw notFound('contact');
    if (patch.isPrimary) await repo.clearPrimary(scope, tx);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.isPrimary !== undefined ? { is_primary: patch.isPrimary ? 1 : 0 } : {}),
    };
    if (Object.keys(set).length > 0) await repo.updateContact(scope, tx, contactId, set);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'contact.updated', targetType: 'contact', targetId: contactId, companyId, detail: { fields: Object.keys(set) } });
    return toContact({ ...before, ...set });
  });
}

export async function removeContact(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, contactId: string) {
  const scope = editScope(ctx, companyId);
  const repo = companiesRepository(deps.db);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const before = await repo.findContact(scope, contactId, tx);
    if (!before) throw notFound('contact');
    await repo.deleteContact(scope, tx, contactId);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'contact.deleted', targetType: 'contact', targetId: contactId, companyId, detail: { name: before.name } });
  });
}
