/**
 * Sending the weekly reports: one row per (company, week) in weekly_report_sends makes every run
 * idempotent. A row is claimed as `sending` before the mail goes out and marked `sent` after; a crash
 * in between leaves `sending`, which the next run marks `uncertain` and does NOT send again (at most
 * once — staff can resend by hand). Companies are processed in bounded batches, in id order, so a
 * run after a crash continues where the last one stopped.
 */
import type { Deps } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { systemActor } from '../../platform/auth/roles.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { Config } from '../../platform/config/config.ts';
import { gatherWeekly, mondayOf, previousWeekOf } from './weekly-data.ts';
import { buildWeeklyReport } from './weekly-report.ts';
import { weeklyMail } from './weekly-render.ts';

type SendDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'mailer' | 'logger'>;

export async function reportRecipients(db: Executor, companyId: string): Promise<string[]> {
  const [admins, contacts, company] = await Promise.all([
    db.selectFrom('users').select('email').where('company_id', '=', companyId).where('role', '=', 'company_admin').where('status', '=', 'active').execute(),
    db.selectFrom('company_contacts').select('email').where('company_id', '=', companyId).where('is_primary', '=', 1).execute(),
    db.selectFrom('companies').select('email').where('id', '=', companyId).executeTakeFirst(),
  ]);
  const all = [...admins.map((a) => a.email), ...contacts.map((c) => c.email), company?.email].filter((e): e is string => !!e).map((e) => e.toLowerCase());
  return [...new Set(all)];
}

export interface SendRunResult {
  week: string;
  companies: number;
  sent: number;
  skipped: number;
  failed: number;
  uncertain: number;
  noRecipient: number;
}

export interface SendOptions {
  batchSize?: number;
  /** Only these companies (default: every active company). */
  companyIds?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Test hook: called after a report is claimed and before it is mailed. */
  beforeSend?: (companyId: string) => Promise<void> | void;
}

export async function sendWeeklyReports(deps: SendDeps, week: string, opts: SendOptions = {}): Promise<SendRunResult> {
  const k = deps.db.kysely;
  const batchSize = opts.batchSize ?? 50;
  const result: SendRunResult = { week, companies: 0, sent: 0, skipped: 0, failed: 0, uncertain: 0, noRecipient: 0 };
  // A previous run died while sending these: never send them twice automatically.
  const stale = await k.updateTable('weekly_report_sends').set({ status: 'uncertain', updated_at: deps.clock.now().toISOString() }).where('week', '=', week).where('status', '=', 'sending').executeTakeFirst();
  result.uncertain = Number(stale.numUpdatedRows ?? 0);
  let base = k.selectFrom('companies').where('status', '=', 'active');
  if (opts.companyIds?.length) base = base.where('id', 'in', opts.companyIds);
  const q = base.select('id');
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  result.companies = total;
  let after = '';
  let done = 0;
  for (;;) {
    const batch = await q.where('id', '>', after).orderBy('id').limit(batchSize).execute();
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const existing = await k.selectFrom('weekly_report_sends').select(['company_id', 'status']).where('week', '=', week).where('company_id', 'in', batch.map((b) => b.id)).execute();
    const handled = new Map(existing.map((e) => [e.company_id, e.status]));
    for (const { id } of batch) {
      done++;
      const st = handled.get(id);
      if (st && st !== 'failed') {
        result.skipped++;
        continue;
      }
      const outcome = await sendOne(deps, id, week, opts);
      result[outcome]++;
    }
    opts.onProgress?.(done, total);
  }
  return result;
}

async function sendOne(deps: SendDeps, companyId: string, week: string, opts: SendOptions): Promise<'sent' | 'failed' | 'noRecipient' | 'skipped'> {
  const k = deps.db.kysely;
  const recipients = await reportRecipients(k, companyId);
  const now = () => deps.clock.now().toISOString();
  const domain = deps.config.helpdesk.address.split('@')[1] ?? 'otasuke.local';
  const messageId = `<weekly.${week}.${companyId}.${newId('m').slice(2)}@${domain}>`;
  // Claim the (company, week): the primary key makes a concurrent second run lose here.
  const claimed = await k.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('weekly_report_sends').select(['status', 'attempts']).where('company_id', '=', companyId).where('week', '=', week).executeTakeFirst();
    if (row && row.status !== 'failed') return false;
    const values = { status: recipients.length ? 'sending' : 'no_recipient', message_id: messageId, recipients: JSON.stringify(recipients), attempts: (row?.attempts ?? 0) + 1, error: null, sent_at: null, updated_at: now() };
    if (row) await tx.updateTable('weekly_report_sends').set(values).where('company_id', '=', companyId).where('week', '=', week).execute();
    else {
      try {
        await tx.insertInto('weekly_report_sends').values({ company_id: companyId, week, ...values }).execute();
      } catch {
        return false;
      }
    }
    return true;
  });
  if (!claimed) return 'skipped';
  if (!recipients.length) return 'noRecipient';
  try {
    const report = buildWeeklyReport(await gatherWeekly(deps, companyId, week), deps.config);
    await opts.beforeSend?.(companyId);
    const mail = await weeklyMail(report, recipients);
    await deps.mailer.send({ to: recipients.join(', '), subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments, messageId, replyTo: deps.config.helpdesk.address });
    await k.transaction().execute(async (tx) => {
      await tx.updateTable('weekly_report_sends').set({ status: 'sent', sent_at: now(), updated_at: now() }).where('company_id', '=', companyId).where('week', '=', week).execute();
      await appendAudit(tx, deps.clock, systemActor, { action: 'report.weekly_sent', targetType: 'company', targetId: companyId, companyId, detail: { week, recipients: recipients.length } });
    });
    return 'sent';
  } catch (e) {
    deps.logger.warn({ err: e, companyId, week }, 'weekly report failed');
    await k.updateTable('weekly_report_sends').set({ status: 'failed', error: (e as Error).message.slice(0, 500), updated_at: now() }).where('company_id', '=', companyId).where('week', '=', week).execute();
    return 'failed';
  }
}

/** A delivery-status notification (bounce) for one of our report mails: staff see it in the send list. */
export async function markBounced(db: Executor, clock: { now(): Date }, originalMessageId: string, reason: string): Promise<boolean> {
  const r = await db
    .updateTable('weekly_report_sends')
    .set({ status: 'bounced', error: reason.slice(0, 500), updated_at: clock.now().toISOString() })
    .where('message_id', '=', originalMessageId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) > 0;
}

/**
 * The week whose reports are due at this instant, or null before the configured send time: on
 * weekday W at HH:MM (JST) the reports of the previous Monday–Sunday go out; after that moment
 * (until the next one) the same week stays due, so a late or restarted worker still sends it.
 */
export function dueWeek(config: Pick<Config, 'weeklyReportWeekday' | 'weeklyReportTime'>, nowMs: number): string | null {
  const monday = mondayOf(nowMs);
  const [hh, mm] = config.weeklyReportTime.split(':').map(Number) as [number, number];
  const sendAt = Date.parse(`${monday}T00:00:00+09:00`) + ((config.weeklyReportWeekday - 1) * 24 * 60 + hh * 60 + mm) * 60_000;
  if (nowMs >= sendAt) return previousWeekOf(nowMs);
  // Before this week's moment: last week's run (for the week before) is still the one due.
  return previousWeekOf(nowMs - 7 * 86_400_000);
}

/** The worker's job: send the due week's reports unless every active company already has its row. */
export async function weeklyReportJob(deps: SendDeps): Promise<SendRunResult | undefined> {
  const week = dueWeek(deps.config, deps.clock.now().getTime());
  if (!week) return undefined;
  const k = deps.db.kysely;
  const active = Number((await k.selectFrom('companies').where('status', '=', 'active').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = Number((await k.selectFrom('weekly_report_sends').where('week', '=', week).where('status', '!=', 'failed').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (rows >= active) return undefined;
  return sendWeeklyReports(deps, week);
}
