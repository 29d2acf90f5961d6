import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { canSeeCompanyList, isProgramAdmin, useCurrentUser } from '../auth';
import { allowedTransitions, categoryLabel, codeOptions, useReferenceCodes, vendorLabel } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { CheckboxField, SelectField, TextArea, TextField, toHalfWidth } from '../components/fields';
import { Breadcrumb, Card, ConfirmDialog, DialogButtons, Dl, EmptyState, ErrorAlert, FormError, GroupBadge, Loading, Modal, Notice, StatusBadge, usePageTitle } from '../components/ui';
import { DataTable, ListQuery } from '../components/tables';
import { CompanyFormModal } from './CompanyFormModal';
import { AlertsCard, DetectionsCard, DevicesCard } from './CompanyMonitoringCards';
import { CompanyAssessmentCard } from './CompanyAssessmentCard';
import { RoadmapCard } from './RoadmapPage';
import { EMAIL_RE, PHONE_RE } from '../validation';
import { localizeFieldErrors } from '../fieldErrors';

const SERVER_FIELD_MESSAGES: Record<string, string> = {
  name: 'apply.err.textServer',
  title: 'apply.err.textServer',
  phone: 'apply.err.phoneFormat',
  email: 'apply.err.emailFormat',
  note: 'apply.err.textServer',
  reasonCode: 'company.statusDialog.err.reason',
  role: 'users.err.role',
  companyId: 'users.err.company',
};
import type { Company, CompanyStatus, Contact, HistoryItem, TimelineItem, User } from '../types';

export function CompanyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const [changingStatus, setChangingStatus] = useState(false);

  const company = useQuery({ queryKey: ['company', id], queryFn: () => api.get<Company>(`/companies/${id}`) });

  usePageTitle(company.data?.name ?? t('company.title'));

  const admin = isProgramAdmin(me.role);
  const ownAdmin = me.role === 'company_admin' && me.companyId === id;
  const canManage = admin || ownAdmin;

  if (company.isPending) return <Loading />;
  if (company.error) {
    return (
      <div className="page">
        {canSeeCompanyList(me.role) && <Breadcrumb to="/companies" label={t('nav.companies')} />}
        <ErrorAlert error={company.error} />
      </div>
    );
  }
  const c = company.data;

  return (
    <div className="page" data-testid="company-page" data-company-id={c.id}>
      {canSeeCompanyList(me.role) && <Breadcrumb to="/companies" label={t('nav.companies')} current={c.name} />}
      <header className="page-header">
        <div>
          <h1 className="page-title" data-testid="company-name">
            {c.name}
          </h1>
          <div className="title-badges">
            <StatusBadge status={c.status} />
            <GroupBadge group={c.group} />
            {c.group && <span className="muted small">{t(`codes.group.${c.group}`)}</span>}
          </div>
        </div>
        <div className="header-actions">
          {canManage && (
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)} data-testid="company-edit">
              {t('company.edit')}
            </button>
          )}
          {admin && (
            <button type="button" className="btn btn-primary" onClick={() => setChangingStatus(true)} data-testid="status-change">
              {t('company.changeStatus')}
            </button>
          )}
        </div>
      </header>

      {c.status === 'withdrawn' && (
        <Notice kind="warning" testId="withdrawal-info">
          <p className="alert-title">{t('company.withdrawnTitle')}</p>
          <p>
            {t('company.withdrawalReason')}：{c.withdrawalReason ? t(`codes.withdrawal.${c.withdrawalReason}`, { defaultValue: c.withdrawalReason }) : '—'}
            {c.withdrawalNote ? ` ／ ${c.withdrawalNote}` : ''}
          </p>
        </Notice>
      )}

      <div className="detail-grid">
        <div className="detail-main">
          <Card title={t('company.profile')} testId="company-profile">
            <Dl
              items={[
                [t('apply.fields.companyName'), c.name],
                [t('apply.fields.industry'), t(`codes.industry.${c.industry}`, { defaultValue: c.industry })],
                [t('apply.fields.employeesBand'), t(`codes.employees.${c.employeesBand}`, { defaultValue: c.employeesBand })],
                [t('apply.fields.pcCount'), c.pcCount === null ? null : t('common.units.pcs', { count: c.pcCount, n: formatNumber(c.pcCount) })],
                [t('apply.fields.sites'), c.sites === null ? null : t('common.units.sites', { count: c.sites, n: formatNumber(c.sites) })],
                [t('company.fields.group'), c.group ? t(`codes.group.${c.group}`, { defaultValue: c.group }) : t('companies.groupUnset')],
                [t('company.fields.status'), <StatusBadge key="s" status={c.status} />],
                [t('apply.fields.referralRoute'), c.referralRoute ? t(`codes.referral.${c.referralRoute}`, { defaultValue: c.referralRoute }) : null],
                [t('apply.fields.address'), c.address],
                [t('company.fields.phone'), c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : null],
                [t('company.fields.email'), c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null],
                [t('company.fields.website'), c.website ? <a href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noreferrer noopener">{c.website}</a> : null],
                [t('company.fields.createdAt'), formatDateTime(c.createdAt)],
                [t('company.fields.updatedAt'), formatDateTime(c.updatedAt)],
              ]}
            />
          </Card>
          <CompanyAssessmentCard companyId={c.id} group={c.group} />
          <RoadmapCard companyId={c.id} />
          <DevicesCard companyId={c.id} companyName={c.name} />
          <ContactsCard companyId={c.id} canManage={canManage} />
          <UsersCard companyId={c.id} canManage={canManage} />
        </div>
        <div className="detail-side">
          <AlertsCard companyId={c.id} />
          <DetectionsCard companyId={c.id} />
          <DispatchReportsCard companyId={c.id} />
          <HistoryCard companyId={c.id} />
          <TimelineCard companyId={c.id} />
        </div>
      </div>

      {editing && <CompanyFormModal company={c} onClose={() => setEditing(false)} />}
      {changingStatus && <StatusDialog company={c} onClose={() => setChangingStatus(false)} />}
    </div>
  );
}

function StatusDialog({ company, onClose }: { company: Company; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useReferenceCodes();
  const qc = useQueryClient();
  const nextOptions = allowedTransitions[company.status] ?? [];
  const [status, setStatus] = useState<CompanyStatus | ''>(nextOptions.length === 1 ? nextOptions[0]! : '');
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ status?: string; reasonCode?: string; note?: string }>({});

  const save = useMutation({
    mutationFn: () => api.post<Company>(`/companies/${company.id}/status`, { status, ...(status === 'withdrawn' ? { reasonCode } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (updated) => {
      qc.setQueryData(['company', company.id], updated);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['company', company.id] }),
        qc.invalidateQueries({ queryKey: ['company-history', company.id] }),
        qc.invalidateQueries({ queryKey: ['company-timeline', company.id] }),
        qc.invalidateQueries({ queryKey: ['companies'] }),
      ]);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, SERVER_FIELD_MESSAGES));
    },
  });

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: typeof errors = {};
    if (!status) e.status = t('company.statusDialog.err.status');
    if (status === 'withdrawn' && !reasonCode) e.reasonCode = t('company.statusDialog.err.reason');
    if (status === 'withdrawn' && reasonCode === 'other' && !note.trim()) e.note = t('company.statusDialog.err.noteOther');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate();
  };

  return (
    <Modal
      title={t('company.statusDialog.title')}
      onClose={onClose}
      testId="status-dialog"
      footer={<DialogButtons onCancel={onClose} form="status-form" danger={status === 'withdrawn'} label={t('company.statusDialog.submit')} disabled={save.isPending || nextOptions.length === 0} testId="status-submit" />}
    >
      <FormError error={save.error} />
      <p className="status-now">
        {t('company.statusDialog.current')}：<StatusBadge status={company.status} />
      </p>
      <form id="status-form" onSubmit={onSubmit} noValidate>
        <fieldset className="radio-group" aria-describedby={errors.status ? 'status-error' : undefined}>
          <legend className="field-label">{t('company.statusDialog.next')}</legend>
          {nextOptions.map((s) => (
            <label key={s} className={`radio-card ${status === s ? 'checked' : ''}`}>
              <input type="radio" name="next-status" value={s} checked={status === s} onChange={() => setStatus(s)} />
              <span>
                <span className="radio-title">{t(`codes.status.${s}`)}</span>
                <span className="radio-help">{t(`company.statusDialog.help.${s}`)}</span>
              </span>
            </label>
          ))}
          {errors.status && (
            <p className="field-error" id="status-error">
              {errors.status}
            </p>
          )}
        </fieldset>
        {status === 'withdrawn' && (
          <SelectField
            id="reasonCode"
            label={t('company.statusDialog.reason')}
            required
            value={reasonCode}
            onChange={(e) => {
              setReasonCode(e.target.value);
              setErrors((x) => ({ ...x, reasonCode: undefined }));
            }}
            error={errors.reasonCode}
            options={codeOptions(t, codes.withdrawalReasons, 'codes.withdrawal')}
            placeholder={t('common.selectPlaceholder')}
          />
        )}
        <TextArea id="statusNote" label={t('company.statusDialog.note')} required={status === 'withdrawn' && reasonCode === 'other'} optionalMark rows={3} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
      </form>
    </Modal>
  );
}

interface SentReport {
  id: string;
  number: string;
  request: string;
  visitAt: string | null;
  reportSentAt: string;
  caseNumber: string | null;
  caseSubject: string | null;
}

/** The on-site (駆けつけ) reports the company was sent, each as a PDF in the reader's language. */
function DispatchReportsCard({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const q = useQuery({
    queryKey: ['company-dispatch-reports', companyId],
    queryFn: () => api.get<{ items: SentReport[]; total: number }>(`/companies/${companyId}/dispatch-reports?pageSize=20`),
  });
  return (
    <Card title={t('company.dispatchReports.title')} testId="company-dispatch-reports">
      <ListQuery query={q} empty={<p className="muted">{t('company.dispatchReports.empty')}</p>}>
        {(data) => (
          <ul className="history">
            {data.items.map((r) => (
              <li key={r.id} className="history-item" data-testid="dispatch-report">
                <a className="cell-strong" href={`/api/v1/dispatches/${encodeURIComponent(r.id)}/report.pdf?locale=${locale}`} download={`report-${r.number}.pdf`}>
                  {t('company.dispatchReports.link', { number: r.number })}
                </a>
                <p className="muted small">
                  {t(`dispatchCodes.request.${r.request}`, { defaultValue: r.request })}
                  {r.visitAt ? ` ・ ${t('company.dispatchReports.visited', { at: formatDateTime(r.visitAt) })}` : ''}
                  {` ・ ${t('company.dispatchReports.sent', { at: formatDateTime(r.reportSentAt) })}`}
                </p>
                {r.caseSubject && <p className="small">{r.caseNumber ? `${r.caseNumber} ` : ''}{r.caseSubject}</p>}
              </li>
            ))}
          </ul>
        )}
      </ListQuery>
      {q.data && q.data.total > q.data.items.length && <p className="muted small">{t('company.dispatchReports.more', { shown: q.data.items.length, total: q.data.total })}</p>}
    </Card>
  );
}

function HistoryCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['company-history', companyId], queryFn: () => api.get<{ items: HistoryItem[] }>(`/companies/${companyId}/history`) });
  return (
    <Card title={t('company.history')} testId="company-history">
      <ListQuery query={q} empty={<p className="muted">{t('company.historyEmpty')}</p>}>
        {(data) => (
          <ol className="history">
            {data.items.map((h) => (
              <li key={h.id} className="history-item" data-testid="history-item">
                <div className="history-head">
                  {h.fromStatus ? <StatusBadge status={h.fromStatus} /> : <span className="muted small">{t('company.historyStart')}</span>}
                  <span className="arrow" aria-label={t('company.historyTo')}>
                    →
                  </span>
                  <StatusBadge status={h.toStatus} />
                </div>
                {h.reasonCode && <p className="small">{t('company.withdrawalReason')}：{t(`codes.withdrawal.${h.reasonCode}`, { defaultValue: h.reasonCode })}</p>}
                {h.note && <p className="small note">{h.note}</p>}
                <p className="muted small">
                  {formatDateTime(h.at)}
                  {h.actorEmail ? ` ・ ${h.actorEmail}` : ''}
                </p>
              </li>
            ))}
          </ol>
        )}
      </ListQuery>
    </Card>
  );
}

/** Staff page views are audited too (`company.viewed`, `alert.viewed`, …); they are hidden unless asked for. */
const VIEW_ACTIONS = new Set(['company.viewed', 'company.list_viewed', 'alert.viewed', 'alert.list_viewed', 'case.viewed', 'case.list_viewed', 'dispatch.viewed', 'dispatch.list_viewed', 'dispatch.reports_listed']);

function TimelineCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [showViews, setShowViews] = useState(false);
  const q = useQuery({ queryKey: ['company-timeline', companyId], queryFn: () => api.get<{ items: TimelineItem[] }>(`/companies/${companyId}/timeline`, { limit: 500 }) });
  const all = q.data?.items ?? [];
  const items = (showViews ? all : all.filter((e) => !VIEW_ACTIONS.has(e.action))).slice(0, 100);
  const hiddenViews = all.length - all.filter((e) => !VIEW_ACTIONS.has(e.action)).length;
  return (
    <Card
      title={t('company.timeline')}
      testId="company-timeline"
      actions={
        hiddenViews > 0 || showViews ? (
          <label className="switch small" htmlFor="show-views">
            <input id="show-views" type="checkbox" checked={showViews} onChange={(e) => setShowViews(e.target.checked)} />
            {t('company.showViews')}
          </label>
        ) : undefined
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : items.length === 0 ? (
        <p className="muted">{t('company.timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {items.map((e) => {
            const summary = describeDetail(t, e.action, e.detail);
            return (
              <li key={e.seq} className="timeline-item" data-testid="timeline-item" data-action={e.action}>
                <span className={`timeline-dot ${VIEW_ACTIONS.has(e.action) ? 'dot-muted' : ''}`} aria-hidden="true" />
                <div>
                  <p className="timeline-action">{t(`timeline.action.${e.action}`, { defaultValue: e.action })}</p>
                  {summary && <p className="small muted timeline-detail">{summary}</p>}
                  <p className="muted small">
                    {formatDateTime(e.at)}
                    {' ・ '}
                    {e.actorEmail ?? t(`timeline.actor.${e.actorRole ?? 'system'}`, { defaultValue: e.actorRole ? t(`codes.role.${e.actorRole}`, { defaultValue: e.actorRole }) : '—' })}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

/** A short, human summary of an audit entry's detail for the well-known actions. */
export function describeDetail(t: (k: string, o?: Record<string, unknown>) => string, action: string, detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (action) {
    case 'company.status_changed': {
      const parts = [`${t(`codes.status.${str(d.from)}`, { defaultValue: str(d.from) || '—' })} → ${t(`codes.status.${str(d.to)}`, { defaultValue: str(d.to) })}`];
      if (d.reasonCode) parts.push(t(`codes.withdrawal.${str(d.reasonCode)}`, { defaultValue: str(d.reasonCode) }));
      if (d.note) parts.push(str(d.note));
      return parts.join(' ／ ');
    }
    case 'company.created':
      return d.status ? t(`codes.status.${str(d.status)}`, { defaultValue: str(d.status) }) : '';
    case 'company.updated': {
      const changes = d.changes && typeof d.changes === 'object' ? Object.keys(d.changes as object) : [];
      return changes.length ? t('timeline.changedFields', { fields: changes.map((f) => t(`timeline.field.${f}`, { defaultValue: f })).join('、') }) : '';
    }
    case 'contact.created':
    case 'contact.deleted':
      return str(d.name);
    case 'contact.updated': {
      const fields = Array.isArray(d.fields) ? (d.fields as unknown[]).map(String) : [];
      return fields.length ? t('timeline.changedFields', { fields: fields.map((f) => t(`timeline.contactField.${f}`, { defaultValue: t(`timeline.field.${f}`, { defaultValue: f }) })).join('、') }) : '';
    }
    case 'user.created':
      return [str(d.email), d.role ? t(`codes.role.${str(d.role)}`, { defaultValue: str(d.role) }) : ''].filter(Boolean).join(' ／ ');
    case 'application.accepted':
      return str(d.note);
    case 'application.rejected':
      return str(d.reason);
    case 'application.submitted':
      return str(d.companyName);
    case 'auth.login':
    case 'auth.logout':
    case 'auth.login_failed':
    case 'auth.login_locked':
    case 'auth.totp_enabled':
    case 'auth.reset_requested':
    case 'auth.invite_accepted':
    case 'auth.password_reset':
      return '';
    case 'company.viewed':
      return d.what ? t(`timeline.viewed.${str(d.what)}`, { defaultValue: str(d.what) }) : '';
    case 'alert.updated':
      return d.status ? `${t(`alerts.status.${str(d.from)}`, { defaultValue: str(d.from) })} → ${t(`alerts.status.${str(d.status)}`, { defaultValue: str(d.status) })}` : '';
    case 'suppression.created':
      return [categoryLabel(t, str(d.category) || null), str(d.remote_cidr), str(d.reason)].filter(Boolean).join(' ／ ');
    case 'device.registered':
      return [vendorLabel(t, str(d.vendor)), str(d.identity)].filter(Boolean).join(' ・ ');
    case 'dispatch.ordered':
    case 'dispatch.viewed':
    case 'dispatch.arrived':
    case 'dispatch.checklist_updated':
    case 'dispatch.evidence_added':
    case 'dispatch.custody_recorded':
    case 'dispatch.findings_saved':
    case 'dispatch.report_saved':
    case 'dispatch.report_sent':
    case 'dispatch.report_downloaded':
      // The dispatch's number; hashes and sizes stay in the audit log for the program office.
      return str(d.number);
    case 'unassigned.assigned':
      return t('timeline.assignedDetail', { key: str(d.deviceKey), n: typeof d.reprocessed === 'number' ? d.reprocessed : 0 });
    default: {
      const parts: string[] = [];
      for (const [k, v] of Object.entries(d)) {
        if (v === null || v === undefined || typeof v === 'object') continue;
        parts.push(`${k}: ${String(v)}`);
        if (parts.length >= 3) break;
      }
      return parts.join(' / ');
    }
  }
}

function ContactsCard({ companyId, canManage }: { companyId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const q = useQuery({ queryKey: ['company-contacts', companyId], queryFn: () => api.get<{ items: Contact[] }>(`/companies/${companyId}/contacts`) });
  const del = useMutation({
    mutationFn: (c: Contact) => api.del(`/companies/${companyId}/contacts/${c.id}`),
    onSuccess: async () => {
      setDeleting(null);
      await qc.invalidateQueries({ queryKey: ['company-contacts', companyId] });
      await qc.invalidateQueries({ queryKey: ['company-timeline', companyId] });
    },
  });
  return (
    <Card
      title={t('contacts.title')}
      testId="company-contacts"
      actions={
        canManage && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditing('new')} data-testid="contact-add">
            ＋ {t('contacts.add')}
          </button>
        )
      }
    >
      <ListQuery query={q} empty={<EmptyState title={t('contacts.empty')} />}>
        {(data) => (
          <DataTable
            items={data.items}
            compact
            columns={[
              t('contacts.name'),
              t('contacts.titleCol'),
              t('contacts.phone'),
              t('contacts.email'),
              canManage && { label: <span className="sr-only">{t('common.actions')}</span>, className: 'actions-col' },
            ]}
            row={(c) => (
              <tr key={c.id} data-testid="contact-row">
                <td className="cell-strong">
                  {c.name}
                  {c.isPrimary && <span className="badge badge-primary-contact">{t('contacts.primary')}</span>}
                </td>
                <td>{c.title || '—'}</td>
                <td className="nowrap">{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</td>
                <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
                {canManage && (
                  <td className="actions-col nowrap">
                    <button type="button" className="btn btn-ghost btn-xs" onClick={() => setEditing(c)} aria-label={t('contacts.editOf', { name: c.name })}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="btn btn-ghost btn-xs danger-text" onClick={() => setDeleting(c)} aria-label={t('contacts.deleteOf', { name: c.name })}>
                      {t('common.delete')}
                    </button>
                  </td>
                )}
              </tr>
            )}
          />
        )}
      </ListQuery>
      {editing && <ContactModal companyId={companyId} contact={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t('contacts.deleteTitle')}
          text={t('contacts.deleteText', { name: deleting.name })}
          confirmLabel={t('contacts.deleteConfirm')}
          onCancel={() => setDeleting(null)}
          onConfirm={() => del.mutate(deleting)}
          pending={del.isPending}
          error={del.error}
          testId="contact-delete-confirm"
        />
      )}
    </Card>
  );
}

function ContactModal({ companyId, contact, onClose }: { companyId: string; contact: Contact | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    name: contact?.name ?? '',
    title: contact?.title ?? '',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
    isPrimary: contact?.isPrimary ?? false,
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (contact ? api.patch(`/companies/${companyId}/contacts/${contact.id}`, body) : api.post(`/companies/${companyId}/contacts`, body)),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['company-contacts', companyId] });
      await qc.invalidateQueries({ queryKey: ['company-timeline', companyId] });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, SERVER_FIELD_MESSAGES));
    },
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    const phone = toHalfWidth(form.phone).trim();
    const email = toHalfWidth(form.email).trim();
    if (!form.name.trim()) e.name = t('contacts.err.name');
    if (phone && !PHONE_RE.test(phone)) e.phone = t('apply.err.phoneFormat');
    if (email && !EMAIL_RE.test(email)) e.email = t('apply.err.emailFormat');
    setErrors(e);
    if (Object.keys(e).length) return;
    const blank = (v: string) => (v ? v : undefined);
    const body: Record<string, unknown> = { name: form.name.trim(), title: blank(form.title.trim()), phone: blank(phone), email: blank(email), isPrimary: form.isPrimary };
    if (contact) {
      // Send only what changed, so the activity log names the right fields.
      const before: Record<string, unknown> = { name: contact.name, title: contact.title ?? undefined, phone: contact.phone ?? undefined, email: contact.email ?? undefined, isPrimary: contact.isPrimary };
      for (const k of Object.keys(body)) if (body[k] === before[k]) delete body[k];
      if (Object.keys(body).length === 0) return onClose();
    }
    save.mutate(body);
  };
  const set = (k: keyof typeof form, v: string | boolean) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  return (
    <Modal
      title={contact ? t('contacts.editTitle') : t('contacts.addTitle')}
      onClose={onClose}
      testId="contact-form"
      footer={<DialogButtons onCancel={onClose} form="contact-form" label={t('common.save')} disabled={save.isPending} testId="contact-save" />}
    >
      <FormError error={save.error} />
      <form id="contact-form" onSubmit={onSubmit} noValidate>
        <TextField id="ct-name" label={t('contacts.name')} required value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} />
        <TextField id="ct-title" label={t('contacts.titleCol')} value={form.title} onChange={(e) => set('title', e.target.value)} error={errors.title} />
        <div className="grid-2">
          <TextField id="ct-phone" label={t('contacts.phone')} type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} error={errors.phone} />
          <TextField id="ct-email" label={t('contacts.email')} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} error={errors.email} />
        </div>
        <CheckboxField id="ct-primary" label={t('contacts.isPrimary')} checked={form.isPrimary} onChange={(e) => set('isPrimary', e.target.checked)} />
      </form>
    </Modal>
  );
}

function UsersCard({ companyId, canManage }: { companyId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<User | null>(null);
  const q = useQuery({ queryKey: ['company-users', companyId], queryFn: () => api.get<{ items: User[] }>(`/companies/${companyId}/users`) });
  // Some roles may not list accounts: leave the card out rather than show an error.
  if (q.error instanceof ApiError && q.error.status === 403) return null;
  return (
    <Card
      title={t('companyUsers.title')}
      testId="company-users"
      actions={
        canManage && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setInviting(true)} data-testid="company-user-invite">
            ＋ {t('companyUsers.invite')}
          </button>
        )
      }
    >
      {invited && (
        <Notice kind="success" testId="invite-sent">
          {t('users.invitedNotice', { email: invited.email })}
        </Notice>
      )}
      <ListQuery query={q} empty={<EmptyState title={t('companyUsers.empty')} />}>
        {(data) => (
          <DataTable
            items={data.items}
            compact
            columns={[t('users.col.name'), t('users.col.email'), t('users.col.role'), t('users.col.status'), t('users.col.lastLogin')]}
            row={(u) => (
              <tr key={u.id} data-testid="company-user-row">
                <td className="cell-strong nowrap">{u.name}</td>
                <td>{u.email}</td>
                <td className="nowrap">{t(`codes.role.${u.role}`, { defaultValue: u.role })}</td>
                <td>
                  <StatusBadge kind="user" status={u.status} />
                </td>
                <td className="nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.neverLoggedIn')}</td>
              </tr>
            )}
          />
        )}
      </ListQuery>
      {inviting && (
        <InviteModal
          title={t('companyUsers.inviteTitle')}
          roles={['company_admin', 'company_member']}
          endpoint={`/companies/${companyId}/users`}
          invalidate={[['company-users', companyId], ['company-timeline', companyId], ['users']]}
          onClose={() => setInviting(false)}
          onInvited={(u) => setInvited(u)}
        />
      )}
    </Card>
  );
}

/** Invite a user (company user or staff). The server sends the password-setting mail. */
export function InviteModal({
  title,
  roles,
  endpoint,
  invalidate,
  onClose,
  onInvited,
  companyChoices,
}: {
  title: string;
  roles: string[];
  endpoint: string;
  invalidate: unknown[][];
  onClose: () => void;
  onInvited: (u: User) => void;
  companyChoices?: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ email: '', name: '', role: roles.length === 1 ? roles[0]! : '', companyId: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const needsCompany = companyChoices !== undefined && (form.role === 'company_admin' || form.role === 'company_member');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<User>(endpoint, body),
    onSuccess: async (u) => {
      await Promise.all(invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
      onInvited(u);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, SERVER_FIELD_MESSAGES));
    },
  });
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const email = toHalfWidth(form.email).trim();
    const e: Record<string, string> = {};
    if (!email) e.email = t('apply.err.emailRequired');
    else if (!EMAIL_RE.test(email)) e.email = t('apply.err.emailFormat');
    if (!form.name.trim()) e.name = t('users.err.name');
    if (!form.role) e.role = t('users.err.role');
    if (needsCompany && !form.companyId) e.companyId = t('users.err.company');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({ email, name: form.name.trim(), role: form.role, ...(needsCompany ? { companyId: form.companyId } : {}) });
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      testId="invite-form"
      footer={<DialogButtons onCancel={onClose} form="invite-form" label={t('users.inviteSubmit')} disabled={save.isPending} testId="invite-submit" />}
    >
      <FormError error={save.error} />
      <p className="small muted">{t('users.inviteHelp')}</p>
      <form id="invite-form" onSubmit={onSubmit} noValidate>
        <TextField id="inv-email" label={t('users.col.email')} required type="email" value={form.email} onChange={(e) => set('email', e.target.value)} error={errors.email} />
        <TextField id="inv-name" label={t('users.col.name')} required value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} />
        <SelectField id="inv-role" label={t('users.col.role')} required value={form.role} onChange={(e) => set('role', e.target.value)} error={errors.role} options={codeOptions(t, roles, 'codes.role')} placeholder={t('common.selectPlaceholder')} />
        {needsCompany && <SelectField id="inv-company" label={t('users.company')} required value={form.companyId} onChange={(e) => set('companyId', e.target.value)} error={errors.companyId} options={companyChoices ?? []} placeholder={t('common.selectPlaceholder')} />}
      </form>
    </Modal>
  );
}

