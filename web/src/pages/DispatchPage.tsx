import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { useCurrentUser } from '../auth';
import { codeOptions } from '../codes';
import { formatDateTime, formatNumber } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import {
  SHA256_RE,
  canDoFieldWork,
  canSeeDispatches,
  canWorkCases,
  checklistItems,
  formatBytes,
  fromTokyoInput,
  isBackOffice,
  isResponder,
  responderSkills,
  toTokyoInput,
  type Dispatch,
  type DispatchDetail,
  type DispatchReport,
  type Evidence,
} from '../helpdesk';
import { DispatchStatusBadge, Icon, ReportDue, codeLabel } from '../components/helpdesk';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Breadcrumb, Card, ConfirmDialog, DialogButtons, ErrorAlert, FormError, Loading, Modal, Notice, usePageTitle } from '../components/ui';
import { useOffices, useResponders } from './DispatchOrderDialog';

const dispatchKey = (id: string) => ['dispatch', id] as const;

/** A write on the dispatch, then a fresh read of it (and the lists). */
function useDispatchWrite<V>(id: string, fn: (v: V) => Promise<unknown>, onDone?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: dispatchKey(id) }), qc.invalidateQueries({ queryKey: ['dispatches'] })]);
      onDone?.();
    },
  });
}

/**
 * One dispatch. The back office schedules it (office, responder, time); the responder works it on a
 * phone: arrive, checklist, evidence with custody, findings, report, send. Everything stacks in one
 * column on a narrow screen, with large touch targets.
 */
export function DispatchPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const q = useQuery({ queryKey: dispatchKey(id), queryFn: () => api.get<DispatchDetail>(`/dispatches/${id}`) });
  usePageTitle(q.data ? `${q.data.dispatch.number} ${q.data.dispatch.companyName ?? ''}` : t('dispatch.title'));
  const arrive = useDispatchWrite(id, () => api.post(`/dispatches/${id}/arrive`));
  const listLabel = isResponder(me.role) ? t('nav.myDispatches') : t('nav.dispatches');

  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        {canSeeDispatches(me.role) && <Breadcrumb to="/dispatches" label={listLabel} />}
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const d = q.data.dispatch;
  const evidence = q.data.evidence;
  const field = canDoFieldWork(me.role);
  const onSite = d.status === 'on_site';
  // Arrival is recorded on a scheduled visit (a responder and a time are set first).
  const beforeArrival = d.status === 'scheduled';

  return (
    <div className="page dispatch-page" data-testid="dispatch-page" data-dispatch-id={d.id} data-status={d.status}>
      <Breadcrumb to="/dispatches" label={listLabel} current={d.number} />
      <header className="dispatch-header">
        <div className="dispatch-header-top">
          <span className="mono small">{d.number}</span>
          <DispatchStatusBadge status={d.status} />
          {d.priority === 'urgent' && <span className="badge badge-danger">{t('dispatchCodes.priority.urgent')}</span>}
        </div>
        <h1 className="page-title" data-testid="dispatch-company">
          {d.companyName ?? t('dispatch.title')}
        </h1>
        <p className="dispatch-request">{codeLabel(t, 'dispatchCodes.request', d.request)}</p>
      </header>

      {d.status !== 'cancelled' && (
        <div className={`due-banner ${d.reportSentAt ? 'is-sent' : ''}`} data-testid="due-banner">
          <span className="due-banner-label">{t('dispatch.due.label')}</span>
          <ReportDue dueAt={d.reportDueAt} sentAt={d.reportSentAt} large />
          {!d.reportDueAt && <span className="small muted">{t('dispatch.due.afterArrival')}</span>}
        </div>
      )}

      {field && beforeArrival && (
        // The responder's big button; the back office may record the arrival for them (a phone call from site).
        <div className={`arrive-box ${isResponder(me.role) ? '' : 'arrive-box-proxy'}`}>
          <button
            type="button"
            className={isResponder(me.role) ? 'btn btn-primary btn-huge' : 'btn btn-secondary'}
            onClick={() => arrive.mutate(undefined)}
            disabled={arrive.isPending}
            data-testid="dispatch-arrive"
          >
            <Icon name="pin" size={isResponder(me.role) ? 26 : 18} /> {isResponder(me.role) ? t('dispatch.arrive') : t('dispatch.arriveProxy')}
          </button>
          <p className="small muted">{isResponder(me.role) ? t('dispatch.arriveHelp') : t('dispatch.arriveProxyHelp')}</p>
          {arrive.error != null && <ErrorAlert error={arrive.error} />}
        </div>
      )}
      {d.status === 'ordered' && (
        <Notice kind="info" testId="dispatch-not-scheduled">
          {isBackOffice(me.role) ? t('dispatch.orderedNoteBack') : t('dispatch.orderedNote')}
        </Notice>
      )}
      {d.status === 'cancelled' && <Notice kind="warning">{t('dispatch.cancelledNote')}</Notice>}

      <div className="dispatch-grid">
        <div className="dispatch-main">
          <SiteCard d={d} showCase={canWorkCases(me.role)} />
          {(onSite || d.status === 'reported') && (
            <>
              <ChecklistCard d={d} editable={field && onSite} />
              <EvidenceCard d={d} evidence={evidence} editable={field && onSite} />
              <FindingsCard d={d} editable={field && onSite} />
              <ReportCard d={d} editable={field && onSite} />
            </>
          )}
        </div>
        {isBackOffice(me.role) && d.status !== 'reported' && d.status !== 'cancelled' && (
          <div className="dispatch-side">
            <ScheduleCard d={d} />
          </div>
        )}
      </div>
    </div>
  );
}

function SiteCard({ d, showCase }: { d: Dispatch; showCase: boolean }) {
  const { t } = useTranslation();
  const dev = d.device ?? {};
  const deviceText = [dev.ip, dev.mac, dev.vendor, dev.hostname].filter(Boolean);
  return (
    <Card title={t('dispatch.siteTitle')} testId="dispatch-site">
      <dl className="site-dl">
        <div>
          <dt>{t('dispatch.siteAddress')}</dt>
          <dd className="site-address" data-testid="dispatch-address">
            {d.siteAddress}
          </dd>
        </div>
        <div>
          <dt>{t('dispatch.visitAt')}</dt>
          <dd data-testid="dispatch-visit">{d.visitAt ? formatDateTime(d.visitAt) : <span className="muted">{t('dispatch.notScheduled')}</span>}</dd>
        </div>
        {d.arrivedAt && (
          <div>
            <dt>{t('dispatch.arrivedAt')}</dt>
            <dd data-testid="dispatch-arrived">{formatDateTime(d.arrivedAt)}</dd>
          </div>
        )}
        <div>
          <dt>{t('dispatch.device')}</dt>
          <dd data-testid="dispatch-device">
            {deviceText.length > 0 ? (
              <span className="device-chips">
                {dev.ip && <span className="mono">{dev.ip}</span>}
                {dev.mac && <span className="mono">{dev.mac}</span>}
                {dev.vendor && <span>{dev.vendor}</span>}
                {dev.hostname && <span>{dev.hostname}</span>}
                {dev.kind && <span className="badge badge-category">{codeLabel(t, 'dispatchCodes.skill', dev.kind)}</span>}
              </span>
            ) : (
              <span className="muted">{t('dispatch.deviceUnknown')}</span>
            )}
            {d.identifyDevice && <span className="block small text-warning">{t('dispatch.identifyFirst')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('dispatch.responder')}</dt>
          <dd>
            {d.responderName ?? <span className="muted">{t('dispatch.noResponder')}</span>}
            {d.officeName && <span className="muted small"> ・ {d.officeName}</span>}
          </dd>
        </div>
        {showCase && (
          <div>
            <dt>{t('dispatch.case')}</dt>
            <dd>
              <Link to={`/cases/${d.caseId}`} data-testid="dispatch-case-link">
                {d.caseNumber ?? t('dispatch.openCase')}
              </Link>
            </dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

function ScheduleCard({ d }: { d: Dispatch }) {
  const { t } = useTranslation();
  const offices = useOffices();
  const responders = useResponders();
  const [form, setForm] = useState({ officeId: d.officeId ?? '', responderId: d.responderId ?? '', visitAt: toTokyoInput(d.visitAt) });
  const [saved, setSaved] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => setForm({ officeId: d.officeId ?? '', responderId: d.responderId ?? '', visitAt: toTokyoInput(d.visitAt) }), [d.officeId, d.responderId, d.visitAt]);
  const save = useDispatchWrite(d.id, () => api.patch(`/dispatches/${d.id}`, { officeId: form.officeId || null, responderId: form.responderId || null, visitAt: fromTokyoInput(form.visitAt) }), () => setSaved(true));
  const cancel = useDispatchWrite(d.id, () => api.patch(`/dispatches/${d.id}`, { status: 'cancelled' }), () => setCancelling(false));
  const officeResponders = (responders.data?.items ?? []).filter((r) => !form.officeId || r.officeId === form.officeId);
  const office = offices.data?.items.find((o) => o.id === form.officeId);
  return (
    <Card title={t('dispatch.scheduleTitle')} testId="dispatch-schedule">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate(undefined);
        }}
      >
        {save.error != null && <ErrorAlert error={save.error} />}
        <SelectField id="scheduleOffice" label={t('dispatch.office')} value={form.officeId} onChange={(e) => setForm((f) => ({ ...f, officeId: e.target.value }))} options={(offices.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} placeholder={t('common.selectPlaceholder')} hint={office?.coverage.length ? t('dispatch.coverage', { areas: office.coverage.join('、') }) : undefined} />
        <SelectField
          id="scheduleResponder"
          label={t('dispatch.responder')}
          value={form.responderId}
          onChange={(e) => setForm((f) => ({ ...f, responderId: e.target.value }))}
          options={officeResponders.map((r) => ({ value: r.userId, label: [r.name, r.skills.map((s) => codeLabel(t, 'dispatchCodes.skill', s)).join('・'), r.hours].filter(Boolean).join(' ／ ') }))}
          placeholder={t('common.selectPlaceholder')}
        />
        <TextField id="scheduleVisitAt" type="datetime-local" label={t('dispatch.visitAt')} value={form.visitAt} onChange={(e) => setForm((f) => ({ ...f, visitAt: e.target.value }))} hint={t('dispatch.visitAtHint')} />
        {saved && <Notice kind="success" testId="schedule-saved">{t('dispatch.scheduleSaved')}</Notice>}
        <div className="form-actions">
          <button type="button" className="btn btn-danger-outline" onClick={() => setCancelling(true)} data-testid="dispatch-cancel">
            {t('dispatch.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="schedule-save">
            {t('dispatch.scheduleSave')}
          </button>
        </div>
      </form>
      {cancelling && (
        <ConfirmDialog title={t('dispatch.cancelTitle')} text={t('dispatch.cancelText')} confirmLabel={t('dispatch.cancel')} onCancel={() => setCancelling(false)} onConfirm={() => cancel.mutate(undefined)} pending={cancel.isPending} error={cancel.error} testId="dispatch-cancel-confirm" />
      )}
    </Card>
  );
}

function ChecklistCard({ d, editable }: { d: Dispatch; editable: boolean }) {
  const { t } = useTranslation();
  const items = d.checklist ?? {};
  const done = checklistItems.filter((k) => items[k]?.done).length;
  return (
    <Card title={t('checklist.title')} testId="dispatch-checklist" actions={<span className="checklist-count" data-testid="checklist-count">{t('checklist.count', { done, total: checklistItems.length })}</span>}>
      {editable && <p className="small muted">{t('checklist.lead')}</p>}
      <ul className="checklist">
        {checklistItems.map((k) => (
          <ChecklistRow key={k} d={d} item={k} editable={editable} />
        ))}
      </ul>
    </Card>
  );
}

function ChecklistRow({ d, item, editable }: { d: Dispatch; item: (typeof checklistItems)[number]; editable: boolean }) {
  const { t } = useTranslation();
  const entry = d.checklist?.[item];
  const checked = !!entry?.done;
  const [note, setNote] = useState(entry?.note ?? '');
  const [showNote, setShowNote] = useState(!!entry?.note);
  useEffect(() => setNote(entry?.note ?? ''), [entry?.note]);
  const dev = d.device ?? {};
  const [device, setDevice] = useState({ ip: dev.ip ?? '', mac: dev.mac ?? '', vendor: dev.vendor ?? '', hostname: dev.hostname ?? '', kind: dev.kind ?? '' });
  const write = useDispatchWrite(d.id, (body: { done: boolean; note: string; withDevice?: boolean }) =>
    api.put(`/dispatches/${d.id}/checklist`, {
      items: { [item]: { done: body.done, ...(body.note.trim() ? { note: body.note.trim() } : {}) } },
      ...(body.withDevice ? { device: Object.fromEntries(Object.entries(device).filter(([, v]) => v.trim())) } : {}),
    }),
  );
  const isDevice = item === 'deviceIdentified';
  return (
    <li className={`checklist-row ${checked ? 'is-done' : ''}`} data-testid="checklist-item" data-item={item} data-done={checked ? 'true' : 'false'}>
      <label className="checklist-toggle">
        <input type="checkbox" checked={checked} disabled={!editable || write.isPending} onChange={(e) => write.mutate({ done: e.target.checked, note, withDevice: isDevice && e.target.checked })} data-testid={`checklist-${item}`} />
        <span className="checklist-box" aria-hidden="true">
          {checked ? '✓' : ''}
        </span>
        <span className="checklist-text">
          <span className="checklist-label">{t(`checklist.item.${item}`)}</span>
          <span className="checklist-help">{t(`checklist.help.${item}`)}</span>
          {entry?.done && entry.at && (
            <span className="checklist-done-at">
              {formatDateTime(entry.at)}
              {entry.by ? ` ・ ${entry.by}` : ''}
            </span>
          )}
        </span>
      </label>
      {!editable && entry?.note && <p className="checklist-note-text">{entry.note}</p>}
      {editable && isDevice && !checked && (
        <div className="checklist-device grid-2">
          <TextField id="clDeviceIp" label={t('alerts.field.ip')} className="field-mono" value={device.ip} onChange={(e) => setDevice((x) => ({ ...x, ip: e.target.value }))} inputMode="decimal" autoComplete="off" />
          <TextField id="clDeviceMac" label={t('alerts.field.mac')} className="field-mono" value={device.mac} onChange={(e) => setDevice((x) => ({ ...x, mac: e.target.value }))} autoComplete="off" />
          <TextField id="clDeviceVendor" label={t('alerts.field.vendor')} value={device.vendor} onChange={(e) => setDevice((x) => ({ ...x, vendor: e.target.value }))} autoComplete="off" />
          <TextField id="clDeviceHost" label={t('alerts.field.hostname')} value={device.hostname} onChange={(e) => setDevice((x) => ({ ...x, hostname: e.target.value }))} autoComplete="off" />
          <SelectField id="clDeviceKind" label={t('dispatchOrder.kind')} value={device.kind} onChange={(e) => setDevice((x) => ({ ...x, kind: e.target.value }))} options={codeOptions(t, responderSkills, 'dispatchCodes.skill')} placeholder={t('dispatchOrder.kindUnknown')} />
        </div>
      )}
      {editable &&
        (showNote ? (
          <div className="checklist-note">
            <label htmlFor={`note-${item}`} className="sr-only">
              {t('checklist.note')}
            </label>
            <input id={`note-${item}`} className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('checklist.notePlaceholder')} data-testid={`checklist-note-${item}`} />
            <button type="button" className="btn btn-secondary" disabled={write.isPending || note === (entry?.note ?? '')} onClick={() => write.mutate({ done: checked, note })} data-testid={`checklist-note-save-${item}`}>
              {t('common.save')}
            </button>
          </div>
        ) : (
          <button type="button" className="link-button small checklist-add-note" onClick={() => setShowNote(true)} data-testid={`checklist-add-note-${item}`}>
            ＋ {t('checklist.addNote')}
          </button>
        ))}
      {write.error != null && <ErrorAlert error={write.error} />}
    </li>
  );
}

const EVIDENCE_FIELDS: Record<string, string> = { label: 'evidence.err.label', sha256: 'evidence.err.sha256', size: 'evidence.err.size', location: 'evidence.err.location' };

function EvidenceCard({ d, evidence, editable }: { d: Dispatch; evidence: Evidence[]; editable: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ label: '', sha256: '', size: '', location: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [adding, setAdding] = useState(false);
  const add = useDispatchWrite(
    d.id,
    () => api.post(`/dispatches/${d.id}/evidence`, { label: form.label.trim(), sha256: form.sha256.trim().toLowerCase(), size: Number(form.size), location: form.location.trim() }),
    () => {
      setForm({ label: '', sha256: '', size: '', location: '' });
      setAdding(false);
    },
  );
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    if (!form.label.trim()) e.label = t('evidence.err.label');
    if (!SHA256_RE.test(form.sha256.trim())) e.sha256 = t('evidence.err.sha256');
    if (!/^\d+$/.test(form.size.trim())) e.size = t('evidence.err.size');
    if (!form.location.trim()) e.location = t('evidence.err.location');
    setErrors(e);
    if (Object.keys(e).length) return;
    add.mutate(undefined, {
      onError: (err) => {
        if (err instanceof ApiError && err.fields.length) setErrors(localizeFieldErrors(err, t, EVIDENCE_FIELDS));
      },
    });
  };
  return (
    <Card title={t('evidence.title')} testId="dispatch-evidence">
      <p className="small muted">{t('evidence.lead')}</p>
      {evidence.length === 0 ? (
        <p className="muted small">{t('evidence.empty')}</p>
      ) : (
        <ul className="evidence-list">
          {evidence.map((e) => (
            <EvidenceItem key={e.id} d={d} e={e} editable={editable} />
          ))}
        </ul>
      )}
      {editable &&
        (adding ? (
          <form className="evidence-form" onSubmit={onSubmit} noValidate data-testid="evidence-form">
            <h3 className="section-title">{t('evidence.add')}</h3>
            <FormError error={add.error} />
            <TextField id="evLabel" label={t('evidence.label')} required value={form.label} onChange={(e) => set('label', e.target.value)} error={errors.label} placeholder={t('evidence.labelPlaceholder')} />
            <TextField id="evSha256" label="SHA-256" required className="field-mono" value={form.sha256} onChange={(e) => set('sha256', e.target.value)} error={errors.sha256} hint={t('evidence.sha256Hint')} autoComplete="off" autoCapitalize="off" spellCheck={false} />
            <div className="grid-2">
              <TextField id="evSize" label={t('evidence.size')} required inputMode="numeric" value={form.size} onChange={(e) => set('size', e.target.value.replace(/[^\d]/g, ''))} error={errors.size} hint={form.size ? formatBytes(Number(form.size)) : t('evidence.sizeHint')} />
              <TextField id="evLocation" label={t('evidence.location')} required value={form.location} onChange={(e) => set('location', e.target.value)} error={errors.location} placeholder={t('evidence.locationPlaceholder')} />
            </div>
            <div className="form-actions">
              <button type="button" className="btn btn-ghost btn-lg" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="btn btn-primary btn-lg" disabled={add.isPending} data-testid="evidence-submit">
                {t('evidence.submit')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="btn btn-secondary btn-lg btn-block" onClick={() => setAdding(true)} data-testid="evidence-add">
            ＋ {t('evidence.add')}
          </button>
        ))}
    </Card>
  );
}

function EvidenceItem({ d, e, editable }: { d: Dispatch; e: Evidence; editable: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ to: '', location: '', purpose: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const hand = useDispatchWrite(
    d.id,
    () => api.post(`/dispatches/${d.id}/evidence/${e.id}/custody`, { to: form.to.trim(), location: form.location.trim(), purpose: form.purpose.trim() }),
    () => {
      setForm({ to: '', location: '', purpose: '' });
      setOpen(false);
    },
  );
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const x: Record<string, string> = {};
    if (!form.to.trim()) x.to = t('custody.err.to');
    if (!form.location.trim()) x.location = t('custody.err.location');
    if (!form.purpose.trim()) x.purpose = t('custody.err.purpose');
    setErrors(x);
    if (Object.keys(x).length) return;
    hand.mutate(undefined);
  };
  return (
    <li className="evidence-item" data-testid="evidence-item" data-evidence-id={e.id}>
      <div className="evidence-head">
        <span className="cell-strong">{e.label}</span>
        <span className="muted small">
          {formatBytes(e.size)}（{formatNumber(e.size)} B）
        </span>
      </div>
      <p className="sha small">
        SHA-256: <span className="mono" data-testid="evidence-sha256">{e.sha256}</span>
      </p>
      <p className="small muted">
        {t('evidence.collected', { at: formatDateTime(e.collectedAt), by: e.collectedBy ?? '—' })} ・ {t('evidence.locationIs', { location: e.location })}
      </p>
      <h4 className="custody-title">{t('custody.title')}</h4>
      <ol className="custody-list" data-testid="custody-list">
        {e.custody.length === 0 ? (
          <li className="muted small">{t('custody.empty')}</li>
        ) : (
          e.custody.map((c, i) => (
            <li key={i} className="custody-row" data-testid="custody-row">
              <span className="custody-when small">{formatDateTime(c.at)}</span>
              <span className="custody-who">
                {c.from ?? '—'} <span aria-hidden="true">→</span>
                <span className="sr-only">{t('custody.toSr')}</span> <strong>{c.to}</strong>
              </span>
              <span className="small">
                {t('custody.where', { location: c.location })} ・ {c.purpose}
              </span>
              {c.recordedBy && <span className="muted small">{t('custody.recordedBy', { name: c.recordedBy })}</span>}
            </li>
          ))
        )}
      </ol>
      <p className="small muted">{t('custody.appendOnly')}</p>
      {editable &&
        (open ? (
          <form className="custody-form" onSubmit={onSubmit} noValidate data-testid="custody-form">
            {hand.error != null && <ErrorAlert error={hand.error} />}
            <TextField id={`cu-to-${e.id}`} label={t('custody.to')} required value={form.to} onChange={(ev) => (setForm((f) => ({ ...f, to: ev.target.value })), setErrors((x) => ({ ...x, to: undefined })))} error={errors.to} placeholder={t('custody.toPlaceholder')} />
            <TextField id={`cu-loc-${e.id}`} label={t('custody.location')} required value={form.location} onChange={(ev) => (setForm((f) => ({ ...f, location: ev.target.value })), setErrors((x) => ({ ...x, location: undefined })))} error={errors.location} placeholder={t('custody.locationPlaceholder')} />
            <TextField id={`cu-pur-${e.id}`} label={t('custody.purpose')} required value={form.purpose} onChange={(ev) => (setForm((f) => ({ ...f, purpose: ev.target.value })), setErrors((x) => ({ ...x, purpose: undefined })))} error={errors.purpose} placeholder={t('custody.purposePlaceholder')} />
            <div className="form-actions">
              <button type="button" className="btn btn-ghost btn-lg" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="btn btn-primary btn-lg" disabled={hand.isPending} data-testid="custody-submit">
                {t('custody.submit')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="btn btn-secondary btn-lg btn-block" onClick={() => setOpen(true)} data-testid="custody-add">
            {t('custody.add')}
          </button>
        ))}
    </li>
  );
}

function FindingsCard({ d, editable }: { d: Dispatch; editable: boolean }) {
  const { t } = useTranslation();
  const [findings, setFindings] = useState(d.findings ?? '');
  const [recoveredAt, setRecoveredAt] = useState(toTokyoInput(d.recoveredAt));
  // "Now" keeps the exact instant (the input shows minutes only).
  const [exact, setExact] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const save = useDispatchWrite(
    d.id,
    () => api.put(`/dispatches/${d.id}/findings`, { findings: findings.trim(), recoveredAt: exact ?? (recoveredAt ? fromTokyoInput(recoveredAt) : null) }),
    () => setSaved(true),
  );
  const recoveryMinutes = typeof d.timeToRecoveryMinutes === 'number' && d.timeToRecoveryMinutes >= 0 ? d.timeToRecoveryMinutes : null;
  const recoveryText =
    recoveryMinutes === null ? null : recoveryMinutes < 60 ? t('findings.recoveryMinutes', { minutes: Math.round(recoveryMinutes) }) : t('findings.recoveryTime', { hours: (recoveryMinutes / 60).toFixed(1) });
  if (!editable) {
    return (
      <Card title={t('findings.title')} testId="dispatch-findings">
        {d.findings ? <p className="note">{d.findings}</p> : <p className="muted small">{t('findings.none')}</p>}
        {d.recoveredAt && <p className="small">{t('findings.recoveredAtIs', { at: formatDateTime(d.recoveredAt) })}</p>}
        {recoveryText && <p className="small">{recoveryText}</p>}
      </Card>
    );
  }
  return (
    <Card title={t('findings.title')} testId="dispatch-findings">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          setFieldError(undefined);
          save.mutate(undefined, {
            onError: (err) => {
              if (err instanceof ApiError && err.fieldMap().recoveredAt) setFieldError(t('findings.err.recoveredAt'));
            },
          });
        }}
      >
        {save.error != null && !fieldError && <ErrorAlert error={save.error} />}
        <TextArea id="findingsText" label={t('findings.findings')} rows={5} value={findings} onChange={(e) => (setFindings(e.target.value), setSaved(false))} hint={t('findings.findingsHint')} />
        <div className="recovered-row">
          <TextField id="findingsRecoveredAt" type="datetime-local" label={t('findings.recoveredAt')} optionalMark value={recoveredAt} onChange={(e) => (setRecoveredAt(e.target.value), setExact(null), setSaved(false), setFieldError(undefined))} hint={t('findings.recoveredAtHint')} error={fieldError} />
          <button
            type="button"
            className="btn btn-ghost btn-lg"
            onClick={() => {
              const now = new Date().toISOString();
              setRecoveredAt(toTokyoInput(now));
              setExact(now);
              setSaved(false);
              setFieldError(undefined);
            }}
            data-testid="findings-recovered-now"
          >
            {t('findings.now')}
          </button>
        </div>
        {recoveryText && (
          <p className="small recovery-time" data-testid="recovery-time">
            {recoveryText}
          </p>
        )}
        {saved && <Notice kind="success" testId="findings-saved">{t('findings.saved')}</Notice>}
        <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={save.isPending} data-testid="findings-save">
          {t('findings.save')}
        </button>
      </form>
    </Card>
  );
}

const REPORT_FIELDS = ['whatHappened', 'why', 'whatDone', 'whatNext', 'technical'] as const;

function ReportCard({ d, editable }: { d: Dispatch; editable: boolean }) {
  const { t } = useTranslation();
  const initial = (): DispatchReport => ({
    whatHappened: String(d.report?.whatHappened ?? ''),
    why: String(d.report?.why ?? ''),
    whatDone: String(d.report?.whatDone ?? ''),
    whatNext: String(d.report?.whatNext ?? ''),
    technical: String(d.report?.technical ?? ''),
  });
  const [form, setForm] = useState<DispatchReport>(initial);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const dirty = REPORT_FIELDS.some((k) => form[k] !== String(d.report?.[k] ?? ''));
  const save = useDispatchWrite(d.id, () => api.put(`/dispatches/${d.id}/report`, Object.fromEntries(REPORT_FIELDS.map((k) => [k, form[k].trim()]))), () => setSaved(true));
  const send = useDispatchWrite(d.id, () => api.post(`/dispatches/${d.id}/report/send`), () => setConfirming(false));
  const pdfUrl = `/api/v1/dispatches/${encodeURIComponent(d.id)}/report.pdf`;
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    for (const k of ['whatHappened', 'whatDone', 'whatNext'] as const) if (!form[k].trim()) e[k] = t('report.err.required');
    setErrors(e);
    if (Object.keys(e).length) return;
    setSaved(false);
    save.mutate(undefined);
  };
  if (!editable) {
    return (
      <Card title={t('report.title')} testId="dispatch-report">
        {d.report ? (
          <>
            {REPORT_FIELDS.map((k) => (
              <div key={k} className="report-view-row">
                <h3 className="section-title">{t(`report.field.${k}`)}</h3>
                <p className="note">{String(d.report?.[k] ?? '') || '—'}</p>
              </div>
            ))}
            <a href={pdfUrl} target="_blank" rel="noopener" className="btn btn-secondary btn-lg" data-testid="report-pdf">
              <Icon name="doc" /> {t('report.pdf')}
            </a>
            {d.reportSentAt && (
              <Notice kind="success" testId="report-sent">
                {t('report.sentAt', { at: formatDateTime(d.reportSentAt) })}
              </Notice>
            )}
          </>
        ) : (
          <p className="muted small">{t('report.none')}</p>
        )}
      </Card>
    );
  }
  return (
    <Card title={t('report.title')} testId="dispatch-report">
      <p className="small muted">{t('report.lead')}</p>
      <form onSubmit={onSubmit} noValidate>
        {save.error != null && <ErrorAlert error={save.error} />}
        {REPORT_FIELDS.map((k) => (
          <TextArea
            key={k}
            id={`report-${k}`}
            label={t(`report.field.${k}`)}
            required={k === 'whatHappened' || k === 'whatDone' || k === 'whatNext'}
            optionalMark={k === 'why' || k === 'technical'}
            rows={k === 'technical' ? 5 : 4}
            value={form[k]}
            onChange={(e) => (setForm((f) => ({ ...f, [k]: e.target.value })), setErrors((x) => ({ ...x, [k]: undefined })), setSaved(false))}
            error={errors[k]}
            hint={t(`report.hint.${k}`)}
            className={k === 'technical' ? 'field-mono-soft' : undefined}
          />
        ))}
        {saved && !dirty && <Notice kind="success" testId="report-saved">{t('report.saved')}</Notice>}
        <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={save.isPending} data-testid="report-save">
          {t('report.save')}
        </button>
      </form>
      <div className="report-actions">
        {d.report && !dirty ? (
          <a href={pdfUrl} target="_blank" rel="noopener" className="btn btn-secondary btn-lg btn-block" data-testid="report-pdf">
            <Icon name="doc" /> {t('report.pdf')}
          </a>
        ) : (
          <p className="small muted">{t('report.saveFirst')}</p>
        )}
        <button type="button" className="btn btn-primary btn-huge" disabled={!d.report || dirty || send.isPending} onClick={() => setConfirming(true)} data-testid="report-send">
          <Icon name="mail" size={24} /> {t('report.send')}
        </button>
        <p className="small muted">{t('report.sendHelp')}</p>
      </div>
      {confirming && (
          <Modal title={t('report.sendTitle')} onClose={() => setConfirming(false)} footer={<DialogButtons onCancel={() => setConfirming(false)} onConfirm={() => send.mutate(undefined)} label={t('report.sendConfirm')} disabled={send.isPending} testId="report-send-confirm" />}>
          {send.error != null && <ErrorAlert error={send.error} />}
          <p>{t('report.sendText', { company: d.companyName ?? '' })}</p>
        </Modal>
      )}
    </Card>
  );
}
