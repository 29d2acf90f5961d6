import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api';
import { canManageSuppressions, canWorkAlerts, useCurrentUser } from '../auth';
import { categoryKey, categoryLabel, type AlertStatus } from '../codes';
import { formatDate, formatDateTime, formatNumber, tokyoDay } from '../format';
import { localizeFieldErrors } from '../fieldErrors';
import { isAddressList } from '../validation';
import { TextArea, TextField } from '../components/fields';
import { alertHeadline, isRandomMac } from '../components/monitoring';
import { Breadcrumb, Card, DialogButtons, Dl, ErrorAlert, FormError, Loading, Modal, Notice, StatusBadge, usePageTitle } from '../components/ui';
import { DataTable } from '../components/tables';
import type { Alert, AlertDetail, Suppression } from '../types';
import type { CaseDetail } from '../helpdesk';

export function AlertPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [suppressing, setSuppressing] = useState(false);
  const q = useQuery({ queryKey: ['alert', id], queryFn: () => api.get<AlertDetail>(`/alerts/${id}`) });
  usePageTitle(q.data ? categoryLabel(t, q.data.alert.category) : t('alerts.detailTitle'));

  const setStatus = useMutation({
    mutationFn: (status: AlertStatus) => api.patch<Alert>(`/alerts/${id}`, { status }),
    onSuccess: async (alert) => {
      qc.setQueryData<AlertDetail>(['alert', id], (d) => (d ? { ...d, alert } : d));
      await qc.invalidateQueries({ queryKey: ['alerts'] });
      await qc.invalidateQueries({ queryKey: ['company-alerts', alert.companyId] });
    },
  });

 // An outbound case with a prepared call script; the same open case again on a second click.
  const toCase = useMutation({
    mutationFn: () => api.post<CaseDetail>(`/alerts/${id}/case`),
    onSuccess: async (d) => {
      qc.setQueryData(['case', d.case.id], d);
      await qc.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${d.case.id}`);
    },
  });

  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <Breadcrumb to="/alerts" label={t('nav.alerts')} />
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const { alert: a, lines, identity } = q.data;
  const canWork = canWorkAlerts(me.role);
  const advice = t(`alerts.advice.${categoryKey(a.category)}`, { defaultValue: '' });

  return (
    <div className="page" data-testid="alert-page" data-alert-id={a.id} data-status={a.status}>
      <Breadcrumb to="/alerts" label={t('nav.alerts')} current={categoryLabel(t, a.category)} />
      <header className="page-header">
        <div>
          <h1 className="page-title alert-headline" data-testid="alert-headline">
            {alertHeadline(t, a)}
          </h1>
          <div className="title-badges">
            <StatusBadge kind="alert" status={a.status} />
            <span className="badge badge-category" data-testid="alert-category" data-category={a.category}>
              {categoryLabel(t, a.category)}
            </span>
            <Link to={`/companies/${a.companyId}`} className="small" data-testid="alert-company">
              {a.companyName ?? t('alerts.col.company')}
            </Link>
          </div>
        </div>
        {canWork && (
          <div className="header-actions">
            <button type="button" className="btn btn-primary" onClick={() => toCase.mutate()} disabled={toCase.isPending} data-testid="alert-to-case">
              {t('alerts.action.toCase')}
            </button>
            {a.status === 'new' && (
              <button type="button" className="btn btn-secondary" onClick={() => setStatus.mutate('acknowledged')} disabled={setStatus.isPending} data-testid="alert-ack">
                {t('alerts.action.acknowledge')}
              </button>
            )}
            {a.status !== 'closed' && (
              <button type="button" className="btn btn-secondary" onClick={() => setStatus.mutate('closed')} disabled={setStatus.isPending} data-testid="alert-close">
                {t('alerts.action.close')}
              </button>
            )}
            {a.status !== 'new' && (
              <button type="button" className="btn btn-ghost" onClick={() => setStatus.mutate('new')} disabled={setStatus.isPending} data-testid="alert-reopen">
                {t('alerts.action.reopen')}
              </button>
            )}
            {canManageSuppressions(me.role) && (
              <button type="button" className="btn btn-secondary" onClick={() => setSuppressing(true)} data-testid="alert-suppress">
                {t('alerts.action.suppress')}
              </button>
            )}
          </div>
        )}
      </header>

      {setStatus.error != null && <ErrorAlert error={setStatus.error} />}
      {toCase.error != null && <ErrorAlert error={toCase.error} />}
      {advice && (
        <Notice kind={a.category === 'c2.botnet.outbound' ? 'warning' : 'info'} testId="alert-advice">
          {advice}
        </Notice>
      )}

      <div className="detail-grid">
        <div className="detail-main">
          {a.hostIp || a.hostMac ? (
            <Card title={t('alerts.deviceCard')} testId="alert-device">
              <Dl
                items={[
                  [t('alerts.field.ip'), a.hostIp && <span className="mono">{a.hostIp}</span>, 'alert-host-ip'],
                  [t('alerts.field.mac'), a.hostMac && <span className="mono">{a.hostMac}</span>, 'alert-mac'],
                  [
                    t('alerts.field.vendor'),
                    <span key="v" data-testid="alert-vendor">
                      {a.hostVendor ?? (isRandomMac(a.hostMac) ? t('alerts.randomMac') : a.hostMac ? t('alerts.vendorUnknown') : '—')}
                    </span>,
                  ],
                  [t('alerts.field.hostname'), a.hostName],
                ]}
              />
              <h3 className="section-title">{t('alerts.identityTitle')}</h3>
              {identity.length === 0 ? (
                <p className="muted small">{t('alerts.identityEmpty')}</p>
              ) : (
                <DataTable
                  items={identity}
                  compact
                  testId="alert-identity"
                  columns={[t('alerts.field.mac'), t('alerts.field.vendor'), t('alerts.field.hostname'), t('alerts.col.seen')]}
                  row={(i) => (
                    <tr key={`${i.mac}-${i.firstSeen}`} data-testid="identity-row">
                      <td className="mono nowrap">{i.mac}</td>
                      <td className="nowrap">{i.vendor ?? (isRandomMac(i.mac) ? t('alerts.randomMacShort') : '—')}</td>
                      <td>{i.hostname ?? '—'}</td>
                      <td className="nowrap small">
                        {formatDateTime(i.firstSeen)}
                        <span className="block">〜 {formatDateTime(i.lastSeen)}</span>
                      </td>
                    </tr>
                  )}
                />
              )}
            </Card>
          ) : (
            // Device-health alerts (a silent UTM) name the device, not an internal host.
            <Card title={t('alerts.utmCard')} testId="alert-device">
              <Dl items={[[t('alerts.field.utm'), a.hostName && <span className="mono">{a.hostName}</span>, 'alert-utm']]} />
              <p className="small">
                <Link to="/devices">{t('alerts.toDeviceHealth')}</Link>
              </p>
            </Card>
          )}
          <Card title={t('alerts.rawTitle')} testId="alert-lines">
            {lines.length === 0 ? (
              <p className="muted small">{t('alerts.rawEmpty')}</p>
            ) : (
              <>
                <p className="small muted">{t('alerts.rawHelp', { count: lines.length })}</p>
                <pre className="raw-block" data-testid="alert-raw">
                  {lines.map((l) => `${formatDateTime(l.at)}  ${l.raw}`).join('\n')}
                </pre>
              </>
            )}
          </Card>
        </div>
        <div className="detail-side">
          {(a.remoteIp || a.remoteOrg) && (
            <Card title={t('alerts.remoteCard')} testId="alert-remote">
              <Dl
                items={[
                  [t('alerts.field.remoteIp'), a.remoteIp && <span className="mono">{a.remoteIp}</span>, 'alert-remote-ip'],
                  [t('alerts.field.remoteOrg'), a.remoteOrg],
                ]}
              />
              {a.remoteOrg && (
                <p className="small muted" data-testid="ip-data-credit">
                  {t('alerts.orgCredit')}{' '}
                  <a href="https://db-ip.com" target="_blank" rel="noreferrer noopener">
                    DB-IP
                  </a>
                </p>
              )}
            </Card>
          )}
          <Card title={t('alerts.timesCard')}>
            <Dl
              items={[
                [t('alerts.col.count'), t('alerts.countTimes', { n: formatNumber(a.count), count: a.count }), 'alert-count'],
                [t('alerts.col.firstSeen'), formatDateTime(a.firstSeen)],
                [t('alerts.col.lastSeen'), formatDateTime(a.lastSeen)],
                [t('alerts.field.createdAt'), formatDateTime(a.createdAt)],
                [t('alerts.field.updatedAt'), formatDateTime(a.updatedAt)],
              ]}
            />
          </Card>
        </div>
      </div>

      {suppressing && <SuppressDialog alert={a} onClose={() => setSuppressing(false)} onCloseAlert={() => setStatus.mutateAsync('closed')} />}
    </div>
  );
}

/** A single address as a one-address prefix (/32 for IPv4, /128 for IPv6). */
function hostPrefix(ip: string | null): string {
  if (!ip) return '';
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}

const SUPPRESS_FIELD_MESSAGES: Record<string, string> = {
  remoteCidr: 'suppress.err.cidr',
  hostCidr: 'suppress.err.cidr',
  reason: 'suppress.err.reason',
  expiresAt: 'suppress.err.expires',
  category: 'suppress.err.scope',
};

/**
 * Creates a suppression rule from an alert: its company, category and remote address (as a one-address
 * prefix the analyst may widen), with a reason and an expiry. Afterwards it offers to close the alert.
 */
function SuppressDialog({ alert: a, onClose, onCloseAlert }: { alert: Alert; onClose: () => void; onCloseAlert: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ allCompanies: false, remoteCidr: hostPrefix(a.remoteIp), hostCidr: '', reason: '', expiresAt: tokyoDay(180) });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [created, setCreated] = useState<Suppression | null>(null);
  const [closed, setClosed] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Suppression>('/suppressions', body),
    onSuccess: async (s) => {
      setCreated(s);
      await qc.invalidateQueries({ queryKey: ['suppressions'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(localizeFieldErrors(e, t, SUPPRESS_FIELD_MESSAGES));
    },
  });
  const closeAlert = useMutation({ mutationFn: onCloseAlert, onSuccess: () => setClosed(true) });
  const set = (k: keyof typeof form, v: string | boolean) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const e: Record<string, string> = {};
    const remote = form.remoteCidr.replace(/\s+/g, '');
    const host = form.hostCidr.replace(/\s+/g, '');
    if (remote && !isAddressList(remote)) e.remoteCidr = t('suppress.err.cidr');
    if (host && !isAddressList(host)) e.hostCidr = t('suppress.err.cidr');
    if (!form.reason.trim()) e.reason = t('suppress.err.reason');
    if (form.expiresAt && form.expiresAt <= tokyoDay(0)) e.expiresAt = t('suppress.err.expires');
    setErrors(e);
    if (Object.keys(e).length) return;
    save.mutate({
      companyId: form.allCompanies ? null : a.companyId,
      category: a.category,
      remoteCidr: remote || null,
      hostCidr: host || null,
      reason: form.reason.trim(),
      // Until the end of the chosen day in Japan.
      expiresAt: form.expiresAt ? `${form.expiresAt}T23:59:59+09:00` : null,
    });
  };

  if (created) {
    return (
      <Modal title={t('suppress.doneTitle')} onClose={onClose} testId="suppress-dialog" footer={
        <>
          {!closed && a.status !== 'closed' && (
            <button type="button" className="btn btn-primary" onClick={() => closeAlert.mutate()} disabled={closeAlert.isPending} data-testid="suppress-close-alert">
              {t('suppress.closeAlertToo')}
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="suppress-done">
            {t('common.close')}
          </button>
        </>
      }>
        <Notice kind="success" testId="suppress-created">
          {t('suppress.doneText', { until: created.expiresAt ? formatDate(created.expiresAt) : t('suppress.noExpiry') })}
        </Notice>
        {closeAlert.error != null && <ErrorAlert error={closeAlert.error} />}
        {closed && <Notice kind="success" testId="suppress-alert-closed">{t('suppress.alertClosed')}</Notice>}
      </Modal>
    );
  }

  return (
    <Modal title={t('suppress.title')} onClose={onClose} wide testId="suppress-dialog" footer={<DialogButtons onCancel={onClose} form="suppress-form" label={t('suppress.submit')} disabled={save.isPending} testId="suppress-submit" />}>
      <FormError error={save.error} />
      <p className="small">{t('suppress.lead')}</p>
      <form id="suppress-form" onSubmit={onSubmit} noValidate>
        <div className="readonly-field">
          <span className="readonly-label">{t('suppress.category')}</span>
          <span className="readonly-value" data-testid="suppress-category">
            {categoryLabel(t, a.category)}
          </span>
        </div>
        <fieldset className="radio-group">
          <legend className="field-label">{t('suppress.scope')}</legend>
          <label className={`radio-card ${!form.allCompanies ? 'checked' : ''}`}>
            <input type="radio" id="suppressScopeCompany" name="suppressScope" checked={!form.allCompanies} onChange={() => set('allCompanies', false)} />
            <span>
              <span className="radio-title">{t('suppress.scopeCompany', { company: a.companyName ?? '' })}</span>
            </span>
          </label>
          <label className={`radio-card ${form.allCompanies ? 'checked' : ''}`}>
            <input type="radio" id="suppressScopeAll" name="suppressScope" checked={form.allCompanies} onChange={() => set('allCompanies', true)} />
            <span>
              <span className="radio-title">{t('suppress.scopeAll')}</span>
              <span className="radio-help">{t('suppress.scopeAllHelp')}</span>
            </span>
          </label>
        </fieldset>
        <div className="grid-2">
          <TextField id="suppressRemote" label={t('suppress.remoteCidr')} optionalMark className="field-mono" value={form.remoteCidr} onChange={(e) => set('remoteCidr', e.target.value)} error={errors.remoteCidr} hint={t('suppress.remoteCidrHint')} />
          <TextField id="suppressHost" label={t('suppress.hostCidr')} optionalMark className="field-mono" value={form.hostCidr} onChange={(e) => set('hostCidr', e.target.value)} error={errors.hostCidr} hint={t('suppress.hostCidrHint', { host: hostPrefix(a.hostIp) || '192.168.1.45/32' })} placeholder={t('suppress.anyHost')} />
        </div>
        <TextArea id="suppressReason" label={t('suppress.reason')} required rows={3} value={form.reason} onChange={(e) => set('reason', e.target.value)} error={errors.reason} hint={t('suppress.reasonHint')} />
        <TextField id="suppressExpires" type="date" label={t('suppress.expires')} optionalMark className="field-narrow" min={tokyoDay(1)} value={form.expiresAt} onChange={(e) => set('expiresAt', e.target.value)} error={errors.expiresAt} hint={t('suppress.expiresHint')} />
      </form>
    </Modal>
  );
}
