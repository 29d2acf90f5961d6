/**
 * Messages on a case: staff replies (mailed to the customer and recorded), internal notes, call
 * notes, and customer replies from the web. The first staff reply or call stops the first-response clock.
 */
import type { Deps, Ctx } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { isCompanyRole } from '../../platform/auth/roles.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { addCaseEvent } from './case-links.ts';
import { changeStatus, isCaseWorker, loadCase } from './cases.ts';

export function helpdeskMessageId(caseNumber: string, eventId: string, address: string): string {
  const domain = address.split('@')[1] ?? 'otasuke.local';
  return `<${caseNumber.toLowerCase()}.${eventId}@${domain}>`;
}

export async function postMessage(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>,
  ctx: Ctx,
  caseId: string,
  m: { kind: 'reply' | 'note' | 'call_note'; body: string; kbArticleId?: string },
) {
  const { actor } = ctx;
  const customer = isCompanyRole(actor.role);
  if (customer && m.kind !== 'reply') throw new AppError('forbidden', 'company users can only reply');
  if (!customer && !isCaseWorker(actor)) throw new AppError('not_found', 'case not found');
  type MailOut = { to: string; subject: string; text: string; messageId: string; inReplyTo?: string; references: string[] };
  const out: { mail: MailOut | null } = { mail: null };
  let eventId = '';
  await deps.db.kysely.transaction().execute(async (tx) => {
    const row = await loadCase(tx, actor, caseId);
    const now = deps.clock.now().toISOString();
    if (customer) {
      eventId = await addCaseEvent(tx, deps.clock, actor, { caseId, companyId: row.company_id, kind: 'message_in', body: m.body, visibility: 'public', data: { channel: 'web' }, at: now });
      // The customer answered: clocks run again, a finished case reopens.
      if (row.status === 'waiting_customer' || row.status === 'resolved' || row.status === 'closed') {
        await changeStatus(tx, deps, actor, await loadCase(tx, actor, caseId), 'in_progress');
      }
      return;
    }
    const kind = m.kind === 'reply' ? 'message_out' : m.kind;
    const data: Record<string, unknown> = {};
    if (m.kbArticleId) data.kbArticleId = m.kbArticleId;
    if (kind === 'message_out' && row.contact_email) data.mail = { to: row.contact_email, status: 'sending' };
    eventId = await addCaseEvent(tx, deps.clock, actor, {
      caseId,
      companyId: row.company_id,
      kind,
      body: m.body,
      visibility: kind === 'message_out' ? 'public' : 'internal',
      data,
      at: now,
    });
    if ((kind === 'message_out' || kind === 'call_note') && !row.first_responded_at) {
      await tx.updateTable('cases').set({ first_responded_at: now }).where('id', '=', caseId).execute();
    }
    if (row.status === 'new') await changeStatus(tx, deps, actor, row, 'in_progress');
    await appendAudit(tx, deps.clock, actor, { action: `case.${kind}`, targetType: 'case', targetId: caseId, companyId: row.company_id });
    if (kind === 'message_out' && row.contact_email) {
      const lastIn = await tx
        .selectFrom('case_events')
        .select(['message_id'])
        .where('case_id', '=', caseId)
        .where('message_id', 'is not', null)
        .orderBy('at', 'desc')
        .limit(5)
        .execute();
      const refs = lastIn.map((e) => e.message_id!).reverse();
      const messageId = helpdeskMessageId(row.number, eventId, deps.config.helpdesk.address);
      await tx.updateTable('case_events').set({ message_id: messageId }).where('id', '=', eventId).execute();
      out.mail = {
        to: row.contact_email,
        subject: t('ja', 'helpdesk.mail.replySubject', { number: row.number, subject: row.subject }),
        text: `${m.body}\n\n--\n${t('ja', 'helpdesk.mail.replyFooter', { number: row.number, address: deps.config.helpdesk.address })}`,
        messageId,
        inReplyTo: refs[refs.length - 1],
        references: refs,
      };
    }
  });
  if (out.mail) {
    const mail = out.mail;
    let status: Record<string, unknown>;
    try {
      await deps.mailer.send({ ...mail, replyTo: deps.config.helpdesk.address });
      status = { to: mail.to, status: 'sent' };
    } catch (e) {
      deps.logger.warn({ err: e, caseId }, 'reply mail failed');
      status = { to: mail.to, status: 'failed', error: (e as Error).message.slice(0, 200) };
    }
    const ev = await deps.db.kysely.selectFrom('case_events').select('data').where('id', '=', eventId).executeTakeFirstOrThrow();
    await deps.db.kysely
      .updateTable('case_events')
      .set({ data: JSON.stringify({ ...(JSON.parse(ev.data) as object), mail: status }) })
      .where('id', '=', eventId)
      .execute();
  }
  const ev = await deps.db.kysely.selectFrom('case_events').select(['id', 'kind', 'at', 'actor_name', 'visibility', 'body', 'data']).where('id', '=', eventId).executeTakeFirstOrThrow();
  return { id: ev.id, kind: ev.kind, at: ev.at, actorName: ev.actor_name, visibility: ev.visibility as 'public' | 'internal', body: ev.body, data: JSON.parse(ev.data) as Record<string, unknown> };
}
