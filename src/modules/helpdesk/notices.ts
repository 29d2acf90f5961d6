/**
 * Bulk notices: when malware is in the news, staff send one templated notice to all companies (or a
 * filtered set) by mail and in-app. Each mail has its own Message-ID, so a reply becomes a case of
 * that company (see mail-intake threadTarget).
 */
import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isCompanyRole } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { isCaseWorker } from './cases.ts';

export interface NoticeFilter {
  status?: string[];
  group?: string[];
  industry?: string[];
  companyIds?: string[];
}

export async function sendNotice(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>,
  ctx: Ctx,
  n: { title: string; body: string; filter: NoticeFilter },
): Promise<{ id: string; recipients: number; mailed: number }> {
  if (!isCaseWorker(ctx.actor)) throw new AppError('forbidden', 'only staff send notices');
  const k = deps.db.kysely;
  let q = k.selectFrom('companies').select(['id', 'name', 'email']);
  const f = n.filter;
  // Default audience: companies in the program (active).
  q = q.where('status', 'in', f.status?.length ? f.status : ['active']);
  if (f.group?.length) q = q.where('maturity_group', 'in', f.group);
  if (f.industry?.length) q = q.where('industry', 'in', f.industry);
  if (f.companyIds?.length) q = q.where('id', 'in', f.companyIds);
  const companies = await q.orderBy('name').execute();
  if (companies.length === 0) throw new AppError('validation_failed', 'no company matches this filter', { fields: [{ path: 'filter', message: 'no recipients' }] });
  const id = newId('ntc');
  const now = deps.clock.now().toISOString();
  const domain = deps.config.helpdesk.address.split('@')[1] ?? 'otasuke.local';
  const ids = companies.map((c) => c.id);
  const [admins, contacts] = await Promise.all([
    k.selectFrom('users').select(['company_id', 'email']).where('company_id', 'in', ids).where('role', '=', 'company_admin').where('status', '!=', 'disabled').execute(),
    k.selectFrom('company_contacts').select(['company_id', 'email']).where('company_id', 'in', ids).where('email', 'is not', null).execute(),
  ]);
  const addresses = new Map<string, Set<string>>();
  for (const r of [...admins, ...contacts, ...companies.map((c) => ({ company_id: c.id, email: c.email }))]) {
    if (!r.email || !r.company_id) continue;
    const set = addresses.get(r.company_id) ?? new Set<string>();
    set.add(r.email.toLowerCase());
    addresses.set(r.company_id, set);
  }
  const rows: { notice_id: string; company_id: string; email: string | null; message_id: string | null; status: string }[] = [];
  let mailed = 0;
  let seq = 0;
  for (const c of companies) {
    const emails = [...(addresses.get(c.id) ?? [])];
    if (emails.length === 0) rows.push({ notice_id: id, company_id: c.id, email: null, message_id: null, status: 'in_app' });
    for (const to of emails) {
      const messageId = `<notice.${id}.${++seq}@${domain}>`;
      try {
        await deps.mailer.send({
          to,
          subject: `【お助け隊】${n.title}`,
          text: `${c.name} 御中\n\n${n.body}\n\n--\n${t('ja', 'helpdesk.mail.noticeFooter')}\n${deps.config.helpdesk.address}`,
          replyTo: deps.config.helpdesk.address,
          messageId,
        });
        mailed++;
        rows.push({ notice_id: id, company_id: c.id, email: to, message_id: messageId, status: 'sent' });
      } catch (e) {
        deps.logger.warn({ err: e, to }, 'notice mail failed');
        rows.push({ notice_id: id, company_id: c.id, email: to, message_id: messageId, status: 'failed' });
      }
    }
  }
  await k.transaction().execute(async (tx) => {
    await tx.insertInto('notices').values({ id, title: n.title, body: n.body, filter: JSON.stringify(f), recipients: companies.length, mailed, created_by: ctx.actor.userId, sent_at: now }).execute();
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('notice_recipients').values(rows.slice(i, i + 200)).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'notice.sent', targetType: 'notice', targetId: id, detail: { recipients: companies.length, mailed, filter: f } });
  });
  return { id, recipients: companies.length, mailed };
}

export async function listNotices(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { page: number; pageSize: number }): Promise<Page<{ id: string; title: string; body: string; sentAt: string; recipients: number; mailed: number }>> {
  const k = deps.db.kysely;
  let query = k.selectFrom('notices as n');
  if (isCompanyRole(ctx.actor.role)) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('notice_recipients as r').select('r.notice_id').whereRef('r.notice_id', '=', 'n.id').where('r.company_id', '=', ctx.actor.companyId ?? '-')),
    );
  } else if (!isCaseWorker(ctx.actor)) {
    throw new AppError('forbidden', 'this role cannot read notices');
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.select(['n.id', 'n.title', 'n.body', 'n.sent_at', 'n.recipients', 'n.mailed']).orderBy('n.sent_at', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const customer = isCompanyRole(ctx.actor.role);
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, sentAt: r.sent_at, recipients: customer ? 1 : Number(r.recipients), mailed: customer ? 0 : Number(r.mailed) })),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}
