/**
 * Outbound cases from alerts: one click (or the auto rule) turns an alert into a case for its
 * company with a call script in plain Japanese — what was seen, which device, what to ask, what to
 * advise, and the offer to send someone.
 */
import { sql } from 'kysely';
import type { Deps, Ctx } from '../../platform/deps.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/app-error.ts';
import { isCompanyRole, systemActor, type Actor } from '../../platform/auth/roles.ts';
import { formatJst } from '../../platform/clock/clock.ts';
import { t, tList, type Locale } from '../../platform/i18n/i18n.ts';
import { getCase, insertCase, isCaseWorker } from './cases.ts';
import type { CallScript, CaseDetail } from './helpdesk.schemas.ts';

type AlertRow = {
  id: string; company_id: string; category: string; host_ip: string | null; host_mac: string | null; host_vendor: string | null; host_name: string | null;
  remote_ip: string | null; remote_org: string | null; count: number; first_seen: string; last_seen: string;
};

function deviceText(locale: Locale, a: AlertRow): string {
  return t(locale, 'helpdesk.alertCase.device', {
    ip: a.host_ip ?? '?',
    mac: a.host_mac ? t(locale, 'helpdesk.alertCase.deviceMac', { mac: a.host_mac }) : '',
    vendor: a.host_vendor ? t(locale, 'helpdesk.alertCase.deviceVendor', { vendor: a.host_vendor }) : '',
    host: a.host_name ? t(locale, 'helpdesk.alertCase.deviceHost', { host: a.host_name }) : '',
  });
}

function pick(locale: Locale, group: string, category: string, vars: Record<string, string | number>) {
  const key = `helpdesk.alertCase.${group}.${category.replace(/\./g, '_')}`;
  const v = t(locale, key, vars);
  return v === key ? t(locale, `helpdesk.alertCase.${group}.default`, vars) : v;
}

export function callScriptFor(a: AlertRow, locale: Locale = 'ja'): { subject: string; script: CallScript } {
  const device = deviceText(locale, a);
  const remote = [a.remote_ip, a.remote_org ? `(${a.remote_org})` : ''].filter(Boolean).join(' ') || '—';
  const vars = { device, remote, count: Number(a.count).toLocaleString('ja-JP'), first: formatJst(a.first_seen, locale), last: formatJst(a.last_seen, locale) };
  const short = [a.host_ip, a.host_vendor ?? a.host_name].filter(Boolean).join(' ');
  return {
    subject: pick(locale, 'subject', a.category, { device: short || (a.host_ip ?? '?') }),
    script: {
      seen: pick(locale, 'seen', a.category, vars),
      device,
      ask: tList(locale, 'helpdesk.alertCase.ask'),
      advise: tList(locale, 'helpdesk.alertCase.advise'),
      offerDispatch: t(locale, 'helpdesk.alertCase.offerDispatch'),
    },
  };
}

const severityFor: Record<string, string> = { 'c2.botnet.outbound': 'high', 'scan.internal': 'medium' };
const categoryFor: Record<string, string> = { 'c2.botnet.outbound': 'malware', 'scan.internal': 'unauthorized_access', 'malware.virus': 'malware' };

async function openCaseForAlert(db: Executor, alertId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('case_alerts as ca')
    .innerJoin('cases as k', 'k.id', 'ca.case_id')
    .select('k.id')
    .where('ca.alert_id', '=', alertId)
    .where('k.status', '!=', 'closed')
    .executeTakeFirst();
  return r?.id;
}

/** Creates (or finds) the outbound case of an alert. `created` false when it already had an open one. */
export async function caseFromAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: Ctx, alertId: string): Promise<{ created: boolean; detail: CaseDetail }> {
  const { actor } = ctx;
  if (isCompanyRole(actor.role) || !isCaseWorker(actor)) throw new AppError('not_found', 'alert not found');
  const result = await deps.db.kysely.transaction().execute(async (tx) => {
    const a = (await tx
      .selectFrom('alerts')
      .select(['id', 'company_id', 'category', 'host_ip', 'host_mac', 'host_vendor', 'host_name', 'remote_ip', 'remote_org', 'count', 'first_seen', 'last_seen'])
      .where('id', '=', alertId)
      .executeTakeFirst()) as AlertRow | undefined;
    if (!a) throw notFound('alert');
    const existing = await openCaseForAlert(tx, alertId);
    if (existing) return { created: false, id: existing };
    const { subject, script } = callScriptFor(a);
    const contact = await tx.selectFrom('company_contacts').select(['name', 'email', 'phone']).where('company_id', '=', a.company_id).orderBy('is_primary', 'desc').executeTakeFirst();
    const company = await tx.selectFrom('companies').select(['phone']).where('id', '=', a.company_id).executeTakeFirst();
    const created = await insertCase(tx, deps, actor, {
      companyId: a.company_id,
      subject,
      body: t('ja', 'helpdesk.alertCase.note', { label: pick('ja', 'label', a.category, {}) }),
      channel: 'outbound',
      category: categoryFor[a.category] ?? 'other',
      severity: severityFor[a.category] ?? 'medium',
      contactName: contact?.name ?? null,
      contactEmail: contact?.email ?? null,
      contactPhone: contact?.phone ?? company?.phone ?? null,
      callScript: script,
      alertIds: [a.id],
      firstEventKind: 'note',
      firstEventData: { alertId: a.id, alertCategory: a.category },
    });
    if (a.category && (await tx.selectFrom('alerts').select('status').where('id', '=', a.id).executeTakeFirst())?.status === 'new') {
      await tx.updateTable('alerts').set({ status: 'acknowledged', updated_at: deps.clock.now().toISOString() }).where('id', '=', a.id).execute();
    }
    return { created: true, id: created.id };
  });
  return { created: result.created, detail: await getCase(deps, { actor: actor.role === 'system' ? actor : { ...actor, role: 'system' } }, result.id) };
}

/**
 * The automatic rule: alerts of these categories (default: botnet traffic) that have no case get
 * one, so the operator's call queue fills without a click. Run by the worker every minute.
 */
export async function autoCasesFromAlerts(deps: Pick<Deps, 'db' | 'clock' | 'config'>, categories: readonly string[], actor: Actor = systemActor): Promise<number> {
  if (categories.length === 0) return 0;
  const rows = await deps.db.kysely
    .selectFrom('alerts as a')
    .select('a.id')
    .where('a.category', 'in', [...categories])
    .where('a.status', '!=', 'closed')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_alerts as ca').select(sql.lit(1).as('one')).whereRef('ca.alert_id', '=', 'a.id'))))
    .limit(100)
    .execute();
  for (const r of rows) await caseFromAlert(deps, { actor }, r.id);
  return rows.length;
}
