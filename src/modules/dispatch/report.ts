import { createHash } from 'node:crypto';
import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { isCompanyRole } from '../../platform/auth/roles.ts';
import { companyScope } from '../../platform/tenancy/scope.ts';
import { appendAudit, audit, auditRepeatedRead } from '../../platform/audit/audit.ts';
import { formatJst } from '../../platform/clock/clock.ts';
import { t, type Locale } from '../../platform/i18n/i18n.ts';
import type { OutgoingMail } from '../../platform/mail/mailer.ts';
import { addCaseEvent, closeCase, findCase } from '../helpdesk/case-links.ts';
import { dispatchRepository, type DispatchListRow } from './dispatch.repository.ts';
import { actorName, loadDispatch, requireFieldWorker, requireStatus } from './dispatch.access.ts';
import { reportInput, type DispatchDetailDto, type ReportDto, type SentReportDto } from './dispatch.schemas.ts';
import { parseReport, toDetail, toEvidence } from './dispatch.presenters.ts';
import { renderReportPdf } from './report-pdf.ts';
import { reloadDetail } from './dispatches.ts';

/** Writes (or rewrites) the report's text until it is sent: four plain-language parts and a technical appendix. */
export async function saveReport(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, body: import('zod').input<typeof reportInput>): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  const input = reportInput.parse(body);
  requireStatus(row, ['on_site'], 'writing the report');
  const now = deps.clock.now().toISOString();
  const report: ReportDto = { ...input, updatedAt: now, updatedBy: await actorName(deps, ctx.actor), sentTo: null, sentSha256: null };
  await deps.db.kysely.transaction().execute(async (tx) => {
    if (!(await dispatchRepository(deps.db).updateDispatch(tx, id, { report: JSON.stringify(report), updated_at: now }, ['on_site']))) {
      throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    }
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'dispatch.report_saved', targetType: 'dispatch', targetId: id, companyId: row.company_id, detail: { number: row.number } });
  });
  return reloadDetail(deps, id);
}

async function buildPdf(deps: Pick<Deps, 'db' | 'clock'>, row: DispatchListRow, locale: Locale): Promise<Buffer> {
  const repo = dispatchRepository(deps.db);
  const [evidence, custody, company] = await Promise.all([repo.listEvidence(row.id), repo.listCustody(row.id), repo.findCompany(row.company_id)]);
  return renderReportPdf(
    {
      dispatch: toDetail(row),
      evidence: evidence.map((e) => toEvidence(e, custody)),
      companyName: company?.name ?? row.company_name ?? '',
      caseNumber: row.case_number,
      generatedAt: deps.clock.now().toISOString(),
    },
    locale,
  );
}

/**
 * The report as a PDF (a draft until sent). Staff reach it as they reach the dispatch; the company's
 * own users only once it has been sent to them (before that, and for other companies: 404).
 * Every download is audited.
 */
export async function reportPdf(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string, locale: Locale = 'ja'): Promise<{ filename: string; pdf: Buffer }> {
  const row = isCompanyRole(ctx.actor.role) ? await loadSentReport(deps, ctx, id) : await loadDispatch(deps, ctx.actor, id);
  const pdf = await buildPdf(deps, row, locale);
  if (ctx.actor.role !== 'system') {
    await audit(deps.db, deps.clock, ctx.actor, { action: 'dispatch.report_downloaded', targetType: 'dispatch', targetId: id, companyId: row.company_id, detail: { number: row.number, locale, sha256: sha256(pdf) } });
  }
  return { filename: `report-${row.number}.pdf`, pdf };
}

async function loadSentReport(deps: Pick<Deps, 'db'>, ctx: Ctx, id: string): Promise<DispatchListRow> {
  if (!ctx.actor.companyId) throw notFound('dispatch');
  const row = await dispatchRepository(deps.db).findSentReport(companyScope(ctx.actor, ctx.actor.companyId), id);
  if (!row) throw notFound('dispatch');
  return row;
}

/** The on-site reports a company has been sent, newest first (its own users, and staff who may read the company). */
export async function listSentReports(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, companyId: string, page: number, pageSize: number): Promise<Page<SentReportDto>> {
  const scope = companyScope(ctx.actor, companyId);
  const { items, total } = await dispatchRepository(deps.db).sentReportsOfCompany(scope, page, pageSize);
  if (scope.isStaffAccess) await auditRepeatedRead(deps.db, deps.clock, ctx.actor, { action: 'dispatch.reports_listed', targetType: 'company', targetId: companyId, companyId });
  return {
    items: items.map((r) => ({
      id: r.id,
      number: r.number,
      request: r.request,
      visitAt: r.arrived_at ?? r.visit_at,
      reportSentAt: r.report_sent_at!,
      caseNumber: r.case_number,
      caseSubject: r.case_subject,
    })),
    total,
    page,
    pageSize,
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Where the company reads its mail: the case's contact, the primary contact and the company address; else its admins. */
async function recipients(deps: Pick<Deps, 'db'>, row: DispatchListRow, caseContact: string | null): Promise<string[]> {
  const repo = dispatchRepository(deps.db);
  const [company, primary] = await Promise.all([repo.findCompany(row.company_id), repo.primaryContactEmails(row.company_id)]);
  let list = [caseContact, ...primary.map((p) => p.email), company?.email ?? null];
  if (!list.some(Boolean)) list = (await repo.companyAdminEmails(row.company_id)).map((u) => u.email);
  return [...new Set(list.filter((e): e is string => !!e).map((e) => e.trim().toLowerCase()))];
}

/**
 * Mails the report (PDF attached) to the company, marks the dispatch `reported` and closes the case.
 * The mail goes out first: if it cannot be sent, nothing changes and the step can be repeated.
 */
export async function sendReport(deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'config'>, ctx: Ctx, id: string): Promise<DispatchDetailDto> {
  const row = await loadDispatch(deps, ctx.actor, id);
  requireFieldWorker(ctx.actor, row);
  requireStatus(row, ['on_site'], 'sending the report');
  const report = parseReport(row.report);
  if (!report || !report.whatHappened.trim() || !report.whatDone.trim() || !report.whatNext.trim()) {
    throw new AppError('validation_failed', 'write the report first (what happened, what was done, what to do now)', { fields: [{ path: 'report', message: 'required before sending' }] });
  }
  const kase = await findCase(deps.db.kysely, row.case_id);
  const to = await recipients(deps, row, kase?.contactEmail ?? null);
  if (to.length === 0) throw new AppError('conflict', 'the company has no e-mail address to send the report to; add a contact with an e-mail address first');

  const locale: Locale = 'ja';
  const pdf = await buildPdf(deps, row, locale);
  const hash = sha256(pdf);
  const company = await dispatchRepository(deps.db).findCompany(row.company_id);
  const vars = {
    company: company?.name ?? row.company_name ?? '',
    number: row.number,
    caseNumber: row.case_number ?? '',
    visitDate: row.arrived_at ? formatJst(row.arrived_at, locale) : row.visit_at ? formatJst(row.visit_at, locale) : '',
    whatHappened: report.whatHappened,
    whatNext: report.whatNext,
  };
  const mail: OutgoingMail = {
    to: to.join(', '),
    // Replies go to the help desk's mailbox and thread into the case (Message-ID stored on the case event).
    replyTo: deps.config.helpdesk.address,
    subject: t(locale, 'dispatch.mail.report.subject', vars),
    text: `${t(locale, 'dispatch.mail.report.body', vars)}\n\n--\n${t(locale, 'mail.footer')}\n`,
    attachments: [{ filename: `report-${row.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
  };
  const sent = await deps.mailer.send(mail);

  const now = deps.clock.now().toISOString();
  const finalReport: ReportDto = { ...report, sentTo: to, sentSha256: hash };
  await deps.db.kysely.transaction().execute(async (tx) => {
    const ok = await dispatchRepository(deps.db).updateDispatch(tx, id, { status: 'reported', report_sent_at: now, report: JSON.stringify(finalReport), updated_at: now }, ['on_site']);
    if (!ok) throw new AppError('conflict', `dispatch ${row.number} was changed meanwhile; reload it`);
    await addCaseEvent(tx, deps.clock, ctx.actor, {
      caseId: row.case_id,
      companyId: row.company_id,
      kind: 'dispatch_linked',
      visibility: 'public',
      body: t('ja', 'dispatch.case.reportSent', { number: row.number }),
      data: { dispatchId: id, number: row.number, status: 'reported', to, sha256: hash },
      messageId: sent.messageId ?? null,
      at: now,
    });
    await closeCase(tx, deps.clock, ctx.actor, row.case_id, t('ja', 'dispatch.case.closed', { number: row.number }));
    await appendAudit(tx, deps.clock, ctx.actor, {
      action: 'dispatch.report_sent',
      targetType: 'dispatch',
      targetId: id,
      companyId: row.company_id,
      detail: { number: row.number, to, sha256: hash, size: pdf.length, messageId: sent.messageId },
    });
  });
  return reloadDetail(deps, id);
}
