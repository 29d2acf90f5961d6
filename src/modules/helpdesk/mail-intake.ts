/**
 * Mail in: a mail to the help-desk address becomes a case of the sender's company, or is threaded
 * into an existing case (reference headers, or a case number in the subject), or — when the sender
 * is unknown, the mail is too large, malformed or part of a flood — is kept in quarantine.
 * HTML is never stored or rendered: only the text version is kept (mailparser derives it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Deps, Ctx, Page } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { systemActor, type Actor } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/ids/ids.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { addCaseEvent } from './case-links.ts';
import { changeStatus, getCase, insertCase, isCaseWorker, loadCase } from './cases.ts';
import { addAttachment } from './attachments.ts';
import type { CaseDetail } from './helpdesk.schemas.ts';
import { markBounced } from '../reporting/weekly-send.ts';

type IntakeDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>;

export type IntakeOutcome =
  | { outcome: 'case_created'; caseId: string; number: string }
  | { outcome: 'threaded'; caseId: string; number: string }
  | { outcome: 'duplicate'; caseId: string }
  | { outcome: 'quarantined'; quarantineId: string; reason: string };

export interface Envelope {
  mailFrom: string | null;
  remoteAddress?: string | null;
}

const MAX_ATTACHMENTS = 20;
const CASE_NUMBER = /\bC-(\d{6,})\b/;

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const obj of list) for (const v of obj.value) if (v.address) return { address: v.address.toLowerCase(), name: v.name ?? '' };
  return null;
}

function referencesOf(m: ParsedMail): string[] {
  const refs = Array.isArray(m.references) ? m.references : m.references ? [m.references] : [];
  return [...new Set([...(m.inReplyTo ? [m.inReplyTo] : []), ...refs].map((r) => r.trim()).filter(Boolean))].slice(0, 50);
}

/** Per-sender flood guard (mail bombs): a sliding one-hour window in memory. */
class SenderRate {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly perHour: number) {}
  allow(sender: string, now: number): boolean {
    const from = now - 3_600_000;
    const list = (this.seen.get(sender) ?? []).filter((t) => t > from);
    if (list.length >= this.perHour) {
      this.seen.set(sender, list);
      return false;
    }
    list.push(now);
    this.seen.set(sender, list);
    if (this.seen.size > 10_000) this.seen.clear();
    return true;
  }
}

export class MailIntake {
  private readonly rate: SenderRate;
  constructor(private readonly deps: IntakeDeps) {
    this.rate = new SenderRate(deps.config.helpdesk.mailsPerSenderPerHour);
  }

  private quarantineDir() {
    return path.join(this.deps.config.dataDir, 'mail', 'quarantine');
  }

  async quarantine(reason: string, meta: { from: string; subject: string; size: number }, raw: Buffer | null): Promise<IntakeOutcome> {
    const id = newId('mq');
    let rawFile: string | null = null;
    if (raw) {
      mkdirSync(this.quarantineDir(), { recursive: true });
      rawFile = `${id}.eml`;
      writeFileSync(path.join(this.quarantineDir(), rawFile), raw);
    }
    await this.deps.db.kysely.transaction().execute(async (tx) => {
      await tx
        .insertInto('mail_quarantine')
        .values({ id, received_at: this.deps.clock.now().toISOString(), mail_from: meta.from.slice(0, 320), subject: meta.subject.slice(0, 500), reason, size: meta.size, status: 'held', raw_file: rawFile, case_id: null })
        .execute();
      await appendAudit(tx, this.deps.clock, systemActor, { action: 'mail.quarantined', targetType: 'mail', targetId: id, detail: { reason, from: meta.from.slice(0, 320) } });
    });
    this.deps.logger.info({ id, reason, from: meta.from }, 'mail quarantined');
    return { outcome: 'quarantined', quarantineId: id, reason };
  }

  /** Records that a mail over the size limit arrived (the SMTP session refuses it; nothing is stored). */
  async tooLarge(envelope: Envelope, size: number): Promise<IntakeOutcome> {
    return this.quarantine('too_large', { from: envelope.mailFrom ?? '', subject: '', size }, null);
  }

  async receive(raw: Buffer, envelope: Envelope): Promise<IntakeOutcome> {
    const size = raw.length;
    if (size > this.deps.config.helpdesk.maxMailBytes) return this.tooLarge(envelope, size);
    let mail: ParsedMail;
    try {
      mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
    } catch {
      return this.quarantine('malformed', { from: envelope.mailFrom ?? '', subject: '', size }, raw);
    }
    const from = firstAddress(mail.from) ?? (envelope.mailFrom ? { address: envelope.mailFrom.toLowerCase(), name: '' } : null);
    const subject = (mail.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
    const bounce = bounceOf(mail);
    if (bounce) {
      // A delivery failure of one of our own mails (a weekly report): staff see it on the send list.
      await markBounced(this.deps.db.kysely, this.deps.clock, bounce.messageId, bounce.reason);
      return this.quarantine('bounce', { from: from?.address ?? envelope.mailFrom ?? '', subject, size }, raw);
    }
    if (!from) return this.quarantine('malformed', { from: '', subject, size }, raw);
    if (!this.rate.allow(from.address, this.deps.clock.now().getTime())) return this.quarantine('rate_limited', { from: from.address, subject, size }, raw);
    const sender = await this.findSender(from.address);
    if (!sender) return this.quarantine('unknown_sender', { from: from.address, subject, size }, raw);
    return this.intoCase(mail, raw, sender, from, subject);
  }

  private async findSender(address: string): Promise<{ companyId: string; name: string; userId: string | null } | null> {
    const k = this.deps.db.kysely;
    const user = await k
      .selectFrom('users')
      .select(['id', 'company_id', 'name'])
      .where('email', '=', address)
      .where('company_id', 'is not', null)
      .where('status', '!=', 'disabled')
      .executeTakeFirst();
    if (user?.company_id) return { companyId: user.company_id, name: user.name, userId: user.id };
    const contact = await k.selectFrom('company_contacts').select(['company_id', 'name']).where('email', '=', address).executeTakeFirst();
    if (contact) return { companyId: contact.company_id, name: contact.name, userId: null };
    const company = await k.selectFrom('companies').select(['id', 'name']).where('email', '=', address).executeTakeFirst();
    if (company) return { companyId: company.id, name: company.name, userId: null };
    return null;
  }

  /** The case this mail continues, if any: by reference headers, then by a case number in the subject. */
  private async threadTarget(tx: Executor, companyId: string, refs: string[], subject: string): Promise<{ caseId?: string; noticeId?: string }> {
    if (refs.length) {
      const ev = await tx.selectFrom('case_events').select('case_id').where('company_id', '=', companyId).where('message_id', 'in', refs).orderBy('at', 'desc').executeTakeFirst();
      if (ev) return { caseId: ev.case_id };
    }
    const m = CASE_NUMBER.exec(subject);
    if (m) {
      const c = await tx.selectFrom('cases').select('id').where('number', '=', `C-${m[1]}`).where('company_id', '=', companyId).executeTakeFirst();
      if (c) return { caseId: c.id };
    }
    if (refs.length) {
      const n = await tx.selectFrom('notice_recipients').select('notice_id').where('company_id', '=', companyId).where('message_id', 'in', refs).executeTakeFirst();
      if (n) return { noticeId: n.notice_id };
    }
    return {};
  }

  private async intoCase(mail: ParsedMail, raw: Buffer, sender: { companyId: string; name: string; userId: string | null }, from: { address: string; name: string }, subject: string): Promise<IntakeOutcome> {
    const deps = this.deps;
    const actor: Actor = { userId: sender.userId, role: 'system', companyId: sender.companyId, email: from.address, ip: null };
    const messageId = mail.messageId?.trim() || null;
    const body = (mail.text ?? '').replace(/\r\n/g, '\n').trim().slice(0, 200_000);
    const refs = referencesOf(mail);
    const now = deps.clock.now().toISOString();
    const maxAtt = deps.config.helpdesk.maxAttachmentBytes;
    const result = await deps.db.kysely.transaction().execute(async (tx): Promise<IntakeOutcome & { ack?: { number: string } }> => {
      if (messageId) {
        const dup = await tx.selectFrom('case_events').select('case_id').where('company_id', '=', sender.companyId).where('message_id', '=', messageId).executeTakeFirst();
        if (dup) return { outcome: 'duplicate', caseId: dup.case_id };
      }
      const target = await this.threadTarget(tx, sender.companyId, refs, subject);
      const skipped = mail.attachments.filter((a) => a.size > maxAtt).map((a) => ({ name: a.filename ?? 'attachment', size: a.size }));
      const notes = skipped.map((s) => t('ja', 'helpdesk.mail.skippedAttachment', { name: s.name, size: s.size }));
      const fullBody = [body || '（本文なし）', ...notes].join('\n\n');
      const data = { from: from.address, fromName: from.name, subject, ...(target.noticeId ? { noticeId: target.noticeId } : {}), ...(skipped.length ? { skippedAttachments: skipped } : {}) };
      let caseId: string;
      let number: string;
      let eventId: string;
      let created = false;
      if (target.caseId) {
        const row = await loadCase(tx, { ...actor, role: 'system' }, target.caseId);
        caseId = row.id;
        number = row.number;
        eventId = await addCaseEvent(tx, deps.clock, actor, { caseId, companyId: sender.companyId, kind: 'message_in', body: fullBody, visibility: 'public', data: { ...data, channel: 'mail' }, messageId, at: now });
        if (row.status === 'waiting_customer' || row.status === 'resolved' || row.status === 'closed') await changeStatus(tx, deps, actor, row, 'in_progress');
      } else {
        const c = await insertCase(tx, deps, actor, {
          companyId: sender.companyId,
          subject: subject || '（件名なし）',
          body: fullBody,
          channel: 'mail',
          category: target.noticeId ? 'consultation' : guessCategory(subject + '\n' + body),
          severity: 'medium',
          contactName: from.name || sender.name,
          contactEmail: from.address,
          messageId,
          firstEventKind: 'message_in',
          firstEventData: data,
          createdAt: now,
        });
        caseId = c.id;
        number = c.number;
        eventId = c.firstEventId;
        created = true;
      }
      for (const a of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
        if (a.size > maxAtt) continue;
        await addAttachment(tx, deps.config.dataDir, { caseId, companyId: sender.companyId, eventId, filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content, at: now });
      }
      await appendAudit(tx, deps.clock, actor, { action: created ? 'mail.case_created' : 'mail.threaded', targetType: 'case', targetId: caseId, companyId: sender.companyId, detail: { from: from.address, bytes: raw.length } });
      return created ? { outcome: 'case_created', caseId, number, ack: { number } } : { outcome: 'threaded', caseId, number };
    });
    if (result.outcome === 'case_created' && !isAutoSubmitted(mail)) {
      // Tell the customer we have it (never to automated senders: no mail loops).
      await deps.mailer
        .send({
          to: from.address,
          subject: t('ja', 'helpdesk.mail.ackSubject', { number: result.number }),
          text: t('ja', 'helpdesk.mail.ackBody', { name: from.name || sender.name, number: result.number, subject: subject || '（件名なし）' }),
          replyTo: deps.config.helpdesk.address,
          ...(messageId ? { inReplyTo: messageId, references: [messageId] } : {}),
        })
        .catch((e: unknown) => deps.logger.warn({ err: e }, 'acknowledgement mail failed'));
    }
    const { ack: _ack, ...outcome } = result as IntakeOutcome & { ack?: unknown };
    return outcome as IntakeOutcome;
  }
}

/** A delivery status notification (RFC 3464): the original Message-ID and the reason, or null. */
export function bounceOf(m: ParsedMail): { messageId: string; reason: string } | null {
  const ct = m.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = ct?.value === 'multipart/report' && (ct.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
  if (!isReport) return null;
  const parts = m.attachments.map((a) => a.content.toString('utf8'));
  const text = [...parts, m.text ?? ''].join('\n');
  const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(text);
  if (!id) return null;
  const status = /^Status:\s*([0-9.]+)/im.exec(text)?.[1] ?? '';
  const diag = /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? '';
  return { messageId: id[1]!, reason: [status, diag].filter(Boolean).join(' ') || 'delivery failed' };
}

function isAutoSubmitted(m: ParsedMail): boolean {
  const auto = String(m.headers.get('auto-submitted') ?? 'no').toLowerCase();
  const precedence = String(m.headers.get('precedence') ?? '').toLowerCase();
  return auto !== 'no' || ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence);
}

/** A first guess at the category from the words of the mail; staff can change it. */
export function guessCategory(text: string): string {
  const s = text.toLowerCase();
  if (/emotet|エモテット|不審なメール|なりすまし|添付ファイル.*開/.test(s)) return 'suspicious_mail';
  if (/ウイルス|virus|malware|マルウェア|ランサム|感染|警告.*表示|サポート詐欺/.test(s)) return 'malware';
  if (/不正アクセス|乗っ取|unauthori[sz]ed/.test(s)) return 'unauthorized_access';
  if (/故障|動かない|つながらない|繋がらない|utm|ルーター/.test(s)) return 'device_trouble';
  if (/契約|料金|サービス|保険/.test(s)) return 'service_question';
  return 'consultation';
}

export async function listQuarantine(deps: Pick<Deps, 'db'>, ctx: Ctx, q: { status?: string; page: number; pageSize: number }): Promise<Page<{ id: string; receivedAt: string; from: string; subject: string; reason: string; size: number; status: string; caseId: string | null }>> {
  if (!isCaseWorker(ctx.actor)) throw new AppError('forbidden', 'only staff see the mail quarantine');
  let query = deps.db.kysely.selectFrom('mail_quarantine');
  if (q.status) query = query.where('status', '=', q.status);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('received_at', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return {
    items: rows.map((r) => ({ id: r.id, receivedAt: r.received_at, from: r.mail_from, subject: r.subject, reason: r.reason, size: Number(r.size), status: r.status, caseId: r.case_id })),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Staff decide a held mail belongs to a company: it becomes a case of that company. */
export async function releaseQuarantined(deps: IntakeDeps, ctx: Ctx, id: string, companyId: string): Promise<CaseDetail> {
  if (!isCaseWorker(ctx.actor)) throw new AppError('forbidden', 'only staff release quarantined mail');
  const q = await deps.db.kysely.selectFrom('mail_quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q) throw notFound('quarantined mail');
  if (q.status !== 'held') throw new AppError('conflict', 'this mail was already handled');
  if (!q.raw_file) throw new AppError('conflict', 'nothing was stored for this mail (it was refused for its size)');
  const company = await deps.db.kysely.selectFrom('companies').select(['id', 'name']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw new AppError('validation_failed', 'unknown company', { fields: [{ path: 'companyId', message: 'not found' }] });
  const raw = readFileSync(path.join(deps.config.dataDir, 'mail', 'quarantine', path.basename(q.raw_file)));
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const from = firstAddress(mail.from) ?? { address: q.mail_from, name: '' };
  const subject = (mail.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  const now = deps.clock.now().toISOString();
  const caseId = await deps.db.kysely.transaction().execute(async (tx) => {
    const c = await insertCase(tx, deps, ctx.actor, {
      companyId,
      subject: subject || '（件名なし）',
      body: (mail.text ?? '').trim() || '（本文なし）',
      channel: 'mail',
      category: guessCategory(subject + '\n' + (mail.text ?? '')),
      severity: 'medium',
      contactName: from.name || null,
      contactEmail: from.address,
      messageId: mail.messageId ?? null,
      firstEventKind: 'message_in',
      firstEventData: { from: from.address, subject, releasedFrom: id },
      createdAt: now,
    });
    for (const a of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
      if (a.size > deps.config.helpdesk.maxAttachmentBytes) continue;
      await addAttachment(tx, deps.config.dataDir, { caseId: c.id, companyId, eventId: c.firstEventId, filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content, at: now });
    }
    await tx.updateTable('mail_quarantine').set({ status: 'released', case_id: c.id }).where('id', '=', id).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'mail.released', targetType: 'mail', targetId: id, companyId, detail: { caseId: c.id } });
    return c.id;
  });
  return getCase(deps, { actor: { ...ctx.actor, role: 'system' } }, caseId);
}

export async function discardQuarantined(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, id: string): Promise<void> {
  if (!isCaseWorker(ctx.actor)) throw new AppError('forbidden', 'only staff discard quarantined mail');
  await deps.db.kysely.transaction().execute(async (tx) => {
    const q = await tx.selectFrom('mail_quarantine').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!q) throw notFound('quarantined mail');
    if (q.status !== 'held') throw new AppError('conflict', 'this mail was already handled');
    await tx.updateTable('mail_quarantine').set({ status: 'discarded' }).where('id', '=', id).execute();
    await appendAudit(tx, deps.clock, ctx.actor, { action: 'mail.discarded', targetType: 'mail', targetId: id });
  });
}
