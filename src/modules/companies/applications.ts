import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids/ids.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { insertUser, sendInvite } from '../accounts/createUser.ts';
import { applicationsRepository, type ApplicationRow } from './companies.repository.ts';
import type { ApplicationDto, ApplicationInput, CompanyDto } from './companies.schemas.ts';
import { toApplication, toCompany } from './companies.presenters.ts';
import { insertCompany, programScope } from './createCompany.ts';
import { insertContact } from './manageContacts.ts';

/** "株式会社 テスト" and "株式会社テスト" and full-width letters count as the same company. */
export function companyNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Public: anyone can apply. Duplicates (same e-mail or company name still open) are refused. */
export async function submitApplication(deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'logger'>, ctx: Ctx, input: ApplicationInput): Promise<ApplicationDto> {
  const repo = applicationsRepository(deps.db);
  const nameKey = companyNameKey(input.companyName);
  const row = await deps.db.kysely.transaction().execute(async (tx) => {
    const dup = await repo.findOpenDuplicate(tx, input.email, nameKey);
    if (dup) throw new AppError('duplicate_application', 'an application from this company or e-mail address has already been received');
    const r: ApplicationRow = {
      id: newId('app'),
      company_name: input.companyName,
      industry: input.industry,
      employees_band: input.employeesBand,
      pc_count: input.pcCount,
      sites: input.sites,
      contact_name: input.contactName,
      contact_title: input.contactTitle ?? null,
      phone: input.phone,
      email: input.email,
      address: input.address ?? null,
      referral_route: input.referralRoute,
      referral_note: input.referralNote ?? null,
      status: 'pending',
      created_at: deps.clock.now().toISOString(),
      decided_at: null,
      decided_by: null,
      decision_note: null,
      company_id: null,
      name_key: nameKey,
    };
    await repo.insert(tx, r);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'application.submitted', targetType: 'application', targetId: r.id, detail: { companyName: r.company_name, referralRoute: r.referral_route } });
    return r;
  });
  const vars = { name: row.contact_name, company: row.company_name, id: row.id };
  await deps.mailer
    .send({ to: row.email, subject: t('ja', 'mail.applicationReceived.subject', vars), text: `${t('ja', 'mail.applicationReceived.body', vars)}\n\n--\n${t('ja', 'mail.footer')}\n` })
    .catch((e: Error) => deps.logger.warn({ err: e.message, application: row.id }, 'could not send the application receipt'));
  return toApplication(row);
}

export async function listApplications(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { status?: string; page: number; pageSize: number }): Promise<Page<ApplicationDto>> {
  const scope = programScope(ctx);
  const { items, total } = await applicationsRepository(deps.db).list(scope, q.status, q.page, q.pageSize);
  return { items: items.map(toApplication), total, page: q.page, pageSize: q.pageSize };
}

export async function getApplication(deps: Pick<Deps, 'db'>, ctx: Ctx, id: string) {
  const row = await applicationsRepository(deps.db).findById(programScope(ctx), id);
  if (!row) throw notFound('application');
  return toApplication(row);
}

/**
 * Accepting creates the company (status `applied`), its primary contact and a company_admin user,
 * all in one transaction; the invitation mail goes out after the commit.
 */
export async function acceptApplication(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>, ctx: Ctx, id: string, note?: string) {
  const scope = programScope(ctx);
  const repo = applicationsRepository(deps.db);
  const result = await deps.db.kysely.transaction().execute(async (tx) => {
    const app = await repo.findById(scope, id, tx);
    if (!app) throw notFound('application');
    if (app.status !== 'pending') throw new AppError('already_decided', `this application is already ${app.status}`);
    const company = await insertCompany(
      deps,
      ctx,
      tx,
      {
        name: app.company_name,
        industry: app.industry as never,
        employeesBand: app.employees_band as never,
        pcCount: Number(app.pc_count),
        sites: Number(app.sites),
        referralRoute: app.referral_route as never,
        address: app.address ?? undefined,
        phone: app.phone,
        email: app.email,
      },
      'applied',
      { note, applicationId: app.id },
    );
    const cs = companyScope(ctx.actor, company.id);
    await insertContact(deps, ctx, tx, cs, { name: app.contact_name, title: app.contact_title ?? undefined, phone: app.phone, email: app.email, isPrimary: true });
    const invited = await insertUser(deps, ctx, tx, { email: app.email, name: app.contact_name, role: 'company_admin', companyId: company.id });
    const decided = { status: 'accepted', decided_at: deps.clock.now().toISOString(), decided_by: ctx.actor.userId, decision_note: note ?? null, company_id: company.id };
    if (!(await repo.decide(tx, app.id, decided))) throw new AppError('already_decided', 'this application was decided by someone else');
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'application.accepted', targetType: 'application', targetId: app.id, companyId: company.id, detail: { note: note ?? null } });
    return { app: { ...app, ...decided }, company, invited };
  });
  if (result.invited.inviteToken) await sendInvite(deps, result.invited.user, result.invited.inviteToken, result.company.name);
  return { application: toApplication(result.app), company: toCompany(result.company) as CompanyDto };
}

export async function rejectApplication(deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'logger'>, ctx: Ctx, id: string, reason: string) {
  const scope = programScope(ctx);
  const repo = applicationsRepository(deps.db);
  const app = await deps.db.kysely.transaction().execute(async (tx) => {
    const a = await repo.findById(scope, id, tx);
    if (!a) throw notFound('application');
    const decided = { status: 'rejected', decided_at: deps.clock.now().toISOString(), decided_by: ctx.actor.userId, decision_note: reason, company_id: null };
    if (a.status !== 'pending' || !(await repo.decide(tx, a.id, decided))) throw new AppError('already_decided', `this application is already ${a.status}`);
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'application.rejected', targetType: 'application', targetId: a.id, detail: { reason } });
    return { ...a, ...decided };
  });
  const vars = { name: app.contact_name, company: app.company_name, reason };
  await deps.mailer
    .send({ to: app.email, subject: t('ja', 'mail.applicationRejected.subject', vars), text: `${t('ja', 'mail.applicationRejected.body', vars)}\n\n--\n${t('ja', 'mail.footer')}\n` })
    .catch((e: Error) => deps.logger.warn({ err: e.message, application: app.id }, 'could not send the rejection mail'));
  return { application: toApplication(app) };
}
